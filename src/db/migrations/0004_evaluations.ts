import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { bigint, idColumn, isPostgres } from './helpers.js';

// Evaluations: the current evaluation of each declaration, every version (hash-chained in 16
// chains so concurrent writers on PostgreSQL rarely wait for one another), idempotency keys of the
// vendor API, chain verifications, and the roll-ups the figures are read from.
//
// Roll-ups: one row per subject (a unit, or an officer within the unit credited on the
// registration day), grain ('d' day / 'm' month) and period; `stat_rollups_fine` adds the filter
// dimensions (kind, type code, channel). Counters: eligible declarations, current evaluations by
// level × rating channel, and reasons.
const ratingChannels = ['software', 'link', 'portal'];
const reasons = ['attitude', 'delay', 'harassment', 'misconduct', 'professional_error', 'unclear_guidance', 'other'];
const counterColumns = [
  'eligible',
  ...ratingChannels.flatMap((c) => [1, 2, 3, 4, 5].map((l) => `l${l}_${c}`)),
  ...reasons.map((r) => `r_${r}`),
];

export async function up(db: Kysely<any>): Promise<void> {
  const big = bigint(db);
  const id = idColumn(db);
  const postgres = isPostgres(db);

  await db.schema
    .createTable('evaluations')
    .addColumn('declaration_id', big, (c) => c.primaryKey())
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('overall', 'integer', (c) => c.notNull())
    .addColumn('targets_json', 'text', (c) => c.notNull())
    .addColumn('reasons_json', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('rating_channel', 'varchar(10)', (c) => c.notNull())
    .addColumn('first_submitted_at', big, (c) => c.notNull())
    .addColumn('submitted_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evaluations_business').on('evaluations').columns(['business_id', 'submitted_at']).execute();

  await db.schema
    .createTable('evaluation_versions')
    .addColumn('id', big, id)
    .addColumn('declaration_id', big, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('overall', 'integer', (c) => c.notNull())
    .addColumn('targets_json', 'text', (c) => c.notNull())
    .addColumn('reasons_json', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('rating_channel', 'varchar(10)', (c) => c.notNull())
    .addColumn('submitted_at', big, (c) => c.notNull())
    .addColumn('submitted_by', 'varchar(60)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('chain', 'integer', (c) => c.notNull())
    .addColumn('chain_seq', big, (c) => c.notNull())
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('evaluation_versions_chain_seq', ['chain', 'chain_seq'])
    .execute();
  await db.schema.createIndex('evaluation_versions_declaration').on('evaluation_versions').columns(['declaration_id', 'version']).execute();

  await db.schema
    .createTable('evaluation_chain_heads')
    .addColumn('chain', 'integer', (c) => c.primaryKey())
    .addColumn('seq', big, (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  const genesis = '0'.repeat(64);
  await db
    .insertInto('evaluation_chain_heads')
    .values(Array.from({ length: 16 }, (_, chain) => ({ chain, seq: 0, hash: genesis })))
    .execute();

  await db.schema
    .createTable('chain_verifications')
    .addColumn('id', big, id)
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('records', big, (c) => c.notNull())
    .addColumn('problem', 'text')
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('client_id', big, (c) => c.notNull())
    .addColumn('key', 'varchar(200)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response_json', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['client_id', 'key'])
    .execute();

  const withCounters = (builder: CreateTableBuilder<any, any>) =>
    counterColumns.reduce((b, name) => b.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0)), builder);
  const withoutRowid = (builder: CreateTableBuilder<any, any>) => (postgres ? builder : builder.modifyEnd(sql`without rowid`));

  await db.schema
    .createTable('stat_rollups')
    .addColumn('officer_id', big, (c) => c.notNull())
    .addColumn('unit_id', big, (c) => c.notNull())
    .addColumn('grain', 'varchar(1)', (c) => c.notNull())
    .addColumn('period', 'varchar(10)', (c) => c.notNull())
    .$call(withCounters)
    .addPrimaryKeyConstraint('stat_rollups_pk', ['officer_id', 'unit_id', 'grain', 'period'])
    .$call(withoutRowid)
    .execute();
  await db.schema.createIndex('stat_rollups_unit').on('stat_rollups').columns(['unit_id', 'grain', 'period']).execute();

  await db.schema
    .createTable('stat_rollups_fine')
    .addColumn('officer_id', big, (c) => c.notNull())
    .addColumn('unit_id', big, (c) => c.notNull())
    .addColumn('grain', 'varchar(1)', (c) => c.notNull())
    .addColumn('period', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('type_code', 'varchar(10)', (c) => c.notNull())
    .addColumn('channel', 'integer', (c) => c.notNull())
    .$call(withCounters)
    .addPrimaryKeyConstraint('stat_rollups_fine_pk', ['officer_id', 'unit_id', 'grain', 'period', 'kind', 'type_code', 'channel'])
    .$call(withoutRowid)
    .execute();
  await db.schema.createIndex('stat_rollups_fine_unit').on('stat_rollups_fine').columns(['unit_id', 'grain', 'period']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['stat_rollups_fine', 'stat_rollups', 'idempotency_keys', 'chain_verifications', 'evaluation_chain_heads', 'evaluation_versions', 'evaluations']) {
    await db.schema.dropTable(table).execute();
  }
}
