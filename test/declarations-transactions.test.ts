import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sqliteCacheKib, type Db } from '../src/db/database.js';
import { openBulkSession } from '../src/declarations/declarations.bulk-repository.js';
import { importDeclarationFile } from '../src/declarations/declarations.service.js';
import { validateDeclaration } from '../src/declarations/declaration-validation.js';
import { loadDeclarationReferences } from '../src/declarations/declaration-references.js';
import type { ValidDeclaration } from '../src/declarations/declarations.schema.js';
import { WindowSummer } from '../src/declarations/declarations.bulk-shared.js';
import { rolloutFingerprint } from '../src/stats/rollup-deltas.js';
import { rebuildAllRollups } from '../src/stats/rollup-rebuild.service.js';
import { loadRolloutUnits } from '../src/stats/rollups.repository.js';
import { dbTest, freshDatabase, untilALockIsAwaited } from './helpers/databases.js';
import { rollupSnapshot as snapshot } from './helpers/rollups.js';
import { countRows, declarationItem, declarationRow, declarationsCsv, importDeclarations, loadOrganisation } from './helpers/fixtures.js';

// A file import writes one transaction per `rowsPerTransaction` rows (several batches), summing the
// roll-up deltas of the whole transaction; the feed API writes one transaction per request.

const officers = ['CC001', 'CC002', 'EE001', 'TR001'];
const offices = ['03CC', '03EE'];
function row(n: number, changed = false) {
  return declarationRow(n, {
    office_code: offices[n % 2]!, channel: changed ? 'đỏ' : ['xanh', 'vàng'][n % 2]!,
    cleared_at: `0${1 + (n % 5)}/04/2020 10:15`,
    handlers: `reception:${officers[n % 4]};physical_inspection:${officers[(n + 1) % 4]}`,
    declarant_tax_code: changed ? '0301234562' : '0200123457',
  });
}

for (const useWorker of [false, true]) {
  const where = useWorker ? 'validated (and its roll-ups summed) on a worker thread' : 'validated in the main thread';
  dbTest(`an import over many small transactions counts every row once, ${where}: roll-ups and business counts equal a rebuild from the facts`, async (db) => {
    await loadOrganisation(db);
    const first = await importDeclarations(db, declarationsCsv(Array.from({ length: 60 }, (_, i) => row(i + 1))), { batchSize: 4, rowsPerTransaction: 9, useWorker });
    assert.deepEqual(first.summary, { created: 60, updated: 0, unchanged: 0, rejected: 0 });

    // Half of them change (channel, declarant), spread over every transaction of the second run;
    // new rows and a number repeated in the file share batches with them.
    const again = Array.from({ length: 60 }, (_, i) => row(i + 1, i % 2 === 0));
    const rows = [...again.slice(0, 30), row(61), row(62), row(3, true), ...again.slice(30), row(63)];
    const second = await importDeclarations(db, declarationsCsv(rows), { batchSize: 4, rowsPerTransaction: 9, useWorker });
    assert.deepEqual(second.summary, { created: 3, updated: 30, unchanged: 30, rejected: 1 });
    // Reported at its line, whichever transaction (and, on PostgreSQL, which of the two sessions) committed it.
    assert.deepEqual(second.rejections.map((r) => [r.line, r.code]), [[34, 'duplicate_in_file']]);

    const written = await snapshot(db);
    assert.ok(written.fine.length > 20 && written.offices.length === 3 && written.main.length === 2, `the fixture spreads over many roll-up rows ${written.fine.length} ${written.offices.length} ${written.main.length}`);
    await rebuildAllRollups(db.kysely);
    assert.deepEqual(written, await snapshot(db));
  });
}

// A transaction also commits once it has been open `transactionMs` (SQLite's write lock is held no longer):
// with 0, every batch commits, so an import stopped after two batches keeps their rows; with a minute,
// the one open transaction is rolled back.
for (const transactionMs of [0, 60_000]) {
  dbTest(`an import stopped after two batches of four keeps ${transactionMs === 0 ? 'both' : 'neither'} when a transaction may stay open ${transactionMs} ms`, async (db) => {
    await loadOrganisation(db);
    const stop = new Error('stopped by the test');
    let batches = 0;
    await assert.rejects(importDeclarationFile(db, declarationsCsv(Array.from({ length: 12 }, (_, i) => row(i + 1))), {
      batchSize: 4, rowsPerTransaction: 100, transactionMs, useWorker: false,
      afterBatch: () => (++batches === 2 ? Promise.reject(stop) : Promise.resolve()),
    }), stop);
    assert.equal(batches, 2);
    assert.equal(await countRows(db, 'declarations'), transactionMs === 0 ? 8 : 0);
  });
}

