import type { ExpressionBuilder, Kysely } from 'kysely';
import { columnStartsWith } from '../db/text-search.js';
import type { Database, Declaration } from '../db/schema.js';
import type { DeclarationKind } from './declaration-rules.js';

type Q = Kysely<Database>;

export async function countDeclarations(db: Q): Promise<number> {
  const row = await db.selectFrom('declarations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Filters of the declaration list; null = any. Days are Vietnam calendar days, inclusive. */
export interface DeclarationFilter {
  numberPrefix: string | null;
  officeId: number | null;
  kind: DeclarationKind | null;
  channel: number | null;
  clearedFrom: string | null;
  clearedTo: string | null;
}

/**
 * The list is read in segments, each walked along an index so that a page costs the same on page 1
 * and page 200,000 of ten million rows: cleared declarations by (cleared_day, id) newest first,
 * then the not-yet-cleared by id newest first; a number search walks the number index instead.
 */
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
  /** Exclusive starting point; the segment's first (or, backwards, last) row when absent. */
  from?: DeclarationKey;
}

export type DeclarationListRow = Pick<Declaration,
  'id' | 'declaration_no' | 'kind' | 'type_code' | 'office_id' | 'declarant_name' | 'registered_at' | 'cleared_at' | 'cleared_day' | 'channel'>;

/** Smallest string greater than every string starting with `prefix` (byte order). */
export function prefixUpperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function filterConditions(eb: ExpressionBuilder<Database, 'declarations'>, f: DeclarationFilter) {
  const conditions = [];
  if (f.numberPrefix) {
    // The range lets the unique index find the prefix; LIKE keeps the exact meaning on any collation.
    conditions.push(eb('declaration_no', '>=', f.numberPrefix), eb('declaration_no', '<', prefixUpperBound(f.numberPrefix)),
      columnStartsWith('declaration_no', f.numberPrefix));
  }
  if (f.officeId !== null) conditions.push(eb('office_id', '=', f.officeId));
  if (f.kind !== null) conditions.push(eb('kind', '=', f.kind));
  if (f.channel !== null) conditions.push(eb('channel', '=', f.channel));
  if (f.clearedFrom !== null) conditions.push(eb('cleared_day', '>=', f.clearedFrom));
  if (f.clearedTo !== null) conditions.push(eb('cleared_day', '<=', f.clearedTo));
  return eb.and(conditions);
}

/** Up to `limit` rows of one segment, in reading order (reversed when reading backwards). */
export function readDeclarationSegment(db: Q, filter: DeclarationFilter, read: SegmentRead, limit: number): Promise<DeclarationListRow[]> {
  const newestFirst = read.segment !== 'number';
  const dir = newestFirst !== read.backwards ? 'desc' : 'asc';
  const cmp = dir === 'desc' ? '<' : '>';
  const from = read.from;
  let query = db.selectFrom('declarations')
    .select(['id', 'declaration_no', 'kind', 'type_code', 'office_id', 'declarant_name', 'registered_at', 'cleared_at', 'cleared_day', 'channel'])
    .where((eb) => filterConditions(eb, filter));
  if (read.segment === 'number') {
    if (from?.segment === 'number') query = query.where('declaration_no', cmp, from.no);
    query = query.orderBy('declaration_no', dir);
  } else if (read.segment === 'cleared') {
    query = query.where('cleared_day', 'is not', null);
    if (from?.segment === 'cleared') {
      query = query.where((eb) => eb(eb.refTuple('cleared_day', 'id'), cmp, eb.tuple(from.day, from.id)));
    }
    query = query.orderBy('cleared_day', dir).orderBy('id', dir);
  } else {
    query = query.where('cleared_day', 'is', null);
    if (from?.segment === 'uncleared') query = query.where('id', cmp, from.id);
    query = query.orderBy('id', dir);
  }
  return query.limit(limit).execute();
}

export function findDeclarationByNo(db: Q, declarationNo: string) {
  return db
    .selectFrom('declarations as d')
    .innerJoin('units as u', 'u.id', 'd.office_id')
    .innerJoin('businesses as b', 'b.id', 'd.declarant_id')
    .select([
      'd.id', 'd.declaration_no', 'd.kind', 'd.type_code', 'd.declarant_name', 'd.registered_at', 'd.cleared_at', 'd.channel',
      'u.code as office_code', 'u.name_vi as office_name_vi', 'u.name_en as office_name_en', 'b.tax_code',
    ])
    .where('d.declaration_no', '=', declarationNo)
    .executeTakeFirst();
}

/** Who handled a declaration, step by step, with the team credited. */
export function listDeclarationHandlers(db: Q, declarationId: number) {
  return db
    .selectFrom('declaration_handlers as h')
    .innerJoin('officers as o', 'o.id', 'h.officer_id')
    .innerJoin('units as u', 'u.id', 'h.unit_id')
    .select(['h.seq', 'h.step', 'o.code as officer_code', 'o.full_name', 'u.code as unit_code', 'u.name_vi', 'u.name_en'])
    .where('h.declaration_id', '=', declarationId)
    .orderBy('h.seq')
    .execute();
}
