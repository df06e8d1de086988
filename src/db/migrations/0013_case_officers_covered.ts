import type { Kysely } from 'kysely';

// An officer's case figures select the cases whose conclusion names the officer (officers_json):
// with that column outside the covering index, every case of the units was read from the table to
// be tested. At the end of the index, the test runs on the index and only the officer's cases are read.
const figureColumns = ['origin_unit_id', 'concluded_now', 'conclude_working_days', 'opened_day', 'acknowledged_day', 'acknowledge_due', 'concluded_day',
  'conclude_due', 'finding', 'business_answer', 'kind', 'type_code', 'channel', 'rating_channel', 'status'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_origin_opened').execute();
  await db.schema.createIndex('cases_origin_opened').on('cases').columns([...figureColumns, 'officers_json']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_origin_opened').execute();
  await db.schema.createIndex('cases_origin_opened').on('cases').columns(figureColumns).execute();
}
