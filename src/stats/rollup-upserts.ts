import { counterColumns, eligibleIndex } from './rollup-columns.js';
import type { SummedRollupRows } from './eligible-counts.js';
import type { RollupDeltas } from './rollup-deltas.js';

/** The roll-up tables, and what their upserts share (rollups.repository, rollups.bulk-postgres). */
export const tables = [
  { name: 'stat_rollups', part: 'coarse', keys: ['officer_id', 'unit_id', 'grain', 'period'], keyTypes: ['bigint', 'bigint', 'text', 'text'] },
  {
    name: 'stat_rollups_fine', part: 'fine',
    keys: ['officer_id', 'unit_id', 'grain', 'period', 'kind', 'type_code', 'channel'], keyTypes: ['bigint', 'bigint', 'text', 'text', 'text', 'text', 'int'],
  },
] as const;
export type RollupTable = (typeof tables)[number];

export const width = counterColumns.length;

/** The key's values as bound: officer and unit ids and the channel are numbers. */
export function keyValues(key: string[]): unknown[] {
  return [Number(key[0]), Number(key[1]), ...tailValues(key.slice(2))];
}

/** The values after officer and unit (`grain`, `period`, and `kind`, `type_code`, `channel` in the fine table), as bound. */
export function tailValues(tail: string[]): unknown[] {
  return tail.length > 2 ? [tail[0], tail[1], tail[2], tail[3], Number(tail[4])] : [tail[0], tail[1]];
}

/** Bit i set: counter i is not zero. */
export function maskOf(counters: Int32Array, base: number): number {
  let mask = 0;
  for (let i = 0; i < width; i++) if (counters[base + i] !== 0) mask |= 1 << i;
  return mask;
}

export const columnsIn = (mask: number) => counterColumns.filter((_, i) => (mask & (1 << i)) !== 0);

export function upsertText(table: RollupTable, source: string, counters: readonly string[]): string {
  return `insert into ${table.name} (${[...table.keys, ...counters].join(', ')}) ${source}
    on conflict (${table.keys.join(', ')}) do update set ${counters.map((c) => `${c} = ${table.name}.${c} + excluded.${c}`).join(', ')}`;
}

/**
 * The union of a table's rows' masks and the counters it names, how many sources (the deltas, each
 * summed table) have rows of it, and whether the deltas are one of them; null without rows.
 */
export function maskAndIndexes(
  deltas: RollupDeltas, table: RollupTable, summed: readonly SummedRollupRows[] = [],
): { mask: number; indexes: number[]; sources: number; fromDeltas: boolean } | null {
  let mask = 0;
  let deltaRows = 0;
  deltas.forEachRowText(table.part, (_id, counters, base) => {
    mask |= maskOf(counters, base);
    deltaRows++;
  });
  const summedSources = summed.filter((rows) => rows[table.part].counts.length > 0).length;
  if (summedSources > 0) mask |= 1 << eligibleIndex;
  if (mask === 0) return null;
  return {
    mask, indexes: counterColumns.flatMap((_, i) => ((mask & (1 << i)) !== 0 ? [i] : [])), sources: (deltaRows > 0 ? 1 : 0) + summedSources, fromDeltas: deltaRows > 0,
  };
}
