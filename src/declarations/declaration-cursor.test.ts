import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCursor, encodeCursor } from './declaration-cursor.js';

test('list cursors survive a round trip through a link', () => {
  for (const key of [
    { segment: 'cleared', day: '2020-05-04', id: 8812 },
    { segment: 'uncleared', id: 9120 },
  ] as const) assert.deepEqual(decodeCursor('clearance', encodeCursor(key)), key);
  assert.deepEqual(decodeCursor('number', encodeCursor({ segment: 'number', no: 'HS/03CC/1' })), { segment: 'number', no: 'HS/03CC/1' });
});

test('a cursor that names no real position is refused', () => {
  for (const text of ['', '2020-02-30_1', '2020-05-04', '2020-05-04_', 'x_1', '_1.5']) {
    assert.equal(decodeCursor('clearance', text), null, text);
  }
  assert.equal(decodeCursor('number', '2020-05-04_1'), null);
});
