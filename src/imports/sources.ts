import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../errors.js';
import { readCsvRecords } from './csv-reader.js';

/**
 * Streaming readers of feed files. Each yields the records of the data rows, a chunk at a time,
 * each with its physical line number (header = line 1) or the reason the row could not be read.
 * Memory stays flat whatever the file size: the stream is pulled one chunk at a time.
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
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  if (onBytes) stream.on('data', () => onBytes(stream.bytesRead));
  return stream;
}

/** The data rows of a CSV file, a chunk of the file's records at a time. */
export async function* readCsv(path: string, options: ReadOptions): AsyncGenerator<SourceRecord[]> {
  let header: string[] | undefined;
  for await (const records of readCsvRecords(openStream(path, options.onBytes))) {
    const out: SourceRecord[] = [];
    for (const record of records) {
      if ('error' in record) {
        out.push({ line: record.line, error: new AppError('invalid_row', { detail: record.error }) });
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
        out.push({ line: record.line, error: new AppError('invalid_row', { detail: `${record.fields.length} columns, expected ${header.length}` }) });
        continue;
      }
      const fields: Record<string, unknown> = {};
      for (let i = 0; i < header.length; i++) fields[header[i]!] = record.fields[i];
      out.push({ line: record.line, fields });
    }
    if (out.length > 0) yield out;
  }
  if (!header) throw new UnreadableFileError('the file is empty (no header row)');
}

/** Lines of NDJSON gathered this many at a time, as CSV records come a chunk at a time. */
const ndjsonChunk = 1000;

export async function* readNdjson(path: string, options: Pick<ReadOptions, 'onBytes'> = {}): AsyncGenerator<SourceRecord[]> {
  const lines = createInterface({ input: openStream(path, options.onBytes), crlfDelay: Infinity });
  let line = 0;
  let out: SourceRecord[] = [];
  for await (const raw of lines) {
    line++;
    const text = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (text !== '') out.push(ndjsonRecord(line, text));
    if (out.length >= ndjsonChunk) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

function ndjsonRecord(line: number, text: string): SourceRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: new AppError('invalid_row', { detail: (error as Error).message }) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { line, error: new AppError('invalid_row', { detail: 'not a JSON object' }) };
  return { line, fields: value as Record<string, unknown> };
}

/** CSV or NDJSON, chosen by the file's extension. */
export function readFeedFile(path: string, options: ReadOptions): AsyncGenerator<SourceRecord[]> {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return readCsv(path, options);
  if (ext === '.ndjson' || ext === '.jsonl') return readNdjson(path, options);
  throw new UnreadableFileError(`unknown file type "${ext}" (expected .csv, .ndjson or .jsonl)`);
}
