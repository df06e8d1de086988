import type { Kysely } from 'kysely';
import { loadHolidays } from '../calendar/calendar.service.js';
import { workingDaysBetween } from '../calendar/working-days.js';
import type { Case, CaseStatus, Database } from '../db/schema.js';
import { listCaseTimings, type CaseSelection } from './case-figures.repository.js';
import type { CaseFigures } from './stats.schema.js';

/**
 * The closed loop's figures: how cases opened in a period were acknowledged, concluded and
 * answered. The definitions are those of the CaseFigures schema (stats.schema.ts); the arithmetic
 * is pure and kept apart from the one read of the cases.
 */
export type CaseTiming = Pick<Case,
  'status' | 'opened_day' | 'acknowledge_due' | 'acknowledged_day' | 'conclude_due' | 'concluded_day' | 'finding' | 'business_answer'>;

/** A unit's row of the breakdown: the cases whose origin lies in its subtree. */
export interface CaseFigureGroup extends CaseFigures {
  key: string;
  label: string;
}

export interface CaseUnitGroup {
  key: string;
  label: string;
  unitIds: readonly number[];
}

/** part ÷ whole, rounded to 6 decimals as the other shares; null when the whole is empty. */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1e6) / 1e6 : null;
}

/** The middle value, or the mean of the two middle values; null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Concluded now: a disputed case sent back to verification is not, until it is concluded again. */
const concludedStatuses: readonly CaseStatus[] = ['concluded', 'responded', 'closed'];

export function isConcluded(c: Pick<CaseTiming, 'status' | 'concluded_day'>): boolean {
  return c.concluded_day !== null && concludedStatuses.includes(c.status);
}

/**
 * Met or missed: a deadline counts once it was met (done on or before its due day) or missed (done
 * after it, or still not done after it); a case still within its deadline is not counted either way.
 */
function deadlineShare(cases: readonly CaseTiming[], doneDay: (c: CaseTiming) => string | null, dueDay: (c: CaseTiming) => string, today: string) {
  const counted = cases.filter((c) => doneDay(c) !== null || today > dueDay(c));
  const met = counted.filter((c) => {
    const done = doneDay(c);
    return done !== null && done <= dueDay(c);
  });
  return shareOf(met.length, counted.length);
}

/** The figures of a set of cases as of `today` (a Vietnam day), working days from the holiday set. */
export function caseFiguresOf(cases: readonly CaseTiming[], today: string, holidays: ReadonlySet<string>): CaseFigures {
  const concluded = cases.filter(isConcluded);
  const answered = cases.filter((c) => c.business_answer !== null);
  return {
    opened: cases.length,
    acknowledgedOnTime: deadlineShare(cases, (c) => c.acknowledged_day, (c) => c.acknowledge_due, today),
    concludedOnTime: deadlineShare(cases, (c) => (isConcluded(c) ? c.concluded_day : null), (c) => c.conclude_due, today),
    medianDaysToConclude: median(concluded.map((c) => workingDaysBetween(c.opened_day, c.concluded_day!, holidays))),
    violationsConfirmed: shareOf(concluded.filter((c) => c.finding === 'violation_confirmed').length, concluded.length),
    accepted: shareOf(answered.filter((c) => c.business_answer === 'accepted' || c.business_answer === 'auto_accepted').length, answered.length),
    disputed: shareOf(answered.filter((c) => c.business_answer === 'disputed').length, answered.length),
  };
}

/**
 * The figures of the selected cases, and of each unit group (its subtree's share of them) — one
 * read of the cases for both.
 */
export async function loadCaseFigures(
  db: Kysely<Database>, selection: CaseSelection, today: string, unitGroups: readonly CaseUnitGroup[] = [],
): Promise<{ total: CaseFigures; groups: CaseFigureGroup[] }> {
  const rows = await listCaseTimings(db, selection);
  const holidays = rows.some(isConcluded) ? await loadHolidays(db) : new Set<string>();
  const groups = unitGroups.map((g) => {
    const ids = new Set(g.unitIds);
    return { key: g.key, label: g.label, ...caseFiguresOf(rows.filter((r) => ids.has(r.origin_unit_id)), today, holidays) };
  });
  return { total: caseFiguresOf(rows, today, holidays), groups };
}
