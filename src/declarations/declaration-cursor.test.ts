import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCursor, encodeCursor } from './declaration-cursor.js';

const secret = 's'.repeat(40);

test('list cursors survive a round trip through a link', () => {
  for (const key of [
    { segment: 'cleared', day: '2020-05-04', id: 8812 },
    { segment: 'uncleared', id: 9120 },
  ] as const) assert.deepEqual(decodeCursor(secret, 'clearance', encodeCursor(secret, key)), key);
  assert.deepEqual(decodeCursor(secret, 'number', encodeCursor(secret, { segment: 'number', no: 'HS/03CC/1' })), { segment: 'number', no: 'HS/03CC/1' });
});

test('a cursor is opaque: it does not show the number or day it stands for', () => {
  const text = encodeCursor(secret, { segment: 'number', no: '103456789012' });
  assert.ok(!text.includes('103456789012') && !Buffer.from(text, 'base64url').toString('latin1').includes('103456789012'));
  assert.ok(!encodeCursor(secret, { segment: 'cleared', day: '2020-05-04', id: 1 }).includes('2020'));
});

test('a forged, altered or foreign cursor is refused', () => {
  for (const text of ['', '2020-05-04_1', '_1', 'n:103456789012', 'x'.repeat(50)]) {
    assert.equal(decodeCursor(secret, 'clearance', text), null, text);
    assert.equal(decodeCursor(secret, 'number', text), null, text);
  }
  const real = encodeCursor(secret, { segment: 'cleared', day: '2020-05-04', id: 8812 });
  const flipped = (real[30] === 'A' ? 'B' : 'A');
  assert.equal(decodeCursor(secret, 'clearance', real.slice(0, 30) + flipped + real.slice(31)), null, 'altered');
  assert.equal(decodeCursor('t'.repeat(40), 'clearance', real), null, 'another key');
  assert.equal(decodeCursor(secret, 'number', real), null, 'another order');
});
