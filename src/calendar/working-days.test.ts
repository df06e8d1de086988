import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays } from '../shared/time.js';
import { shippedHolidays } from './holidays.js';
import { addWorkingDays, dayOfWeek, isWorkingDay, workingDaysBetween } from './working-days.js';

const none: ReadonlySet<string> = new Set();
const vietnam: ReadonlySet<string> = new Set(shippedHolidays.map((h) => h.day));

test('Monday to Friday are working days, Saturday and Sunday are not', () => {
  const week = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'];
  assert.deepEqual(week.map(dayOfWeek), [1, 2, 3, 4, 5, 6, 0]);
  assert.deepEqual(week.map((day) => isWorkingDay(day, none)), [true, true, true, true, true, false, false]);
});

test('a holiday on a weekday is not a working day; a holiday on a weekend changes nothing more', () => {
  assert.equal(isWorkingDay('2026-09-02', vietnam), false);
  assert.equal(isWorkingDay('2026-09-03', vietnam), true);
  const saturdayHoliday = new Set(['2026-03-07']);
  assert.equal(addWorkingDays('2026-03-06', 1, saturdayHoliday), '2026-03-09');
});

test('counting skips the weekend: Friday, Saturday and Sunday + 1 are all Monday', () => {
  for (const day of ['2026-03-06', '2026-03-07', '2026-03-08']) assert.equal(addWorkingDays(day, 1, none), '2026-03-09', day);
  assert.equal(addWorkingDays('2026-03-06', 5, none), '2026-03-13');
  assert.equal(addWorkingDays('2026-03-04', 10, none), '2026-03-18');
});

test('n = 0 is the start day itself, even a Saturday or a holiday', () => {
  assert.equal(addWorkingDays('2026-03-07', 0, vietnam), '2026-03-07');
  assert.equal(addWorkingDays('2026-02-17', 0, vietnam), '2026-02-17');
  assert.equal(workingDaysBetween('2026-02-17', '2026-02-17', vietnam), 0);
});

test('deadlines across 30/4 and 1/5, including the days swapped by the government', () => {
  assert.equal(addWorkingDays('2020-04-29', 1, vietnam), '2020-05-04');
  assert.equal(addWorkingDays('2021-04-29', 1, vietnam), '2021-05-04');
  assert.equal(addWorkingDays('2022-04-29', 1, vietnam), '2022-05-04');
  assert.equal(addWorkingDays('2023-04-28', 1, vietnam), '2023-05-04');
  assert.equal(addWorkingDays('2024-04-26', 1, vietnam), '2024-05-02');
  assert.equal(addWorkingDays('2025-04-29', 1, vietnam), '2025-05-05');
});

test('deadlines across 2/9 and the day attached to it', () => {
  assert.equal(addWorkingDays('2020-09-01', 1, vietnam), '2020-09-03');
  assert.equal(addWorkingDays('2021-09-01', 1, vietnam), '2021-09-06');
  assert.equal(addWorkingDays('2023-08-31', 1, vietnam), '2023-09-05');
  assert.equal(addWorkingDays('2025-08-29', 1, vietnam), '2025-09-03');
  assert.equal(addWorkingDays('2029-08-31', 1, vietnam), '2029-09-05');
});

test('deadlines across Tết, the longest break of the year', () => {
  assert.equal(addWorkingDays('2026-02-13', 1, vietnam), '2026-02-23');
  assert.equal(addWorkingDays('2026-02-13', 10, vietnam), '2026-03-06');
  assert.equal(addWorkingDays('2020-01-22', 1, vietnam), '2020-01-30');
  assert.equal(addWorkingDays('2024-02-07', 1, vietnam), '2024-02-15');
  assert.equal(addWorkingDays('2025-01-24', 1, vietnam), '2025-02-03');
  assert.equal(addWorkingDays('2030-01-30', 1, vietnam), '2030-02-07');
  assert.equal(workingDaysBetween('2026-02-13', '2026-02-23', vietnam), 1);
  assert.equal(workingDaysBetween('2026-01-31', '2026-02-28', vietnam), 15);
});

