import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DataScope } from '../auth/scope.js';
import type { Agreement, AgreementStatus, Database } from '../db/schema.js';
import { anyColumnContains } from '../db/text-search.js';
import { businessInScope } from './main-office.repository.js';

type Q = Kysely<Database>;

export type AgreementFields = Pick<Agreement, 'business_id' | 'template_id' | 'signed_on' | 'signatory' | 'status'>;

export function findAgreementsOfBusinesses(db: Q, businessIds: readonly number[]): Promise<Agreement[]> {
  if (businessIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('agreements').selectAll().where('business_id', 'in', businessIds).execute();
}

export async function insertAgreement(db: Q, a: AgreementFields, now: number): Promise<number> {
  const row = await db.insertInto('agreements').values({ ...a, scan_path: null, scan_bytes: null, scan_uploaded_at: null, created_at: now, updated_at: now })
    .returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateAgreement(db: Q, id: number, a: Pick<Agreement, 'signed_on' | 'signatory' | 'status'>, now: number): Promise<void> {
  await db.updateTable('agreements').set({ ...a, updated_at: now }).where('id', '=', id).execute();
}

export async function setAgreementScan(db: Q, id: number, scan: { path: string; bytes: number }, now: number): Promise<void> {
  await db.updateTable('agreements').set({ scan_path: scan.path, scan_bytes: scan.bytes, scan_uploaded_at: now, updated_at: now }).where('id', '=', id).execute();
}

export interface AgreementFilter {
  /** Part of the tax code or the business name. */
  term: string;
  status?: AgreementStatus;
  templateId?: number;
  /** Signed on or after / on or before, 'YYYY-MM-DD'. */
  from?: string;
  to?: string;
}

function agreementsIn(db: Q, scope: DataScope) {
  return db.selectFrom('agreements as a')
    .innerJoin('businesses as b', 'b.id', 'a.business_id')
    .innerJoin('agreement_templates as t', 't.id', 'a.template_id')
    .where(businessInScope(db, sql.ref('a.business_id'), scope));
}

function matching(filter: AgreementFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [anyColumnContains(['b.tax_code', 'b.name'], filter.term)];
  if (filter.status) conditions.push(sql<SqlBool>`a.status = ${filter.status}`);
  if (filter.templateId !== undefined) conditions.push(sql<SqlBool>`a.template_id = ${filter.templateId}`);
  if (filter.from) conditions.push(sql<SqlBool>`a.signed_on >= ${filter.from}`);
  if (filter.to) conditions.push(sql<SqlBool>`a.signed_on <= ${filter.to}`);
  return conditions;
}

const listColumns = [
  'a.id', 'a.signed_on', 'a.signatory', 'a.status', 'a.scan_path', 'a.scan_bytes', 'a.scan_uploaded_at',
  'b.id as business_id', 'b.tax_code', 'b.name as business_name',
  't.id as template_id', 't.code as template_code', 't.version as template_version', 't.title_vi', 't.title_en',
] as const;

/** One page of the scope's agreements, newest signature first. */
export function listAgreementsPage(db: Q, scope: DataScope, filter: AgreementFilter, page: { offset: number; limit: number }) {
  return agreementsIn(db, scope).select(listColumns)
    .where((eb) => eb.and(matching(filter)))
    .orderBy('a.signed_on', 'desc').orderBy('a.id', 'desc')
    .limit(page.limit).offset(page.offset)
    .execute();
}

export async function countAgreements(db: Q, scope: DataScope, filter: AgreementFilter): Promise<number> {
  const row = await agreementsIn(db, scope).select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.and(matching(filter))).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One agreement, if the scope may read it (else undefined: the caller answers 404). */
export function findAgreementInScope(db: Q, scope: DataScope, id: number) {
  return agreementsIn(db, scope).select(listColumns).where('a.id', '=', id).executeTakeFirst();
}

/** The agreements of the given businesses (a business account's own), newest first. */
export function listAgreementsOfBusinesses(db: Q, businessIds: readonly number[]) {
  if (businessIds.length === 0) return Promise.resolve([]);
  return agreementsIn(db, { kind: 'all' }).select(listColumns).where('a.business_id', 'in', businessIds)
    .orderBy('a.signed_on', 'desc').orderBy('a.id', 'desc').execute();
}
