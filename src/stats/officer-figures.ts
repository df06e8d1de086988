import { AppError } from '../errors.js';
import { addDays } from '../shared/time.js';
import { lastDayOfMonth, nextMonth, previousMonth } from './figures.js';
import type { StatsQuery } from './stats.schema.js';

/**
 * An officer's own figures never narrow down to one declaration, whose rater the officer could tell
 * (the officer sees the declarations handled, with their declarants): the period widens to whole
 * months and ends with the last month whose ratings can no longer arrive or change (the rating
 * window of its last day has closed: a month still being rated would show each new rating or
 * revision as it arrives), and the filters and groupings that single out a few declarations are
 * refused — the unit too: after a transfer a month's ratings fall under two units, one of them
 * perhaps with a single rating.
 */
export const officerRefusedFilters = ['unit', 'kind', 'typeCode', 'channel', 'ratingChannel'] as const;
const allowedGroupings: readonly string[] = ['officer', 'month', 'level'];

/** The last day of the last month whose declarations can no longer be rated (or their ratings revised). */
export function lastClosedMonthEnd(today: string, ratingWindowDays: number): string {
  // A declaration cleared on day D can be rated until D + window days at the same time of day.
  const closedThrough = addDays(today, -(ratingWindowDays + 1));
  const month = closedThrough.slice(0, 7);
  return closedThrough === lastDayOfMonth(month) ? closedThrough : lastDayOfMonth(previousMonth(month));
}

/** `today`: YYYY-MM-DD, Vietnam time; `ratingWindowDays`: the setting rating_window_days. */
export function officerPeriod(query: StatsQuery, period: { from: string; to: string }, today: string, ratingWindowDays: number): { from: string; to: string } {
  const refused = officerRefusedFilters.find((f) => query[f] !== undefined);
  if (refused) throw new AppError('officer_figures_restricted', { value: refused });
  if (query.groupBy !== undefined && !allowedGroupings.includes(query.groupBy)) {
    throw new AppError('officer_figures_restricted', { value: query.groupBy });
  }
  const lastClosed = lastClosedMonthEnd(today, ratingWindowDays);
  const to = lastDayOfMonth(period.to.slice(0, 7));
  return { from: `${period.from.slice(0, 7)}-01`, to: to < lastClosed ? to : lastClosed };
}

/**
 * An officer's months with fewer than `min` evaluations — none included — are left out of every
 * figure the officer sees, totals included: a month shown as "withheld" but counted in a longer
 * period's total would be told by difference (January–March less January–February). Only the
 * months are named: their number of evaluations, set beside the declarations the officer handled
 * that month, would tell which businesses rated (one evaluation, one declaration); and were a month
 * of none shown, "withheld" would say that somebody rated.
 */
export interface WithheldMonths {
  months: string[];
}

/** `monthly`: the months with figures (declarations or evaluations). */
export function withheldMonths(monthly: readonly { month: string; evaluated: number }[], min: number): WithheldMonths {
  return { months: monthly.filter((m) => m.evaluated < min).map((m) => m.month).sort() };
}

/** Month ranges (YYYY-MM, inclusive) without the given months: the runs between them. */
export function monthRangesWithout(ranges: readonly { from: string; to: string }[], months: readonly string[]): { from: string; to: string }[] {
  const left = new Set(months);
  return ranges.flatMap((range) => {
    const runs: { from: string; to: string }[] = [];
    let start: string | null = null;
    for (let month = range.from; month <= range.to; month = nextMonth(month)) {
      if (!left.has(month)) start ??= month;
      else if (start !== null) {
        runs.push({ from: start, to: previousMonth(month) });
        start = null;
      }
    }
    if (start !== null) runs.push({ from: start, to: range.to });
    return runs;
  });
}
