import type { Kysely } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { parseDay } from '../shared/time.js';
import { findUnitsByIds, listOfficeUnits } from '../units/units.repository.js';
import { decodeCursor, encodeCursor, type ListOrder } from './declaration-cursor.js';
import type { DeclarationListQuery } from './declaration-list.schema.js';
import type { DeclarationFilter, DeclarationKey, DeclarationListRow, DeclarationSegment } from './declaration-list.repository.js';
import { declarationPage, type DeclarationPage } from './declaration-paging.js';
import type { DeclarationKind } from './declaration-rules.js';
import { findDeclarationByNo, listDeclarationHandlers } from './declarations.repository.js';

export const declarationsPerPage = 50;

type Office = Awaited<ReturnType<typeof listOfficeUnits>>[number];
type Form = Required<Pick<DeclarationListQuery, 'q' | 'office' | 'kind' | 'channel' | 'from' | 'to' | 'unrated'>>;

export interface DeclarationBrowse {
  /** The form's values as they will be shown again (normalised). */
  form: Form;
  order: ListOrder;
  rows: (DeclarationListRow & { office: Office | undefined })[];
  /** Query parameter of the next and previous pages, e.g. { after: '2020-05-04_8812' }. */
  next: Record<string, string> | null;
  previous: Record<string, string> | null;
  stoppedAt: DeclarationKey | null;
  offices: Office[];
}

function checkedDay(field: 'from' | 'to', value: string): string | null {
  if (value === '') return null;
  const day = parseDay(value);
  if (day === null) throw new AppError('invalid_date', { field, value });
  return day;
}

/** The filter the form asks for; an office outside the reader's offices is unknown, like one that does not exist. */
function resolveFilter(form: Form, offices: Office[]): DeclarationFilter {
  let officeId: number | null = null;
  if (form.office !== '') {
    const office = offices.find((o) => o.code === form.office);
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
    unratedOnly: form.unrated === '1',
  };
}

function cursorParam(secret: string, order: ListOrder, segments: DeclarationSegment[], name: string, text: string | undefined): DeclarationKey | undefined {
  if (text === undefined || text === '') return undefined;
  const key = decodeCursor(secret, order, text);
  if (!key || !segments.includes(key.segment)) throw new AppError('validation_failed', { detail: `${name}=${text}` });
  return key;
}

const linkParams = (secret: string, link: DeclarationPage['next']) => (link ? { [link.name]: encodeCursor(secret, link.key) } : null);

/**
 * One page of the scope's declaration list: a number search or filters, keyset-paged (no counting).
 * `secret` (SECRET_KEY) seals the page links' cursors.
 */
export async function browseDeclarations(
  db: Kysely<Database>, scope: DataScope, query: DeclarationListQuery, secret: string, budget?: number,
): Promise<DeclarationBrowse> {
  const form: Form = {
    q: (query.q ?? '').replace(/\s+/g, '').toUpperCase(), office: query.office ?? '', kind: query.kind ?? '',
    channel: query.channel ?? '', from: query.from ?? '', to: query.to ?? '', unrated: query.unrated ?? '',
  };
  const offices = await listOfficeUnits(db, scope);
  const filter = resolveFilter(form, offices);
  const order: ListOrder = filter.numberPrefix ? 'number' : 'clearance';
  const segments: DeclarationSegment[] = order === 'number' ? ['number']
    : filter.clearedFrom || filter.clearedTo ? ['cleared'] : ['cleared', 'uncleared'];
  const page = await declarationPage(db, scope, filter, {
    segments, size: declarationsPerPage, budget,
    after: cursorParam(secret, order, segments, 'after', query.after),
    at: cursorParam(secret, order, segments, 'at', query.at),
    before: cursorParam(secret, order, segments, 'before', query.before),
  });
  const officeById = new Map((await findUnitsByIds(db, [...new Set(page.rows.map((r) => r.office_id))])).map((u) => [u.id, u]));
  return {
    form, order, offices, stoppedAt: page.stoppedAt,
    rows: page.rows.map((row) => ({ ...row, office: officeById.get(row.office_id) })),
    next: linkParams(secret, page.next), previous: linkParams(secret, page.previous),
  };
}

export interface DeclarationDetail {
  declaration: NonNullable<Awaited<ReturnType<typeof findDeclarationByNo>>>;
  handlers: Awaited<ReturnType<typeof listDeclarationHandlers>>;
}

/** One declaration with its handlers; not_found for an unknown number or a declaration outside the scope. */
export async function declarationDetail(db: Kysely<Database>, scope: DataScope, declarationNo: string): Promise<DeclarationDetail> {
  const declaration = await findDeclarationByNo(db, scope, declarationNo);
  if (!declaration) throw new AppError('not_found');
  return { declaration, handlers: await listDeclarationHandlers(db, declaration.id) };
}
