import type { Lang } from '../errors.js';

/** Texts of the working-day calendar page (feature-local catalogue; Vietnamese is the reference). */
const vi = {
  calendarTitle: 'Lịch ngày làm việc',
  calendarLead: 'Ngày làm việc là thứ Hai đến thứ Sáu, trừ các ngày nghỉ dưới đây (ngày lễ, Tết, nghỉ bù, nghỉ hoán đổi). Thời hạn xử lý tính theo lịch này; thay đổi có hiệu lực ngay và được ghi nhật ký.',
  year: 'Năm',
  show: 'Xem',
  previousYear: 'Năm trước',
  nextYear: 'Năm sau',
  workingDaysInYear: 'Năm {year} có {count} ngày làm việc.',
  holidaysOfYear: 'Ngày nghỉ năm {year}',
  noHolidays: 'Chưa có ngày nghỉ nào trong năm này.',
  day: 'Ngày',
  weekday: 'Thứ',
  nameVi: 'Tên tiếng Việt',
  nameEn: 'Tên tiếng Anh',
  remove: 'Xoá',
  addTitle: 'Thêm ngày nghỉ',
  add: 'Thêm',
  added: 'Đã thêm ngày nghỉ {day}.',
  removed: 'Đã xoá ngày nghỉ {day}.',
  weekdays: ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
};

const en: typeof vi = {
  calendarTitle: 'Working-day calendar',
  calendarLead: 'Working days are Monday to Friday except the days off below (public holidays, Tết, days in lieu, swapped days). Deadlines are counted on this calendar; changes apply at once and are audited.',
  year: 'Year',
  show: 'Show',
  previousYear: 'Previous year',
  nextYear: 'Next year',
  workingDaysInYear: '{year} has {count} working days.',
  holidaysOfYear: 'Days off in {year}',
  noHolidays: 'No days off in this year yet.',
  day: 'Day',
  weekday: 'Weekday',
  nameVi: 'Vietnamese name',
  nameEn: 'English name',
  remove: 'Remove',
  addTitle: 'Add a day off',
  add: 'Add',
  added: 'Day off {day} added.',
  removed: 'Day off {day} removed.',
  weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

export type CalendarMessages = typeof vi;

export function calendarMessages(lang: Lang): CalendarMessages {
  return lang === 'vi' ? vi : en;
}
