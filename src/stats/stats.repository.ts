import { sql, type Kysely } from 'kysely';
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

/**
 * One branch per period range (union all), each a seek on its own index range — subject, grain and
 * period. An OR of the ranges left SQLite seeking on the subject alone and reading its whole history.
 */
export async function sumRollups(db: Kysely<Database>, s: RollupSelection): Promise<RollupSum[]> {
  if (s.ranges.length === 0) return [];
  const subjects = s.subjects;
  if (subjects.kind === 'units' && subjects.unitIds.length === 0) return [];
  if (subjects.kind === 'officers' && subjects.unitIds !== null && subjects.unitIds.length === 0) return [];
  const table = needsFineTable(s) ? 'stat_rollups_fine' : 'stat_rollups';
  const groupBy = s.groupBy;
  const branch = (range: PeriodRange) => {
    // The fine table has every column of the coarse one; typing it as the fine one keeps the dimensions checkable.
    let query = db.selectFrom(table as 'stat_rollups_fine')
      .select(counterColumns.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c)))
      .select(groupBy ? sql.ref<string | number>(groupBy).as('group_key') : sql<null>`null`.as('group_key'))
      .where('grain', '=', range.grain).where('period', '>=', range.from).where('period', '<=', range.to);
    if (subjects.kind === 'units') {
      query = query.where('officer_id', '=', 0).where('unit_id', 'in', subjects.unitIds);
    } else {
      query = subjects.officerId !== null ? query.where('officer_id', '=', subjects.officerId) : query.where('officer_id', '>', 0);
      if (subjects.unitIds !== null) query = query.where('unit_id', 'in', subjects.unitIds);
    }
    if (s.kind !== undefined) query = query.where('kind', '=', s.kind);
    if (s.typeCode !== undefined) query = query.where('type_code', '=', s.typeCode);
    if (s.channel !== undefined) query = query.where('channel', '=', s.channel);
    return groupBy ? query.groupBy(groupBy) : query;
  };
  const [first, ...rest] = s.ranges.map(branch);
  const rows = rest.length === 0
    ? await first!.execute()
    : await db.selectFrom(rest.reduce((union, b) => union.unionAll(b), first!).as('r'))
      .select(counterColumns.map((c) => sql<number>`sum(${sql.ref(`r.${c}`)})`.as(c)))
      .select('r.group_key')
      .groupBy('r.group_key')
      .execute();
  return rows.flatMap((row) => {
    const r = row as Record<string, unknown>;
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
