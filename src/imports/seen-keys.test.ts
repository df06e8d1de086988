import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeenKeys } from './seen-keys.js';

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const declarationNo = (n: number) => String(n).padStart(12, '0');

test('the first occurrence of a key wins: a repeat gets the first line and records nothing', () => {
  const seen = new SeenKeys();
  assert.equal(seen.firstSeen('103456789012', 2), undefined);
  assert.equal(seen.firstSeen('HS/2020-0001', 3), undefined);
  assert.equal(seen.firstSeen('103456789012', 7), 2);
  assert.equal(seen.firstSeen('HS/2020-0001', 9), 3);
  assert.equal(seen.firstSeen('103456789012', 11), 2, 'a third occurrence still names the first line');
  assert.equal(seen.size, 2);
});

test('keys are compared exactly: leading zeros, length, case and spaces make different keys', () => {
  const seen = new SeenKeys();
  const keys = ['000000000001', '00000000001', '1', '100000000000', '000000000010', '999999999999', '000000000000',
    '10345678901A', '10345678901a', ' 10345678901', '1034567890123', '', 'A', 'B', 'AB', 'BA', 'Đ', 'D'];
  keys.forEach((key, i) => assert.equal(seen.firstSeen(key, i + 1), undefined, `"${key}" is new`));
  keys.forEach((key, i) => assert.equal(seen.firstSeen(key, 1000), i + 1, `"${key}" was seen on line ${i + 1}`));
  assert.equal(seen.size, keys.length);
});

test('a million consecutive declaration numbers are all distinct, and each repeat names its own line', () => {
  const seen = new SeenKeys(8);
  const first = 103_000_000_000;
  for (let i = 0; i < 1_000_000; i++) assert.equal(seen.firstSeen(declarationNo(first + i), i + 2), undefined);
  assert.equal(seen.size, 1_000_000);
  for (let i = 0; i < 1_000_000; i += 997) assert.equal(seen.firstSeen(declarationNo(first + i), 5_000_000), i + 2);
  assert.equal(seen.size, 1_000_000);
});

test('growing from 8 slots keeps every key and its line; the table stays within 12–32 bytes a key', () => {
  const seen = new SeenKeys(1);
  assert.equal(seen.byteLength, 8 * 12, 'the smallest table has 8 slots');
  for (let n = 1; n <= 200_000; n++) {
    assert.equal(seen.firstSeen(`TK-${n}`, n), undefined);
    if ((n & (n - 1)) === 0 || n % 9973 === 0) {
      const slots = seen.byteLength / 12;
      assert.equal(slots & (slots - 1), 0, 'a power of two slots');
      assert.ok(n * 4 <= slots * 3, `at most three quarters full (${n} keys in ${slots} slots)`);
      if (n >= 8) assert.ok(seen.byteLength / n <= 32, `${seen.byteLength / n} bytes a key at ${n} keys`);
    }
  }
  for (let n = 1; n <= 200_000; n++) assert.equal(seen.firstSeen(`TK-${n}`, 1), n);
});

test('agrees with a Map on random mixes of numbers and dossier codes with many repeats, through collisions and wrap-around', () => {
  for (const seed of [1, 2, 3, 42, 2020]) {
    const next = random(seed);
    const seen = new SeenKeys(8);
    const reference = new Map<string, number>();
    for (let line = 1; line <= 50_000; line++) {
      // Few distinct keys (repeats are common) of both shapes: exact 12-digit numbers and hashed codes.
      const pick = Math.floor(next() * 20_000);
      const key = next() < 0.5 ? declarationNo(100_000_000_000 + pick * 7919) : `HS${pick.toString(36).toUpperCase()}/${pick % 13}`;
      assert.equal(seen.firstSeen(key, line), reference.get(key), `seed ${seed}, line ${line}, key ${key}`);
      if (!reference.has(key)) reference.set(key, line);
    }
    assert.equal(seen.size, reference.size);
  }
});

test('keys that share the last home slot probe past the end of the table and wrap to its start', () => {
  // With this hash, these five keys all have home slot 7 of 8: they fill slots 7, 0, 1, 2, 3.
  const keys = ['000000000001', '000000000003', '000000000018', 'HS7', 'HS12'];
  const seen = new SeenKeys(8);
  keys.forEach((key, i) => assert.equal(seen.firstSeen(key, 10 + i), undefined));
  assert.equal(seen.byteLength, 8 * 12, 'five keys fit in eight slots without growing');
  keys.forEach((key, i) => assert.equal(seen.firstSeen(key, 99), 10 + i));
  assert.equal(seen.firstSeen('000000000024', 20), undefined, 'a sixth key with the same home still finds a slot');
  assert.equal(seen.firstSeen('X', 21), undefined, 'the seventh key doubles the table');
  assert.equal(seen.byteLength, 16 * 12);
  [...keys, '000000000024', 'X'].forEach((key, i) => assert.equal(seen.firstSeen(key, 99), i < 5 ? 10 + i : 15 + i));
});

test('lines are physical line numbers: 1 up to 2^32 - 1', () => {
  const seen = new SeenKeys();
  assert.equal(seen.firstSeen('a', 0xffffffff), undefined);
  assert.equal(seen.firstSeen('a', 1), 0xffffffff);
  for (const line of [0, -1, 1.5, 2 ** 32, Number.NaN]) assert.throws(() => seen.firstSeen('b', line), RangeError);
  assert.equal(seen.firstSeen('b', 1), undefined, 'a rejected line records nothing');
});
