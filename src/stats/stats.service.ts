import type { Kysely } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import type { Database, RatingChannel } from '../db/schema.js';
import type { DeclarationKind } from '../declarations/declaration-rules.js';
import { AppError, type Lang } from '../errors.js';
import { readSettings, type SettingDefaults, type SettingKey } from '../settings/settings.js';
import { parseDay, vietnamDay } from '../shared/time.js';
import { listCaseClearedMonths, type CaseSelection } from './case-figures.repository.js';
import { monthRangesWithout, officerPeriod, withheldMonths, type WithheldMonths } from './officer-figures.js';
import { loadCaseFigures, type CaseFigureGroup } from './case-figures.service.js';
import { addCounters, emptyCounters, isoWeek, reasonCounts, splitPeriod, statOf, type PeriodRange, type Stat } from './figures.js';
import { counterColumns, eligibleIndex, levelIndex, ratingChannels } from './rollup-columns.js';
import {
  assignmentUnitIds, findOfficerForStats, listUnitsForStats, officerNames, sumRollups,
  type RollupGroupColumn, type RollupSelection, type RollupSubjects,
} from './stats.repository.js';
import type { CaseFigures, Grouping, StatsQuery } from './stats.schema.js';

/**
 * GET /api/v1/stats, the dashboard and `hailong stats`: figures read from the roll-ups, within the
 * caller's scope. A leader asking for a unit or an officer outside the subtree gets not-found; an
 * officer account sees only its own figures. computeStatsWithCases adds the closed loop's figures
 * (case-figures.service.ts) for the same subjects.
 */
export interface StatGroupResult extends Stat {
  key: string;
  label: string;
  reasons: Record<string, number>;
}
export interface StatsResult {
  total: Stat & { reasons: Record<string, number> };
  groups: StatGroupResult[];
  /** An officer account's own figures only: the months left out (`withheldMonths`). */
  withheld?: WithheldMonths;
  /**
   * An officer account's own figures only: the period counted — whole months, up to the last one
   * whose rating window has closed (`officerPeriod`); `from` after `to` when none has.
   */
  period?: { from: string; to: string };
}

type StatsUnit = Awaited<ReturnType<typeof listUnitsForStats>>[number];
type Settings = Record<SettingKey, number>;

const firstDay = '1900-01-01';
const lastDay = '2199-12-31';
const channelLabels: Record<string, { vi: string; en: string }> = {
  0: { vi: 'Không phân luồng', en: 'No channel' }, 1: { vi: 'Luồng xanh', en: 'Green' }, 2: { vi: 'Luồng vàng', en: 'Yellow' }, 3: { vi: 'Luồng đỏ', en: 'Red' },
};

function checkedPeriod(query: StatsQuery): { from: string; to: string } {
  const from = query.from ?? firstDay;
  const to = query.to ?? lastDay;
  if (parseDay(from) === null) throw new AppError('invalid_date', { field: 'from', value: from });
  if (parseDay(to) === null) throw new AppError('invalid_date', { field: 'to', value: to });
  if (from > to) throw new AppError('invalid_period', { from, to });
  return { from, to };
}

function inSubtree(unit: StatsUnit, path: string): boolean {
  return unit.path.startsWith(path);
}

/** The unit asked for (or the default for the caller), checked against the scope. */
function resolveUnit(units: readonly StatsUnit[], scope: DataScope, code: string | undefined): StatsUnit[] {
  const scopePath = scope.kind === 'units' ? scope.path : null;
  if (code !== undefined) {
    const unit = units.find((u) => u.code === code);
    if (!unit || (scopePath !== null && !inSubtree(unit, scopePath))) throw new AppError('unit_not_found', { value: code });
    return [unit];
  }
  if (scopePath !== null) return units.filter((u) => u.path === scopePath);
  return units.filter((u) => u.parent_id === null);
}

