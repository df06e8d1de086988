import type { Kysely } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { AppError, type Lang } from '../errors.js';
import { latestVerification, type LatestVerification } from '../evaluations/chain-verify.service.js';
import { readSettings } from '../settings/settings.js';
import { vietnamDay } from '../shared/time.js';
import { localName } from '../web/format.js';
import { latestMonthWithFigures } from './dashboard-period.repository.js';
import { programmeFigures, type ProgrammeView } from './dashboard-programme.js';
import type { DashboardQuery, DashboardTable } from './dashboard-query.schema.js';
import { rankGroups, type Ranking } from './dashboard-ranking.js';
import { lastClosedMonthEnd } from './officer-figures.js';
import { findOfficerForStats, listUnitsForStats, officerNames } from './stats.repository.js';
import type { CaseFigureGroup } from './case-figures.service.js';
import type { CaseFigures, Grouping, StatsQuery } from './stats.schema.js';
import { computeStats, computeStatsWithCases, type StatGroupResult, type StatsOptions, type StatsResult } from './stats.service.js';

/**
 * What the dashboard shows, gathered from the figures service (which enforces the reader's scope:
 * a unit or officer outside it is not found). Figures, levels and reason categories only — the
 * figures service knows nothing of businesses, declarations or comments.
 */
export type StatsUnit = Awaited<ReturnType<typeof listUnitsForStats>>[number];
export type RankBy = 'units' | 'officers';

/** Where the reader stands: the unit drilled into (null above several roots) and the officer, if one is chosen. */
export interface DashboardPosition {
  /** The filters as the figures service takes them, with the period filled in. */
  query: StatsQuery;
  /** The year used when the reader gave no period, else null. */
  defaultYear: string | null;
  /** An officer account's period in which no month has finished being rated: nothing counted. */
  notClosed: boolean;
  units: StatsUnit[];
  unit: StatsUnit | null;
  /** From the top of the reader's scope down to the current unit. */
  trail: StatsUnit[];
  hasChildren: boolean;
  officer: { code: string; name: string } | null;
  /** Which groups the ranking compares (null when one officer is shown). */
  rankBy: RankBy | null;
}

export interface DashboardView extends DashboardPosition {
  total: StatsResult['total'];
  /** The closed loop's figures of the cases opened in the period, and of each child unit's. */
  cases: CaseFigures;
  caseGroups: CaseFigureGroup[];
  /** The children of the unit, or at a team its officers; null for one officer. */
  drill: { by: RankBy; groups: StatGroupResult[] } | null;
  months: StatGroupResult[];
  levels: StatGroupResult[];
  ranking: (Ranking<StatGroupResult> & { by: RankBy }) | null;
  minRankable: number;
  /** An officer account's own figures: the months left out, and the minimum they missed (setting officer_min_evaluations). */
  withheld: (StatsResult['withheld'] & { min: number }) | null;
  /** The last run of `hailong verify`, if any. */
  verification: LatestVerification | undefined;
  /** The partnership programme's figures, for those who may read them (else null). */
  programme: ProgrammeView | null;
}

const orEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

/** The form's fields as StatsQuery: empty fields are "not set". */
export function statsFilters(form: DashboardQuery): StatsQuery {
  const entries = Object.entries({
    unit: orEmpty(form.unit?.trim()), officer: orEmpty(form.officer?.trim()), from: orEmpty(form.from), to: orEmpty(form.to),
    kind: orEmpty(form.kind), typeCode: orEmpty(form.typeCode?.trim()), channel: orEmpty(form.channel), ratingChannel: orEmpty(form.ratingChannel),
  }).filter(([, value]) => value !== undefined);
  return Object.fromEntries(entries);
}

/**
 * Without a period, the year of the latest figures (or the current year in Vietnam when there are
 * none) — for an officer account, no later than the year of the last month it may see (officer-figures.ts).
 */
async function defaultPeriod(
  db: Kysely<Database>, scope: DataScope, query: StatsQuery, now: number, options: StatsOptions,
): Promise<{ query: StatsQuery; defaultYear: string | null }> {
  if (query.from !== undefined || query.to !== undefined) return { query, defaultYear: null };
  let year = ((await latestMonthWithFigures(db)) ?? vietnamDay(now)).slice(0, 4);
  if (scope.kind === 'officer') {
    const seen = lastClosedMonthEnd(vietnamDay(now), (await readSettings(db, options.settingDefaults)).rating_window_days).slice(0, 4);
    if (seen < year) year = seen;
  }
  return { query: { ...query, from: `${year}-01-01`, to: `${year}-12-31` }, defaultYear: year };
}

function currentUnit(units: readonly StatsUnit[], scope: DataScope, code: string | undefined): StatsUnit | null {
  if (code !== undefined) return units.find((u) => u.code === code) ?? null;
  if (scope.kind === 'units') return units.find((u) => u.path === scope.path) ?? null;
  const roots = units.filter((u) => u.parent_id === null);
  return roots.length === 1 ? roots[0]! : null;
}

/** The officer asked for, or the reader's own officer record for an officer account. */
async function chosenOfficer(db: Kysely<Database>, scope: DataScope, code: string | undefined) {
  const found = code !== undefined ? await findOfficerForStats(db, code)
    : scope.kind === 'officer' ? (await officerNames(db, [scope.officerId]))[0] : undefined;
  return found ? { code: found.code, name: found.full_name } : null;
}

/**
 * Resolves the reader's position. The figures service is asked first (total only), so that a unit
 * or officer outside the scope fails before anything else is read.
 */
