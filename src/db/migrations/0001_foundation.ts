import { sql, type Kysely } from 'kysely';
import { bigint, idColumn, isPostgres } from './helpers.js';

// Foundation: organisation, officers, businesses, declarations with their handlers, API clients.
//
// The fact tables (declarations, declaration_handlers) carry no FOREIGN KEY constraints: on
// PostgreSQL the per-row FK triggers cut bulk-load throughput threefold (COPY 56 k → 18 k rows/s
// measured here). Their references are resolved by the feed's validation, the only write path,
// and units, officers and businesses are never deleted.
export async function up(db: Kysely<any>): Promise<void> {
  const big = bigint(db);
  const id = idColumn(db);

  await db.schema
    .createTable('units')
    .addColumn('id', big, id)
    .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('parent_id', big, (c) => c.references('units.id'))
    .addColumn('path', 'varchar(400)', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('name_vi', 'varchar(300)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(300)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('pilot_from', 'varchar(10)')
    .addColumn('pilot_to', 'varchar(10)')
    .addColumn('live_from', 'varchar(10)')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('units_parent').on('units').column('parent_id').execute();
  await db.schema.createIndex('units_path').on('units').column('path').execute();

  await db.schema
    .createTable('officers')
    .addColumn('id', big, id)
    .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('full_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('officer_assignments')
    .addColumn('id', big, id)
    .addColumn('officer_id', big, (c) => c.notNull().references('officers.id').onDelete('cascade'))
    .addColumn('unit_id', big, (c) => c.notNull().references('units.id'))
    .addColumn('from_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('to_day', 'varchar(10)')
    .execute();
  await db.schema
    .createIndex('officer_assignments_officer_day')
    .on('officer_assignments')
    .columns(['officer_id', 'from_day'])
    .execute();
  await db.schema.createIndex('officer_assignments_unit').on('officer_assignments').column('unit_id').execute();

  await db.schema
    .createTable('businesses')
    .addColumn('id', big, id)
    .addColumn('tax_code', 'varchar(14)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(300)', (c) => c.notNull())
    .addColumn('address', 'varchar(500)')
    .addColumn('email', 'varchar(254)')
    .addColumn('phone', 'varchar(40)')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('declarations')
    .addColumn('id', big, id)
    .addColumn('declaration_no', 'varchar(30)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('type_code', 'varchar(10)')
    .addColumn('office_id', big, (c) => c.notNull())
    .addColumn('declarant_id', big, (c) => c.notNull())
    .addColumn('declarant_name', 'varchar(300)', (c) => c.notNull())
    .addColumn('registered_at', big, (c) => c.notNull())
    .addColumn('registered_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('cleared_at', big)
    .addColumn('cleared_day', 'varchar(10)')
    .addColumn('channel', 'integer')
    .addColumn('content_hash', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('declarations_declarant').on('declarations').columns(['declarant_id', 'registered_at']).execute();
  await db.schema.createIndex('declarations_office_cleared').on('declarations').columns(['office_id', 'cleared_day']).execute();

  await db.schema
    .createTable('declaration_handlers')
    .addColumn('declaration_id', big, (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('step', 'varchar(30)', (c) => c.notNull())
    .addColumn('officer_id', big, (c) => c.notNull())
    .addColumn('unit_id', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('declaration_handlers_pk', ['declaration_id', 'seq'])
    // SQLite: rows live in the primary-key B-tree itself (one B-tree insert per handler, not two).
    .$call((builder) => (isPostgres(db) ? builder : builder.modifyEnd(sql`without rowid`)))
    .execute();
  await db.schema.createIndex('declaration_handlers_officer').on('declaration_handlers').column('officer_id').execute();

  await db.schema
    .createTable('api_clients')
    .addColumn('id', big, id)
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('key_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('revoked_at', big)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['api_clients', 'declaration_handlers', 'declarations', 'businesses', 'officer_assignments', 'officers', 'units']) {
    await db.schema.dropTable(table).execute();
  }
}
