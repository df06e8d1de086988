import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import type { Database, Declaration } from '../db/schema.js';
import { columnStartsWith } from '../db/text-search.js';
import { keyRange } from './declaration-key-range.js';
import type { DeclarationKind } from './declaration-rules.js';
import { declarationInScope } from './declarations.repository.js';

/**
 * Queries of the declaration list. The list is read in segments, each walked along an index so a
 * page costs the same on page 1 and on page 200,000 of ten million rows: cleared declarations by
 * (cleared_day, id) newest first, then the not yet cleared by id newest first; a number search walks
 * the number index. A filter without an index of its own is checked row by row, so every read is
 * bounded by a horizon: the row `budget` rows along the walk, past which this read does not look.
 * The reader's scope is such a filter too, checked on each row of the walk: the list stays as fast
 * for a leader, an officer or a business as for an administrator, within the same bounds.
 */
type Q = Kysely<Database>;
type Eb = ExpressionBuilder<Database, 'declarations'>;

/** Filters of the declaration list; null = any. Days are Vietnam calendar days, inclusive. */
export interface DeclarationFilter {
  numberPrefix: string | null;
  officeId: number | null;
  kind: DeclarationKind | null;
  channel: number | null;
  clearedFrom: string | null;
  clearedTo: string | null;
  /** Only declarations without a current evaluation (honoured for a business's own list only). */
  unratedOnly?: boolean;
}

export type DeclarationSegment = 'cleared' | 'uncleared' | 'number';

/** Where a row sits in its segment: the keyset cursor. */
export type DeclarationKey =
  | { segment: 'cleared'; day: string; id: number }
  | { segment: 'uncleared'; id: number }
  | { segment: 'number'; no: string };

export interface SegmentRead {
  segment: DeclarationSegment;
  /** Towards the start of the list (for "previous page") rather than its end. */
  backwards: boolean;
  /** Starting point; the segment's first (or, backwards, last) row when absent. */
  from?: DeclarationKey;
  /** Whether the row at `from` is read too (a page that starts at a known row). */
  fromInclusive?: boolean;
}

export type DeclarationListRow = Pick<Declaration,
  'id' | 'declaration_no' | 'kind' | 'type_code' | 'office_id' | 'declarant_name' | 'registered_at' | 'cleared_at' | 'cleared_day' | 'channel'> & {
  /** The current evaluation's overall level: read for a business's own declarations only, null otherwise. */
  evaluation_overall: number | null;
};

type Driver = 'office_id' | 'channel' | 'kind' | null;

// Share of declarations a filter value keeps, as Hai Phong's figures have it (66/31/3 % channels;
// about half imports, a twentieth dossiers; an office a tenth): the walk follows the rarest filter.
// Of the channels and kinds only the rare ones have an index (0015): the red channel and dossiers;
// the others are found within a few rows of the clearance index.
const shares: Record<string, number> = { 1: 0.66, 2: 0.31, 3: 0.03, import: 0.52, export: 0.43, dossier: 0.05 };
const indexedChannel = 3;
const indexedKind: DeclarationKind = 'dossier';

/** The equality filter whose index the walk follows (none for a number search: the number index leads). */
export function drivingFilter(f: DeclarationFilter): Driver {
  if (f.numberPrefix) return null;
  const candidates: [Exclude<Driver, null>, number][] = [];
  if (f.officeId !== null) candidates.push(['office_id', 0.1]);
  if (f.channel === indexedChannel) candidates.push(['channel', shares[f.channel]!]);
  if (f.kind === indexedKind) candidates.push(['kind', shares[f.kind]!]);
  candidates.sort((a, b) => a[1] - b[1]);
  return candidates[0]?.[0] ?? null;
}

const descending = (read: SegmentRead) => (read.segment !== 'number') !== read.backwards;

/** The walk up to `horizon`: the segment's key range, the driving filter (all index-served), ties on id. */
function walk(eb: Eb, f: DeclarationFilter, read: SegmentRead, driver: Driver, horizon?: DeclarationKey): Expression<SqlBool>[] {
  const range = keyRange({ ...read, descending: descending(read), horizon }, f);
  const conditions: Expression<SqlBool>[] = [];
  if (range.lower) conditions.push(eb(range.column, range.lower.strict ? '>' : '>=', range.lower.value));
  if (range.upper) conditions.push(eb(range.column, range.upper.strict ? '<' : '<=', range.upper.value));
  if (read.segment === 'cleared' && !range.lower && !range.upper) conditions.push(eb('cleared_day', 'is not', null));
  if (read.segment === 'uncleared') conditions.push(eb('cleared_day', 'is', null));
  // LIKE keeps the prefix's exact meaning under any collation; the bounds above find it in the index.
  if (read.segment === 'number' && f.numberPrefix) conditions.push(columnStartsWith('declaration_no', f.numberPrefix));
  for (const tie of range.ties) {
    conditions.push(eb.or([eb('cleared_day', tie.op.startsWith('<') ? '<' : '>', tie.day), eb(sql<number>`${sql.ref('id')} + 0`, tie.op, tie.id)]));
  }
  if (driver === 'office_id') conditions.push(eb('office_id', '=', f.officeId!));
  // Written out, not bound: an engine uses a partial index only for a condition it can read.
  if (driver === 'channel') conditions.push(eb('channel', '=', sql.lit(indexedChannel)));
  if (driver === 'kind') conditions.push(eb('kind', '=', sql.lit(indexedKind)));
  return conditions;
}

