import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db, Dialect } from '../src/db/database.js';
import { openDatabase, refreshPlannerStatistics } from '../src/db/database.js';
import { migrateToLatest, migrations } from '../src/db/migrate.js';
import { buildDemo } from '../src/demo/demo.service.js';
import { dialectLabel, dropSchema, schemaExists } from './bench-databases.js';
import { topUpRatings } from './stats-ratings.js';

/**
 * The figures bench's database: the demo (organisation, a year of declarations through the real
 * bulk writer with roll-ups, its ratings) at a given size, with ratings topped up to one declaration
 * in ten (the 1 million evaluations on 10 million declarations). Building 10 million
 * declarations takes long, so it is kept: a SQLite file under bench/.data/ (gitignored) and a
 * PostgreSQL schema `bench_stats_<n>`, keyed by size and the fixture version below. The schema
 * version is checked on every run: a cached database whose migrations are a prefix of today's is
 * brought forward by the real migrations, as a production database would be; one whose history
 * differs (a migration renamed or dropped) is rebuilt. A build interrupted half-way is never reused.
 */
const fixtureVersion = 2;
const secretKey = 'bench-stats-secret-key-'.padEnd(48, 'x');
export const dataDir = join(import.meta.dirname, '.data');

export function fixtureKey(declarations: number): string {
  return `stats-${declarations}-v${fixtureVersion}`;
}

/** Migrates a cached database forward; false when its migration history is not a prefix of today's. */
async function upgrade(db: Db, label: string): Promise<boolean> {
  const { rows } = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db.kysely);
  const current = migrations.map(([name]) => name);
  if (!rows.every((row, i) => row.name === current[i])) return false;
  const ran = await migrateToLatest(db);
  if (ran.length > 0) console.log(`  stats database, ${label}: cached, migrated forward by ${ran.join(', ')}`);
  return true;
}

export interface StatsDatabase {
  db: Db;
  /** Milliseconds the build took in this run, or null when the cached database was used. */
  buildMs: number | null;
  evaluations: number;
}

function progress(label: string, started: number) {
  let shown = 0;
  return (done: number, total: number) => {
    if (done < total && done - shown < total / 10) return;
    shown = done;
    console.log(`  building the stats database, ${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} declarations (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  };
}

async function build(db: Db, declarations: number, label: string): Promise<number> {
  await migrateToLatest(db);
  const started = performance.now();
  await buildDemo(db, { declarations, secretKey, onProgress: progress(label, started) });
  const added = await topUpRatings(db, secretKey, Math.round(declarations / 10));
  console.log(`  building the stats database, ${label}: ${added.toLocaleString('en-US')} ratings added to reach one declaration in ten (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  return performance.now() - started;
}

async function openSqlite(declarations: number): Promise<{ db: Db; buildMs: number | null }> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, `${fixtureKey(declarations)}.db`);
  if (existsSync(path)) {
    const db = await openDatabase(`sqlite:${path}`);
    if (await upgrade(db, 'SQLite')) return { db, buildMs: null };
    await db.close();
  }
  // Earlier builds of this size (other fixture versions, half-built files) only take disk space.
  for (const file of readdirSync(dataDir)) if (file.startsWith(`stats-${declarations}-`)) rmSync(join(dataDir, file), { force: true });
  const building = `${path}.building`;
  const db = await openDatabase(`sqlite:${building}`);
  const buildMs = await build(db, declarations, 'SQLite');
  await db.close();
  renameSync(building, path);
  return { db: await openDatabase(`sqlite:${path}`), buildMs };
}

async function openPostgres(declarations: number, postgresUrl: string): Promise<{ db: Db; buildMs: number | null }> {
  const schema = `bench_stats_${declarations}`;
  const key = fixtureKey(declarations);
  if (await schemaExists(postgresUrl, schema)) {
    const db = await openDatabase(postgresUrl, { schema });
    const marker = await sql<{ key: string }>`select key from bench_fixture`.execute(db.kysely).catch(() => ({ rows: [] }));
    if (marker.rows[0]?.key === key && await upgrade(db, 'PostgreSQL')) return { db: await analysed(db), buildMs: null };
    await db.close();
    await dropSchema(postgresUrl, schema);
  }
  const db = await openDatabase(postgresUrl, { schema });
  const buildMs = await build(db, declarations, 'PostgreSQL');
  await sql`create table bench_fixture (key text not null)`.execute(db.kysely);
  await sql`insert into bench_fixture (key) values (${key})`.execute(db.kysely);
  return { db: await analysed(db), buildMs };
}

/**
 * Autovacuum would analyse the loaded tables within minutes (it is off on the CI machine's server);
 * do it on every run, so that every run plans alike — the cases too (without statistics the case
 * figures were sorted on disk instead of hashed: 66 ms against 27 ms for a year of the organisation).
 */
async function analysed(db: Db): Promise<Db> {
  await refreshPlannerStatistics(db);
  return db;
}

export async function openStatsDatabase(dialect: Dialect, declarations: number, postgresUrl: string): Promise<StatsDatabase> {
  const opened = dialect === 'sqlite' ? await openSqlite(declarations) : await openPostgres(declarations, postgresUrl);
  const row = await opened.db.kysely.selectFrom('evaluations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (opened.buildMs !== null) console.log(`  stats database, ${dialectLabel(dialect)}: built in ${(opened.buildMs / 1000).toFixed(0)} s`);
  return { ...opened, evaluations: Number(row.n) };
}
