import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Helpers shared by migrations. Frozen like the migrations: they never import application types.

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** 64-bit integer type: ids, foreign keys and epoch-millisecond instants. */
export function bigint(db: Kysely<any>): 'bigint' | 'integer' {
  return isPostgres(db) ? 'bigint' : 'integer';
}

/** An application-independent auto id: SQLite's rowid alias, PostgreSQL's identity column. */
export function idColumn(db: Kysely<any>) {
  const postgres = isPostgres(db);
  return (col: ColumnDefinitionBuilder) =>
    postgres ? col.generatedByDefaultAsIdentity().primaryKey() : col.primaryKey();
}
