import { sqliteCacheKib, withSqliteCache, type Db } from '../db/database.js';
import { AppError, type Lang } from '../errors.js';
import { writeBatches, type Row, type RowOutcome } from '../imports/import-runner.js';
import type { ImportSummary, RejectionHandler } from '../imports/import-report.js';
import { SeenKeys } from '../imports/seen-keys.js';
import { fileSize } from '../imports/sources.js';
import { rolloutFingerprint } from '../stats/rollup-deltas.js';
import { loadRolloutUnits } from '../stats/rollups.repository.js';
import { duplicateOf } from './declaration-duplicates.js';
import { validatedDeclarationBatches } from './declaration-feed.js';
export { declarationCsvColumns } from './declaration-feed.js';
import { workerBatches, type WorkerBatchExtra } from './declaration-import-thread.js';
import { assignmentHistories, loadDeclarationReferences, loadReferenceData } from './declaration-references.js';
import { reattributeChangedSince } from '../officers/reattribution.service.js';
import { validateDeclaration } from './declaration-validation.js';
import { openBulkSession, rowsPerBulkTransaction, rowsPerImportBatch, upsertDeclarations } from './declarations.bulk-repository.js';
import { BulkConflict, type BulkSession, type WriteOutcome } from './declarations.bulk-shared.js';
import type { ItemStatus, ValidDeclaration } from './declarations.schema.js';

/**
 * Splits off the rows whose declaration number is already in `seen`: rejected as duplicate_in_file
 * naming its first line (the first occurrence wins), so importing the same file twice gives the same
 * result. An import passes one set for the whole run; a request, one set of its own. Returns the
 * outcomes with a hole for each row to write, and those rows.
 */
function screenDuplicates(rows: readonly Row<ValidDeclaration>[], seen: SeenKeys) {
  const unique: ValidDeclaration[] = [];
  const outcomes: (RowOutcome | undefined)[] = rows.map((row) => {
    const duplicate = duplicateOf(seen, row);
    if (!duplicate) unique.push(row.value);
    return duplicate;
  });
  return { outcomes, unique };
}

function fillHoles(outcomes: readonly (RowOutcome | undefined)[], written: readonly RowOutcome[]): RowOutcome[] {
  let next = 0;
  return outcomes.map((o) => o ?? written[next++]!);
}

async function writeDeclarationRows(db: Db, rows: Row<ValidDeclaration>[], seen: SeenKeys): Promise<RowOutcome[]> {
  const { outcomes, unique } = screenDuplicates(rows, seen);
  return fillHoles(outcomes, await upsertDeclarations(db, unique, Date.now()));
}

/**
 * How a worker-thread import counts its rows (`WindowSums`): with the roll-out the worker sums
 * with, and a way to ask it to close the window being written (`WorkerInput.closeRequests`).
 */
interface Windows {
  rollout: string;
  requestClose: (window: number) => void;
}

/**
 * A file import's writer: one transaction per `rowsPerTransaction` rows or so (several batches), so
 * the roll-up rows many declarations share are written once per transaction — or fewer rows, when
 * the transaction has been open `transactionMs`. With `windows`, the worker thread decides: a
 * transaction ends with the batch that closes a window (the writer asks for it when the transaction
 * has been open too long), and its rows are counted by the window's sums. The rows' outcomes count
 * once their transaction has committed. On PostgreSQL two sessions take turns: one commits (its
 * roll-ups and business counts, a third of the server's work) while the other writes the next rows
 * on its own connection; the commits stay in file order, one at a time.
 */