async function resolveOfficer(db: Kysely<Database>, scope: DataScope, code: string | undefined, units: readonly StatsUnit[]) {
  if (code === undefined) return scope.kind === 'officer' ? { id: scope.officerId } : null;
  const officer = await findOfficerForStats(db, code);
  const notFound = new AppError('officer_not_found', { value: code });
  if (!officer) throw notFound;
  if (scope.kind === 'officer' && officer.id !== scope.officerId) throw notFound;
  if (scope.kind === 'units') {
    const served = new Set(await assignmentUnitIds(db, officer.id));
    if (!units.some((u) => served.has(u.id) && inSubtree(u, scope.path))) throw notFound;
  }
  return { id: officer.id };
}

const groupColumns: Record<Grouping, RollupGroupColumn | null> = {
  unit: 'unit_id', officer: 'officer_id', month: 'period', week: 'period', channel: 'channel', typeCode: 'type_code', level: null,
};

/** What the caller asked for, checked against the scope: the period, the selected units and the officer. */
interface Subjects {
  from: string;
  to: string;
  units: StatsUnit[];
  selected: StatsUnit[];
  officer: { id: number } | null;
  settings: Settings;
}

/** What the figures' callers pass beside the query. */
export interface StatsOptions {
  /** The environment's settings (`settingDefaultsOf`): RATING_WINDOW_DAYS ends an officer's period. */
  settingDefaults?: SettingDefaults;
}

async function resolveSubjects(db: Kysely<Database>, scope: DataScope, query: StatsQuery, options: StatsOptions): Promise<Subjects> {
  if (scope.kind === 'none' || scope.kind === 'businesses') throw new AppError('forbidden');
  const checked = checkedPeriod(query);
  const settings = await readSettings(db, options.settingDefaults);
  const { from, to } = scope.kind === 'officer' ? officerPeriod(query, checked, vietnamDay(Date.now()), settings.rating_window_days) : checked;
  const units = await listUnitsForStats(db);
  const selected = resolveUnit(units, scope, query.unit);
  return { from, to, units, selected, officer: await resolveOfficer(db, scope, query.officer, units), settings };
}

const subtreeIdsOf = (units: readonly StatsUnit[], roots: readonly StatsUnit[]) =>
  units.filter((u) => roots.some((r) => inSubtree(u, r.path))).map((u) => u.id);

export async function computeStats(db: Kysely<Database>, scope: DataScope, query: StatsQuery, lang: Lang = 'vi', options: StatsOptions = {}): Promise<StatsResult> {
  return figuresOf(db, scope, query, lang, await resolveSubjects(db, scope, query, options));
}

/** The evaluations of each month with figures, over whole-month ranges. */
async function evaluatedByMonth(db: Kysely<Database>, subjects: RollupSubjects, ranges: PeriodRange[]): Promise<{ month: string; evaluated: number }[]> {
  const monthly = await sumRollups(db, { ranges, subjects, groupBy: 'period' });
  return monthly.map((r) => ({ month: String(r.key), evaluated: statOf(r.counters, null, 0).evaluated }));
}

/**
 * The months whose cases an officer account sees: of the months in which its cases' declarations
 * were cleared (before the period too: a case opened in it may be about an earlier month, under a
 * rating window since shortened), those with enough of its evaluations to be shown.
 */
async function officerCaseMonthsShown(db: Kysely<Database>, subjects: Subjects, selection: CaseSelection): Promise<string[]> {
  const { officer, settings } = subjects;
  const months = officer ? await listCaseClearedMonths(db, selection) : [];
  if (!officer || months.length === 0) return [];
  const ranges = months.map((m): PeriodRange => ({ grain: 'm', from: m, to: m }));
  const monthly = await evaluatedByMonth(db, { kind: 'officers', officerId: officer.id, unitIds: null }, ranges);
  const evaluated = new Map(monthly.map((m) => [m.month, m.evaluated]));
  return months.filter((m) => (evaluated.get(m) ?? 0) >= settings.officer_min_evaluations);
}

