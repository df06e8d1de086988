import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { field, requiredField, type Row, type RowOutcome } from '../imports/import-runner.js';
import { SeenKeys } from '../imports/seen-keys.js';
import { findBusinessesByTaxCodes, insertBusiness, updateBusiness, type BusinessFields } from './businesses.repository.js';
import { isValidTaxCode } from './tax-code.js';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function optional(fields: Record<string, unknown>, name: string, max: number): string | null {
  const value = field(fields, name);
  if (value.length > max) throw new AppError('field_too_long', { field: name, max });
  return value === '' ? null : value;
}

/** Checks one row of businesses.csv. */
export function validateBusinessRow(fields: Record<string, unknown>): BusinessFields {
  const taxCode = requiredField(fields, 'tax_code', 14);
  if (!isValidTaxCode(taxCode)) throw new AppError('invalid_tax_code', { value: taxCode });
  const email = optional(fields, 'email', 254);
  if (email !== null && !emailPattern.test(email)) throw new AppError('invalid_email', { value: email });
  return {
    tax_code: taxCode, name: requiredField(fields, 'name', 300), address: optional(fields, 'address', 500),
    email, phone: optional(fields, 'phone', 40),
  };
}

function same(a: BusinessFields, b: BusinessFields): boolean {
  return a.name === b.name && a.address === b.address && a.email === b.email && a.phone === b.phone;
}

/**
 * Upserts a batch of businesses by tax code, in one transaction. A tax code already in `seen` is
 * rejected as duplicate_in_file naming its first line (the first row wins), so that importing the
 * same file twice changes nothing. An import passes one set for the whole file; by default a
 * repeat is caught within the batch.
 */
export async function writeBusinessRows(
  db: Kysely<Database>, rows: Row<BusinessFields>[], seen = new SeenKeys(rows.length * 2), now = Date.now(),
): Promise<RowOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const existing = await findBusinessesByTaxCodes(trx, [...new Set(rows.map((r) => r.value.tax_code))]);
    const byCode = new Map<string, { id: number } & BusinessFields>(existing.map((b) => [b.tax_code, { ...b, id: Number(b.id) }]));
    const outcomes: RowOutcome[] = [];
    for (const { line, value } of rows) {
      const firstLine = seen.firstSeen(value.tax_code, line);
      const current = byCode.get(value.tax_code);
      if (firstLine !== undefined) {
        outcomes.push(new AppError('duplicate_in_file', { value: value.tax_code, line: firstLine }));
      } else if (!current) {
        byCode.set(value.tax_code, { ...value, id: await insertBusiness(trx, value, now) });
        outcomes.push('created');
      } else if (same(current, value)) {
        outcomes.push('unchanged');
      } else {
        await updateBusiness(trx, current.id, value, now);
        Object.assign(current, value);
        outcomes.push('updated');
      }
    }
    return outcomes;
  });
}
