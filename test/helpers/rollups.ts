import { sql } from 'kysely';
import type { Db } from '../../src/db/database.js';

/** Every roll-up and business-office row that counts something (a row moved to zero counts nothing). */
export async function rollupSnapshot(db: Db) {
  const keys = new Set(['officer_id', 'unit_id', 'grain', 'period', 'kind', 'type_code', 'channel', 'business_id', 'office_id']);
  const rows = async (table: 'stat_rollups' | 'stat_rollups_fine' | 'business_offices' | 'business_main_offices') =>
    (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db.kysely)).rows
      .map((r) => Object.entries(r).map(([k, v]): [string, unknown] => [k, keys.has(k) && typeof v === 'string' ? v : Number(v)]))
      .filter((r) => r.some(([k, v]) => !keys.has(k) && v !== 0))
      .map((r) => JSON.stringify(r)).sort();
  return {
    coarse: await rows('stat_rollups'), fine: await rows('stat_rollups_fine'),
    offices: await rows('business_offices'), main: await rows('business_main_offices'),
  };
}
