import type { Kysely } from 'kysely';
import { findBusinessesByTaxCodes } from '../businesses/businesses.repository.js';
import { isValidTaxCode } from '../businesses/tax-code.js';
import type { AgreementStatus, Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { requiredField, type Row, type RowOutcome } from '../imports/import-runner.js';
import { SeenKeys } from '../imports/seen-keys.js';
import { parseDay } from '../shared/time.js';
import { findAgreementsOfBusinesses, insertAgreement, updateAgreement } from './agreements.repository.js';
import { listAllTemplates } from './templates.repository.js';
import { templateKey } from './templates.service.js';

/** agreements.csv: the feed contract, keep the column names. */
export const agreementCsvColumns = ['tax_code', 'template', 'signed_on', 'signatory', 'status'] as const;
export const agreementStatuses: readonly AgreementStatus[] = ['active', 'terminated'];

export interface AgreementInput {
  taxCode: string;
  /** `code/version` of the template signed. */
  template: string;
  signedOn: string;
  signatory: string;
  status: AgreementStatus;
}

/** Checks one row of agreements.csv on its own; references are resolved when the batch is written. */
export function validateAgreementRow(fields: Record<string, unknown>): AgreementInput {
  const taxCode = requiredField(fields, 'tax_code', 14);
  if (!isValidTaxCode(taxCode)) throw new AppError('invalid_tax_code', { value: taxCode });
  const template = requiredField(fields, 'template', 81);
  const signedOn = requiredField(fields, 'signed_on', 10);
  if (parseDay(signedOn) === null) throw new AppError('invalid_date', { field: 'signed_on', value: signedOn });
  const signatory = requiredField(fields, 'signatory', 200);
  const status = requiredField(fields, 'status', 20).toLowerCase();
  if (!(agreementStatuses as readonly string[]).includes(status)) throw new AppError('invalid_agreement_status', { value: status });
  return { taxCode, template, signedOn, signatory, status: status as AgreementStatus };
}

/**
 * Upserts a batch of agreements in one transaction, keyed by (business, template): a business
 * signs a template version once; a changed date, signatory or status updates it. An unknown tax
 * code is unknown_business, an unknown `code/version` unknown_agreement_template, a signature
 * before the template took effect signed_before_template; a key repeated in the file is
 * duplicate_in_file naming its first line, so importing the same file twice changes nothing.
 */
export async function writeAgreementRows(
  db: Kysely<Database>, rows: Row<AgreementInput>[], seen = new SeenKeys(rows.length * 2), now = Date.now(),
): Promise<RowOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const businesses = new Map((await findBusinessesByTaxCodes(trx, [...new Set(rows.map((r) => r.value.taxCode))]))
      .map((b) => [b.tax_code, Number(b.id)]));
    const templates = new Map((await listAllTemplates(trx)).map((t) => [templateKey(t), { ...t, id: Number(t.id) }]));
    const existing = new Map((await findAgreementsOfBusinesses(trx, [...businesses.values()]))
      .map((a) => [`${a.business_id}:${a.template_id}`, { ...a, id: Number(a.id) }]));
    const outcomes: RowOutcome[] = [];
    for (const { line, value } of rows) {
      const firstLine = seen.firstSeen(`${value.taxCode}|${value.template}`, line);
      const businessId = businesses.get(value.taxCode);
      const template = templates.get(value.template);
      if (firstLine !== undefined) outcomes.push(new AppError('duplicate_in_file', { value: `${value.taxCode} ${value.template}`, line: firstLine }));
      else if (businessId === undefined) outcomes.push(new AppError('unknown_business', { value: value.taxCode }));
      else if (!template) outcomes.push(new AppError('unknown_agreement_template', { value: value.template }));
      else if (value.signedOn < template.effective_on) outcomes.push(new AppError('signed_before_template', { value: value.template, day: value.signedOn }));
      else {
        const fields = { signed_on: value.signedOn, signatory: value.signatory, status: value.status };
        const key = `${businessId}:${template.id}`;
        const current = existing.get(key);
        if (!current) {
          const id = await insertAgreement(trx, { business_id: businessId, template_id: template.id, ...fields }, now);
          existing.set(key, { id, business_id: businessId, template_id: template.id, ...fields, scan_path: null, scan_bytes: null, scan_uploaded_at: null, created_at: now, updated_at: now });
          outcomes.push('created');
        } else if (current.signed_on === fields.signed_on && current.signatory === fields.signatory && current.status === fields.status) {
          outcomes.push('unchanged');
        } else {
          await updateAgreement(trx, current.id, fields, now);
          Object.assign(current, fields);
          outcomes.push('updated');
        }
      }
    }
    return outcomes;
  });
}
