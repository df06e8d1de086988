import type { RatingChannel } from '../db/schema.js';
import { counterColumns, eligibleIndex, evaluationReasons, levelIndex, levels, ratingChannels, reasonIndex } from './rollup-columns.js';

/** Pure arithmetic of the figures: no I/O. */

export interface Stat {
  eligible: number;
  evaluated: number;
  /** evaluated ÷ eligible; null when nothing was eligible. */
  evaluationRate: number | null;
  levels: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** Levels 4–5 ÷ evaluated; null when nothing was evaluated. */
  satisfactionShare: number | null;
  /** 95 % Wilson score interval of satisfactionShare; null when nothing was evaluated. */
  satisfactionCi: [number, number] | null;
  meanLevel: number | null;
  /** False under the minimum number of evaluations: such a group is never ranked. */
  rankable: boolean;
}

/** Wilson score interval for k successes in n trials (z = 1.96 for 95 %). */
export function wilsonInterval(k: number, n: number, z = 1.959964): [number, number] | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function emptyCounters(): number[] {
  return new Array<number>(counterColumns.length).fill(0);
}

export function addCounters(into: number[], from: readonly number[]): number[] {
  for (let i = 0; i < into.length; i++) into[i]! += from[i] ?? 0;
  return into;
}

/** Counts by level, of one rating channel or of all. */
export function levelCounts(counters: readonly number[], ratingChannel: RatingChannel | null): number[] {
  const channels: readonly RatingChannel[] = ratingChannel ? [ratingChannel] : ratingChannels;
  return levels.map((level) => channels.reduce((sum: number, c) => sum + counters[levelIndex(c, level)]!, 0));
}

export function reasonCounts(counters: readonly number[]): Record<string, number> {
  return Object.fromEntries(evaluationReasons.map((r) => [r, counters[reasonIndex(r)]!]));
}

export function statOf(counters: readonly number[], ratingChannel: RatingChannel | null, minRankable: number): Stat {
  const byLevel = levelCounts(counters, ratingChannel);
  const evaluated = byLevel.reduce((a, b) => a + b, 0);
  const eligible = counters[eligibleIndex]!;
  const satisfied = byLevel[3]! + byLevel[4]!;
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  const ci = wilsonInterval(satisfied, evaluated);
  return {
    eligible,
    evaluated,
    evaluationRate: eligible > 0 ? round(evaluated / eligible) : null,
    levels: { 1: byLevel[0]!, 2: byLevel[1]!, 3: byLevel[2]!, 4: byLevel[3]!, 5: byLevel[4]! },
    satisfactionShare: evaluated > 0 ? round(satisfied / evaluated) : null,
    satisfactionCi: ci ? [round(ci[0]), round(ci[1])] : null,
    meanLevel: evaluated > 0 ? round(byLevel.reduce((sum, n, i) => sum + n * (i + 1), 0) / evaluated) : null,
    rankable: evaluated >= minRankable,
  };
}

export interface PeriodRange {
  grain: 'd' | 'm';
  from: string;
  to: string;
}

/** YYYY-MM-DD of the month's last day. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The roll-up ranges that cover the days from..to exactly: whole months from the monthly rows, the
 * partial months at either edge from the daily rows. The cost follows the period, not the history.
 */
export function splitPeriod(from: string, to: string): PeriodRange[] {
  if (from > to) return [];
  const firstMonth = from.slice(0, 7);
  const lastMonth = to.slice(0, 7);
  const fullFrom = from.endsWith('-01') ? firstMonth : nextMonth(firstMonth);
  const fullTo = to === lastDayOfMonth(lastMonth) ? lastMonth : previousMonth(lastMonth);
  if (fullFrom > fullTo) return [{ grain: 'd', from, to }];
  const ranges: PeriodRange[] = [{ grain: 'm', from: fullFrom, to: fullTo }];
  if (fullFrom !== firstMonth) ranges.push({ grain: 'd', from, to: lastDayOfMonth(firstMonth) });
  if (fullTo !== lastMonth) ranges.push({ grain: 'd', from: `${lastMonth}-01`, to });
  return ranges;
}

/** ISO 8601 week of a day, 'YYYY-Www' (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
