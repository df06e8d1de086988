import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * The latest month with eligible declarations in the unit roll-ups ('YYYY-MM'), or undefined when
 * there are none: the dashboard's default period is that month's year. Unit rows only (officer_id
 * 0, the primary key's prefix), monthly grain: a few rows per unit and month.
 */
export async function latestMonthWithFigures(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db
    .selectFrom('stat_rollups')
    .select((eb) => eb.fn.max('period').as('latest'))
    .where('officer_id', '=', 0)
    .where('grain', '=', 'm')
    .where('eligible', '>', 0)
    .executeTakeFirst();
  return row?.latest ?? undefined;
}
