import type { DeclarationKey, DeclarationSegment } from './declaration-list.repository.js';

/**
 * The key range one read of the list walks, as one lower and one upper bound on the indexed column.
 * SQLite turns just one bound of each side into its index range, and keeps no statistics to choose
 * well between several: so the filter's bounds and the cursor's are merged here into the tightest
 * pair, and a (day, id) position adds a tie-break on id that no index can be tempted by.
 */
export interface Bound {
  value: string | number;
  strict: boolean;
}

export type Comparison = '<' | '<=' | '>' | '>=';

export interface KeyRange {
  column: 'cleared_day' | 'id' | 'declaration_no';
  lower?: Bound;
  upper?: Bound;
  /** Rows on day `day` must also compare to `id` by `op` (rows on other days are settled by the bounds). */
  ties: { day: string; id: number; op: Comparison }[];
}

export interface RangeRead {
  segment: DeclarationSegment;
  descending: boolean;
  from?: DeclarationKey;
  fromInclusive?: boolean;
  /** The far end of the read (inclusive). */
  horizon?: DeclarationKey;
}

export interface RangeFilter {
  numberPrefix: string | null;
  clearedFrom: string | null;
  clearedTo: string | null;
}

/** Smallest string greater than every string starting with `prefix` (byte order). */
export function prefixUpperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function tightest(bounds: Bound[], side: 'lower' | 'upper'): Bound | undefined {
  return bounds.reduce<Bound | undefined>((best, b) => {
    if (!best) return b;
    if (b.value === best.value) return b.strict ? b : best;
    return (side === 'lower') === (b.value > best.value) ? b : best;
  }, undefined);
}

export function keyRange(read: RangeRead, filter: RangeFilter): KeyRange {
  const bounds = { lower: [] as Bound[], upper: [] as Bound[] };
  const ties: KeyRange['ties'] = [];
  const position = (key: DeclarationKey | undefined, side: 'lower' | 'upper', strict: boolean) => {
    if (!key) return;
    if (key.segment === 'cleared') {
      bounds[side].push({ value: key.day, strict: false });
      ties.push({ day: key.day, id: key.id, op: `${side === 'upper' ? '<' : '>'}${strict ? '' : '='}` as Comparison });
    } else {
      bounds[side].push({ value: key.segment === 'number' ? key.no : key.id, strict });
    }
  };
  position(read.from, read.descending ? 'upper' : 'lower', !read.fromInclusive);
  position(read.horizon, read.descending ? 'lower' : 'upper', false);
  if (read.segment === 'number' && filter.numberPrefix) {
    bounds.lower.push({ value: filter.numberPrefix, strict: false });
    bounds.upper.push({ value: prefixUpperBound(filter.numberPrefix), strict: true });
  }
  if (read.segment === 'cleared') {
    if (filter.clearedFrom !== null) bounds.lower.push({ value: filter.clearedFrom, strict: false });
    if (filter.clearedTo !== null) bounds.upper.push({ value: filter.clearedTo, strict: false });
  }
  const column = read.segment === 'number' ? 'declaration_no' : read.segment === 'cleared' ? 'cleared_day' : 'id';
  return { column, lower: tightest(bounds.lower, 'lower'), upper: tightest(bounds.upper, 'upper'), ties };
}