/**
 * The other equality filters, checked on each row of the walk. They are wrapped (`office_id + 0`,
 * `kind || ''`) so that SQLite, which keeps no statistics, never follows their index instead.
 */
function otherFilters(eb: Eb, f: DeclarationFilter, driver: Driver): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (f.officeId !== null && driver !== 'office_id') conditions.push(eb(sql<number>`${sql.ref('office_id')} + 0`, '=', f.officeId));
  if (f.channel !== null && driver !== 'channel') conditions.push(eb(sql<number>`${sql.ref('channel')} + 0`, '=', f.channel));
  if (f.kind !== null && driver !== 'kind') conditions.push(eb(sql<string>`${sql.ref('kind')} || ''`, '=', f.kind));
  return conditions;
}

/**
 * Whether a declaration was rated is the declarant's to know, not the staff's (it would point at who
 * rated an officer): the flag and the "not yet rated" filter apply to a business's scope only. Both
 * look up the evaluation by its primary key, once per row of the page or of the walk.
 */
function evaluationOf(eb: Eb) {
  return eb.selectFrom('evaluations as e').whereRef('e.declaration_id', '=', 'declarations.id');
}

function evaluationOverall(eb: Eb, scope: DataScope): Expression<number | null> {
  return scope.kind === 'businesses' ? evaluationOf(eb).select('e.overall').$asScalar() : sql<null>`null`;
}

function ratingFilters(eb: Eb, f: DeclarationFilter, scope: DataScope): Expression<SqlBool>[] {
  return f.unratedOnly && scope.kind === 'businesses' ? [eb.not(eb.exists(evaluationOf(eb).select('e.declaration_id')))] : [];
}

function ordered<T extends { orderBy: (column: 'cleared_day' | 'id' | 'declaration_no', dir: 'asc' | 'desc') => T }>(query: T, read: SegmentRead): T {
  const dir = descending(read) ? 'desc' : 'asc';
  if (read.segment === 'number') return query.orderBy('declaration_no', dir);
  return read.segment === 'cleared' ? query.orderBy('cleared_day', dir).orderBy('id', dir) : query.orderBy('id', dir);
}

/**
 * The key of the row `budget` rows along the walk (not counting `from`), or undefined if the segment
 * ends sooner. It bounds how far a read looks, whoever reads: the scope is applied by the read.
 */
export async function segmentHorizon(db: Q, filter: DeclarationFilter, read: SegmentRead, budget: number): Promise<DeclarationKey | undefined> {
  const driver = drivingFilter(filter);
  // Only key columns, all in the walked index: counting off `budget` rows never reads the table.
  const keyColumns = read.segment === 'number' ? ['declaration_no' as const] : ['cleared_day' as const, 'id' as const];
  const row = await ordered(db.selectFrom('declarations').select(keyColumns)
    .where((eb) => eb.and(walk(eb, filter, { ...read, fromInclusive: false }, driver))), read)
    .limit(1).offset(budget - 1).executeTakeFirst();
  if (!row) return undefined;
  if (read.segment === 'number') return { segment: 'number', no: row.declaration_no };
  return read.segment === 'cleared' ? { segment: 'cleared', day: row.cleared_day!, id: row.id } : { segment: 'uncleared', id: row.id };
}

/** Up to `limit` rows of one segment that match and are in the scope, in reading order, no further than `horizon` (inclusive). */
export function readDeclarationSegment(db: Q, scope: DataScope, filter: DeclarationFilter, read: SegmentRead, limit: number,
  horizon?: DeclarationKey): Promise<DeclarationListRow[]> {
  const driver = drivingFilter(filter);
  const query = db.selectFrom('declarations')
    .select(['id', 'declaration_no', 'kind', 'type_code', 'office_id', 'declarant_name', 'registered_at', 'cleared_at', 'cleared_day', 'channel'])
    .select((eb) => sql<number | null>`${evaluationOverall(eb, scope)}`.as('evaluation_overall'))
    .where((eb) => eb.and([
      ...walk(eb, filter, read, driver, horizon), ...otherFilters(eb, filter, driver), ...ratingFilters(eb, filter, scope), declarationInScope(eb, scope),
    ]));
  return ordered(query, read).limit(limit).execute();
}
