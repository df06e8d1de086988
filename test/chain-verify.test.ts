import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Db } from '../src/db/database.js';
import { versionHash } from '../src/evaluations/evaluation-chain.js';
import { latestVerification, verifyChains, type ChainVerification } from '../src/evaluations/chain-verify.service.js';
import { buildCli, cliDataDir, hailong as runHailong } from './helpers/cli.js';
import { dbTest, dialects, freshDatabase } from './helpers/databases.js';
import { importNo } from './helpers/fixtures.js';
import { ratingWorld, recentItem } from './helpers/ratings.js';

const secret = 's'.repeat(40);

/**
 * Declarations 1–4 through the real feed and evaluation API: 1 and 3 rated once, 2 rated and
 * revised twice (three versions in one chain), 4 not rated. Five versions in all.
 */
async function ratedWorld(db: Db): Promise<void> {
  const w = await ratingWorld(db, { SECRET_KEY: secret });
  try {
    const items = await w.push([1, 2, 3, 4].map((n) => recentItem(n)));
    const rate = async (n: number, body: Record<string, unknown>) => {
      const response = await w.rate({ token: items[n - 1]!.ratingToken, ...body });
      assert.equal(response.statusCode, 201, response.body);
    };
    await rate(1, { overall: 5 });
    await rate(2, { overall: 4 });
    await rate(2, { overall: 2, reasons: ['delay'], comment: 'Chậm kiểm tra' });
    await rate(2, { overall: 5, comment: 'Đã giải quyết' });
    await rate(3, { overall: 4 });
  } finally {
    await w.app.close();
  }
}

async function versionOf(db: Db, n: number, version: number) {
  return db.kysely.selectFrom('evaluation_versions as v').innerJoin('declarations as d', 'd.id', 'v.declaration_id').selectAll('v')
    .where('d.declaration_no', '=', importNo(n)).where('v.version', '=', version).executeTakeFirstOrThrow();
}

/** How many versions a walk in chain order reads up to and including this position. */
async function readUpTo(db: Db, chain: number, seq: number): Promise<number> {
  const { n } = await db.kysely.selectFrom('evaluation_versions').select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('chain', '<', chain), eb.and([eb('chain', '=', chain), eb('chain_seq', '<=', seq)])])).executeTakeFirstOrThrow();
  return Number(n);
}

/** Verifies twice — in the default pages and one record per page — and expects the same answer. */
async function verify(db: Db, key = secret): Promise<ChainVerification> {
  const result = await verifyChains(db.kysely, key);
  assert.deepEqual(await verifyChains(db.kysely, key, Date.now(), 1), result, 'paging does not change the answer');
  return result;
}

dbTest('an untouched chain holds: every version is checked, revisions included, and the run is recorded', async (db) => {
  await ratedWorld(db);
  assert.equal(await latestVerification(db.kysely), undefined);
  assert.deepEqual(await verifyChains(db.kysely, secret, 1_700_000_000_000), { ok: true, records: 5, problem: null });
  assert.deepEqual(await latestVerification(db.kysely), { at: 1_700_000_000_000, ok: true, records: 5, problem: null });
  assert.deepEqual(await verify(db), { ok: true, records: 5, problem: null });
  const runs = await db.kysely.selectFrom('chain_verifications').select(['ok', 'records', 'problem']).orderBy('id').execute();
  assert.deepEqual(runs, Array(3).fill({ ok: 1, records: 5, problem: null }));
});

dbTest('under another key every record reads as altered, and the first one is reported', async (db) => {
  await ratedWorld(db);
  const first = await db.kysely.selectFrom('evaluation_versions').select(['id', 'chain', 'declaration_id']).orderBy('chain').limit(1).executeTakeFirstOrThrow();
  const declarationNo = (await db.kysely.selectFrom('declarations').select('declaration_no').where('id', '=', first.declaration_id).executeTakeFirstOrThrow()).declaration_no;
  const result = await verify(db, 'another key that is long enough!!');
  assert.equal(result.ok, false);
  assert.deepEqual(result.problem, {
    kind: 'altered', chain: first.chain, seq: 1, versionId: first.id, declarationNo, detail: 'the record no longer matches its hash',
  });
});

