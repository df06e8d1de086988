import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { registerPipelinedPool } from './pipelined-transaction.js';
import { cachedStatement } from './statement-cache.js';
import { startCheckpointer } from './wal-checkpointer.js';

// PostgreSQL returns BIGINT (count(*), sums of integers, epoch-ms columns) and NUMERIC as strings.
// Every such value here fits in a double (epoch ms, counts), so convert them once, for every query.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export type Dialect = 'sqlite' | 'postgres';

/** A connected database: Kysely for repositories, and the bare driver for bulk loads. */
export type Db =
  | { readonly dialect: 'sqlite'; readonly kysely: Kysely<Database>; readonly sqlite: SQLite.Database; close(): Promise<void> }
  | { readonly dialect: 'postgres'; readonly kysely: Kysely<Database>; readonly pool: pg.Pool; close(): Promise<void> };

export interface OpenOptions {
  /** PostgreSQL schema to use (tests isolate each run in its own); created if absent. */
  readonly schema?: string;
  readonly poolSize?: number;
  /** SQLite: run the checkpointer thread (default true; a second connection to the same file, in another thread, leaves it to the first). */
  readonly checkpointer?: boolean;
  /** SQLite: how long a statement waits for another connection's write lock (default 5,000 ms). */
  readonly busyTimeoutMs?: number;
  /** SQLite: open an existing file only (a second connection must not create an empty database where one was removed). */
  readonly mustExist?: boolean;
}

export function sqlitePathOf(url: string): string {
  const path = url.slice('sqlite:'.length);
  return path === ':memory:' ? path : resolve(path);
}

/**
 * Kysely prepares every query anew: its statements come from the connection's cache
 * (src/db/statement-cache.ts). Its transactions begin IMMEDIATE: more than one connection writes to
 * the file (the evaluation writer's thread, src/evaluations/evaluation-writer.ts; a `hailong import`
 * process), and a deferred transaction that reads first cannot take the write lock once another
 * connection has committed since its read (SQLITE_BUSY_SNAPSHOT, not retried) — an immediate one
 * waits for the lock instead.
 */
function withStatementCache(sqlite: SQLite.Database) {
  return { close: () => sqlite.close(), prepare: (sql: string) => cachedStatement(sqlite, sql === 'begin' ? 'begin immediate' : sql) };
}

const closeHooks = new WeakMap<Kysely<Database>, (() => Promise<void>)[]>();

/** Runs `hook` when the database opened here as `kysely` closes, before its connections do (threads that hold their own connection to it). */
export function atClose(kysely: Kysely<Database>, hook: () => Promise<void>): void {
  const hooks = closeHooks.get(kysely);
  if (hooks) hooks.push(hook);
  else closeHooks.set(kysely, [hook]);
}

async function runCloseHooks(kysely: Kysely<Database>): Promise<void> {
  const hooks = closeHooks.get(kysely) ?? [];
  closeHooks.delete(kysely);
  await Promise.all(hooks.map((hook) => hook()));
}

const sqliteHandles = new WeakMap<Kysely<Database>, SQLite.Database>();

/**
 * The bare better-sqlite3 connection behind a Kysely instance opened here (undefined on PostgreSQL).
 * SQLite has one connection: inside a Kysely transaction of that instance, statements run on the
 * handle are part of the transaction — the hot paths use it for loops of prepared statements.
 */
export function sqliteOf(kysely: Kysely<Database>): SQLite.Database | undefined {
  return sqliteHandles.get(kysely);
}

/**
 * Takes SQLite's one connection the way a Kysely transaction does, for bare-driver writes that span
 * awaits: until the returned function is called, every Kysely query of this instance waits (and so
 * never runs inside, or interleaved with, that transaction).
 */
export function holdConnection(kysely: Kysely<Database>): Promise<() => void> {
  return new Promise((held) => {
    void kysely.connection().execute(() => new Promise<void>((release) => held(release)));
  });
}

/**
 * After a bulk load (the demo): PostgreSQL's planner statistics, so that the next queries do not
 * plan with the empty tables' figures. SQLite keeps none (the queries are written for that).
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  if (db.dialect !== 'postgres') return;
  await db.pool.query('analyze declarations, declaration_handlers, officers, officer_assignments, units, businesses, business_offices, business_main_offices, evaluations, cases, stat_rollups, stat_rollups_fine');
}

/**
 * SQLite's page cache, in KiB: 32 MiB for a connection that serves; 16 MiB during a file import,
 * whose peak RSS has a budget (300 MB): 1,000,000 rows, alternating runs, peak RSS 283–291 →
 * 262–270 MB, throughput unchanged (56,600–57,400 against 55,900–57,800 rows/s).
 */
export const sqliteCacheKib = { serving: 32768, import: 16384 } as const;

/** Runs `work` with SQLite's page cache at `kib` KiB, then sets it back (PostgreSQL: just runs it). */
export async function withSqliteCache<T>(db: Db, kib: number, work: () => Promise<T>): Promise<T> {
  if (db.dialect !== 'sqlite') return work();
  const before = Number(db.sqlite.pragma('cache_size', { simple: true }));
  db.sqlite.pragma(`cache_size = -${kib}`);
  try {
    return await work();
  } finally {
    db.sqlite.pragma(`cache_size = ${before}`);
  }
}

function openSqlite(url: string, options: OpenOptions): Db {
  const path = sqlitePathOf(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path, { fileMustExist: options.mustExist === true });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  sqlite.pragma(`cache_size = -${sqliteCacheKib.serving}`);
  const checkpointer = path === ':memory:' || options.checkpointer === false ? null : startCheckpointer(path);
  if (path !== ':memory:') sqlite.pragma('wal_autocheckpoint = 0');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  sqliteHandles.set(kysely, sqlite);
  return {
    dialect: 'sqlite',
    kysely,
    sqlite,
    async close() {
      await runCloseHooks(kysely);
      await kysely.destroy();
      await checkpointer?.stop();
    },
  };
}

async function openPostgres(url: string, options: OpenOptions): Promise<Db> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${schema}`);
    } finally {
      await admin.end();
    }
  }
  // jit=off: every query here is short (index reads, roll-up sums); compiling one costs more than it
  // saves, and a misestimate right after a bulk load would add a compile of hundreds of ms to a page.
  const config: pg.PoolConfig = {
    connectionString: url,
    max: options.poolSize ?? 10,
    options: `-c jit=off${schema ? ` -c search_path=${schema}` : ''}`,
  };
  const pool = new pg.Pool(config);
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // The group commits' connections (src/db/pipelined-transaction.ts): each writes one batch at a time.
  let pipelined: pg.Pool | undefined;
  registerPipelinedPool(kysely, () => (pipelined ??= new pg.Pool({ ...config, max: 4, pipeline: true })));
  return {
    dialect: 'postgres',
    kysely,
    pool,
    async close() {
      await runCloseHooks(kysely);
      await kysely.destroy();
      await pipelined?.end();
    },
  };
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Db> {
  if (url.startsWith('sqlite:')) return openSqlite(url, options);
  return openPostgres(url, options);
}
