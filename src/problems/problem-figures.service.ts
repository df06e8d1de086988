import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.js';
import { dataScope, type DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { parseDay, vietnamDay } from '../shared/time.js';
import { problemFacts, latestProblemDay, type ProblemFact } from './problem-figures.repository.js';
import { answeredOnTime, problemOverdue } from './problem-rules.js';
import type { UnitGroup } from '../partnership/partnership-figures.service.js';

/**
 * Problem figures by answering unit and by month of receipt: received, answered, answered on time
 * (sent on or before the due day, in working days), overdue and still unanswered, and the
 * businesses' satisfaction with the answers (share of ratings at level 4 or 5, and the mean level).
 */
export interface ProblemTally {
  received: number;
  answered: number;
  onTime: number;
  overdue: number;
  rated: number;
  satisfied: number;
  ratingSum: number;
}

const emptyTally = (): ProblemTally => ({ received: 0, answered: 0, onTime: 0, overdue: 0, rated: 0, satisfied: 0, ratingSum: 0 });

export function addToTally(t: ProblemTally, f: Pick<ProblemFact, 'status' | 'due_day' | 'answered_day' | 'rating'>, today: string): void {
  t.received++;
  if (f.status === 'answered') t.answered++;
  if (answeredOnTime(f)) t.onTime++;
  if (problemOverdue(f, today)) t.overdue++;
  if (f.rating !== null) {
    t.rated++;
    t.ratingSum += f.rating;
    if (f.rating >= 4) t.satisfied++;
  }
}

/** Shares as fractions, null when there is nothing to divide by. */
export function shares(t: ProblemTally) {
  return {
    onTimeShare: t.answered === 0 ? null : t.onTime / t.answered,
    satisfiedShare: t.rated === 0 ? null : t.satisfied / t.rated,
    meanRating: t.rated === 0 ? null : t.ratingSum / t.rated,
  };
}

export interface FiguresQuery {
  from?: string | undefined;
  to?: string | undefined;
}

/** Beyond the reader's scope: only the problems routed to this unit's subtree; a row per group (its subtree's problems). */
export interface FiguresSelection {
  unitPath?: string | undefined;
  groups?: readonly UnitGroup[];
}

/** The period asked for; with neither bound, the year of the latest problem in scope (else this year). */
async function figuresPeriod(db: Kysely<Database>, scope: DataScope, query: FiguresQuery, now: number) {
  if (!query.from && !query.to) {
    const year = ((await latestProblemDay(db, scope)) ?? vietnamDay(now)).slice(0, 4);
    return { from: `${year}-01-01`, to: `${year}-12-31` };
  }
  const from = query.from || undefined;
  const to = query.to || undefined;
  if (from !== undefined && parseDay(from) === null) throw new AppError('invalid_date', { field: 'from', value: from });
  if (to !== undefined && parseDay(to) === null) throw new AppError('invalid_date', { field: 'to', value: to });
  if (from !== undefined && to !== undefined && from > to) throw new AppError('invalid_period', { from, to });
  return { from, to };
}

const withShares = (t: ProblemTally) => ({ ...t, ...shares(t) });

/** /problems/figures: the figures within the signed-in reader's scope. */
export function problemFigures(db: Kysely<Database>, principal: Principal, query: FiguresQuery, now = Date.now()) {
  return problemFiguresInScope(db, dataScope(principal), query, now);
}

/** The figures by answering unit, by month, in total, and for each unit group asked for (the dashboard). */
export async function problemFiguresInScope(db: Kysely<Database>, scope: DataScope, query: FiguresQuery, now = Date.now(), selection: FiguresSelection = {}) {
  const { from, to } = await figuresPeriod(db, scope, query, now);
  const today = vietnamDay(now);
  const units = new Map<number, { code: string; nameVi: string; nameEn: string; path: string; tally: ProblemTally }>();
  const months = new Map<string, ProblemTally>();
  const groups = (selection.groups ?? []).map((g) => ({ ...g, tally: emptyTally() }));
  const total = emptyTally();
  for (const f of await problemFacts(db, scope, { from, to, unitPath: selection.unitPath })) {
    const unit = units.get(f.unit_id) ?? { code: f.unit_code, nameVi: f.unit_name_vi, nameEn: f.unit_name_en, path: f.unit_path, tally: emptyTally() };
    units.set(f.unit_id, unit);
    const month = months.get(f.received_day.slice(0, 7)) ?? emptyTally();
    months.set(f.received_day.slice(0, 7), month);
    const inGroups = groups.filter((g) => f.unit_path.startsWith(g.path)).map((g) => g.tally);
    for (const t of [unit.tally, month, total, ...inGroups]) addToTally(t, f, today);
  }
  return {
    from, to,
    byUnit: [...units.values()].sort((a, b) => a.code.localeCompare(b.code)).map((u) => ({ code: u.code, nameVi: u.nameVi, nameEn: u.nameEn, path: u.path, ...withShares(u.tally) })),
    byMonth: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, t]) => ({ month, ...withShares(t) })),
    byGroup: groups.map((g) => ({ key: g.key, label: g.label, ...withShares(g.tally) })),
    total: withShares(total),
  };
}
export type ProblemFigures = Awaited<ReturnType<typeof problemFiguresInScope>>;
