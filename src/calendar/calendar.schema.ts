import { Type, type Static } from 'typebox';

// Inputs of the calendar administration: one schema each, for validation, types and form limits.

export const holidayNameMaxLength = 200;

/** The years the calendar page can show. */
export const calendarYears = { min: 2000, max: 2100 } as const;

/** A 'YYYY-MM-DD' day; whether it is a real date is checked by the service. */
const DayText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const HolidayBody = Type.Object({
  day: Type.String({ maxLength: 10 }),
  name_vi: Type.String({ maxLength: holidayNameMaxLength }),
  name_en: Type.String({ maxLength: holidayNameMaxLength }),
  _csrf: Type.Optional(Type.String()),
});
export type HolidayBody = Static<typeof HolidayBody>;

export const HolidayParams = Type.Object({ day: DayText });
export type HolidayParams = Static<typeof HolidayParams>;

/** GET /admin/calendar: the year shown, and what the last change was (for the notice). */
export const CalendarQuery = Type.Object({
  year: Type.Optional(Type.Integer({ minimum: calendarYears.min, maximum: calendarYears.max })),
  added: Type.Optional(DayText),
  removed: Type.Optional(DayText),
  lang: Type.Optional(Type.String()),
});
export type CalendarQuery = Static<typeof CalendarQuery>;