dbTest('a version whose level or comment was changed in the database is reported as altered at that record', async (db) => {
  await ratedWorld(db);
  const middle = await versionOf(db, 2, 2);
  await db.kysely.updateTable('evaluation_versions').set({ overall: 5 }).where('id', '=', middle.id).execute();
  const result = await verify(db);
  assert.deepEqual(result, {
    ok: false, records: await readUpTo(db, middle.chain, 2),
    problem: { kind: 'altered', chain: middle.chain, seq: 2, versionId: middle.id, declarationNo: importNo(2), detail: 'the record no longer matches its hash' },
  });
  const recorded = await latestVerification(db.kysely);
  assert.deepEqual({ ok: recorded?.ok, problem: recorded?.problem }, { ok: false, problem: result.problem });

  await db.kysely.updateTable('evaluation_versions').set({ overall: middle.overall }).where('id', '=', middle.id).execute();
  assert.equal((await verify(db)).ok, true, 'restored, the chain holds again');
  const last = await versionOf(db, 2, 3);
  await db.kysely.updateTable('evaluation_versions').set({ comment: 'Rất tốt' }).where('id', '=', last.id).execute();
  assert.deepEqual((await verify(db)).problem, {
    kind: 'altered', chain: last.chain, seq: 3, versionId: last.id, declarationNo: importNo(2), detail: 'the record no longer matches its hash',
  });
});

dbTest('of two altered records the one in the lower chain is reported', async (db) => {
  await ratedWorld(db);
  const [two, three] = [await versionOf(db, 2, 3), await versionOf(db, 3, 1)];
  await db.kysely.updateTable('evaluation_versions').set({ comment: 'x' }).where('id', 'in', [two.id, three.id]).execute();
  const lower = two.chain < three.chain ? two : three;
  const problem = (await verify(db)).problem;
  assert.deepEqual([problem?.chain, problem?.seq], [lower.chain, lower.chain_seq]);
});

dbTest('a deleted version in the middle of a chain is reported as deleted at its position', async (db) => {
  await ratedWorld(db);
  const middle = await versionOf(db, 2, 2);
  await db.kysely.deleteFrom('evaluation_versions').where('id', '=', middle.id).execute();
  const result = await verify(db);
  assert.equal(result.ok, false);
  assert.deepEqual(result.problem, { kind: 'deleted', chain: middle.chain, seq: 2, detail: 'position 2 is missing' });
});

dbTest('a deleted last version is reported as deleted: the head is ahead of the records, even when its position is wound back', async (db) => {
  await ratedWorld(db);
  const last = await versionOf(db, 2, 3);
  await db.kysely.deleteFrom('evaluation_versions').where('id', '=', last.id).execute();
  assert.deepEqual((await verify(db)).problem, {
    kind: 'deleted', chain: last.chain, seq: 3, detail: 'position 3 is missing at the end (the chain head is at 3)',
  });
  await db.kysely.updateTable('evaluation_chain_heads').set({ seq: 2 }).where('chain', '=', last.chain).execute();
  assert.deepEqual((await verify(db)).problem, {
    kind: 'deleted', chain: last.chain, seq: 3, detail: 'the chain head names a later record that is missing',
  });
});

dbTest('a forged version appended at the next position, chained and hashed under the wrong key, is reported as inserted', async (db) => {
  await ratedWorld(db);
  const { id: _id, hash: _hash, ...last } = await versionOf(db, 2, 3);
  const forged = { ...last, version: 4, overall: 1, reasons_json: '["harassment"]', comment: 'giả mạo', chain_seq: last.chain_seq + 1, prev_hash: _hash };
  const { id } = await db.kysely.insertInto('evaluation_versions').values({ ...forged, hash: versionHash('f'.repeat(40), forged) })
    .returning('id').executeTakeFirstOrThrow();
  assert.deepEqual((await verify(db)).problem, {
    kind: 'inserted', chain: last.chain, seq: 4, versionId: id, declarationNo: importNo(2), detail: 'the record lies beyond the chain head (position 3)',
  });
});

dbTest('a forged version slipped into the middle, the later ones renumbered and the head moved on, is reported as inserted', async (db) => {
  await ratedWorld(db);
  const { id: _id, hash: firstHash, ...first } = await versionOf(db, 2, 1);
  const chain = first.chain;
  const shift = (by: number, from: number) => db.kysely.updateTable('evaluation_versions')
    .set((eb) => ({ chain_seq: eb('chain_seq', '+', by) })).where('chain', '=', chain).where('chain_seq', '>=', from).execute();
  await shift(1000, 2);
  await shift(-999, 1000);
  await db.kysely.updateTable('evaluation_chain_heads').set((eb) => ({ seq: eb('seq', '+', 1) })).where('chain', '=', chain).execute();
  const forged = { ...first, overall: 1, chain_seq: 2, prev_hash: firstHash };
  const { id } = await db.kysely.insertInto('evaluation_versions').values({ ...forged, hash: versionHash('f'.repeat(40), forged) })
    .returning('id').executeTakeFirstOrThrow();
  assert.deepEqual((await verify(db)).problem, {
    kind: 'inserted', chain, seq: 2, versionId: id, declarationNo: importNo(2), detail: 'the next record is chained past it, to the record before it',
  });
});

