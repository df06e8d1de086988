import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, parseDay } from '../shared/time.js';
import { hungKingsDay, lunarNewYear, shippedHolidays } from './holidays.js';
import { dayOfWeek, isWorkingDay } from './working-days.js';

const years = Array.from({ length: 11 }, (_, i) => 2020 + i);
const byDay = new Map(shippedHolidays.map((h) => [h.day, h]));
const weekend = (day: string) => dayOfWeek(day) === 0 || dayOfWeek(day) === 6;
const inYear = (year: number) => shippedHolidays.filter((h) => h.day.startsWith(`${year}-`));

test('the shipped list holds real days of 2020–2030, in order, each once, named in both languages', () => {
  const days = shippedHolidays.map((h) => h.day);
  assert.deepEqual(days, [...new Set(days)].sort());
  for (const h of shippedHolidays) {
    assert.equal(parseDay(h.day), h.day);
    assert.ok(years.includes(Number(h.day.slice(0, 4))), h.day);
    assert.ok(h.name_vi.trim() !== '' && h.name_en.trim() !== '' && h.name_vi !== h.name_en, h.day);
  }
});

test('every year has New Year, 30/4, 1/5, 2/9 and Hùng Kings on its lunar date', () => {
  for (const year of years) {
    assert.match(byDay.get(`${year}-01-01`)?.name_vi ?? '', /^Tết Dương lịch$/, `${year}`);
    assert.match(byDay.get(`${year}-04-30`)?.name_vi ?? '', /^Ngày Chiến thắng/, `${year}`);
    assert.match(byDay.get(`${year}-05-01`)?.name_vi ?? '', /^Ngày Quốc tế Lao động/, `${year}`);
    assert.match(byDay.get(`${year}-09-02`)?.name_vi ?? '', /^Quốc khánh \(2\/9\)/, `${year}`);
    assert.match(byDay.get(hungKingsDay[year]!)?.name_vi ?? '', /^Giỗ Tổ Hùng Vương \(10\/3/, `${year}`);
  }
});

test('Tết is the last day of the lunar year and days 1 to 4 of the new one, on the lunar dates', () => {
  for (const year of years) {
    const { day: first, lastMonthDays } = lunarNewYear[year]!;
    assert.equal(byDay.get(addDays(first, -1))?.name_vi, `Tết Nguyên đán (${lastMonthDays} tháng Chạp)`, `${year}`);
    for (let n = 1; n <= 4; n++) assert.equal(byDay.get(addDays(first, n - 1))?.name_vi, `Tết Nguyên đán (mùng ${n})`, `${year}`);
  }
});

test('the Tết breaks match the government schedules for public employees, 2020–2026', () => {
  const breaks: [first: string, last: string][] = [
    ['2020-01-23', '2020-01-29'], ['2021-02-10', '2021-02-16'], ['2022-01-29', '2022-02-06'], ['2023-01-20', '2023-01-26'],
    ['2024-02-08', '2024-02-14'], ['2025-01-25', '2025-02-02'], ['2026-02-14', '2026-02-22'],
  ];
  const holidays = new Set(byDay.keys());
  for (const [first, last] of breaks) {
    for (let day = first; day <= last; day = addDays(day, 1)) assert.equal(isWorkingDay(day, holidays), false, day);
    assert.ok(isWorkingDay(addDays(first, -3), holidays) || isWorkingDay(addDays(first, -1), holidays), `the break starts on ${first}`);
    assert.ok(isWorkingDay(addDays(last, 1), holidays), `the break ends on ${last}`);
  }
});

test('from 2021, 2/9 has one adjoining day, 1/9 or 3/9', () => {
  for (const year of years.filter((y) => y >= 2021)) {
    const adjoining = [`${year}-09-01`, `${year}-09-03`].filter((day) => byDay.get(day)?.name_vi === 'Quốc khánh (ngày liền kề)');
    assert.equal(adjoining.length, 1, `${year}`);
  }
  assert.equal(byDay.has('2020-09-01') || byDay.has('2020-09-03'), false, 'the Labour Code 2012 gave 2/9 alone');
});

test('days in lieu and swapped days are weekdays; a year has 10 weekdays off under the 2012 code, 11 from 2021, plus swaps', () => {
  for (const h of shippedHolidays) {
    if (/^Nghỉ (bù|hoán đổi)/.test(h.name_vi)) assert.equal(weekend(h.day), false, h.day);
  }
  const weekdaysOff = years.map((year) => inYear(year).filter((h) => !weekend(h.day)).length);
  assert.deepEqual(weekdaysOff, [10, 11, 11, 11, 12, 12, 11, 11, 11, 11, 11]);
  const onWeekends = shippedHolidays.filter((h) => weekend(h.day)).length;
  const inLieu = shippedHolidays.filter((h) => h.name_vi.startsWith('Nghỉ bù')).length;
  assert.equal(inLieu, onWeekends, 'each holiday on a weekend has its day in lieu');
});
