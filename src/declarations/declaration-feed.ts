import { validateInBatches, type ValidatedBatch } from '../imports/import-runner.js';
import { readFeedFile, snakeToCamel } from '../imports/sources.js';
import { referencesFrom, type ReferenceData } from './declaration-references.js';
import { validateDeclaration } from './declaration-validation.js';
import type { ValidDeclaration } from './declarations.schema.js';

export const declarationCsvColumns = [
  'declaration_no', 'kind', 'type_code', 'office_code', 'declarant_tax_code', 'declarant_name',
  'registered_at', 'cleared_at', 'channel', 'handlers',
] as const;

/** Reads a declarations file (CSV or NDJSON) and validates it into batches: no database access. */
export function validatedDeclarationBatches(
  path: string,
  references: ReferenceData,
  batchSize: number,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<ValidatedBatch<ValidDeclaration>> {
  const refs = referencesFrom(references);
  const source = readFeedFile(path, { requiredColumns: declarationCsvColumns, rename: snakeToCamel, onBytes });
  return validateInBatches(source, (fields) => {
    const result = validateDeclaration(fields, refs);
    if (!result.ok) throw result.error;
    return result.value;
  }, batchSize);
}
