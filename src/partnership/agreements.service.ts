import { access } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { audit, type Actor } from '../audit/audit.service.js';
import { allScope, type DataScope } from '../auth/scope.js';
import type { AgreementStatus, Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { parseDay } from '../shared/time.js';
import { checkScan, removeScan, scanFile, storeScan, type UploadedScan } from './agreement-scan.js';
import {
  countAgreements, findAgreementInScope, listAgreementsOfBusinesses, listAgreementsPage, setAgreementScan, type AgreementFilter,
} from './agreements.repository.js';
import { membershipsOfBusinesses } from './associations.repository.js';
import type { AgreementListQuery } from './partnership.schema.js';
import { listAllTemplates } from './templates.repository.js';

export const agreementsPerPage = 50;

export type AgreementRow = NonNullable<Awaited<ReturnType<typeof findAgreementInScope>>>;

/** A 'YYYY-MM-DD' filter that is a real date, or invalid_date. */
export function filterDay(value: string | undefined, field: string): string | undefined {
  if (!value) return undefined;
  if (parseDay(value) === null) throw new AppError('invalid_date', { field, value });
  return value;
}

export function checkedPeriod(from: string | undefined, to: string | undefined): { from?: string; to?: string } {
  const period = { from: filterDay(from, 'from'), to: filterDay(to, 'to') };
  if (period.from && period.to && period.from > period.to) throw new AppError('invalid_period', { from: period.from, to: period.to });
  return period;
}

export interface AgreementBrowse {
  query: AgreementListQuery;
  page: number;
  pages: number;
  total: number;
  agreements: AgreementRow[];
  templates: { id: number; key: string }[];
}

/** A page of the scope's agreements matching the search and filters. */
export async function browseAgreements(db: Kysely<Database>, scope: DataScope, query: AgreementListQuery): Promise<AgreementBrowse> {
  const filter: AgreementFilter = {
    term: (query.q ?? '').trim(), status: (query.status || undefined) as AgreementStatus | undefined,
    templateId: query.template ? Number(query.template) : undefined, ...checkedPeriod(query.from, query.to),
  };
  const total = await countAgreements(db, scope, filter);
  const pages = Math.max(1, Math.ceil(total / agreementsPerPage));
  const page = Math.min(query.page ?? 1, pages);
  const agreements = await listAgreementsPage(db, scope, filter, { offset: (page - 1) * agreementsPerPage, limit: agreementsPerPage });
  const templates = (await listAllTemplates(db)).map((t) => ({ id: Number(t.id), key: `${t.code}/${t.version}` })).sort((a, b) => a.key.localeCompare(b.key));
  return { query, page, pages, total, agreements, templates };
}

/** One agreement within the scope, or not_found (a record outside the scope is simply not there). */
export async function agreementDetail(db: Kysely<Database>, scope: DataScope, id: number): Promise<AgreementRow> {
  const agreement = await findAgreementInScope(db, scope, id);
  if (!agreement) throw new AppError('not_found');
  return agreement;
}

/**
 * Stores a scanned agreement (administrators; audited): refused with scan_required, scan_too_large
 * or scan_not_pdf. The new file is written before the row points to it; the old one goes after.
 */
export async function uploadAgreementScan(
  db: Kysely<Database>, dataDir: string, id: number, upload: UploadedScan | undefined, actor: Actor, now = Date.now(),
): Promise<void> {
  const current = await agreementDetail(db, allScope, id);
  const scan = checkScan(upload);
  const path = await storeScan(dataDir, id, scan.data);
  try {
    await db.transaction().execute(async (trx) => {
      await setAgreementScan(trx, id, { path, bytes: scan.data.length }, now);
      await audit(trx, actor, { action: 'upload_scan', entity: 'agreement', entityId: id, before: { scan: current.scan_path }, after: { scan: path, bytes: scan.data.length } }, now);
    });
  } catch (error) {
    if (path !== current.scan_path) await removeScan(dataDir, path);
    throw error;
  }
  if (current.scan_path && current.scan_path !== path) await removeScan(dataDir, current.scan_path);
}

/** The scan of an agreement the scope may read: its file and a download name; not_found otherwise. */
export async function agreementScan(db: Kysely<Database>, dataDir: string, scope: DataScope, id: number): Promise<{ file: string; name: string }> {
  const agreement = await agreementDetail(db, scope, id);
  if (!agreement.scan_path) throw new AppError('not_found');
  const file = scanFile(dataDir, agreement.scan_path);
  try {
    await access(file);
  } catch {
    throw new AppError('not_found');
  }
  return { file, name: `thoa-thuan-${agreement.tax_code}-${agreement.template_code}-${agreement.template_version}.pdf` };
}

/** A business account's portal page: its agreements and association memberships. */
export async function businessPartnership(db: Kysely<Database>, scope: DataScope) {
  const ids = scope.kind === 'businesses' ? scope.businessIds : [];
  return { agreements: await listAgreementsOfBusinesses(db, ids), memberships: await membershipsOfBusinesses(db, ids) };
}
