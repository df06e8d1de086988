import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { pipelinedTransaction, together } from '../src/db/pipelined-transaction.js';
import type { Database } from '../src/db/schema.js';
import { dbTest } from './helpers/databases.js';

const put = (db: Kysely<Database>, key: string) => db.insertInto('settings').values({ key, value: '1', updated_at: 0, updated_by: null }).execute();
const keys = async (db: Kysely<Database>) => (await db.selectFrom('settings').select('key').orderBy('key').execute()).map((r) => r.key);

test('together: the values in order; a failure only once every promise has settled', async () => {
  assert.deepEqual(await together([Promise.resolve(1), 'two', Promise.resolve([3])]), [1, 'two', [3]]);
  const settled: string[] = [];
  const slow = new Promise<void>((resolve) => setImmediate(() => { settled.push('slow'); resolve(); }));
  await assert.rejects(together([Promise.reject(new Error('first')), slow, Promise.reject(new Error('second'))]), /first/);
  assert.deepEqual(settled, ['slow']);
});

dbTest('pipelined transaction: statements issued together commit together, dependent ones in order', async (db) => {
  const result = await pipelinedTransaction(db.kysely, async (trx) => {
    await together([put(trx, 'a'), put(trx, 'b'), (async () => { await put(trx, 'c'); await put(trx, 'd'); })()]);
    return keys(trx);
  });
  assert.deepEqual(result, ['a', 'b', 'c', 'd']);
  assert.deepEqual(await keys(db.kysely), ['a', 'b', 'c', 'd']);
});

dbTest('pipelined transaction: one failing statement leaves nothing written, not even by the work still running', async (db) => {
  await put(db.kysely, 'taken');
  await assert.rejects(pipelinedTransaction(db.kysely, async (trx) => {
    await together([
      put(trx, 'before'),
      put(trx, 'taken'), // duplicate key
      (async () => { await put(trx, 'chained-1'); await put(trx, 'chained-2'); })(),
    ]);
  }));
  assert.deepEqual(await keys(db.kysely), ['taken']);
  // The connection is fit for the next transaction.
  await pipelinedTransaction(db.kysely, (trx) => put(trx, 'next'));
  assert.deepEqual(await keys(db.kysely), ['next', 'taken']);
});

dbTest('pipelined transaction: a statement issued after the work has returned is refused, not run outside it', async (db, dialect) => {
  let late: Promise<unknown> | undefined;
  await pipelinedTransaction(db.kysely, async (trx) => {
    await put(trx, 'inside');
    late = new Promise((resolve) => setImmediate(resolve)).then(() => put(trx, 'late')).then(() => 'ran', (error: Error) => error.message);
  });
  assert.match(String(await late), dialect === 'postgres' ? /outside its pipelined transaction/ : /already committed/);
  assert.deepEqual(await keys(db.kysely), ['inside']);
});