async function position(db: Kysely<Database>, scope: DataScope, form: DashboardQuery, lang: Lang, now: number, options: StatsOptions) {
  const asked = await defaultPeriod(db, scope, statsFilters(form), now, options);
  const base = await computeStatsWithCases(db, scope, asked.query, lang, { ...options, now, byChildUnit: true });
  // An officer account's figures count whole closed months (officer-figures.ts): the page names that period.
  const counted = base.period;
  const notClosed = counted !== undefined && counted.from > counted.to;
  const query = counted && !notClosed ? { ...asked.query, ...counted } : asked.query;
  const { defaultYear } = asked;
  const units = await listUnitsForStats(db);
  const unit = currentUnit(units, scope, query.unit);
  const top = scope.kind === 'units' ? scope.path : '';
  // An officer account's figures are its own, never narrowed to a unit (officer-figures.ts): no unit to step to.
  const trail = unit && scope.kind !== 'officer' ? units.filter((u) => unit.path.startsWith(u.path) && u.path.startsWith(top)) : [];
  const hasChildren = unit ? units.some((u) => u.parent_id === unit.id) : true;
  const officer = await chosenOfficer(db, scope, query.officer);
  const oneOfficer = officer !== null;
  const rankBy: RankBy | null = oneOfficer ? null : form.rank === 'officers' || !hasChildren ? 'officers' : 'units';
  const visibleUnits = units.filter((u) => u.path.startsWith(top));
  const at: DashboardPosition = { query, defaultYear, notClosed, units: visibleUnits, unit, trail, hasChildren, officer, rankBy };
  return { at, total: base.total, cases: base.cases, caseGroups: oneOfficer ? [] : base.caseGroups, oneOfficer, withheld: base.withheld };
}

/** The groups of one grouping of the reader's figures. */
const groupings = (db: Kysely<Database>, scope: DataScope, lang: Lang, options: StatsOptions) =>
  async (query: StatsQuery, groupBy: Grouping) => (await computeStats(db, scope, { ...query, groupBy }, lang, options)).groups;

const groupingOf = (by: RankBy): Grouping => (by === 'units' ? 'unit' : 'officer');

export async function buildDashboard(
  db: Kysely<Database>, scope: DataScope, form: DashboardQuery, lang: Lang, now = Date.now(), options: StatsOptions = {},
): Promise<DashboardView> {
  const { at, total, cases, caseGroups, oneOfficer, withheld } = await position(db, scope, form, lang, now, options);
  const byGrouping = groupings(db, scope, lang, options);
  const drillBy: RankBy | null = oneOfficer ? null : at.hasChildren ? 'units' : 'officers';
  const drillGroups = drillBy ? await byGrouping(at.query, groupingOf(drillBy)) : [];
  const rankGroupsOf = at.rankBy === null ? [] : at.rankBy === drillBy ? drillGroups : await byGrouping(at.query, groupingOf(at.rankBy));
  const { rankable_min_evaluations: minRankable, officer_min_evaluations: officerMin } = await readSettings(db, options.settingDefaults);
  return {
    ...at,
    total,
    cases,
    caseGroups,
    drill: drillBy ? { by: drillBy, groups: drillGroups } : null,
    months: await byGrouping(at.query, 'month'),
    levels: await byGrouping(at.query, 'level'),
    ranking: at.rankBy ? { by: at.rankBy, ...rankGroups(rankGroupsOf) } : null,
    minRankable,
    withheld: withheld ? { ...withheld, min: officerMin } : null,
    verification: await latestVerification(db),
    programme: await programmeFigures(db, scope, at, lang, now),
  };
}

/** Whose figures the page shows: the officer, else the unit (empty above several roots). */
export function subjectName(at: Pick<DashboardPosition, 'officer' | 'unit'>, lang: Lang): string {
  if (at.officer) return `${at.officer.name} (${at.officer.code})`;
  return at.unit ? localName(lang, at.unit) : '';
}

export type DashboardTableData =
  | { kind: 'groups'; groups: StatGroupResult[] }
  | { kind: 'ranking'; ranking: Ranking<StatGroupResult> }
  | { kind: 'reasons'; reasons: Record<string, number> }
  | { kind: 'cases'; groups: CaseFigureGroup[] }
  | { kind: 'programme'; table: ProgrammeTable; programme: ProgrammeView };

type ProgrammeTable = Extract<DashboardTable, 'partnership' | 'associations' | 'problems'>;

/** One table of the dashboard, for its CSV download: the same figures the page shows. */
export async function dashboardTable(
  db: Kysely<Database>, scope: DataScope, form: DashboardQuery, table: DashboardTable, lang: Lang, now = Date.now(), options: StatsOptions = {},
): Promise<DashboardTableData> {
  const { at, total, cases, caseGroups } = await position(db, scope, form, lang, now, options);
  const byGrouping = groupings(db, scope, lang, options);
  switch (table) {
    case 'units': return { kind: 'groups', groups: await byGrouping(at.query, 'unit') };
    case 'officers': return { kind: 'groups', groups: await byGrouping(at.query, 'officer') };
    case 'months': return { kind: 'groups', groups: await byGrouping(at.query, 'month') };
    case 'levels': return { kind: 'groups', groups: await byGrouping(at.query, 'level') };
    case 'reasons': return { kind: 'reasons', reasons: total.reasons };
    case 'cases': return { kind: 'cases', groups: [{ key: at.officer?.code ?? at.unit?.code ?? '', label: subjectName(at, lang), ...cases }, ...caseGroups] };
    case 'partnership':
    case 'associations':
    case 'problems': {
      const programme = await programmeFigures(db, scope, at, lang, now);
      if (!programme) throw new AppError('forbidden');
      return { kind: 'programme', table, programme };
    }
    case 'ranking': {
      const groups = at.rankBy === null ? [] : await byGrouping(at.query, groupingOf(at.rankBy));
      return { kind: 'ranking', ranking: rankGroups(groups) };
    }
  }
}
