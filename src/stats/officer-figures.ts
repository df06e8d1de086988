import { AppError } from '../errors.js';
import { lastDayOfMonth, previousMonth } from './figures.js';
import type { StatsQuery } from './stats.schema.js';

/**
 * An officer's own figures never narrow down to one declaration, whose rater the officer could tell
 * (the officer sees the declarations handled, with their declarants): the period widens to whole
 * months and ends with the last complete month (a month still being rated would show each new
 * rating as it arrives), and the filters and groupings that single out a few declarations are refused.
 */
export const officerRefusedFilters = ['kind', 'typeCode', 'channel', 'ratingChannel'] as const;
const allowedGroupings: readonly string[] = ['unit', 'officer', 'month', 'level'];

/** `today`: YYYY-MM-DD, Vietnam time. */
export function officerPeriod(query: StatsQuery, period: { from: string; to: string }, today: string): { from: string; to: string } {
  const refused = officerRefusedFilters.find((f) => query[f] !== undefined);
  if (refused) throw new AppError('officer_figures_restricted', { value: refused });
  if (query.groupBy !== undefined && !allowedGroupings.includes(query.groupBy)) {
    throw new AppError('officer_figures_restricted', { value: query.groupBy });
  }
  const lastComplete = lastDayOfMonth(previousMonth(today.slice(0, 7)));
  const to = lastDayOfMonth(period.to.slice(0, 7));
  return { from: `${period.from.slice(0, 7)}-01`, to: to < lastComplete ? to : lastComplete };
}