dbTest('a current evaluation that no longer equals its latest version is a current_mismatch', async (db) => {
  await ratedWorld(db);
  const latest = await versionOf(db, 2, 3);
  await db.kysely.updateTable('evaluations').set({ overall: 1, comment: 'Rất tệ' }).where('declaration_id', '=', latest.declaration_id).execute();
  const result = await verify(db);
  assert.deepEqual(result, {
    ok: false, records: 5,
    problem: {
      kind: 'current_mismatch', chain: latest.chain, seq: 3, versionId: latest.id, declarationNo: importNo(2),
      detail: 'the current evaluation differs from version 3 in overall, comment',
    },
  });
  const { version, overall, targets_json, reasons_json, comment, submitted_at } = await versionOf(db, 2, 2);
  await db.kysely.updateTable('evaluations').set({ version, overall, targets_json, reasons_json, comment, submitted_at })
    .where('declaration_id', '=', latest.declaration_id).execute();
  assert.deepEqual((await verify(db)).problem, {
    kind: 'current_mismatch', chain: latest.chain, seq: 3, versionId: latest.id, declarationNo: importNo(2),
    detail: 'the current evaluation is version 2 but version 3 exists',
  }, 'an older version passed off as the current one');
});

dbTest('a current evaluation without any version, and a rated declaration without its current evaluation, are current_mismatch', async (db) => {
  await ratedWorld(db);
  const declaration = await db.kysely.selectFrom('declarations').select('id').where('declaration_no', '=', importNo(4)).executeTakeFirstOrThrow();
  const current = await db.kysely.selectFrom('evaluations').selectAll().limit(1).executeTakeFirstOrThrow();
  await db.kysely.insertInto('evaluations').values({ ...current, declaration_id: declaration.id }).execute();
  assert.deepEqual((await verify(db)).problem, {
    kind: 'current_mismatch', chain: declaration.id % 16, seq: 0, declarationNo: importNo(4), detail: `the current evaluation is version ${current.version}, which does not exist`,
  });
  await db.kysely.deleteFrom('evaluations').where('declaration_id', '=', declaration.id).execute();

  const only = await versionOf(db, 3, 1);
  await db.kysely.deleteFrom('evaluations').where('declaration_id', '=', only.declaration_id).execute();
  assert.deepEqual((await verify(db)).problem, {
    kind: 'current_mismatch', chain: only.chain, seq: 1, versionId: only.id, declarationNo: importNo(3),
    detail: 'the declaration has versions but no current evaluation',
  });
});

// `hailong verify` as an operator runs it: `node bin/hailong.js` on dist/, rebuilt first when older than src/ (as in cli.test.ts).
const dataDir = cliDataDir('hailong-verify-cli-');
before(buildCli);
const hailong = (args: string[], env: Record<string, string>) => runHailong(args, env, dataDir);

for (const dialect of dialects) {
  test(`hailong verify exits 0 while the chain holds and 1 once a version is altered, in Vietnamese then English or as JSON [${dialect}]`, async () => {
    const fresh = await freshDatabase(dialect);
    try {
      await ratedWorld(fresh.db);
      const env = { DATABASE_URL: fresh.url, SECRET_KEY: secret };
      const holds = await hailong(['verify'], env);
      assert.equal(holds.code, 0, holds.stderr);
      assert.equal(holds.stdout, 'Chuỗi băm nguyên vẹn: đã kiểm tra 5 bản ghi đánh giá.\nThe hash chain holds: 5 evaluation records checked.\n');

      const middle = await versionOf(fresh.db, 2, 2);
      await fresh.db.kysely.updateTable('evaluation_versions').set({ comment: null }).where('id', '=', middle.id).execute();
      const broken = await hailong(['verify'], env);
      assert.equal(broken.code, 1, broken.stderr);
      const where = `chuỗi ${middle.chain}, vị trí 2, tờ khai ${importNo(2)}`;
      assert.equal(broken.stdout.split('\n')[0], `CHUỖI BĂM BỊ CAN THIỆP: bản ghi bị sửa (${where}); đã kiểm tra ${await readUpTo(fresh.db, middle.chain, 2)} bản ghi.`);
      assert.match(broken.stdout.split('\n')[1]!, new RegExp(`^THE HASH CHAIN IS BROKEN: altered record \\(chain ${middle.chain}, position 2, declaration ${importNo(2)}\\)`));

      const json = await hailong(['verify', '--json'], env);
      assert.equal(json.code, 1);
      assert.deepEqual(JSON.parse(json.stdout), {
        ok: false, records: await readUpTo(fresh.db, middle.chain, 2),
        problem: { kind: 'altered', chain: middle.chain, seq: 2, versionId: middle.id, declarationNo: importNo(2), detail: 'the record no longer matches its hash' },
      });
      const runs = await fresh.db.kysely.selectFrom('chain_verifications').select('ok').orderBy('id').execute();
      assert.deepEqual(runs.map((r) => r.ok), [1, 0, 0], 'every run is recorded');
    } finally {
      await fresh.drop();
    }
  });
}
