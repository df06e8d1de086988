import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Db } from '../src/db/database.js';
import { GroupCommit } from '../src/db/group-commit.js';
import { submitDeclarations } from '../src/declarations/declarations.service.js';
import { verifyChains } from '../src/evaluations/chain-verify.service.js';
import { submitEvaluation } from '../src/evaluations/evaluation-submission.service.js';
import type { EvaluationInput } from '../src/evaluations/evaluations.schema.js';
import { ratingToken } from '../src/evaluations/rating-token.js';
import type { AppError } from '../src/errors.js';
import { rebuildAllRollups } from '../src/stats/rollup-rebuild.service.js';
import { dbTest } from './helpers/databases.js';
import { importNo, loadOrganisation } from './helpers/fixtures.js';
import { recentItem } from './helpers/ratings.js';

const secret = 'batch-test-secret-'.padEnd(48, 'x');
const ctx = { secretKey: secret, ratingWindowDays: 30 };

test('jobs submitted in one turn are written as one batch, in order; a failing batch is retried job by job', async () => {
  const batches: number[][] = [];
  const writer = new GroupCommit<number, number>(async (jobs) => {
    batches.push([...jobs]);
    if (jobs.includes(13)) throw new Error('database says no');
    return jobs.map((j) => (j % 2 === 0 ? { ok: true, value: j * 10 } : { ok: false, error: new Error(`odd ${j}`) }));
  });
  const settled = await Promise.allSettled([writer.submit(2), writer.submit(3), writer.submit(4)]);
  assert.deepEqual(batches, [[2, 3, 4]]);
  assert.deepEqual(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message)), [20, 'odd 3', 40]);

  batches.length = 0;
  const again = await Promise.allSettled([writer.submit(6), writer.submit(13), writer.submit(8)]);
  assert.deepEqual(batches, [[6, 13, 8], [6], [13], [8]], 'the batch, then each job alone');
  assert.deepEqual(again.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message)), [60, 'database says no', 80]);
});

test('a job that arrives while a batch is written goes into the next batch', async () => {
  const batches: number[][] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const writer = new GroupCommit<number, number>(async (jobs) => {
    batches.push([...jobs]);
    if (batches.length === 1) await gate;
    return jobs.map((j) => ({ ok: true, value: j }));
  });
  const first = writer.submit(1);
  await new Promise((resolve) => setImmediate(resolve));
  const later = [writer.submit(2), writer.submit(3)];
  release();
  assert.deepEqual(await Promise.all([first, ...later]), [1, 2, 3]);
  assert.deepEqual(batches, [[1], [2, 3]]);
});

function rate(db: Db, n: number, input: EvaluationInput, key?: string) {
  return submitEvaluation(db.kysely, ctx, { kind: 'token', token: ratingToken(secret, importNo(n), '0200123457') }, input, {
    channel: 'software', submittedBy: 'api_client:1', ip: '10.0.0.1', ...(key ? { idempotency: { clientId: 1, key } } : {}),
  });
}

dbTest('submissions sharing a batch are judged one after the other: revisions, refusals and idempotency as if alone', async (db) => {
  await loadOrganisation(db);
  const fed = await submitDeclarations(db, [1, 2, 3, 4].map((n) => recentItem(n)), 'en');
  assert.deepEqual(fed.map((r) => r.status), ['created', 'created', 'created', 'created']);

  // All queued in the same turn: one transaction.
  const settled = await Promise.allSettled([
    rate(db, 1, { overall: 2, reasons: ['delay'] }),
    rate(db, 1, { overall: 5 }),
    rate(db, 2, { overall: 2 }),
    rate(db, 3, { overall: 4 }, 'key-3'),
    rate(db, 3, { overall: 4 }, 'key-3'),
    rate(db, 3, { overall: 1, reasons: ['other'] }, 'key-3'),
    rate(db, 4, { overall: 3, reasons: ['attitude'] }),
  ]);
  const result = settled.map((s) => (s.status === 'fulfilled' ? s.value.version : (s.reason as AppError).code));
  assert.deepEqual(result, [1, 2, 'reasons_required', 1, 1, 'idempotency_key_reused', 1]);

  const versions = await db.kysely.selectFrom('evaluation_versions as v').innerJoin('declarations as d', 'd.id', 'v.declaration_id')
    .select(['d.declaration_no', 'v.version', 'v.overall']).orderBy('d.declaration_no').orderBy('v.version').execute();
  assert.deepEqual(versions, [
    { declaration_no: importNo(1), version: 1, overall: 2 }, { declaration_no: importNo(1), version: 2, overall: 5 },
    { declaration_no: importNo(3), version: 1, overall: 4 }, { declaration_no: importNo(4), version: 1, overall: 3 },
  ]);
  const current = await db.kysely.selectFrom('evaluations').select(['version', 'overall']).orderBy('declaration_id').execute();
  assert.deepEqual(current, [{ version: 2, overall: 5 }, { version: 1, overall: 4 }, { version: 1, overall: 3 }]);
  assert.equal((await db.kysely.selectFrom('idempotency_keys').selectAll().execute()).length, 1);

  // The case of declaration 1 was opened by its first rating and got the revision; declaration 4 has its own.
  const cases = await db.kysely.selectFrom('cases as c').innerJoin('declarations as d', 'd.id', 'c.declaration_id')
    .select(['d.declaration_no', 'c.id']).orderBy('d.declaration_no').execute();
  assert.deepEqual(cases.map((c) => c.declaration_no), [importNo(1), importNo(4)]);
  const events = await db.kysely.selectFrom('case_events').select('kind').where('case_id', '=', cases[0]!.id).orderBy('id').execute();
  assert.deepEqual(events.map((e) => e.kind), ['opened', 'revised']);

  // The chain holds and the roll-ups kept in the batch equal a recount from the facts.
  assert.equal((await verifyChains(db.kysely, secret)).ok, true);
  const rollups = () => db.kysely.selectFrom('stat_rollups').selectAll().orderBy(['officer_id', 'unit_id', 'grain', 'period']).execute();
  const kept = await rollups();
  await rebuildAllRollups(db.kysely);
  assert.deepEqual(await rollups(), kept);
});
