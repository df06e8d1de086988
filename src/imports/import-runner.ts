import { AppError } from '../errors.js';
import { emptySummary, type ImportSummary, type RejectionHandler } from './import-report.js';
import type { SourceRecord } from './sources.js';

export type RowOutcome = 'created' | 'updated' | 'unchanged' | AppError;

export interface Row<T> {
  line: number;
  value: T;
}

export interface Rejection {
  line: number;
  error: AppError;
}

/**
 * Rows that passed validation, and the lines that did not, over one contiguous range of lines;
 * `extra`: what the producer hands the writer beside them (declarations from a worker thread: the
 * rows packed, and window sums).
 */
export interface ValidatedBatch<T, P = never> {
  rows: Row<T>[];
  rejected: Rejection[];
  extra?: P;
}

/** Pulls records and validates them into batches. A validator throws an AppError to reject a row. */
export async function* validateInBatches<T>(
  source: AsyncIterable<readonly SourceRecord[]>,
  validate: (fields: Record<string, unknown>) => T,
  batchSize: number,
): AsyncGenerator<ValidatedBatch<T>> {
  let batch: ValidatedBatch<T> = { rows: [], rejected: [] };
  for await (const records of source) {
    for (const record of records) {
      if (record.error) batch.rejected.push({ line: record.line, error: record.error });
      else {
        try {
          batch.rows.push({ line: record.line, value: validate(record.fields!) });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          batch.rejected.push({ line: record.line, error });
        }
      }
      if (batch.rows.length + batch.rejected.length >= batchSize) {
        yield batch;
        batch = { rows: [], rejected: [] };
      }
    }
  }
  if (batch.rows.length + batch.rejected.length > 0) yield batch;
}

export interface BatchWriter<T, P = never> {
  /**
   * Writes a batch; returns one outcome per row, in order — or nothing, for a writer that keeps one
   * transaction over several batches and knows the outcomes only when it commits (`settle`).
   */
  writeBatch: (rows: Row<T>[], extra?: P) => Promise<RowOutcome[] | void>;
  /**
   * For a writer whose `writeBatch` returns nothing: called after each batch (`last` false) and once
   * at the end (`last` true). Returns the outcomes of the oldest batches not settled yet whose
   * transactions have committed, one array per batch, in order (all of them when `last`); nothing
   * while none has.
   */
  settle?: (last: boolean) => Promise<RowOutcome[][] | void>;
  onRejected?: RejectionHandler;
  /** Awaited after each batch, so a slow sink (the errors file) applies back-pressure. */
  afterBatch?: () => Promise<void>;
}

/**
 * Writes validated batches and counts outcomes. A rejected row never stops the others; rejections
 * are reported in line order, once the rows' transaction has committed. An error that is not a
 * row's fault (database down) propagates.
 */
export async function writeBatches<T, P = never>(batches: AsyncIterable<ValidatedBatch<T, P>>, writer: BatchWriter<T, P>): Promise<ImportSummary> {
  const summary = emptySummary();
  // What a batch's report needs once its outcomes are known: the lines of its rows (not the rows).
  type Written = { lines: number[]; rejected: Rejection[] };
  let unsettled: Written[] = [];
  const report = ({ lines, rejected }: Written, outcomes: readonly RowOutcome[]) => {
    const all = [...rejected];
    outcomes.forEach((outcome, i) => {
      if (outcome instanceof AppError) all.push({ line: lines[i]!, error: outcome });
      else summary[outcome]++;
    });
    summary.rejected += all.length;
    if (writer.onRejected) {
      for (const r of all.sort((a, b) => a.line - b.line)) writer.onRejected(r.line, r.error);
    }
  };
  const settle = async (last: boolean) => {
    const outcomes = await writer.settle!(last);
    if (!outcomes) return;
    outcomes.forEach((batchOutcomes, i) => report(unsettled[i]!, batchOutcomes));
    unsettled = unsettled.slice(outcomes.length);
  };
  for await (const batch of batches) {
    const outcomes = batch.rows.length > 0 || writer.settle ? await writer.writeBatch(batch.rows, batch.extra) : [];
    const written = { lines: batch.rows.map((r) => r.line), rejected: batch.rejected };
    if (outcomes) report(written, outcomes);
    else {
      unsettled.push(written);
      await settle(false);
    }
    await writer.afterBatch?.();
  }
  if (writer.settle) await settle(true);
  return summary;
}

export interface RowImport<T> extends BatchWriter<T> {
  source: AsyncIterable<readonly SourceRecord[]>;
  validate: (fields: Record<string, unknown>) => T;
  batchSize: number;
}

export function runRowImport<T>(job: RowImport<T>): Promise<ImportSummary> {
  return writeBatches(validateInBatches(job.source, job.validate, job.batchSize), job);
}

/** Text of a CSV field ('' when absent), trimmed. */
export function field(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  if (typeof value === 'string') return value.trim();
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
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
