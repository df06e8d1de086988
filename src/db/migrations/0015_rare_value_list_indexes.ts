import { sql, type Kysely } from 'kysely';
import { isPostgres } from './helpers.js';

// The declaration list walks the index of its rarest filter (0002). Only the rare values need one: a
// walk for the green or yellow channel (66 %, 31 % of declarations) or for imports or exports (52 %,
// 43 %) finds its page within a few rows of the clearance index, checking the filter row by row. So
// the channel and kind indexes keep only the red channel (3 %) and dossiers (5 %): every declaration
// the feed writes paid for both whole indexes (PostgreSQL, 1,000,000 declarations: 9.9 s into the
// table with them, 6.8 s without).
// On PostgreSQL declaration numbers compare byte by byte (collation "C"), as on SQLite: the feed and the
// API look numbers up, and a number search orders and bounds by it in the same order as the application.
// Rebuilding the number index locks the table (a large database: minutes); its statistics are made again.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('declarations_channel_cleared').execute();
  await db.schema.dropIndex('declarations_kind_cleared').execute();
  await db.schema.createIndex('declarations_red_channel_cleared').on('declarations').columns(['cleared_day', 'id'])
    .where(sql.ref('channel'), '=', sql.lit(3)).execute();
  await db.schema.createIndex('declarations_dossiers_cleared').on('declarations').columns(['cleared_day', 'id'])
    .where(sql.ref('kind'), '=', sql.lit('dossier')).execute();
  if (isPostgres(db)) {
    await sql`alter table declarations alter column declaration_no type varchar(30) collate "C"`.execute(db);
    await sql`analyze declarations`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await sql`alter table declarations alter column declaration_no type varchar(30) collate "default"`.execute(db);
  await db.schema.dropIndex('declarations_dossiers_cleared').execute();
  await db.schema.dropIndex('declarations_red_channel_cleared').execute();
  await db.schema.createIndex('declarations_channel_cleared').on('declarations').columns(['channel', 'cleared_day', 'id']).execute();
  await db.schema.createIndex('declarations_kind_cleared').on('declarations').columns(['kind', 'cleared_day', 'id']).execute();
}
