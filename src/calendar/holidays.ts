/**
 * Vietnam's public holidays 2020–2030 as shipped: the seed of the `holidays` table (copied literally
 * into migration 0005, which must not import this file) and the reference the calendar tests check.
 * Administrators edit the table afterwards; this list is never read at run time.
 *
 * What is listed: every statutory holiday — Labour Code 2012 art. 115 for 2020, Labour Code 2019
 * art. 112 from 2021 — also when it falls on a weekend, and the weekdays off that go with them:
 * - New Year's Day (1/1); Reunification Day (30/4); International Labour Day (1/5).
 * - Tết: the last day of the lunar year and days 1–4 of the new one (five days).
 * - Hùng Kings' Commemoration: the 10th day of the 3rd lunar month.
 * - National Day: 2/9, and from 2021 one adjoining day, chosen by weekday of 2/9 as the government
 *   decided in 2021–2025 and assumed for later years: Monday, Thursday or Sunday → 3/9; Tuesday,
 *   Wednesday, Friday or Saturday → 1/9.
 * - Days in lieu (nghỉ bù, Labour Code 2019 art. 111(3)): a holiday on a Saturday or Sunday gives the
 *   next working day off — except a Tết day on a Saturday, which moves to the working day before, as
 *   every government Tết schedule since 2014 has done (2020: 23–29/1, 2021: 10–16/2, 2023: 20–26/1,
 *   2024: 8–14/2, 2025: 25/1–2/2 with Monday 27/1 off).
 * - Days swapped by the government for public employees (hoán đổi): Monday 29/4/2024 and Friday
 *   2/5/2025 are off. The Saturdays worked in exchange (4/5/2024, 26/4/2025) are not representable in
 *   a Monday–Friday calendar and are left out.
 * Years after 2026 follow these rules until the government announces them; admins adjust the table.
 */
export interface ShippedHoliday {
  readonly day: string;
  readonly name_vi: string;
  readonly name_en: string;
}

/**
 * Mùng 1 Tết (first day of the lunar year) in the Vietnamese calendar, which is reckoned at UTC+7,
 * and the length of the lunar month before it (the last day of the year is "29" or "30 tháng Chạp").
 * 2030 differs from the Chinese calendar (UTC+8): the new moon falls at about 16:07 UTC on 2 February,
 * 23:07 in Hanoi but past midnight in Beijing — Tết Canh Tuất is Saturday 2/2/2030 in Vietnam.
 */
export const lunarNewYear: Readonly<Record<number, { readonly day: string; readonly lastMonthDays: 29 | 30 }>> = {
  2020: { day: '2020-01-25', lastMonthDays: 30 },
  2021: { day: '2021-02-12', lastMonthDays: 30 },
  2022: { day: '2022-02-01', lastMonthDays: 29 },
  2023: { day: '2023-01-22', lastMonthDays: 30 },
  2024: { day: '2024-02-10', lastMonthDays: 30 },
  2025: { day: '2025-01-29', lastMonthDays: 29 },
  2026: { day: '2026-02-17', lastMonthDays: 29 },
  2027: { day: '2027-02-06', lastMonthDays: 29 },
  2028: { day: '2028-01-26', lastMonthDays: 29 },
  2029: { day: '2029-02-13', lastMonthDays: 29 },
  2030: { day: '2030-02-02', lastMonthDays: 29 },
};

/** Giỗ Tổ Hùng Vương, 10th day of the 3rd lunar month (2023 has a leap 2nd month, hence late April). */
export const hungKingsDay: Readonly<Record<number, string>> = {
  2020: '2020-04-02', 2021: '2021-04-21', 2022: '2022-04-10', 2023: '2023-04-29', 2024: '2024-04-18', 2025: '2025-04-07',
  2026: '2026-04-26', 2027: '2027-04-16', 2028: '2028-04-04', 2029: '2029-04-23', 2030: '2030-04-12',
};

