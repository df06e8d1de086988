import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TurnBatcher } from './turn-batcher.js';

test('lookups of one turn share one load; a lookup made after the load was sent gets a load of its own', async () => {
  const loads: number[][] = [];
  let version = 1;
  const batcher = new TurnBatcher<number, string>(async (keys) => {
    loads.push(keys);
    return new Map(keys.filter((k) => k !== 404).map((k) => [k, `${k}@v${version}`]));
  });
  const first = await Promise.all([batcher.get(1), batcher.get(2), batcher.get(1), batcher.get(404)]);
  assert.deepEqual(first, ['1@v1', '2@v1', '1@v1', undefined]);
  assert.deepEqual(loads, [[1, 2, 404]]);
  version = 2; // a write committed before the next lookup is seen by it
  assert.equal(await batcher.get(1), '1@v2');
  assert.deepEqual(loads, [[1, 2, 404], [1]]);
});

test('a failed load fails every lookup that waited for it, and the next turn loads again', async () => {
  let fail = true;
  const batcher = new TurnBatcher<number, number>(async (keys) => {
    if (fail) throw new Error('down');
    return new Map(keys.map((k) => [k, k * 10]));
  });
  const results = await Promise.allSettled([batcher.get(1), batcher.get(2)]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  fail = false;
  assert.equal(await batcher.get(3), 30);
});
