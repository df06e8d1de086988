import { AppError } from '../errors.js';
import type { Row } from '../imports/import-runner.js';
import type { SeenKeys } from '../imports/seen-keys.js';
import type { ValidDeclaration } from './declarations.schema.js';

/**
 * A number seen before in the same file (or request) is rejected as duplicate_in_file naming its
 * first line (the first occurrence wins), so importing the same file twice gives the same result.
 * Records the row's number as seen when it is not a duplicate.
 */
export function duplicateOf(seen: SeenKeys, row: Row<ValidDeclaration>): AppError | undefined {
  const firstLine = seen.firstSeen(row.value.declarationNo, row.line);
  return firstLine === undefined ? undefined : new AppError('duplicate_in_file', { value: row.value.declarationNo, line: firstLine });
}
