import { addDays, parseDay } from '../shared/time.js';

/**
 * Vietnamese working days: Monday to Friday, except the days in the holiday set. Days are
 * 'YYYY-MM-DD' Vietnam calendar days (see shared/time.ts); the holiday set comes from the
 * `holidays` table (calendar.service.ts). Pure functions: no clock, no database.
 *
 * A day that is not a real date is a programming error (callers parse input first): RangeError.
 */

function checked(day: string): string {
  if (parseDay(day) === null) throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  return day;
}

/** Day of the week of a 'YYYY-MM-DD' day: 0 = Sunday, 1 = Monday … 6 = Saturday. */
export function dayOfWeek(day: string): number {
  const [y, m, d] = checked(day).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWorkingDay(day: string, holidays: ReadonlySet<string>): boolean {
  const weekday = dayOfWeek(day);
  return weekday !== 0 && weekday !== 6 && !holidays.has(day);
}

/**
 * The day `n` working days after `day` (n ≥ 0, a whole number): the start day itself is not
 * counted, whether it is a working day or not, so the result of n ≥ 1 is always a working day —
 * a case opened on Friday with 1 working day to acknowledge is due on Monday. n = 0 is `day` itself.
 */
export function addWorkingDays(day: string, n: number, holidays: ReadonlySet<string>): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`the number of working days must be a whole number ≥ 0: ${n}`);
  let current = checked(day);
  for (let left = n; left > 0;) {
    current = addDays(current, 1);
    if (isWorkingDay(current, holidays)) left--;
  }
  return current;
}

/**
 * Working days from `from` to `to`: those after `from` up to and including `to`, negative when `to`
 * is before `from`. The inverse of addWorkingDays: workingDaysBetween(d, addWorkingDays(d, n)) = n.
 */
export function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  checked(from);
  checked(to);
  if (to < from) return -workingDaysBetween(to, from, holidays);
  let count = 0;
  for (let day = from; day < to;) {
    day = addDays(day, 1);
    if (isWorkingDay(day, holidays)) count++;
  }
  return count;
}
