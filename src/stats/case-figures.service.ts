import type { Kysely } from 'kysely';
import type { Case, CaseStatus, Database } from '../db/schema.js';
import { countCases, listCaseTimings, type CaseSelection } from './case-figures.repository.js';
import type { CaseFigures } from './stats.schema.js';

/**
 * The closed loop's figures: how cases opened in a period were acknowledged, concluded and
 * answered. The definitions are those of the CaseFigures schema (stats.schema.ts); the arithmetic
 * is pure and kept apart from the one read of the cases.
 */
export type CaseTiming = Pick<Case,
  'status' | 'opened_day' | 'acknowledge_due' | 'acknowledged_day' | 'conclude_due' | 'concluded_day' | 'conclude_working_days' | 'finding' | 'business_answer'>;

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
export const concludedStatuses: readonly CaseStatus[] = ['concluded', 'responded', 'closed'];

export function isConcluded(c: Pick<CaseTiming, 'status' | 'concluded_day'>): boolean {
  return c.concluded_day !== null && concludedStatuses.includes(c.status);
}

/**
 * What the figures are made of. A deadline counts once it was met (done on or before its due day)
 * or missed (done after it, or still not done after it); a case still within its deadline is not
 * counted either way. `days`: how many concluded cases took each number of working days.
 */
export interface CaseCounts {
  opened: number;
  ackCounted: number;
  ackMet: number;
  concluded: number;
  concludeCounted: number;
  concludeMet: number;
  violations: number;
  answered: number;
  accepted: number;
  disputed: number;
  days: Map<number, number>;
}

function noCounts(): CaseCounts {
  return { opened: 0, ackCounted: 0, ackMet: 0, concluded: 0, concludeCounted: 0, concludeMet: 0, violations: 0, answered: 0, accepted: 0, disputed: 0, days: new Map() };
}

function addCounts(into: CaseCounts, c: CaseCounts): void {
  for (const k of ['opened', 'ackCounted', 'ackMet', 'concluded', 'concludeCounted', 'concludeMet', 'violations', 'answered', 'accepted', 'disputed'] as const) into[k] += c[k];
  for (const [days, n] of c.days) into.days.set(days, (into.days.get(days) ?? 0) + n);
}

/** The counts of a set of cases as of `today` (a Vietnam day). */
export function countsOf(cases: readonly CaseTiming[], today: string): CaseCounts {
  const counts = noCounts();
  for (const c of cases) {
    const done = isConcluded(c);
    counts.opened++;
    if (c.acknowledged_day !== null || today > c.acknowledge_due) counts.ackCounted++;
    if (c.acknowledged_day !== null && c.acknowledged_day <= c.acknowledge_due) counts.ackMet++;
    if (done || today > c.conclude_due) counts.concludeCounted++;
    if (done && c.concluded_day! <= c.conclude_due) counts.concludeMet++;
    if (done) {
      counts.concluded++;
      if (c.finding === 'violation_confirmed') counts.violations++;
      const days = c.conclude_working_days ?? 0;
      counts.days.set(days, (counts.days.get(days) ?? 0) + 1);
    }
    if (c.business_answer !== null) counts.answered++;
    if (c.business_answer === 'accepted' || c.business_answer === 'auto_accepted') counts.accepted++;
    if (c.business_answer === 'disputed') counts.disputed++;
  }
  return counts;
}

/** The middle value of a histogram (value → how many), or the mean of the two middle values; null when empty. */
export function medianOfCounts(histogram: ReadonlyMap<number, number>): number | null {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const sorted = [...histogram].sort(([a], [b]) => a - b);
  const at = (position: number) => {
    let seen = 0;
    for (const [value, n] of sorted) if ((seen += n) > position) return value;
    return sorted[sorted.length - 1]![0];
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

export function figuresOfCounts(c: CaseCounts): CaseFigures {
  return {
    opened: c.opened,
    acknowledgedOnTime: shareOf(c.ackMet, c.ackCounted),
    concludedOnTime: shareOf(c.concludeMet, c.concludeCounted),
    medianDaysToConclude: medianOfCounts(c.days),
    violationsConfirmed: shareOf(c.violations, c.concluded),
    accepted: shareOf(c.accepted, c.answered),
    disputed: shareOf(c.disputed, c.answered),
  };
}

/** The figures of a set of cases as of `today` (a Vietnam day). */
export function caseFiguresOf(cases: readonly CaseTiming[], today: string): CaseFigures {
  return figuresOfCounts(countsOf(cases, today));
}

/** The counts of the selected cases per origin unit: counted by the database, or — for an officer's few cases — one by one. */
async function countsByOrigin(db: Kysely<Database>, selection: CaseSelection, today: string): Promise<Map<number, CaseCounts>> {
  const byOrigin = new Map<number, CaseCounts>();
  const of = (unitId: number) => {
    let counts = byOrigin.get(unitId);
    if (!counts) byOrigin.set(unitId, counts = noCounts());
    return counts;
  };
  if (selection.officerCode !== null) {
    const rows = await listCaseTimings(db, selection);
    for (const unitId of new Set(rows.map((r) => r.origin_unit_id))) addCounts(of(unitId), countsOf(rows.filter((r) => r.origin_unit_id === unitId), today));
    return byOrigin;
  }
  for (const { origin_unit_id: unitId, days, ack_counted, ack_met, conclude_counted, conclude_met, ...rest } of await countCases(db, selection, today)) {
    addCounts(of(unitId), {
      ...rest, ackCounted: ack_counted, ackMet: ack_met, concludeCounted: conclude_counted, concludeMet: conclude_met,
      days: new Map(rest.concluded > 0 ? [[Math.max(days, 0), rest.concluded]] : []),
    });
  }
  return byOrigin;
}

/**
 * The figures of the selected cases, and of each unit group (its subtree's share of them) — one
 * count of the cases for both.
 */
export async function loadCaseFigures(
  db: Kysely<Database>, selection: CaseSelection, today: string, unitGroups: readonly CaseUnitGroup[] = [],
): Promise<{ total: CaseFigures; groups: CaseFigureGroup[] }> {
  const byOrigin = await countsByOrigin(db, selection, today);
  const sum = (unitIds: Iterable<number>) => {
    const counts = noCounts();
    for (const id of unitIds) {
      const c = byOrigin.get(id);
      if (c) addCounts(counts, c);
    }
    return figuresOfCounts(counts);
  };
  return {
    total: sum(byOrigin.keys()),
    groups: unitGroups.map((g) => ({ key: g.key, label: g.label, ...sum(new Set(g.unitIds)) })),
  };
}
