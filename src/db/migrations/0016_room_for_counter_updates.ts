import { sql, type Kysely } from 'kysely';
import { isPostgres } from './helpers.js';

// PostgreSQL: the counter tables that every import transaction and every rating update in place keep
// room in their pages, so that an update writes the row's new version beside the old one (a HOT update:
// no new index entry, dead versions pruned on the page). Full pages made every business-office count a
// new tuple on another page plus a new index entry: an import of 1,000,000 declarations spent 11.5 s of
// server time on the business-office upserts (16,000 pairs a transaction), 4.0 s with room left.
// These tables stay small (businesses × offices; officers × units × periods). Pages written before
// keep their fill until the table is rewritten. No rewrite here, no lock that stops readers or writers.
const tables = [['business_offices', 50], ['business_main_offices', 50], ['stat_rollups', 70]] as const;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const [table, fillfactor] of tables) await sql`alter table ${sql.table(table)} set (fillfactor = ${sql.lit(fillfactor)})`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const [table] of tables) await sql`alter table ${sql.table(table)} reset (fillfactor)`.execute(db);
}