test('leap years: 29 February is a working day when it is a weekday; 2100 has none', () => {
  assert.equal(addWorkingDays('2024-02-28', 1, vietnam), '2024-02-29');
  assert.equal(addWorkingDays('2024-02-28', 2, vietnam), '2024-03-01');
  assert.equal(addWorkingDays('2028-02-28', 1, vietnam), '2028-02-29');
  assert.equal(addWorkingDays('2026-02-26', 2, vietnam), '2026-03-02');
  assert.equal(addWorkingDays('2100-02-26', 1, vietnam), '2100-03-01');
  assert.equal(workingDaysBetween('2024-02-27', '2024-03-01', none), 3);
  assert.equal(workingDaysBetween('2023-02-27', '2023-03-01', none), 2);
});

test('across the year boundary and New Year’s Day, with its day in lieu when it falls on a weekend', () => {
  assert.equal(addWorkingDays('2025-12-31', 1, vietnam), '2026-01-02');
  assert.equal(addWorkingDays('2021-12-31', 1, vietnam), '2022-01-04');
  assert.equal(addWorkingDays('2022-12-30', 1, vietnam), '2023-01-03');
  assert.equal(addWorkingDays('2019-12-31', 1, vietnam), '2020-01-02');
  assert.equal(workingDaysBetween('2025-12-31', '2026-01-02', vietnam), 1);
});

test('a year has its weekdays less its weekday holidays as working days', () => {
  assert.equal(workingDaysBetween('2019-12-31', '2020-12-31', none), 262);
  assert.equal(workingDaysBetween('2019-12-31', '2020-12-31', vietnam), 252);
  assert.equal(workingDaysBetween('2025-12-31', '2026-12-31', vietnam), 250);
});

test('workingDaysBetween counts the days after `from` up to `to`, and is negative backwards', () => {
  assert.equal(workingDaysBetween('2026-03-06', '2026-03-09', none), 1);
  assert.equal(workingDaysBetween('2026-03-09', '2026-03-06', none), -1);
  assert.equal(workingDaysBetween('2026-03-07', '2026-03-08', none), 0);
  assert.equal(workingDaysBetween('2026-03-02', '2026-03-06', none), 4);
});

/** The definition, spelled out one day at a time. */
function referenceCount(from: string, to: string): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !vietnam.has(day)) count++;
  }
  return count;
}

test('for every day 2019–2031, addWorkingDays lands on a working day that workingDaysBetween counts back', () => {
  for (let day = '2019-12-01'; day <= '2031-01-31'; day = addDays(day, 1)) {
    let previous = day;
    for (const n of [0, 1, 2, 5, 10, 23]) {
      const due = addWorkingDays(day, n, vietnam);
      assert.ok(due >= previous, `${day} + ${n}`);
      if (n > 0) assert.ok(isWorkingDay(due, vietnam), `${day} + ${n} = ${due} is a working day`);
      assert.equal(workingDaysBetween(day, due, vietnam), n, `${day} + ${n} = ${due}`);
      assert.equal(referenceCount(day, due), n, `${day} + ${n} = ${due} (reference)`);
      if (n > 0) assert.equal(referenceCount(day, addDays(due, -1)), n - 1, `${due} is the first day reaching ${n}`);
      previous = due;
    }
  }
});

test('a day that is not a real date, or a count that is not a whole number ≥ 0, is a programming error', () => {
  for (const day of ['2026-02-29', '2026-13-01', '26-02-13', '2026-2-13', '']) {
    assert.throws(() => addWorkingDays(day, 1, none), RangeError, day);
    assert.throws(() => isWorkingDay(day, none), RangeError, day);
    assert.throws(() => workingDaysBetween(day, '2026-02-13', none), RangeError, day);
  }
  for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) assert.throws(() => addWorkingDays('2026-02-13', n, none), RangeError, String(n));
});
