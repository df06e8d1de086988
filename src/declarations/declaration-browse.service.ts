import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { parseDay } from '../shared/time.js';
import { findUnitByCode, findUnitsByIds, listOfficeUnits } from '../units/units.repository.js';
import { decodeCursor, encodeCursor, type ListOrder } from './declaration-cursor.js';
import type { DeclarationListQuery } from './declaration-list.schema.js';
import type { DeclarationKind } from './declaration-rules.js';
import {
  findDeclarationByNo, listDeclarationHandlers, readDeclarationSegment, type DeclarationFilter, type DeclarationKey, type DeclarationListRow, type DeclarationSegment,
} from './declarations.repository.js';

export const declarationsPerPage = 50;

type Office = Awaited<ReturnType<typeof listOfficeUnits>>[number];

export interface DeclarationBrowse {
  /** The form's values as they will be shown again (normalised). */
  form: Required<Omit<DeclarationListQuery, 'after' | 'before'>>;
  order: ListOrder;
  rows: (DeclarationListRow & { office: Office | undefined })[];
  next: string | null;
  previous: string | null;
  offices: Office[];
}

function checkedDay(field: 'from' | 'to', value: string): string | null {
  if (value === '') return null;
  const day = parseDay(value);
  if (day === null) throw new AppError('invalid_date', { field, value });
  return day;
}

async function resolveFilter(db: Kysely<Database>, form: DeclarationBrowse['form']): Promise<DeclarationFilter> {
  let officeId: number | null = null;
  if (form.office !== '') {
    const office = await findUnitByCode(db, form.office);
    if (!office) throw new AppError('unknown_office', { value: form.office });
    officeId = office.id;
  }
  return {
    numberPrefix: form.q === '' ? null : form.q,
    officeId,
    kind: form.kind === '' ? null : (form.kind as DeclarationKind),
    channel: form.channel === '' ? null : Number(form.channel),
    clearedFrom: checkedDay('from', form.from),
    clearedTo: checkedDay('to', form.to),
  };
}

function keyOf(order: ListOrder, row: DeclarationListRow): DeclarationKey {
  if (order === 'number') return { segment: 'number', no: row.declaration_no };
  return row.cleared_day === null ? { segment: 'uncleared', id: row.id } : { segment: 'cleared', day: row.cleared_day, id: row.id };
}

/** Reads up to `want` rows from `from` on, crossing into the next (or previous) segments as needed. */
async function walk(db: Kysely<Database>, filter: DeclarationFilter, segments: DeclarationSegment[],
  from: DeclarationKey | undefined, backwards: boolean, want: number): Promise<DeclarationListRow[]> {
  const rows: DeclarationListRow[] = [];
  let index = from ? segments.indexOf(from.segment) : backwards ? segments.length - 1 : 0;
  for (let start = from; index >= 0 && index < segments.length && rows.length < want; index += backwards ? -1 : 1) {
    rows.push(...await readDeclarationSegment(db, filter, { segment: segments[index]!, backwards, from: start }, want - rows.length));
    start = undefined;
  }
  return rows;
}

function cursorParam(order: ListOrder, name: 'after' | 'before', text: string | undefined): DeclarationKey | undefined {
  if (text === undefined || text === '') return undefined;
  const key = decodeCursor(order, text);
  if (!key) throw new AppError('validation_failed', { detail: `${name}=${text}` });
  return key;
}

/**
 * One page of the declaration list with keyset paging: "next" and "previous" cursors instead of
 * page numbers, so no page ever counts or skips over millions of rows.
 */
export async function browseDeclarations(db: Kysely<Database>, query: DeclarationListQuery): Promise<DeclarationBrowse> {
  const form = {
    q: (query.q ?? '').replace(/\s+/g, '').toUpperCase(), office: query.office ?? '', kind: query.kind ?? '',
    channel: query.channel ?? '', from: query.from ?? '', to: query.to ?? '',
  };
  const filter = await resolveFilter(db, form);
  const order: ListOrder = filter.numberPrefix ? 'number' : 'clearance';
  const segments: DeclarationSegment[] = order === 'number' ? ['number']
    : filter.clearedFrom || filter.clearedTo ? ['cleared'] : ['cleared', 'uncleared'];
  const after = cursorParam(order, 'after', query.after);
  const before = cursorParam(order, 'before', query.before);
  const n = declarationsPerPage;
  let rows: DeclarationListRow[];
  let previous: string | null = null;
  let next: string | null = null;
  const earlier = before ? await walk(db, filter, segments, before, true, n + 1) : [];
  if (before && earlier.length > n) {
    rows = earlier.slice(0, n).reverse();
    previous = encodeCursor(keyOf(order, rows[0]!));
    next = encodeCursor(keyOf(order, rows[n - 1]!));
  } else {
    // No cursor, or fewer than a page before it: this is the first page.
    const start = before ? undefined : after;
    const later = await walk(db, filter, segments, start, false, n + 1);
    rows = later.slice(0, n);
    if (later.length > n) next = encodeCursor(keyOf(order, rows[n - 1]!));
    if (start) previous = rows.length > 0 ? encodeCursor(keyOf(order, rows[0]!)) : encodeCursor(start);
  }
  const offices = await listOfficeUnits(db);
  const officeById = new Map((await findUnitsByIds(db, [...new Set(rows.map((r) => r.office_id))])).map((u) => [u.id, u]));
  return { form, order, rows: rows.map((row) => ({ ...row, office: officeById.get(row.office_id) })), next, previous, offices };
}

export interface DeclarationDetail {
  declaration: NonNullable<Awaited<ReturnType<typeof findDeclarationByNo>>>;
  handlers: Awaited<ReturnType<typeof listDeclarationHandlers>>;
}

/** One declaration with its handlers; not_found for an unknown number. */
export async function declarationDetail(db: Kysely<Database>, declarationNo: string): Promise<DeclarationDetail> {
  const declaration = await findDeclarationByNo(db, declarationNo);
  if (!declaration) throw new AppError('not_found');
  return { declaration, handlers: await listDeclarationHandlers(db, declaration.id) };
}
