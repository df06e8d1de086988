import { isCalendarDay, loadHolidays } from '../calendar/calendar.service.js';
import { addWorkingDays } from '../calendar/working-days.js';
import type { Db } from '../db/database.js';
import { print, UsageError } from './output.js';

/** Beyond this a count is a typo, not a deadline (10 000 working days ≈ 40 years). */
const maxWorkingDays = 10_000;

const usage = 'calendar add-working-days needs a day YYYY-MM-DD (2000–2100) and a whole number N from 0 to 10000';

/**
 * `hailong calendar add-working-days YYYY-MM-DD N`: prints the day N working days later, counted on
 * the calendar in the database (with the administrators' changes).
 */
export async function calendarCommand(db: Db, action: string | undefined, args: readonly string[]): Promise<number> {
  if (action !== 'add-working-days') throw new UsageError('calendar needs add-working-days');
  const [day, count, ...extra] = args;
  if (day === undefined || count === undefined || extra.length > 0 || !isCalendarDay(day) || !/^\d{1,5}$/.test(count) || Number(count) > maxWorkingDays) {
    throw new UsageError(usage);
  }
  print(addWorkingDays(day, Number(count), await loadHolidays(db.kysely)));
  return 0;
}