async function figuresOf(db: Kysely<Database>, scope: DataScope, query: StatsQuery, lang: Lang, subjects: Subjects): Promise<StatsResult> {
  const { from, to, units, selected, officer, settings } = subjects;
  const groupBy = (query.groupBy ?? null) as Grouping | null;
  const subtreeIds = (roots: readonly StatsUnit[]) => subtreeIdsOf(units, roots);
  // Officer rows are limited to the credited units under the selected unit when one is given or implied by the scope.
  const officerUnits = query.unit !== undefined || scope.kind === 'units' ? subtreeIds(selected) : null;
  const rollupSubjects: RollupSubjects = officer
    ? { kind: 'officers', officerId: officer.id, unitIds: officerUnits }
    : { kind: 'units', unitIds: selected.map((u) => u.id) };
  let ranges = splitPeriod(from, to);
  let withheld: WithheldMonths | undefined;
  if (scope.kind === 'officer') {
    // Whole months only (officerPeriod): the ranges are of monthly rows.
    withheld = withheldMonths(await evaluatedByMonth(db, rollupSubjects, ranges), settings.officer_min_evaluations);
    ranges = monthRangesWithout(ranges, withheld.months).map((r): PeriodRange => ({ grain: 'm', ...r }));
  }
  const base = {
    ranges, kind: query.kind, typeCode: query.typeCode, channel: query.channel === undefined ? undefined : Number(query.channel),
  };
  const ratingChannel = (query.ratingChannel ?? null) as RatingChannel | null;
  const stat = (counters: readonly number[]) => statOf(filterChannel(counters, ratingChannel), ratingChannel, settings.rankable_min_evaluations);
  const [totalRow] = await sumRollups(db, { ...base, subjects: rollupSubjects, groupBy: null });
  const totalCounters = totalRow?.counters ?? emptyCounters();
  const total = { ...stat(totalCounters), reasons: reasonCounts(totalCounters) };
  const shown = withheld ? { withheld, period: { from, to } } : {};
  if (groupBy === null) return { total, groups: [], ...shown };
  if (groupBy === 'level') return { total, groups: levelGroups(totalCounters, stat), ...shown };

  const selection: RollupSelection = { ...base, subjects: rollupSubjects, groupBy: groupColumns[groupBy] };
  if (groupBy === 'unit' && !officer) {
    selection.subjects = { kind: 'units', unitIds: units.filter((u) => selected.some((s) => u.parent_id === s.id)).map((u) => u.id) };
  }
  // The units are always listed, even for the whole organisation: the roll-ups' unit index then reads only the period's rows.
  if (groupBy === 'officer' && !officer) selection.subjects = { kind: 'officers', officerId: null, unitIds: subtreeIds(selected) };
  if (groupBy === 'week') selection.ranges = [{ grain: 'd', from, to } satisfies PeriodRange];
  const sums = await sumRollups(db, selection);
  const folded = new Map<string, number[]>();
  for (const row of sums) {
    const key = groupKey(groupBy, row.key);
    folded.set(key, addCounters(folded.get(key) ?? emptyCounters(), row.counters));
  }
  const labels = await groupLabels(db, groupBy, [...folded.keys()], units, lang);
  const groups = [...folded].map(([key, counters]) => ({ key, label: labels.get(key) ?? key, ...stat(counters), reasons: reasonCounts(counters) }));
  const order = groupBy === 'unit' ? new Map(units.map((u, i) => [String(u.id), i])) : null;
  groups.sort((a, b) => (order ? (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0) : groupBy === 'officer' ? a.label.localeCompare(b.label, 'vi') : a.key < b.key ? -1 : 1));
  if (groupBy === 'unit') for (const g of groups) g.key = units.find((u) => String(u.id) === g.key)?.code ?? g.key;
  if (groupBy === 'officer') for (const g of groups) g.key = labels.get(`code:${g.key}`) ?? g.key;
  return { total, groups, ...shown };
}

export interface StatsWithCases extends StatsResult {
  cases: CaseFigures;
  /** With `byChildUnit`: the case figures of each child of the selected unit(s), in unit order. */
  caseGroups: CaseFigureGroup[];
}

