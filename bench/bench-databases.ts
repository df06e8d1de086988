import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Db, Dialect } from '../src/db/database.js';
import { openDatabase } from '../src/db/database.js';

/** Where the benches keep throwaway databases and files (gitignored). */
export const scratchDir = join(import.meta.dirname, '..', '.bench');

export const dialectLabel = (dialect: Dialect) => (dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL');

export interface BenchDatabase {
  url: string;
  /** The PostgreSQL schema, if any. */
  schema?: string;
  open(): Promise<Db>;
  drop(): Promise<void>;
}

function removeSqlite(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

/** A throwaway database: a SQLite file under .bench/, or a PostgreSQL schema named after the process. */
export function scratchDatabase(dialect: Dialect, name: string, postgresUrl: string): BenchDatabase {
  if (dialect === 'sqlite') {
    const path = join(scratchDir, `${name}.db`);
    removeSqlite(path);
    return { url: `sqlite:${path}`, open: () => openDatabase(`sqlite:${path}`), drop: async () => removeSqlite(path) };
  }
  const schema = `bench_${name}_${process.pid}`;
  return { url: postgresUrl, schema, open: () => openDatabase(postgresUrl, { schema }), drop: () => dropSchema(postgresUrl, schema) };
}

export async function dropSchema(postgresUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

export async function schemaExists(postgresUrl: string, schema: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select 1 from pg_namespace where nspname = $1', [schema]);
    return rows.length > 0;
  } finally {
    await client.end();
  }
}

/** The machine's load (what `uptime` prints: 1, 5, 15 minutes), printed beside every figure. */
export function loadAverage(): string {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(', ')} on ${cpus().length} cores`;
}