// With the worker thread, the writer asks it to close the window once the transaction has been open
// `transactionMs`; the worker (at most 20,000 rows, 40 batches, ahead) closes it at the next batch it
// validates, and the transaction commits with the window's sums. Stopped after 55 batches, an import
// has committed a window when the time limit is 0, nothing when it is a minute (and windows of 100,000 rows).
for (const transactionMs of [0, 60_000]) {
  dbTest(`with the worker thread, an import stopped midway keeps ${transactionMs === 0 ? 'the windows the time limit closed' : 'nothing'} (transactions of at most ${transactionMs} ms)`, async (db) => {
    await loadOrganisation(db);
    const stop = new Error('stopped by the test');
    let batches = 0;
    await assert.rejects(importDeclarationFile(db, declarationsCsv(Array.from({ length: 30_000 }, (_, i) => row(i + 1))), {
      batchSize: 500, rowsPerTransaction: 100_000, transactionMs, useWorker: true,
      afterBatch: () => (++batches === 55 ? Promise.reject(stop) : Promise.resolve()),
    }), stop);
    const kept = await countRows(db, 'declarations');
    if (transactionMs === 0) assert.ok(kept > 0 && kept < 30_000, `${kept} rows kept`);
    else assert.equal(kept, 0);
    const written = await snapshot(db);
    await rebuildAllRollups(db.kysely);
    assert.deepEqual(written, await snapshot(db), 'the roll-ups count what was kept');
  });
}

dbTest('a session counts rows by window sums only when they were summed with its units\' roll-out', async (db) => {
  await loadOrganisation(db);
  const units = await loadRolloutUnits(db.kysely);
  const rollout = rolloutFingerprint(units);
  const session = openBulkSession(db);
  await session.write(await validRows(db, [1, 2, 3]));
  await session.commit();
  // Rows 2 and 3 exist: the sums counted them as new, and the session takes them back out; the sums
  // come with a later write of the transaction. (Rows validated first: while the session's
  // transaction is open, SQLite's other queries wait.)
  const [rows, more, stale] = [await validRows(db, [2, 3, 4, 5]), await validRows(db, [8, 9]), await validRows(db, [6, 7])];
  const summer = new WindowSummer(units, rollout);
  for (const row of [...rows, ...more]) summer.add(row);
  await session.write(rows, { rollout });
  await session.write(more, { rollout, sums: summer.take() });
  // Summed with other roll-out dates: ignored, the rows are counted one by one.
  const other = new WindowSummer(units, 'another roll-out');
  for (const row of [...stale, ...stale]) other.add(row);
  await session.write(stale, { rollout: 'another roll-out', sums: other.take() });
  assert.deepEqual((await session.commit()).map((w) => w.filter((o) => o === 'created').length), [2, 2, 2]);
  const written = await snapshot(db);
  assert.equal(written.offices.reduce((n, o) => n + Number(Object.fromEntries(JSON.parse(o) as [string, unknown][]).declarations), 0), 9, 'one business count per declaration');
  await rebuildAllRollups(db.kysely);
  assert.deepEqual(written, await snapshot(db));

  // Rows counted by sums that never come: the transaction is refused, nothing written.
  await session.write(await validRows(db, [10]), { rollout });
  await assert.rejects(session.commit(), /no sums came/);
  assert.equal(await countRows(db, 'declarations'), 9);
});

dbTest('a write that repeats a number of the previous write in the same transaction updates the row it wrote', async (db) => {
  await loadOrganisation(db);
  const valid = await validator(db);
  const session = openBulkSession(db);
  await session.write([valid(declarationItem(1))]);
  await session.write([valid(declarationItem(1, { channel: 3 })), valid(declarationItem(2))]);
  assert.deepEqual(await session.commit(), [['created'], ['updated', 'created']]);
  assert.equal(await countRows(db, 'declarations'), 2);
  const row = await db.kysely.selectFrom('declarations').select('channel').where('declaration_no', '=', String(declarationItem(1).declarationNo)).executeTakeFirstOrThrow();
  assert.equal(Number(row.channel), 3);
});

