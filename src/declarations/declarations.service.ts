import type { Db } from '../db/database.js';
import { AppError, type Lang } from '../errors.js';
import { writeBatches, type Row, type RowOutcome } from '../imports/import-runner.js';
import type { ImportSummary, RejectionHandler } from '../imports/import-report.js';
import { SeenKeys } from '../imports/seen-keys.js';
import { fileSize } from '../imports/sources.js';
import { validatedDeclarationBatches } from './declaration-feed.js';
export { declarationCsvColumns } from './declaration-feed.js';
import { workerBatches } from './declaration-import-thread.js';
import { loadDeclarationReferences, loadReferenceData } from './declaration-references.js';
import { validateDeclaration } from './declaration-validation.js';
import { upsertDeclarations, type BusinessIdCache } from './declarations.bulk-repository.js';
import type { ItemStatus, ValidDeclaration } from './declarations.schema.js';

/**
 * Writes validated rows. A declaration number already in `seen` is rejected as duplicate_in_file
 * naming its first line (the first occurrence wins), so importing the same file twice gives the
 * same result. An import passes one set for the whole run; a request, one set of its own.
 */
async function writeDeclarationRows(
  db: Db, rows: Row<ValidDeclaration>[], seen: SeenKeys, cache?: BusinessIdCache,
): Promise<RowOutcome[]> {
  const unique: ValidDeclaration[] = [];
  const outcomes: (RowOutcome | undefined)[] = rows.map((row) => {
    const firstLine = seen.firstSeen(row.value.declarationNo, row.line);
    if (firstLine !== undefined) return new AppError('duplicate_in_file', { value: row.value.declarationNo, line: firstLine });
    unique.push(row.value);
    return undefined;
  });
  const written = await upsertDeclarations(db, unique, Date.now(), cache);
  let next = 0;
  return outcomes.map((o) => o ?? written[next++]!);
}

export interface ImportOptions {
  onRejected?: RejectionHandler;
  onBytes?: (bytesRead: number) => void;
  afterBatch?: () => Promise<void>;
  batchSize?: number;
  /** Validate on a worker thread (default: for files of 4 MB and more). */
  useWorker?: boolean;
}

/** Files at least this large are validated on a worker thread while the main thread writes. */
const workerThreshold = 4 * 1024 * 1024;

/**
 * `hailong import declarations FILE`: CSV or NDJSON, streamed, idempotent. A number repeated
 * anywhere in the file is rejected after its first occurrence, whatever batch either falls in.
 */
export async function importDeclarationFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const references = await loadReferenceData(db.kysely);
  const batchSize = options.batchSize ?? 2000;
  const useWorker = options.useWorker ?? fileSize(path) >= workerThreshold;
  const batches = useWorker
    ? workerBatches({ path, references, batchSize }, options.onBytes)
    : validatedDeclarationBatches(path, references, batchSize, options.onBytes);
  const businessIds: BusinessIdCache = new Map();
  const seen = new SeenKeys();
  return writeBatches(batches, {
    writeBatch: (rows) => writeDeclarationRows(db, rows, seen, businessIds),
    onRejected: options.onRejected,
    afterBatch: options.afterBatch,
  });
}

export interface ItemResult {
  declarationNo: string;
  status: ItemStatus;
  code?: string;
  message?: string;
  ratingToken?: string;
  ratingUrl?: string;
}

/** Makes the rating token and URL of a written declaration. */
export type RatingLinkMaker = (declarationNo: string, taxCode: string) => { ratingToken: string; ratingUrl: string };

/** `POST /api/v1/declarations`: each item gets its own result, in input order. */
export async function submitDeclarations(
  db: Db, items: Record<string, unknown>[], lang: Lang, ratingLink?: RatingLinkMaker,
): Promise<ItemResult[]> {
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
  const outcomes = await writeDeclarationRows(db, accepted, new SeenKeys(items.length * 2));
  outcomes.forEach((outcome, k) => {
    const target = results[index[k]!]!;
    target.declarationNo = accepted[k]!.value.declarationNo;
    if (outcome instanceof AppError) Object.assign(target, { code: outcome.code, message: outcome.messageIn(lang) });
    else {
      target.status = outcome;
      const value = accepted[k]!.value;
      if (ratingLink && outcome !== 'unchanged') Object.assign(target, ratingLink(value.declarationNo, value.declarantTaxCode));
    }
  });
  return results;
}
