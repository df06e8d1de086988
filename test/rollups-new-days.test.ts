import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newFacts } from '../src/declarations/declarations.bulk-shared.js';
import { openBulkSession } from '../src/declarations/declarations.bulk-repository.js';
import { loadDeclarationReferences } from '../src/declarations/declaration-references.js';
import { validateDeclaration } from '../src/declarations/declaration-validation.js';
import { RollupDeltas } from '../src/stats/rollup-deltas.js';
import { rebuildAllRollups } from '../src/stats/rollup-rebuild.service.js';
import { loadRolloutUnits } from '../src/stats/rollups.repository.js';
import { freshDatabase, untilALockIsAwaited } from './helpers/databases.js';
import { declarationItem, loadOrganisation } from './helpers/fixtures.js';
import { rollupSnapshot } from './helpers/rollups.js';

// On PostgreSQL the bulk writers insert the roll-up rows of a day the table has no row of (for the
// units written) without ON CONFLICT. Another writer may insert such a row between that check and the
// insert: the insert then fails on the primary key, and the transaction is written again — counting
// both writers' declarations, once each.

test('PostgreSQL: a roll-up row another writer inserts on a day new to a commit is counted with it, not twice or lost', { timeout: 60_000 }, async () => {
  const fresh = await freshDatabase('postgres');
  try {
    const db = fresh.db;
    if (db.dialect !== 'postgres') throw new Error('postgres');
    await loadOrganisation(db);
    const refs = await loadDeclarationReferences(db.kysely);
    const validated = validateDeclaration(declarationItem(1), refs);
    if (!validated.ok) throw validated.error;
    const row = validated.value;

    // One of the day rows the declaration adds to the fine roll-up.
    const deltas = new RollupDeltas();
    deltas.add(newFacts(row), null, await loadRolloutUnits(db.kysely), 1);
    let key: string[] | undefined;
    deltas.forEachRowText('fine', (id) => { if (!key && id.split('|')[2] === 'd') key = id.split('|'); });
    assert.ok(key, 'the declaration counts on its day');

    // The other writer holds that row, uncommitted: the session's check cannot see it.
    const rival = await db.pool.connect();
    await rival.query('begin');
    await rival.query(
      'insert into stat_rollups_fine (officer_id, unit_id, grain, period, kind, type_code, channel, eligible) values ($1, $2, $3, $4, $5, $6, $7, 1)',
      [Number(key[0]), Number(key[1]), key[2], key[3], key[4], key[5], Number(key[6])],
    );
    const session = openBulkSession(db);
    await session.write([row]);
    const committing = session.commit();
    // Until the session's insert waits for the rival's row.
    await untilALockIsAwaited(db.pool);
    await rival.query('commit');
    rival.release();
    assert.deepEqual(await committing, [['created']]);

    const { rows: [shared] } = await db.pool.query<{ eligible: number }>(
      'select eligible from stat_rollups_fine where officer_id = $1 and unit_id = $2 and grain = $3 and period = $4 and kind = $5 and type_code = $6 and channel = $7',
      [Number(key[0]), Number(key[1]), key[2], key[3], key[4], key[5], Number(key[6])],
    );
    assert.equal(shared!.eligible, 2, 'the rival\'s count and the declaration\'s, in one row');
    // Every other row counts the declaration once: as a rebuild counts it, but for the rival's extra one.
    const written = await rollupSnapshot(db);
    await rebuildAllRollups(db.kysely);
    const rebuilt = await rollupSnapshot(db);
    const differing = written.fine.filter((r, i) => r !== rebuilt.fine[i]);
    assert.equal(written.fine.length, rebuilt.fine.length);
    assert.equal(differing.length, 1);
    assert.deepEqual(written.coarse, rebuilt.coarse);
  } finally {
    await fresh.drop();
  }
});
