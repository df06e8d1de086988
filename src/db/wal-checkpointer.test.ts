import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase } from './database.js';
import { inList } from './in-list.js';
import { startCheckpointer, truncateLongWal } from './wal-checkpointer.js';

test('the main SQLite connection leaves checkpoints to the worker, which empties the log when the database closes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-wal-'));
  const path = join(dir, 'wal.db');
  try {
    const db = await openDatabase(`sqlite:${path}`);
    assert.equal(db.dialect, 'sqlite');
    if (db.dialect !== 'sqlite') return;
    assert.equal(db.sqlite.pragma('wal_autocheckpoint', { simple: true }), 0);
    // Another connection stays open, so closing ours is not the last close (which checkpoints by itself).
    const other = new SQLite(path);
    try {
      await sql`create table t (id integer primary key, v text)`.execute(db.kysely);
      for (let i = 0; i < 200; i++) await sql`insert into t (v) values (${'x'.repeat(2000)})`.execute(db.kysely);
      assert.ok(statSync(`${path}-wal`).size > 400_000, 'the log holds the writes');
      assert.deepEqual(other.prepare('select count(*) as n from t').get(), { n: 200 }, 'the other connection reads through the log');
      await db.close();
      assert.equal(statSync(`${path}-wal`).size, 0, 'the worker checkpointed and truncated the log on close');
      assert.deepEqual(other.prepare('select count(*) as n from t').get(), { n: 200 });
    } finally {
      other.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bulk writer that never pauses empties the log between its transactions once it passes its bound, beside the worker\'s checkpoints', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-wal-'));
  const path = join(dir, 'wal.db');
  const writer = new SQLite(path);
  try {
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('create table t (id integer primary key, v text)');
    const insert = writer.prepare('insert into t (v) values (?)');
    const bound = 200_000;
    const checkpointer = startCheckpointer(path, 5);
    try {
      let largest = 0;
      let emptied = false;
      // Small transactions, one after another; between them only the event loop turns (no waiting for time).
      for (let i = 0; i < 200_000 && !emptied; i++) {
        writer.transaction(() => { for (let k = 0; k < 5; k++) insert.run('x'.repeat(1000)); })();
        const before = statSync(`${path}-wal`).size;
        largest = Math.max(largest, before);
        truncateLongWal(writer, bound);
        emptied = before > bound && statSync(`${path}-wal`).size === 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      assert.ok(emptied, `the log was emptied once past its bound (largest ${largest} bytes)`);
    } finally {
      await checkpointer.stop();
    }
  } finally {
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('IN lists lose their duplicates and are padded to a power of two with the last value', () => {
  assert.deepEqual(inList([]), []);
  assert.deepEqual(inList([5]), [5]);
  assert.deepEqual(inList([5, 6, 5]), [5, 6]);
  assert.deepEqual(inList(['a', 'b', 'c']), ['a', 'b', 'c', 'c']);
  assert.equal(inList(Array.from({ length: 33 }, (_, i) => i)).length, 64);
});