type Names = readonly [vi: string, en: string];
const newYear: Names = ['Tết Dương lịch', "New Year's Day"];
const newYearInLieu: Names = ['Nghỉ bù Tết Dương lịch', "New Year's Day (day in lieu)"];
const tetEve29: Names = ['Tết Nguyên đán (29 tháng Chạp)', 'Tết (last day of the lunar year)'];
const tetEve30: Names = ['Tết Nguyên đán (30 tháng Chạp)', 'Tết (last day of the lunar year)'];
const tet1: Names = ['Tết Nguyên đán (mùng 1)', 'Tết (1st day of the lunar year)'];
const tet2: Names = ['Tết Nguyên đán (mùng 2)', 'Tết (2nd day of the lunar year)'];
const tet3: Names = ['Tết Nguyên đán (mùng 3)', 'Tết (3rd day of the lunar year)'];
const tet4: Names = ['Tết Nguyên đán (mùng 4)', 'Tết (4th day of the lunar year)'];
const tetInLieu: Names = ['Nghỉ bù Tết Nguyên đán', 'Tết (day in lieu)'];
const hungKings: Names = ['Giỗ Tổ Hùng Vương (10/3 âm lịch)', "Hùng Kings' Commemoration Day"];
const hungKingsInLieu: Names = ['Nghỉ bù Giỗ Tổ Hùng Vương', "Hùng Kings' Commemoration Day (day in lieu)"];
const reunification: Names = ['Ngày Chiến thắng (30/4)', 'Reunification Day (30 April)'];
const reunificationInLieu: Names = ['Nghỉ bù Ngày Chiến thắng', 'Reunification Day (day in lieu)'];
const labour: Names = ['Ngày Quốc tế Lao động (1/5)', 'International Labour Day (1 May)'];
const labourInLieu: Names = ['Nghỉ bù Ngày Quốc tế Lao động', 'International Labour Day (day in lieu)'];
const national: Names = ['Quốc khánh (2/9)', 'National Day (2 September)'];
const nationalAdjoining: Names = ['Quốc khánh (ngày liền kề)', 'National Day (adjoining day)'];
const nationalInLieu: Names = ['Nghỉ bù Quốc khánh', 'National Day (day in lieu)'];
const swap20240504: Names = ['Nghỉ hoán đổi (làm bù thứ Bảy 04/05/2024)', 'Day off swapped with Saturday 4 May 2024'];
const swap20250426: Names = ['Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)', 'Day off swapped with Saturday 26 April 2025'];

