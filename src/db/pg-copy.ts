import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

// COPY … FROM STDIN in text format: the fastest way into PostgreSQL (the bulk writers' hot path).

/** One value: \N for null, backslash escapes for tab, newline, CR and backslash. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

/** Streams prepared COPY text (rows of tab-separated `copyValue`s, each ending in a newline) into `target`, a table with its column list. */
export async function copyInto(client: pg.PoolClient, target: string, text: string): Promise<void> {
  const stream = client.query(copyFrom(`copy ${target} from stdin`));
  await pipeline(Readable.from([text]), stream);
}
