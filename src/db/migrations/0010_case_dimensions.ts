import { sql, type Kysely } from 'kysely';

// The closed loop's figures filter cases by their declaration's kind, type and channel and by the
// channel of its current rating. Read through the declarations (an index lookup per case), that
// took most of a figures request on ten million declarations; each case now carries them, kept
// by the feed and by every rating, and the covering index that the figures read includes them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('kind', 'varchar(10)').execute();
  await db.schema.alterTable('cases').addColumn('type_code', 'varchar(10)').execute();
  await db.schema.alterTable('cases').addColumn('channel', 'integer').execute();
  await db.schema.alterTable('cases').addColumn('rating_channel', 'varchar(20)').execute();
  await sql`update cases set (kind, type_code, channel, rating_channel) = (
      select d.kind, d.type_code, d.channel, e.rating_channel from declarations d
      left join evaluations e on e.declaration_id = d.id where d.id = cases.declaration_id)`.execute(db);
  await db.schema.dropIndex('cases_origin_opened').execute();
  await db.schema.createIndex('cases_origin_opened').on('cases')
    .columns(['origin_unit_id', 'opened_day', 'status', 'acknowledged_day', 'acknowledge_due', 'concluded_day', 'conclude_due',
      'conclude_working_days', 'finding', 'business_answer', 'kind', 'type_code', 'channel', 'rating_channel'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_origin_opened').execute();
  await db.schema.createIndex('cases_origin_opened').on('cases')
    .columns(['origin_unit_id', 'opened_day', 'status', 'acknowledged_day', 'acknowledge_due', 'concluded_day', 'conclude_due',
      'conclude_working_days', 'finding', 'business_answer', 'declaration_id'])
    .execute();
  for (const column of ['rating_channel', 'channel', 'type_code', 'kind']) await db.schema.alterTable('cases').dropColumn(column).execute();
}
