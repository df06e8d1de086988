import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import { isPostgres } from '../db/migrations/helpers.js';
import type { Database } from '../db/schema.js';
import type { PeriodRange } from './figures.js';
import { counterColumns } from './rollup-columns.js';

/**
 * Sums of roll-up rows — never of the facts. A selection names the subjects (units, or officers
 * within credited units), the period as day and month ranges, the filter dimensions (which need
 * the fine table), and at most one column to group by.
 */
export type RollupSubjects =
  | { kind: 'units'; unitIds: readonly number[] }
  | { kind: 'officers'; officerId: number | null; unitIds: readonly number[] | null };

export type RollupGroupColumn = 'unit_id' | 'officer_id' | 'period' | 'channel' | 'type_code';

export interface RollupSelection {
  subjects: RollupSubjects;
  ranges: readonly PeriodRange[];
  kind?: string;
  typeCode?: string;
  channel?: number;
  groupBy: RollupGroupColumn | null;
}

export interface RollupSum {
  key: string | number | null;
  counters: number[];
}

export function needsFineTable(s: Pick<RollupSelection, 'kind' | 'typeCode' | 'channel' | 'groupBy'>): boolean {
  return s.kind !== undefined || s.typeCode !== undefined || s.channel !== undefined || s.groupBy === 'channel' || s.groupBy === 'type_code';
}

type RollupQuery = SelectQueryBuilder<Database, 'stat_rollups_fine', Record<string, unknown>>;

/** The subjects' and dimensions' conditions. */
function filtered(query: RollupQuery, s: RollupSelection): RollupQuery {
  const subjects = s.subjects;
  if (subjects.kind === 'units') {
    query = query.where('officer_id', '=', 0).where('unit_id', 'in', subjects.unitIds);
  } else {
    query = subjects.officerId !== null ? query.where('officer_id', '=', subjects.officerId) : query.where('officer_id', '>', 0);
    if (subjects.unitIds !== null) query = query.where('unit_id', 'in', subjects.unitIds);
  }
  if (s.kind !== undefined) query = query.where('kind', '=', s.kind);
  if (s.typeCode !== undefined) query = query.where('type_code', '=', s.typeCode);
  if (s.channel !== undefined) query = query.where('channel', '=', s.channel);
  return query;
}

/** One range of the period: a grain and its periods. */
const inRange = (eb: ExpressionBuilder<Database, 'stat_rollups_fine'>, r: PeriodRange) =>
  eb.and([eb('grain', '=', r.grain), eb('period', '>=', r.from), eb('period', '<=', r.to)]);

const sums = (prefix = '') => counterColumns.map((c) => sql<number>`sum(${sql.ref(prefix + c)})`.as(c));

/**
 * The sums, grouped or not. The period's ranges (days, months, days) are read differently per
 * engine, as each reads them fastest: PostgreSQL combines the ranges' index scans itself (bitmap OR);
 * SQLite, given an OR of the ranges, seeks on the subject alone and reads its whole history — there
 * each range is a branch of a UNION ALL, a seek on subject, grain and period (on the bench's 10 M
 * declarations: SQLite p99 58 → 16 ms; the union on PostgreSQL p95 11 → 21 ms, so not there).
 */
export async function sumRollups(db: Kysely<Database>, s: RollupSelection): Promise<RollupSum[]> {
  if (s.ranges.length === 0) return [];
  const subjects = s.subjects;
  if (subjects.kind === 'units' && subjects.unitIds.length === 0) return [];
  if (subjects.kind === 'officers' && subjects.unitIds !== null && subjects.unitIds.length === 0) return [];
  // The fine table has every column of the coarse one; typing it as the fine one keeps the dimensions checkable.
  const from = () => db.selectFrom((needsFineTable(s) ? 'stat_rollups_fine' : 'stat_rollups') as 'stat_rollups_fine');
  const groupBy = s.groupBy;
  const grouped = (query: RollupQuery): RollupQuery => (groupBy
    ? query.select(sql.ref<string | number>(groupBy).as('group_key')).groupBy(groupBy)
    : query.select(sql<null>`null`.as('group_key')));
  let rows: Record<string, unknown>[];
  if (isPostgres(db)) {
    rows = await grouped(filtered(from().select(sums()).where((eb) => eb.or(s.ranges.map((r) => inRange(eb, r)))), s)).execute();
  } else {
    const [first, ...rest] = s.ranges.map((r) =>
      grouped(filtered(from().select(sums()).where((eb) => inRange(eb, r)), s)));
    rows = rest.length === 0
      ? await first!.execute()
      : await db.selectFrom(rest.reduce((union, b) => union.unionAll(b), first!).as('r')).select(sums('r.')).select('r.group_key').groupBy('r.group_key').execute();
  }
  return rows.flatMap((r) => {
    // An aggregate without GROUP BY over no rows is one row of nulls: no rows.
    if (!groupBy && counterColumns.every((c) => r[c] === null)) return [];
    return [{ key: groupBy ? (r.group_key as string | number) : null, counters: counterColumns.map((c) => Number(r[c] ?? 0)) }];
  });
}

/** Units for labels, subtrees and children: a few dozen rows. */
export function listUnitsForStats(db: Kysely<Database>) {
  return db.selectFrom('units').select(['id', 'code', 'parent_id', 'path', 'name_vi', 'name_en', 'kind']).orderBy('path').execute();
}

export function findOfficerForStats(db: Kysely<Database>, code: string) {
  return db.selectFrom('officers').select(['id', 'code', 'full_name']).where('code', '=', code).executeTakeFirst();
}

export function officerNames(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('officers').select(['id', 'code', 'full_name']).where('id', 'in', ids).execute();
}

/** Units the officer was ever assigned to: a leader may see an officer who served in the subtree. */
export async function assignmentUnitIds(db: Kysely<Database>, officerId: number): Promise<number[]> {
  const rows = await db.selectFrom('officer_assignments').select('unit_id').where('officer_id', '=', officerId).execute();
  return rows.map((r) => r.unit_id);
}