dbTest('a declarant name with a tab, a line break, a backslash and quotes is stored as written, new or updated', async (db) => {
  await loadOrganisation(db);
  const valid = await validator(db);
  const names = ['Công ty\tA \\N "B"', 'Line\none\r\\ \'two\''];
  const session = openBulkSession(db);
  // PostgreSQL writes new declarations by COPY, whose text format escapes these; an update goes another way.
  await session.write([valid(declarationItem(1, { declarantName: names[0] })), valid(declarationItem(2, { declarantName: names[1] }))]);
  await session.write([valid(declarationItem(1, { declarantName: names[1], channel: 2 }))]);
  assert.deepEqual(await session.commit(), [['created', 'created'], ['updated']]);
  const stored = await db.kysely.selectFrom('declarations').select('declarant_name').orderBy('declaration_no').execute();
  assert.deepEqual(stored.map((d) => d.declarant_name), [names[1], names[1]]);
  await session.write([valid(declarationItem(3, { declarantName: names[0] }))]);
  await session.commit();
  const third = await db.kysely.selectFrom('declarations').select('declarant_name').where('declaration_no', '=', String(declarationItem(3).declarationNo)).executeTakeFirstOrThrow();
  assert.equal(third.declarant_name, names[0]);
});

/** Validates feed items against the database's references (a test's items are all valid). */
async function validator(db: Db): Promise<(item: Record<string, unknown>) => ValidDeclaration> {
  const refs = await loadDeclarationReferences(db.kysely);
  return (item) => {
    const result = validateDeclaration(item, refs);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
}

async function validRows(db: Db, numbers: readonly number[]): Promise<ValidDeclaration[]> {
  const valid = await validator(db);
  return numbers.map((n) => valid(declarationItem(n)));
}

test('SQLite: while a session holds its transaction open, the process\'s other queries wait for it and are not part of it', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    const db = fresh.db;
    await loadOrganisation(db);
    const session = openBulkSession(db);
    await session.write(await validRows(db, [1, 2]));
    const other = db.kysely.insertInto('settings').values({ key: 'probe', value: '1', updated_at: 0 }).execute();
    await session.rollback();
    await other;
    assert.equal(await countRows(db, 'declarations'), 0, 'the session rolled back');
    const probe = await db.kysely.selectFrom('settings').select('value').where('key', '=', 'probe').executeTakeFirst();
    assert.equal(probe?.value, '1', 'the other write was not rolled back with it');
  } finally {
    await fresh.drop();
  }
});

// A session tries a batch as new declarations once a lookup found none of the previous batch's numbers
// stored: a number another writer stores meanwhile then fails its COPY, which is rolled back to the
// batch's savepoint and written again after a lookup. In lookup mode, the COPY's failure rolls the whole
// transaction back and the session writes it again.
for (const path of ['savepoint', 'replay'] as const) {
  test(`PostgreSQL: a declaration another writer creates under an open session counts as unchanged (${path === 'savepoint' ? 'the batch written again from its savepoint' : 'the transaction written again'})`, async () => {
    const fresh = await freshDatabase('postgres');
    try {
      const db = fresh.db;
      if (db.dialect !== 'postgres') throw new Error('postgres');
      await loadOrganisation(db);
      const [one, two, three] = await validRows(db, [1, 2, 3]);
      if (path === 'replay') {
        const earlier = openBulkSession(db);
        await earlier.write([one!]);
        await earlier.commit();
      }
      const session = openBulkSession(db);
      // Declaration 1: new (the next batch is tried as new) or stored (the next batch is looked up).
      await session.write([one!]);

      // Another connection inserts declaration 2 and keeps its transaction open: the session cannot see
      // it, so its COPY waits on the number's unique index. (Not cleared: it counts in no roll-up, which
      // that connection does not write.)
      const rival = await db.pool.connect();
      await rival.query('begin');
      await rival.query(
        `insert into declarations (declaration_no, kind, type_code, office_id, declarant_id, declarant_name, registered_at,
           registered_day, cleared_at, cleared_day, channel, content_hash, created_at, updated_at)
         values ($1, $2, $3, $4, (select id from businesses where tax_code = $5), $6, $7, $8, $9, $10, $11, $12, 0, 0)`,
        [two!.declarationNo, two!.kind, two!.typeCode, two!.officeId, two!.declarantTaxCode, two!.declarantName, two!.registeredAt,
          two!.registeredDay, null, null, two!.channel, two!.contentHash],
      );
      const writing = session.write([two!, three!]);
      // Until the session's connection waits for the rival's lock.
      await untilALockIsAwaited(db.pool);
      await rival.query('commit');
      rival.release();
      await writing;
      const outcomes = await session.commit();
      assert.deepEqual(outcomes, [[path === 'savepoint' ? 'created' : 'unchanged'], ['unchanged', 'created']]);
      assert.equal(await countRows(db, 'declarations'), 3);
      // (Business counts aside: that connection did not write the count of its declaration.)
      const rollups = async () => { const { coarse, fine } = await snapshot(db); return { coarse, fine }; };
      const written = await rollups();
      await rebuildAllRollups(db.kysely);
      assert.deepEqual(written, await rollups(), 'the roll-ups count each declaration once');
    } finally {
      await fresh.drop();
    }
  });
}

