import type { Db } from '../db/database.js';
import { AppError, type Lang } from '../errors.js';
import { runRowImport, type Row, type RowOutcome } from '../imports/import-runner.js';
import type { ImportSummary, RejectionHandler } from '../imports/import-report.js';
import { readFeedFile, snakeToCamel } from '../imports/sources.js';
import { loadDeclarationReferences } from './declaration-references.js';
import { validateDeclaration, type DeclarationReferences } from './declaration-validation.js';
import { upsertDeclarations } from './declarations.bulk-repository.js';
import type { ItemStatus, ValidDeclaration } from './declarations.schema.js';

export const declarationCsvColumns = [
  'declaration_no', 'kind', 'type_code', 'office_code', 'declarant_tax_code', 'declarant_name',
  'registered_at', 'cleared_at', 'channel', 'handlers',
] as const;

/**
 * Writes validated rows. Within one batch a declaration number may appear once: a repeat is
 * rejected (the first occurrence wins), so importing the same file twice gives the same result.
 */
async function writeDeclarationRows(db: Db, rows: Row<ValidDeclaration>[]): Promise<RowOutcome[]> {
  const firstLine = new Map<string, number>();
  const unique: ValidDeclaration[] = [];
  const outcomes: (RowOutcome | undefined)[] = rows.map((row) => {
    const seen = firstLine.get(row.value.declarationNo);
    if (seen !== undefined) return new AppError('duplicate_in_file', { value: row.value.declarationNo, line: seen });
    firstLine.set(row.value.declarationNo, row.line);
    unique.push(row.value);
    return undefined;
  });
  const written = await upsertDeclarations(db, unique);
  let next = 0;
  return outcomes.map((o) => o ?? written[next++]!);
}

function validator(refs: DeclarationReferences) {
  return (fields: Record<string, unknown>): ValidDeclaration => {
    const result = validateDeclaration(fields, refs);
    if (!result.ok) throw result.error;
    return result.value;
  };
}

export interface ImportOptions {
  onRejected?: RejectionHandler;
  onBytes?: (bytesRead: number) => void;
  afterBatch?: () => Promise<void>;
  batchSize?: number;
}

/** `hailong import declarations FILE`: CSV or NDJSON, streamed, idempotent. */
export async function importDeclarationFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const refs = await loadDeclarationReferences(db.kysely);
  return runRowImport({
    source: readFeedFile(path, { requiredColumns: declarationCsvColumns, rename: snakeToCamel, onBytes: options.onBytes }),
    validate: validator(refs),
    writeBatch: (rows) => writeDeclarationRows(db, rows),
    batchSize: options.batchSize ?? 2000,
    onRejected: options.onRejected,
    afterBatch: options.afterBatch,
  });
}

export interface ItemResult {
  declarationNo: string;
  status: ItemStatus;
  code?: string;
  message?: string;
}

/** `POST /api/v1/declarations`: each item gets its own result, in input order. */
export async function submitDeclarations(db: Db, items: Record<string, unknown>[], lang: Lang): Promise<ItemResult[]> {
  const refs = await loadDeclarationReferences(db.kysely);
  const results: ItemResult[] = items.map((item) => ({
    declarationNo: typeof item.declarationNo === 'string' ? item.declarationNo : '',
    status: 'rejected',
  }));
  const accepted: Row<ValidDeclaration>[] = [];
  const index: number[] = [];
  items.forEach((item, i) => {
    const result = validateDeclaration(item, refs);
    if (result.ok) {
      accepted.push({ line: i + 1, value: result.value });
      index.push(i);
    } else {
      Object.assign(results[i]!, { code: result.error.code, message: result.error.messageIn(lang) });
    }
  });
  const outcomes = await writeDeclarationRows(db, accepted);
  outcomes.forEach((outcome, k) => {
    const target = results[index[k]!]!;
    target.declarationNo = accepted[k]!.value.declarationNo;
    if (outcome instanceof AppError) Object.assign(target, { code: outcome.code, message: outcome.messageIn(lang) });
    else target.status = outcome;
  });
  return results;
}
