import type { Db } from '../db/database.js';
import { loadRolloutUnits } from '../stats/rollups.repository.js';
import { PostgresBulkSession, rowsPerCopy } from './declarations.bulk-postgres.js';
import type { BulkSession, BusinessIdCache, WriteOutcome } from './declarations.bulk-shared.js';
import { SqliteBulkSession } from './declarations.bulk-sqlite.js';
import type { ValidDeclaration } from './declarations.schema.js';

export type { BulkSession, BusinessIdCache, WriteOutcome } from './declarations.bulk-shared.js';

/**
 * Rows per transaction of a file import (and of the demo's feed). The larger, the fewer times a
 * roll-up or business-office row shared by its declarations is written (SQLite, 1,000,000 rows:
 * 25,000 → 100,000 per transaction took the import from 31–34 s to 25 s). A PostgreSQL session keeps
 * its transaction's rows to write them again after a conflict with a concurrent writer: 100,000 of
 * them overflow the import's heap bound (bin/import-flags.js). An import on PostgreSQL keeps two
 * transactions' rows (one commits while the next is written), packed off the heap as COPY tuples:
 * 40,000 each (1,000,000 rows, alternating runs: 62.1 and 60.1 s against 66.6 and 63.8 s with 25,000,
 * the business-office counts and roll-up rows of a window summed over more rows; peak RSS 274–282 MB
 * against 257–260, brought back by the main thread's smaller young generation, bin/import-flags.js).
 */
export const rowsPerBulkTransaction = { sqlite: 100_000, postgres: 40_000 } as const;

/**
 * Rows per batch of a file import: what the worker thread validates and hands over at a time (the
 * worker runs ahead by as many rows whatever the size). A small batch leaves less to the collectors:
 * its rows die young on both threads instead of surviving a scavenge or two (SQLite, 1,000,000
 * rows, `--trace-gc`, 2,000 → 500: the worker's scavenges 4.5–6.3 → 3.6–4.0 s, the main thread's
 * 1.3–1.9 → 0.9–1.0 s; peak RSS the same). PostgreSQL's session writes four such batches per COPY
 * (`rowsPerCopy`).
 */
export const rowsPerImportBatch = { sqlite: 500, postgres: 500 } as const;

/**
 * Bulk upsert of validated declarations through the bare drivers (the feed's hot path: Kysely's
 * per-query overhead would halve throughput), with the roll-ups and the business-office counts kept
 * in the same transaction. Unknown declarants are created with the declarant name.
 */
export function openBulkSession(db: Db, cache: BusinessIdCache = new Map(), now: () => number = Date.now, options: BulkSessionOptions = {}): BulkSession {
  const loadUnits = () => loadRolloutUnits(db.kysely);
  return db.dialect === 'sqlite'
    ? new SqliteBulkSession(db.kysely, db.sqlite, loadUnits, cache, now)
    : new PostgresBulkSession(db.pool, loadUnits, cache, now, options.coalesce ? rowsPerCopy : 0);
}

export interface BulkSessionOptions {
  /**
   * PostgreSQL: writes of fewer than `rowsPerCopy` rows wait for more, or for the commit, and are
   * written together (a file import's small batches); errors of a write may then surface later.
   */
  coalesce?: boolean;
}

/** One batch in one transaction (the feed API). Returns each row's outcome in input order. */
export async function upsertDeclarations(
  db: Db, rows: readonly ValidDeclaration[], now = Date.now(), cache: BusinessIdCache = new Map(),
): Promise<WriteOutcome[]> {
  if (rows.length === 0) return [];
  const session = openBulkSession(db, cache, () => now);
  try {
    await session.write(rows);
    return (await session.commit())[0]!;
  } catch (error) {
    await session.rollback();
    throw error;
  }
}