// On PostgreSQL an import's two sessions take turns: one commits while the other writes the next rows.
// When the next rows have the same new declarant, the writing session waits for the committing one's
// uncommitted business. If that commit then fails as a deadlock would and were written again at once,
// its new attempt would wait for the business the writing session has meanwhile inserted, while the
// import waits for the commit before committing that session: a wait no database can see. The failed
// commit must be written again only after the other session let go of its rows, and that session's
// rows written again before its own commit runs beside the next rows (which may share a new declarant).

/**
 * The first business-office upsert (the first commit) waits until another connection waits for a lock
 * it holds (by polling, at most ~20 s), counts in `blocked_seen` whether one did, and fails as a deadlock.
 */
async function failFirstCommitOnceBlocked(db: Db & { dialect: 'postgres' }): Promise<() => Promise<{ blocked: number; commits: number }>> {
  await db.pool.query(`
    create sequence fail_once; create sequence blocked_seen;
    create function fail_once() returns trigger language plpgsql as $$
    begin
      if nextval('fail_once') = 1 then
        for i in 1..2000 loop
          -- pg_locks, not pg_stat_activity: the latter is read once per transaction, so a backend
          -- connected after the first look (the other session's) would never be seen.
          if exists (select 1 from pg_locks where not granted and pg_backend_pid() = any(pg_blocking_pids(pid))) then
            perform nextval('blocked_seen');
            exit;
          end if;
          perform pg_sleep(0.01);
        end loop;
        raise exception 'injected by the test' using errcode = '40P01';
      end if;
      return null;
    end $$;
    create trigger fail_once before insert on business_offices for each statement execute function fail_once()`);
  const seq = async (name: string) => Number((await db.pool.query<{ v: unknown }>(`select case when is_called then last_value else 0 end as v from ${name}`)).rows[0]!.v);
  return async () => ({ blocked: await seq('blocked_seen'), commits: await seq('fail_once') });
}

const newDeclarant = (taxCode: string) => ({ declarant_tax_code: taxCode, declarant_name: `Chi nhánh ${taxCode}` });

const layouts = {
  // Transactions of 4 rows in batches of 4, all with one new declarant; the failure is noticed when the
  // second transaction is due.
  'one new declarant in both transactions': { rows: 8, batchSize: 4, rowsPerTransaction: 4, x: 8, businesses: 3 },
  // The file ends before the second transaction is due: the failure is noticed at the last settle.
  'the failure noticed at the end of the file': { rows: 6, batchSize: 4, rowsPerTransaction: 4, x: 6, businesses: 3 },
  // Transactions of 12 rows in batches of 2; the second one, restarted, ends with another new declarant
  // the third starts with: written again beside the third's writes, it would wait for it.
  'the restarted transaction ends with another new declarant the next one starts with': { rows: 30, batchSize: 2, rowsPerTransaction: 12, x: 22, businesses: 4 },
};
for (const [layout, { rows: count, batchSize, rowsPerTransaction, x: withX, businesses }] of Object.entries(layouts)) {
  test(`PostgreSQL: a commit that fails while the next transaction waits for its new business is written again after that transaction lets go (${layout})`, { timeout: 60_000 }, async () => {
    const fresh = await freshDatabase('postgres');
    try {
      const db = fresh.db;
      if (db.dialect !== 'postgres') throw new Error('postgres');
      await loadOrganisation(db);
      const injected = await failFirstCommitOnceBlocked(db);
      const [x, y] = [newDeclarant('0200123457-001'), newDeclarant('0200123457-002')];
      const rows = Array.from({ length: count }, (_, i) => ({ ...row(i + 1), ...(i < withX ? x : y) }));
      const result = await importDeclarations(db, declarationsCsv(rows), { batchSize, rowsPerTransaction, useWorker: false });
      assert.deepEqual(result.summary, { created: rows.length, updated: 0, unchanged: 0, rejected: 0 });
      const { blocked, commits } = await injected();
      assert.equal(blocked, 1, 'the second transaction waited for the first one\'s business when that one failed');
      assert.ok(commits >= 2, 'the failed commit was written again');
      assert.equal(await countRows(db, 'businesses'), businesses);
      assert.equal(await countRows(db, 'declarations'), rows.length);
      const written = await snapshot(db);
      await rebuildAllRollups(db.kysely);
      assert.deepEqual(written, await snapshot(db));
    } finally {
      await fresh.drop();
    }
  });
}