function transactionalWriter(db: Db, rowsPerTransaction: number, transactionMs: number, windows?: Windows) {
  const cache = new Map<string, number>();
  // The worker's batches are small: on PostgreSQL a session writes several at a time.
  const open = () => openBulkSession(db, cache, Date.now, { coalesce: windows !== undefined });
  const sessions = db.dialect === 'postgres' ? [open(), open()] : [open()];
  let turn = 0;
  const seen = new SeenKeys();
  let screened: (RowOutcome | undefined)[][] = [];
  let openedAt: number | undefined;
  let windowsClosed = 0;
  let windowClosing = false;
  /** The commit in progress: its session, its batches' screened outcomes, and the rows' outcomes once written. */
  let committing: { session: BulkSession; batches: (RowOutcome | undefined)[][]; written: Promise<WriteOutcome[][]> } | undefined;
  const outcomesOf = (batches: (RowOutcome | undefined)[][], written: WriteOutcome[][]) => batches.map((batch, i) => fillHoles(batch, written[i] ?? []));
  const isDue = (last: boolean): boolean => {
    const late = openedAt !== undefined && performance.now() - openedAt >= transactionMs;
    if (!windows) return last || sessions[turn]!.pendingRows >= rowsPerTransaction || late;
    if (late && !windowClosing) windows.requestClose(windowsClosed);
    return last || windowClosing;
  };
  /**
   * Waits for the commit in progress, while the session whose turn it is has its rows written and
   * waits to commit. A commit that met a concurrent writer (`BulkConflict`) is written again only
   * once that session has let go of its rows: they may include rows the first attempt had locked (a
   * new business), which the new attempt would otherwise wait for forever. That session's rows are
   * written again in `settle`, before its commit runs beside the next rows.
   */
  const finishCommit = async (): Promise<RowOutcome[][]> => {
    const pending = committing;
    committing = undefined;
    if (!pending) return [];
    try {
      return outcomesOf(pending.batches, await pending.written);
    } catch (error) {
      if (!(error instanceof BulkConflict)) throw error;
      await sessions[turn]!.restart!();
      return outcomesOf(pending.batches, await pending.session.commit());
    }
  };
  return {
    async writeBatch(rows: Row<ValidDeclaration>[], extra?: WorkerBatchExtra): Promise<void> {
      openedAt ??= performance.now();
      if (windows && extra) {
        // The worker screened out the repeated numbers.
        screened.push(rows.map(() => undefined));
        windowClosing = extra.sums !== undefined;
        if (windowClosing) windowsClosed++;
        await sessions[turn]!.write(extra.packed ?? rows.map((row) => row.value), { rollout: windows.rollout, sums: extra.sums });
        return;
      }
      const { outcomes, unique } = screenDuplicates(rows, seen);
      screened.push(outcomes);
      await sessions[turn]!.write(unique);
    },
    async settle(last: boolean): Promise<RowOutcome[][] | void> {
      const session = sessions[turn]!;
      if (!isDue(last)) return;
      openedAt = undefined;
      windowClosing = false;
      const batches = screened;
      screened = [];
      const earlier = await finishCommit();
      if (last || sessions.length === 1) return [...earlier, ...outcomesOf(batches, await session.commit())];
      await session.resume!();
      const written = session.commit({ alone: false });
      written.catch(() => undefined); // awaited by the next settle, or by `close`
      committing = { session, batches, written };
      turn = (turn + 1) % sessions.length;
      return earlier;
    },
    /**
     * After the last settle, or after a failure (the one reported): abandons the open transactions,
     * the writing session's first (a commit in progress may wait for its rows), then lets the commit
     * in progress end and abandons it too.
     */
    async close(): Promise<void> {
      const pending = committing;
      committing = undefined;
      for (const session of sessions) if (session !== pending?.session) await session.rollback();
      await pending?.written.catch(() => undefined);
      await pending?.session.rollback();
    },
  };
}

export interface ImportOptions {
  onRejected?: RejectionHandler;
  onBytes?: (bytesRead: number) => void;
  afterBatch?: () => Promise<void>;
  /** Rows per batch (default `rowsPerImportBatch`). */
  batchSize?: number;
  /** Rows written per transaction (default `rowsPerBulkTransaction`): a transaction spans several batches. */
  rowsPerTransaction?: number;
  /**
   * A transaction open this long commits at the end of the batch being written, whatever its rows
   * (default 2,000 ms) — with the worker thread, at the end of the window the worker closes next, up
   * to 20,000 rows later (about half a second of writing here): SQLite's write lock is never held
   * much longer, within the 5 s that other writers (the server's ratings) wait for it (busy_timeout).
   */
  transactionMs?: number;
  /** Validate on a worker thread (default: for files of 4 MB and more). */
  useWorker?: boolean;
}

/** Files at least this large are validated on a worker thread while the main thread writes. */
const workerThreshold = 4 * 1024 * 1024;

/**
 * `hailong import declarations FILE`: CSV or NDJSON, streamed, idempotent. A number repeated
 * anywhere in the file is rejected after its first occurrence, whatever batch either falls in.
 */
export function importDeclarationFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  return withSqliteCache(db, sqliteCacheKib.import, () => importFile(db, path, options));
}

async function importFile(db: Db, path: string, options: ImportOptions): Promise<ImportSummary> {
  const references = await loadReferenceData(db.kysely);
  const batchSize = options.batchSize ?? rowsPerImportBatch[db.dialect];
  const rowsPerTransaction = options.rowsPerTransaction ?? rowsPerBulkTransaction[db.dialect];
  const useWorker = options.useWorker ?? fileSize(path) >= workerThreshold;
  let batches;
  let windows: Windows | undefined;
  if (useWorker) {
    const units = await loadRolloutUnits(db.kysely);
    const closeRequests = new Int32Array(new SharedArrayBuffer(4));
    windows = { rollout: rolloutFingerprint(units), requestClose: (window) => Atomics.store(closeRequests, 0, window + 1) };
    batches = workerBatches({
      path, references, units: [...units.values()], batchSize, windowRows: rowsPerTransaction, closeRequests, packRows: db.dialect === 'postgres',
    }, options.onBytes, db.dialect === 'postgres' ? 32 : 16);
  } else {
    batches = validatedDeclarationBatches(path, references, batchSize, options.onBytes);
  }
  const writer = transactionalWriter(db, rowsPerTransaction, options.transactionMs ?? 2000, windows);
  try {
    const summary = await writeBatches(batches, { ...writer, onRejected: options.onRejected, afterBatch: options.afterBatch });
    await reattributeChangedSince(db.kysely, assignmentHistories(references), assignmentHistories(await loadReferenceData(db.kysely)));
    return summary;
  } finally {
    await writer.close();
  }
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
