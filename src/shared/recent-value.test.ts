import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recentValue } from './recent-value.js';

test('a recent value is computed once per period and shared by concurrent callers', async () => {
  let clock = 0;
  let computed = 0;
  const get = recentValue(() => Promise.resolve(++computed), 1000, () => clock);
  assert.deepEqual(await Promise.all([get(), get()]), [1, 1]);
  clock = 999;
  assert.equal(await get(), 1);
  clock = 1000;
  assert.equal(await get(), 2);
});

test('a failed computation is tried again at the next call', async () => {
  let fail = true;
  const get = recentValue(() => (fail ? Promise.reject(new Error('down')) : Promise.resolve('ok')), 60_000, () => 0);
  await assert.rejects(get(), /down/);
  fail = false;
  assert.equal(await get(), 'ok');
});