// A third transaction can link the two sessions: it holds a row the committing session needs (a
// business-office count, as a rating holds a roll-up row) and waits for a row the writing session
// holds (its new business), while the writing session waits for the commit. The commit gives way after
// its lock timeout, the writing session lets go, the third one ends, and the commit is written again.
test('PostgreSQL: a commit waiting on a transaction that waits on the writing session gives way and is written again', { timeout: 60_000 }, async () => {
  const fresh = await freshDatabase('postgres');
  try {
    const db = fresh.db;
    if (db.dialect !== 'postgres') throw new Error('postgres');
    await loadOrganisation(db);
    const ids = await db.pool.query<{ business: string; office: string }>(
      `select (select id from businesses where tax_code = '0200123457') as business, (select id from units where code = '03CC') as office`,
    );
    const { business, office } = ids.rows[0]!;
    const third = await db.pool.connect();
    let thirdDone: Promise<unknown> | undefined;
    try {
      const thirdPid = (await third.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      await third.query('begin');
      await third.query(
        `insert into business_offices (business_id, office_id, declarations) values ($1, $2, 0)
         on conflict (business_id, office_id) do update set declarations = business_offices.declarations`, [business, office]);
      const y = newDeclarant('0200123457-002');
      // Transaction 1 (batches 1–2): declarant 0200123457 at 03CC and 03EE. Transaction 2 (batches 3–4): y, new.
      const rows = Array.from({ length: 16 }, (_, i) => ({ ...row(i + 1), ...(i < 8 ? {} : y) }));
      let batches = 0;
      const result = await importDeclarationFile(db, declarationsCsv(rows), {
        batchSize: 4, rowsPerTransaction: 8, useWorker: false,
        afterBatch: async () => {
          if (++batches !== 3) return;
          // The writing session has inserted y: the third transaction waits for it, then ends.
          thirdDone = third.query(`insert into businesses (tax_code, name, created_at, updated_at) values ('0200123457-002', 'y', 0, 0) on conflict do nothing`)
            .then(() => third.query('commit'));
          thirdDone.catch(() => undefined); // awaited below; a failed import leaves it to the pool
          // Polling, not timing: until it waits.
          for (let polls = 0; ; polls++) {
            const { rows: waiting } = await db.pool.query<{ n: number }>('select cardinality(pg_blocking_pids($1)) as n', [thirdPid]);
            if (waiting[0]!.n > 0) break;
            if (polls === 100_000) throw new Error('the third transaction never waited for the writing session');
          }
        },
      });
      await thirdDone;
      assert.deepEqual(result, { created: 16, updated: 0, unchanged: 0, rejected: 0 });
      // The writing session let go of y (rolled back), so the third transaction's y is the one stored.
      const stored = await db.pool.query<{ name: string }>(`select name from businesses where tax_code = '0200123457-002'`);
      assert.deepEqual(stored.rows, [{ name: 'y' }]);
    } finally {
      third.release(true); // its transaction may still be open if the import failed
    }
    assert.equal(await countRows(db, 'declarations'), 16);
    const written = await snapshot(db);
    await rebuildAllRollups(db.kysely);
    assert.deepEqual(written, await snapshot(db));
  } finally {
    await fresh.drop();
  }
});

test('SQLite: a file import runs with the import\'s page cache and sets the serving one back, also when it fails', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    const db = fresh.db;
    if (db.dialect !== 'sqlite') throw new Error('sqlite');
    await loadOrganisation(db);
    const cacheKib = () => -Number(db.sqlite.pragma('cache_size', { simple: true }));
    assert.equal(cacheKib(), sqliteCacheKib.serving);
    const during: number[] = [];
    const path = declarationsCsv([1, 2, 3].map((n) => declarationRow(n)));
    await importDeclarationFile(db, path, { batchSize: 1, afterBatch: async () => { during.push(cacheKib()); } });
    assert.ok(during.length > 0);
    assert.deepEqual([...new Set(during)], [sqliteCacheKib.import]);
    assert.equal(cacheKib(), sqliteCacheKib.serving);
    await assert.rejects(importDeclarationFile(db, `${path}.missing`));
    assert.equal(cacheKib(), sqliteCacheKib.serving);
  } finally {
    await fresh.drop();
  }
});
