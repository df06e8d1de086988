import { sql, type Kysely, type Migration } from 'kysely';
import type { Db } from './database.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_list_indexes.js';
import * as m0003 from './migrations/0003_accounts.js';
import * as m0004 from './migrations/0004_evaluations.js';
import * as m0005 from './migrations/0005_calendar.js';
import * as m0006 from './migrations/0006_cases.js';
import * as m0007 from './migrations/0007_partnership.js';
import * as m0008 from './migrations/0008_problems.js';
import * as m0009 from './migrations/0009_case_working_days.js';
import * as m0010 from './migrations/0010_case_dimensions.js';
import * as m0011 from './migrations/0011_evaluations_by_time.js';
import * as m0012 from './migrations/0012_case_concluded_now.js';
import * as m0013 from './migrations/0013_case_officers_covered.js';
import * as m0014 from './migrations/0014_case_figures_by_opening_on_postgres.js';
import * as m0015 from './migrations/0015_rare_value_list_indexes.js';
import * as m0016 from './migrations/0016_room_for_counter_updates.js';

/** Migrations in order; their names never change once released. */
export const migrations: readonly [name: string, migration: Migration][] = [
  ['0001_foundation', m0001],
  ['0002_list_indexes', m0002],
  ['0003_accounts', m0003],
  ['0004_evaluations', m0004],
  ['0005_calendar', m0005],
  ['0006_cases', m0006],
  ['0007_partnership', m0007],
  ['0008_problems', m0008],
  ['0009_case_working_days', m0009],
  ['0010_case_dimensions', m0010],
  ['0011_evaluations_by_time', m0011],
  ['0012_case_concluded_now', m0012],
  ['0013_case_officers_covered', m0013],
  ['0014_case_figures_by_opening_on_postgres', m0014],
  ['0015_rare_value_list_indexes', m0015],
  ['0016_room_for_counter_updates', m0016],
];

/*
 * A small migrator of our own rather than Kysely's: Kysely's reads the catalogue of every schema of
 * the PostgreSQL database (and fails when another client drops a schema meanwhile), and takes its
 * lock in separate tables. Here all pending migrations run in one transaction that holds a lock —
 * an advisory lock on PostgreSQL, the write lock on SQLite — so two processes starting at once
 * apply each migration exactly once, and a failing migration leaves the schema as it was.
 */
const lockKey = 2020_0401;

interface MigrationLog {
  schema_migrations: { name: string; applied_at: number };
}
type Trx = Kysely<MigrationLog>;

async function lock(trx: Trx, db: Db): Promise<void> {
  if (db.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${lockKey})`.execute(trx);
  else await sql`delete from schema_migrations where 1 = 0`.execute(trx);
}

async function ensureTable(db: Db): Promise<void> {
  await sql`create table if not exists schema_migrations (name varchar(100) primary key, applied_at bigint not null)`.execute(db.kysely);
}

async function applied(trx: Trx): Promise<Set<string>> {
  const rows = await trx.selectFrom('schema_migrations').select('name').execute();
  return new Set(rows.map((r) => r.name));
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  await ensureTable(db);
  return (db.kysely as unknown as Trx).transaction().execute(async (trx) => {
    await lock(trx, db);
    const done = await applied(trx);
    const ran: string[] = [];
    for (const [name, migration] of migrations) {
      if (done.has(name)) continue;
      await migration.up(trx);
      await trx.insertInto('schema_migrations').values({ name, applied_at: Date.now() }).execute();
      ran.push(name);
    }
    return ran;
  });
}

/** Reverts every applied migration, newest first (demo --reset on PostgreSQL). */
export async function migrateToZero(db: Db): Promise<void> {
  await ensureTable(db);
  await (db.kysely as unknown as Trx).transaction().execute(async (trx) => {
    await lock(trx, db);
    const done = await applied(trx);
    for (const [name, migration] of [...migrations].reverse()) {
      if (!done.has(name)) continue;
      await migration.down?.(trx);
      await trx.deleteFrom('schema_migrations').where('name', '=', name).execute();
    }
  });
}