const days: readonly (readonly [day: string, names: Names])[] = [
  // 2020
  ['2020-01-01', newYear], ['2020-01-23', tetInLieu], ['2020-01-24', tetEve30], ['2020-01-25', tet1],
  ['2020-01-26', tet2], ['2020-01-27', tet3], ['2020-01-28', tet4], ['2020-01-29', tetInLieu],
  ['2020-04-02', hungKings], ['2020-04-30', reunification], ['2020-05-01', labour], ['2020-09-02', national],
  // 2021
  ['2021-01-01', newYear], ['2021-02-10', tetInLieu], ['2021-02-11', tetEve30], ['2021-02-12', tet1],
  ['2021-02-13', tet2], ['2021-02-14', tet3], ['2021-02-15', tet4], ['2021-02-16', tetInLieu],
  ['2021-04-21', hungKings], ['2021-04-30', reunification], ['2021-05-01', labour], ['2021-05-03', labourInLieu],
  ['2021-09-02', national], ['2021-09-03', nationalAdjoining],
  // 2022
  ['2022-01-01', newYear], ['2022-01-03', newYearInLieu], ['2022-01-31', tetEve29], ['2022-02-01', tet1],
  ['2022-02-02', tet2], ['2022-02-03', tet3], ['2022-02-04', tet4], ['2022-04-10', hungKings],
  ['2022-04-11', hungKingsInLieu], ['2022-04-30', reunification], ['2022-05-01', labour], ['2022-05-02', reunificationInLieu],
  ['2022-05-03', labourInLieu], ['2022-09-01', nationalAdjoining], ['2022-09-02', national],
  // 2023
  ['2023-01-01', newYear], ['2023-01-02', newYearInLieu], ['2023-01-20', tetInLieu], ['2023-01-21', tetEve30],
  ['2023-01-22', tet1], ['2023-01-23', tet2], ['2023-01-24', tet3], ['2023-01-25', tet4],
  ['2023-01-26', tetInLieu], ['2023-04-29', hungKings], ['2023-04-30', reunification], ['2023-05-01', labour],
  ['2023-05-02', hungKingsInLieu], ['2023-05-03', reunificationInLieu], ['2023-09-01', nationalAdjoining], ['2023-09-02', national],
  ['2023-09-04', nationalInLieu],
  // 2024
  ['2024-01-01', newYear], ['2024-02-08', tetInLieu], ['2024-02-09', tetEve30], ['2024-02-10', tet1],
  ['2024-02-11', tet2], ['2024-02-12', tet3], ['2024-02-13', tet4], ['2024-02-14', tetInLieu],
  ['2024-04-18', hungKings], ['2024-04-29', swap20240504], ['2024-04-30', reunification], ['2024-05-01', labour],
  ['2024-09-02', national], ['2024-09-03', nationalAdjoining],
  // 2025
  ['2025-01-01', newYear], ['2025-01-27', tetInLieu], ['2025-01-28', tetEve29], ['2025-01-29', tet1],
  ['2025-01-30', tet2], ['2025-01-31', tet3], ['2025-02-01', tet4], ['2025-04-07', hungKings],
  ['2025-04-30', reunification], ['2025-05-01', labour], ['2025-05-02', swap20250426], ['2025-09-01', nationalAdjoining],
  ['2025-09-02', national],
  // 2026
  ['2026-01-01', newYear], ['2026-02-16', tetEve29], ['2026-02-17', tet1], ['2026-02-18', tet2],
  ['2026-02-19', tet3], ['2026-02-20', tet4], ['2026-04-26', hungKings], ['2026-04-27', hungKingsInLieu],
  ['2026-04-30', reunification], ['2026-05-01', labour], ['2026-09-01', nationalAdjoining], ['2026-09-02', national],
  // 2027
  ['2027-01-01', newYear], ['2027-02-04', tetInLieu], ['2027-02-05', tetEve29], ['2027-02-06', tet1],
  ['2027-02-07', tet2], ['2027-02-08', tet3], ['2027-02-09', tet4], ['2027-02-10', tetInLieu],
  ['2027-04-16', hungKings], ['2027-04-30', reunification], ['2027-05-01', labour], ['2027-05-03', labourInLieu],
  ['2027-09-02', national], ['2027-09-03', nationalAdjoining],
  // 2028
  ['2028-01-01', newYear], ['2028-01-03', newYearInLieu], ['2028-01-24', tetInLieu], ['2028-01-25', tetEve29],
  ['2028-01-26', tet1], ['2028-01-27', tet2], ['2028-01-28', tet3], ['2028-01-29', tet4],
  ['2028-04-04', hungKings], ['2028-04-30', reunification], ['2028-05-01', labour], ['2028-05-02', reunificationInLieu],
  ['2028-09-01', nationalAdjoining], ['2028-09-02', national], ['2028-09-04', nationalInLieu],
  // 2029
  ['2029-01-01', newYear], ['2029-02-12', tetEve29], ['2029-02-13', tet1], ['2029-02-14', tet2],
  ['2029-02-15', tet3], ['2029-02-16', tet4], ['2029-04-23', hungKings], ['2029-04-30', reunification],
  ['2029-05-01', labour], ['2029-09-02', national], ['2029-09-03', nationalAdjoining], ['2029-09-04', nationalInLieu],
  // 2030
  ['2030-01-01', newYear], ['2030-01-31', tetInLieu], ['2030-02-01', tetEve29], ['2030-02-02', tet1],
  ['2030-02-03', tet2], ['2030-02-04', tet3], ['2030-02-05', tet4], ['2030-02-06', tetInLieu],
  ['2030-04-12', hungKings], ['2030-04-30', reunification], ['2030-05-01', labour], ['2030-09-02', national],
  ['2030-09-03', nationalAdjoining],
];

export const shippedHolidays: readonly ShippedHoliday[] = days.map(([day, [name_vi, name_en]]) => ({ day, name_vi, name_en }));
