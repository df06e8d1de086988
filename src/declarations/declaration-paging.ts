import type { Kysely } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import {
  readDeclarationSegment, segmentHorizon, type DeclarationFilter, type DeclarationKey, type DeclarationListRow, type DeclarationSegment,
} from './declaration-list.repository.js';

/**
 * Keyset paging over the list's segments. A page never counts or skips rows: it starts from a
 * cursor (`after` a row, `at` a row, or `before` a row, going back) and reads at most `budget` rows
 * of the walk; when rare filters (or a narrow scope) leave the page short, it says where it stopped
 * and the next link carries on from there.
 */
export const scanBudget = 5_000;

export type PageLink = { name: 'after' | 'at' | 'before'; key: DeclarationKey };

export interface DeclarationPage {
  rows: DeclarationListRow[];
  next: PageLink | null;
  previous: PageLink | null;
  /** Where the read stopped with the page not full, its budget spent; null otherwise. */
  stoppedAt: DeclarationKey | null;
}

export interface PageRequest {
  segments: DeclarationSegment[];
  after?: DeclarationKey;
  at?: DeclarationKey;
  before?: DeclarationKey;
  size: number;
  budget?: number;
}

export function keyOf(row: DeclarationListRow, segment: DeclarationSegment): DeclarationKey {
  if (segment === 'number') return { segment, no: row.declaration_no };
  return row.cleared_day === null ? { segment: 'uncleared', id: row.id } : { segment: 'cleared', day: row.cleared_day, id: row.id };
}

interface Walked {
  rows: DeclarationListRow[];
  stoppedAt?: DeclarationKey;
}

/** Reads up to `want` rows from `from` on, into the next (or previous) segments, within the budget of each. */
async function walk(db: Kysely<Database>, scope: DataScope, filter: DeclarationFilter, segments: DeclarationSegment[],
  start: { from?: DeclarationKey; inclusive?: boolean; backwards: boolean }, want: number, budget: number): Promise<Walked> {
  const rows: DeclarationListRow[] = [];
  const step = start.backwards ? -1 : 1;
  let from = start.from;
  let fromInclusive = start.inclusive ?? false;
  let index = from ? segments.indexOf(from.segment) : start.backwards ? segments.length - 1 : 0;
  for (; index >= 0 && index < segments.length; index += step, from = undefined, fromInclusive = false) {
    const read = { segment: segments[index]!, backwards: start.backwards, from, fromInclusive };
    const horizon = await segmentHorizon(db, filter, read, budget);
    rows.push(...await readDeclarationSegment(db, scope, filter, read, want - rows.length, horizon));
    if (rows.length >= want) return { rows };
    if (horizon) return { rows, stoppedAt: horizon };
  }
  return { rows };
}

export async function declarationPage(db: Kysely<Database>, scope: DataScope, filter: DeclarationFilter, request: PageRequest): Promise<DeclarationPage> {
  const { segments, size } = request;
  const budget = request.budget ?? scanBudget;
  const key = (row: DeclarationListRow) => keyOf(row, segments[0] === 'number' ? 'number' : 'cleared');
  if (request.before) {
    const earlier = await walk(db, scope, filter, segments, { from: request.before, backwards: true }, size + 1, budget);
    const full = earlier.rows.length > size;
    // Without a full page or a stop before the cursor, these rows are the first page.
    if (full || earlier.stoppedAt || earlier.rows.length > 0) {
      const rows = earlier.rows.slice(0, size).reverse();
      const resume = full ? key(rows[0]!) : earlier.stoppedAt;
      return {
        rows,
        previous: resume ? { name: 'before', key: resume } : null,
        next: { name: 'at', key: request.before },
        stoppedAt: full ? null : (earlier.stoppedAt ?? null),
      };
    }
  }
  const start = request.before ? undefined : (request.at ?? request.after);
  const later = await walk(db, scope, filter, segments, { from: start, inclusive: Boolean(request.at) && !request.before, backwards: false }, size + 1, budget);
  const rows = later.rows.slice(0, size);
  const full = later.rows.length > size;
  const resume = full ? key(rows[size - 1]!) : later.stoppedAt;
  return {
    rows,
    next: resume ? { name: 'after', key: resume } : null,
    previous: start ? { name: 'before', key: rows[0] ? key(rows[0]) : start } : null,
    stoppedAt: full ? null : (later.stoppedAt ?? null),
  };
}