/**
 * The figures and, beside them, the closed loop's (GET /api/v1/stats, `hailong stats`, the
 * dashboard's headline): the same scope, unit, officer and period, cases chosen by opening day.
 * An officer's case figures are those of the cases whose conclusion names the officer; an officer
 * account's leave out the cases of declarations cleared in a month it may not see (officerCaseMonthsShown).
 */
export async function computeStatsWithCases(
  db: Kysely<Database>, scope: DataScope, query: StatsQuery, lang: Lang = 'vi', options: StatsOptions & { now?: number; byChildUnit?: boolean } = {},
): Promise<StatsWithCases> {
  const subjects = await resolveSubjects(db, scope, query, options);
  const result = await figuresOf(db, scope, query, lang, subjects);
  const { units, selected, officer } = subjects;
  const officerCode = officer ? (await officerNames(db, [officer.id]))[0]?.code : null;
  const children = options.byChildUnit ? units.filter((u) => selected.some((s) => u.parent_id === s.id)) : [];
  const unitGroups = children.map((u) => ({ key: u.code, label: lang === 'vi' ? u.name_vi : u.name_en, unitIds: subtreeIdsOf(units, [u]) }));
  const selection = caseSelection(subjects, query, officerCode);
  if (scope.kind === 'officer') selection.onlyClearedMonths = await officerCaseMonthsShown(db, subjects, selection);
  const cases = await loadCaseFigures(db, selection, vietnamDay(options.now ?? Date.now()), unitGroups);
  return { ...result, cases: cases.total, caseGroups: cases.groups };
}

/** The cases of the subjects; an officer without a record (undefined code) has none. */
function caseSelection(subjects: Subjects, query: StatsQuery, officerCode: string | null | undefined): CaseSelection {
  return {
    unitIds: officerCode === undefined ? [] : subtreeIdsOf(subjects.units, subjects.selected), from: subjects.from, to: subjects.to,
    officerCode: officerCode ?? null, kind: query.kind as DeclarationKind | undefined, typeCode: query.typeCode,
    channel: query.channel === undefined ? undefined : Number(query.channel), ratingChannel: query.ratingChannel as RatingChannel | undefined,
  };
}

/** With a rating-channel filter, the other channels' evaluations do not count (eligible stays whole). */
function filterChannel(counters: readonly number[], ratingChannel: RatingChannel | null): readonly number[] {
  if (ratingChannel === null) return counters;
  const kept = [...counters];
  for (const c of ratingChannels) if (c !== ratingChannel) for (let l = 1; l <= 5; l++) kept[levelIndex(c, l)] = 0;
  return kept;
}

function groupKey(groupBy: Grouping, key: string | number | null): string {
  if (groupBy === 'month') return String(key).slice(0, 7);
  if (groupBy === 'week') return isoWeek(String(key));
  return String(key ?? '');
}

function levelGroups(total: readonly number[], stat: (c: readonly number[]) => Stat): StatGroupResult[] {
  return [1, 2, 3, 4, 5].map((level) => {
    const counters = new Array<number>(counterColumns.length).fill(0);
    counters[eligibleIndex] = total[eligibleIndex]!;
    for (const c of ratingChannels) counters[levelIndex(c, level)] = total[levelIndex(c, level)]!;
    return { key: String(level), label: String(level), ...stat(counters), reasons: reasonCounts(counters) };
  });
}

async function groupLabels(db: Kysely<Database>, groupBy: Grouping, keys: string[], units: readonly StatsUnit[], lang: Lang): Promise<Map<string, string>> {
  if (groupBy === 'unit') return new Map(units.map((u) => [String(u.id), lang === 'vi' ? u.name_vi : u.name_en]));
  if (groupBy === 'channel') return new Map(Object.entries(channelLabels).map(([k, v]) => [k, v[lang]]));
  if (groupBy === 'officer') {
    const names = await officerNames(db, keys.map(Number));
    return new Map(names.flatMap((o) => [[String(o.id), `${o.full_name} (${o.code})`], [`code:${o.id}`, o.code]]));
  }
  return new Map();
}
