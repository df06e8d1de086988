import { AppError } from '../errors.js';
import { emptySummary, type ImportSummary, type RejectionHandler } from './import-report.js';
import type { SourceRecord } from './sources.js';

export type RowOutcome = 'created' | 'updated' | 'unchanged' | AppError;

export interface Row<T> {
  line: number;
  value: T;
}

export interface RowImport<T> {
  source: AsyncIterable<SourceRecord>;
  /** Checks one record; throws an AppError to reject it. */
  validate: (fields: Record<string, unknown>) => T;
  /** Writes a batch in one transaction; one outcome per row, in order. */
  writeBatch: (rows: Row<T>[]) => Promise<RowOutcome[]>;
  batchSize: number;
  onRejected?: RejectionHandler;
  /** Awaited after each batch, so a slow sink (the errors file) applies back-pressure. */
  afterBatch?: () => Promise<void>;
}

/**
 * Pulls records, validates them, writes them in batches, and counts outcomes. A rejected row never
 * stops the others; an error that is not a row's fault (database down) propagates.
 */
export async function runRowImport<T>(job: RowImport<T>): Promise<ImportSummary> {
  const summary = emptySummary();
  const reject = (line: number, error: AppError) => {
    summary.rejected++;
    job.onRejected?.(line, error);
  };
  let batch: Row<T>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await job.writeBatch(batch);
    outcomes.forEach((outcome, i) => {
      if (outcome instanceof AppError) reject(batch[i]!.line, outcome);
      else summary[outcome]++;
    });
    batch = [];
    await job.afterBatch?.();
  };
  for await (const record of job.source) {
    if (record.error) {
      reject(record.line, record.error);
      continue;
    }
    try {
      batch.push({ line: record.line, value: job.validate(record.fields!) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      reject(record.line, error);
    }
    if (batch.length >= job.batchSize) await flush();
  }
  await flush();
  return summary;
}

/** Text of a CSV field ('' when absent), trimmed. */
export function field(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value as number);
}

export function requiredField(fields: Record<string, unknown>, name: string, max = 300): string {
  const value = field(fields, name);
  if (value === '') throw new AppError('missing_field', { field: name });
  if (value.length > max) throw new AppError('field_too_long', { field: name, max });
  return value;
}

/** Optional 'YYYY-MM-DD' field: null when empty. */
export function optionalDay(fields: Record<string, unknown>, name: string, parse: (v: string) => string | null): string | null {
  const value = field(fields, name);
  if (value === '') return null;
  const day = parse(value);
  if (day === null) throw new AppError('invalid_date', { field: name, value });
  return day;
}
