import type { Kysely } from 'kysely';
import { audit, type Actor } from '../audit/audit.service.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { parseDay } from '../shared/time.js';
import { deleteHoliday, insertHoliday, listHolidayDays, listHolidaysBetween, type Holiday } from './calendar.repository.js';
import { calendarYears, holidayNameMaxLength } from './calendar.schema.js';
import { workingDaysBetween } from './working-days.js';

/** The days that are not working days, as the working-day functions take them (admin edits included). */
export async function loadHolidays(db: Kysely<Database>): Promise<ReadonlySet<string>> {
  return new Set(await listHolidayDays(db));
}

export interface CalendarYear {
  year: number;
  holidays: Holiday[];
  /** Working days from 1 January to 31 December. */
  workingDays: number;
}

/** A year of the calendar: its days off and how many working days they leave. */
export async function calendarYear(db: Kysely<Database>, year: number): Promise<CalendarYear> {
  const holidays = await listHolidaysBetween(db, `${year}-01-01`, `${year}-12-31`);
  const workingDays = workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`, new Set(holidays.map((h) => h.day)));
  return { year, holidays, workingDays };
}

/** A real date in the years the calendar covers (2000–2100). */
export function isCalendarDay(day: string): boolean {
  const year = Number(day.slice(0, 4));
  return parseDay(day) !== null && year >= calendarYears.min && year <= calendarYears.max;
}

export interface NewHoliday {
  day: string;
  name_vi: string;
  name_en: string;
}

function requiredName(value: string, field: 'name_vi' | 'name_en'): string {
  const name = value.trim();
  if (name === '') throw new AppError('missing_field', { field });
  if (name.length > holidayNameMaxLength) throw new AppError('field_too_long', { field, max: holidayNameMaxLength });
  return name;
}

/** Adds a day to the calendar (audited); a day already there is holiday_exists, not a change of name. */
export async function addHoliday(db: Kysely<Database>, input: NewHoliday, actor: Actor, now = Date.now()): Promise<Holiday> {
  const day = input.day.trim();
  if (day === '') throw new AppError('missing_field', { field: 'day' });
  if (!isCalendarDay(day)) throw new AppError('invalid_date', { field: 'day', value: day });
  const holiday = { day, name_vi: requiredName(input.name_vi, 'name_vi'), name_en: requiredName(input.name_en, 'name_en'), created_at: now, updated_at: now };
  await db.transaction().execute(async (trx) => {
    if (!(await insertHoliday(trx, holiday))) throw new AppError('holiday_exists', { value: day });
    await audit(trx, actor, { action: 'create', entity: 'holiday', entityId: day, after: { name_vi: holiday.name_vi, name_en: holiday.name_en } }, now);
  });
  return holiday;
}

/** Removes a day from the calendar (audited): it becomes a working day again if it is a weekday. */
export async function removeHoliday(db: Kysely<Database>, day: string, actor: Actor, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await deleteHoliday(trx, day);
    if (!removed) throw new AppError('holiday_not_found', { value: day });
    await audit(trx, actor, { action: 'delete', entity: 'holiday', entityId: day, before: { name_vi: removed.name_vi, name_en: removed.name_en } }, now);
  });
}
