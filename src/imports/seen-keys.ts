import { fmix32, Hash64 } from '../shared/hash64.js';

/**
 * The keys one import run has accepted, each with the line of its first occurrence, so that a key
 * repeated anywhere later in the file — in any write batch — is recognised as a duplicate.
 *
 * A JS `Set<string>` of 5 million declaration numbers costs several hundred megabytes; this is an
 * open-addressing (linear probing) table in one Uint32Array: each slot holds the key as 64 bits
 * (two words) and the first line (0 marks an empty slot), side by side so that a probe touches one
 * cache line. That is 12 bytes a slot; the table doubles when it is three quarters full, so it
 * holds 16–32 bytes a key (5 million keys: 2^23 slots, 96 MiB, plus the old table for the moment
 * of a doubling).
 *
 * Keys:
 * - exactly 12 ASCII digits (VNACCS declaration numbers) are stored as their value, exactly
 *   (< 10^12 < 2^40: the high word is < 2^8, its top bit clear), so two never collide;
 * - anything else (dossier numbers, tax codes, officer and day) is stored as a 63-bit hash: two
 *   independent 32-bit hashes of its UTF-16 code units (FNV-1a and a MurmurHash3-style mix), with
 *   the top bit of the high word set so that a hash never equals a 12-digit number. Two distinct
 *   keys with the same hash would be taken for a duplicate: among n hashed keys the chance of any
 *   such false duplicate is at most n²/2^64 — about 1.4 × 10^-6 for 5 million dossier numbers.
 */
export class SeenKeys {
  /** Slot i is `table[3i]` = key high word, `[3i + 1]` = key low word, `[3i + 2]` = first line. */
  private table: Uint32Array;
  private mask: number;
  private count = 0;
  // The key being looked up, as set by `setKey` (no allocation per call).
  private keyHi = 0;
  private keyLo = 0;
  private readonly hash = new Hash64();

  /** `capacity`: initial number of slots, rounded up to a power of two (at least 8). */
  constructor(capacity = 1024) {
    const slots = 2 ** Math.max(3, Math.ceil(Math.log2(Math.max(1, capacity))));
    this.table = new Uint32Array(slots * 3);
    this.mask = slots - 1;
  }

  /** Number of distinct keys recorded. */
  get size(): number {
    return this.count;
  }

  /** Bytes held by the table. */
  get byteLength(): number {
    return this.table.byteLength;
  }

  /**
   * Records `key` as first seen on `line` (1 ≤ line < 2^32), unless it was seen before: then returns
   * the line of its first occurrence and records nothing. The first occurrence always wins.
   */
  firstSeen(key: string, line: number): number | undefined {
    if (!Number.isInteger(line) || line < 1 || line > 0xffffffff) throw new RangeError(`line must be 1…2^32-1, got ${line}`);
    this.setKey(key);
    const { keyHi, keyLo, table } = this;
    let at = this.home(keyHi, keyLo) * 3;
    for (; table[at + 2] !== 0; at = at + 3 === table.length ? 0 : at + 3) {
      if (table[at] === keyHi && table[at + 1] === keyLo) return table[at + 2];
    }
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) {
      this.grow();
      at = this.freeSlot(keyHi, keyLo);
    }
    this.store(at, keyHi, keyLo, line);
    this.count++;
    return undefined;
  }

  private home(hi: number, lo: number): number {
    return fmix32(lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
  }

  /** Offset of the first empty slot from the key's home (the key is known to be absent). */
  private freeSlot(hi: number, lo: number): number {
    const { table } = this;
    let at = this.home(hi, lo) * 3;
    while (table[at + 2] !== 0) at = at + 3 === table.length ? 0 : at + 3;
    return at;
  }

  private store(at: number, hi: number, lo: number, line: number): void {
    this.table[at] = hi;
    this.table[at + 1] = lo;
    this.table[at + 2] = line;
  }

  private setKey(key: string): void {
    const value = twelveDigitValue(key);
    if (value >= 0) {
      this.keyHi = Math.floor(value / 0x100000000);
      this.keyLo = value >>> 0;
      return;
    }
    const hash = this.hash.reset();
    hash.text(key);
    this.keyHi = (hash.high | 0x80000000) >>> 0;
    this.keyLo = hash.low;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let from = 0; from < old.length; from += 3) {
      if (old[from + 2] !== 0) this.store(this.freeSlot(old[from]!, old[from + 1]!), old[from]!, old[from + 1]!, old[from + 2]!);
    }
  }
}

/** The value of a key of exactly 12 ASCII digits, or -1. */
function twelveDigitValue(key: string): number {
  if (key.length !== 12) return -1;
  let value = 0;
  for (let i = 0; i < 12; i++) {
    const digit = key.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
