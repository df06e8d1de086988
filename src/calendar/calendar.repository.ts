import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, HolidayTable } from '../db/schema.js';

type Q = Kysely<Database>;
export type Holiday = Selectable<HolidayTable>;

/** Every day of the calendar (a few hundred rows): the set the working-day functions take. */
export async function listHolidayDays(db: Q): Promise<string[]> {
  const rows = await db.selectFrom('holidays').select('day').orderBy('day').execute();
  return rows.map((r) => r.day);
}

/** The holidays from `from` to `to`, both included, in order. */
export function listHolidaysBetween(db: Q, from: string, to: string): Promise<Holiday[]> {
  return db.selectFrom('holidays').selectAll().where('day', '>=', from).where('day', '<=', to).orderBy('day').execute();
}

/** Inserts the holiday unless its day is already in the calendar; true when inserted. */
export async function insertHoliday(db: Q, holiday: Insertable<HolidayTable>): Promise<boolean> {
  const result = await db.insertInto('holidays').values(holiday).onConflict((oc) => oc.column('day').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Deletes the day's holiday and returns it, or undefined when the day was not in the calendar. */
export function deleteHoliday(db: Q, day: string): Promise<Holiday | undefined> {
  return db.deleteFrom('holidays').where('day', '=', day).returningAll().executeTakeFirst();
}
