import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_list_indexes.js';
import * as m0003 from './migrations/0003_accounts.js';

/** Migrations are listed here in order; their names never change once released. */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_list_indexes': m0002,
  '0003_accounts': m0003,
};

export const migrationProvider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/**
 * A migrator bound to the connection's own schema. On PostgreSQL, Kysely looks for its migration
 * tables in every schema unless told which one: another schema of the same database holding them
 * would make it skip creating its own and then fail.
 */
export async function createMigrator(db: Db): Promise<Migrator> {
  let migrationTableSchema: string | undefined;
  if (db.dialect === 'postgres') {
    const { rows } = await db.pool.query<{ schema: string }>('select current_schema() as schema');
    migrationTableSchema = rows[0]?.schema;
  }
  return new Migrator({ db: db.kysely, provider: migrationProvider, migrationTableSchema });
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = await createMigrator(db);
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
