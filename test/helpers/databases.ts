import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { openDatabase, type Db, type Dialect } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const dialects: readonly Dialect[] = ['sqlite', 'postgres'];

export const postgresUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, migrated database: a temporary SQLite file, or a PostgreSQL schema of its own. */
export async function freshDatabase(dialect: Dialect): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'hailong-test-'));
    const url = `sqlite:${join(dir, 'test.db')}`;
    const db = await openDatabase(url);
    await migrateToLatest(db);
    return { db, url, async drop() { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const db = await openDatabase(postgresUrl, { schema, poolSize: 4 });
  await migrateToLatest(db);
  const url = `${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
  return {
    db,
    url,
    async drop() {
      await db.close();
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/** Declares one test per dialect, each on its own fresh database, dropped afterwards. */
export function dbTest(name: string, body: (db: Db, dialect: Dialect) => Promise<void>): void {
  for (const dialect of dialects) {
    test(`${name} [${dialect}]`, async () => {
      const fresh = await freshDatabase(dialect);
      try {
        await body(fresh.db, dialect);
      } finally {
        await fresh.drop();
      }
    });
  }
}

/** Returns once a connection to the database waits for a lock (polled, not timed). */
export async function untilALockIsAwaited(pool: pg.Pool): Promise<void> {
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`);
    if (rows[0]!.n > 0) return;
  }
}
