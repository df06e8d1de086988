import type { Kysely } from 'kysely';
import { findBusinessesByTaxCodes } from '../businesses/businesses.repository.js';
import { isValidTaxCode } from '../businesses/tax-code.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { optionalDay, requiredField, type Row, type RowOutcome } from '../imports/import-runner.js';
import { SeenKeys } from '../imports/seen-keys.js';
import { parseDay } from '../shared/time.js';
import {
  existingMemberships, findAssociationsByCodes, insertAssociation, insertMembership, updateAssociation, type AssociationFields,
} from './associations.repository.js';

/** associations.csv and association-members.csv: the feed contract, keep the column names. */
export const associationCsvColumns = ['code', 'name', 'rule_signed_on'] as const;
export const associationMemberCsvColumns = ['association_code', 'tax_code'] as const;

export const associationCodePattern = /^[A-Za-z0-9_.-]{1,40}$/;

function associationCode(fields: Record<string, unknown>, name: string): string {
  const code = requiredField(fields, name, 40);
  if (!associationCodePattern.test(code)) throw new AppError('invalid_association_code', { value: code });
  return code;
}

export function validateAssociationRow(fields: Record<string, unknown>): AssociationFields {
  return {
    code: associationCode(fields, 'code'), name: requiredField(fields, 'name', 300),
    rule_signed_on: optionalDay(fields, 'rule_signed_on', parseDay),
  };
}

/** Upserts associations by code, in one transaction; a code repeated in the file is duplicate_in_file. */
export async function writeAssociationRows(
  db: Kysely<Database>, rows: Row<AssociationFields>[], seen = new SeenKeys(rows.length * 2), now = Date.now(),
): Promise<RowOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const byCode = new Map((await findAssociationsByCodes(trx, [...new Set(rows.map((r) => r.value.code))]))
      .map((a) => [a.code, { ...a, id: Number(a.id) }]));
    const outcomes: RowOutcome[] = [];
    for (const { line, value } of rows) {
      const firstLine = seen.firstSeen(value.code, line);
      const current = byCode.get(value.code);
      if (firstLine !== undefined) {
        outcomes.push(new AppError('duplicate_in_file', { value: value.code, line: firstLine }));
      } else if (!current) {
        await insertAssociation(trx, value, now);
        outcomes.push('created');
      } else if (current.name === value.name && current.rule_signed_on === value.rule_signed_on) {
        outcomes.push('unchanged');
      } else {
        await updateAssociation(trx, current.id, value, now);
        outcomes.push('updated');
      }
    }
    return outcomes;
  });
}

export interface MembershipInput {
  associationCode: string;
  taxCode: string;
}

export function validateMembershipRow(fields: Record<string, unknown>): MembershipInput {
  const associationCodeValue = associationCode(fields, 'association_code');
  const taxCode = requiredField(fields, 'tax_code', 14);
  if (!isValidTaxCode(taxCode)) throw new AppError('invalid_tax_code', { value: taxCode });
  return { associationCode: associationCodeValue, taxCode };
}

/**
 * Adds memberships in one transaction: an existing one is unchanged (a membership has nothing to
 * update), an unknown association is unknown_association, an unknown tax code unknown_business.
 */
export async function writeMembershipRows(
  db: Kysely<Database>, rows: Row<MembershipInput>[], seen = new SeenKeys(rows.length * 2), now = Date.now(),
): Promise<RowOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const associations = new Map((await findAssociationsByCodes(trx, [...new Set(rows.map((r) => r.value.associationCode))]))
      .map((a) => [a.code, Number(a.id)]));
    const businesses = new Map((await findBusinessesByTaxCodes(trx, [...new Set(rows.map((r) => r.value.taxCode))]))
      .map((b) => [b.tax_code, Number(b.id)]));
    const pairs = rows.flatMap(({ value }) => {
      const associationId = associations.get(value.associationCode);
      const businessId = businesses.get(value.taxCode);
      return associationId !== undefined && businessId !== undefined ? [{ associationId, businessId }] : [];
    });
    const existing = await existingMemberships(trx, pairs);
    const outcomes: RowOutcome[] = [];
    for (const { line, value } of rows) {
      const firstLine = seen.firstSeen(`${value.associationCode}|${value.taxCode}`, line);
      const associationId = associations.get(value.associationCode);
      const businessId = businesses.get(value.taxCode);
      if (firstLine !== undefined) outcomes.push(new AppError('duplicate_in_file', { value: `${value.associationCode} ${value.taxCode}`, line: firstLine }));
      else if (associationId === undefined) outcomes.push(new AppError('unknown_association', { value: value.associationCode }));
      else if (businessId === undefined) outcomes.push(new AppError('unknown_business', { value: value.taxCode }));
      else if (existing.has(`${associationId}:${businessId}`)) outcomes.push('unchanged');
      else {
        await insertMembership(trx, associationId, businessId, now);
        existing.add(`${associationId}:${businessId}`);
        outcomes.push('created');
      }
    }
    return outcomes;
  });
}
