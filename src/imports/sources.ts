import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../errors.js';
import { readCsvRecords } from './csv-reader.js';

/**
 * Streaming readers of feed files. Each yields one record per data row with its physical line
 * number (header = line 1), or the reason the row could not be read. Memory stays flat whatever the
 * file size: the stream is pulled one record at a time.
 */
export interface SourceRecord {
  line: number;
  fields?: Record<string, unknown>;
  error?: AppError;
}

/** The file as a whole cannot be read: missing, wrong format, missing columns. Exit non-zero. */
export class UnreadableFileError extends Error {
  override name = 'UnreadableFileError';
}

export interface ReadOptions {
  /** CSV columns the file must have (snake_case, the contract). */
  requiredColumns: readonly string[];
  /** Maps CSV snake_case names to the record's field names (default: unchanged). */
  rename?: (column: string) => string;
  /** Called with bytes read so far, for a progress bar. */
  onBytes?: (bytesRead: number) => void;
}

export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    throw new UnreadableFileError(`cannot read ${path}`);
  }
}

export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function openStream(path: string, onBytes?: (n: number) => void) {
  fileSize(path);
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (onBytes) stream.on('data', () => onBytes(stream.bytesRead));
  return stream;
}

export async function* readCsv(path: string, options: ReadOptions): AsyncGenerator<SourceRecord> {
  let header: string[] | undefined;
  for await (const record of readCsvRecords(openStream(path, options.onBytes))) {
    if ('error' in record) {
      yield { line: record.line, error: new AppError('invalid_row', { detail: record.error }) };
      continue;
    }
    if (!header) {
      const columns = record.fields.map((c) => c.trim().toLowerCase());
      const missing = options.requiredColumns.filter((c) => !columns.includes(c));
      if (missing.length > 0) throw new UnreadableFileError(`missing columns: ${missing.join(', ')}`);
      header = columns.map(options.rename ?? ((c) => c));
      continue;
    }
    if (record.fields.length !== header.length) {
      yield { line: record.line, error: new AppError('invalid_row', { detail: `${record.fields.length} columns, expected ${header.length}` }) };
      continue;
    }
    const fields: Record<string, unknown> = {};
    for (let i = 0; i < header.length; i++) fields[header[i]!] = record.fields[i];
    yield { line: record.line, fields };
  }
  if (!header) throw new UnreadableFileError('the file is empty (no header row)');
}

export async function* readNdjson(path: string, options: Pick<ReadOptions, 'onBytes'> = {}): AsyncGenerator<SourceRecord> {
  const lines = createInterface({ input: openStream(path, options.onBytes), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { line, error: new AppError('invalid_row', { detail: (error as Error).message }) };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { line, error: new AppError('invalid_row', { detail: 'not a JSON object' }) };
      continue;
    }
    yield { line, fields: value as Record<string, unknown> };
  }
}

/** CSV or NDJSON, chosen by the file's extension. */
export function readFeedFile(path: string, options: ReadOptions): AsyncGenerator<SourceRecord> {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return readCsv(path, options);
  if (ext === '.ndjson' || ext === '.jsonl') return readNdjson(path, options);
  throw new UnreadableFileError(`unknown file type "${ext}" (expected .csv, .ndjson or .jsonl)`);
}
