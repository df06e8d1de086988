import { parentPort, workerData } from 'node:worker_threads';
import { SeenKeys } from '../imports/seen-keys.js';
import { UnreadableFileError } from '../imports/sources.js';
import type { ReferenceData } from './declaration-references.js';
import { rolloutFingerprint, type RolloutUnit } from '../stats/rollup-deltas.js';
import { duplicateOf } from './declaration-duplicates.js';
import { validatedDeclarationBatches } from './declaration-feed.js';
import { WindowSummer, type WindowSums } from './declarations.bulk-shared.js';
import { packDeclarations, type PackedDeclarations } from './packed-declarations.js';

/**
 * Import worker: parses and validates the file on the second core while the main thread writes,
 * screens out numbers repeated in the file, and sums what the rows add as new declarations over
 * windows of rows, one window per write transaction (`WindowSums`). At most `maxRowsInFlight` rows
 * (whole batches, at least two) wait unacknowledged, so memory stays flat on any file size.
 */
export interface WorkerInput {
  path: string;
  references: ReferenceData;
  /** The units as the import began, for the window sums. */
  units: RolloutUnit[];
  batchSize: number;
  /** A window closes once it has this many rows to write… */
  windowRows: number;
  /**
   * …or once the writer asks: `closeRequests[0]` > n asks to close window n (counted from 0), as
   * soon as possible — the batch being validated closes it.
   */
  closeRequests: Int32Array;
  /**
   * Send the rows packed as COPY tuples (`PackedDeclarations`) rather than as objects: for PostgreSQL's
   * writer, which then neither rebuilds them nor holds their objects until its commit.
   */
  packRows: boolean;
}

export type WorkerMessage =
  | {
    /** The batch's rows (`Row<ValidDeclaration>[]`), or packed with their lines (`WorkerInput.packRows`). */
    type: 'batch'; rows: unknown[] | { packed: PackedDeclarations; lines: Int32Array }; rejected: { line: number; code: string; params: Record<string, string | number> }[]; bytes: number;
    /** On a batch without rows that closes a window. */
    sums?: WindowSums;
  }
  | { type: 'done'; bytes: number; sums?: WindowSums }
  | { type: 'error'; unreadable: boolean; message: string };

// Far enough ahead that the writer never waits while it commits a window and the worker meets
// the limit (1,000,000 rows: 6,000 → 20,000 took SQLite from 39,100–40,400 to 41,100–43,900 rows/s,
// PostgreSQL from 25,500–27,200 to 27,500–28,300; 50,000 took SQLite's peak RSS past 300 MB).
const maxRowsInFlight = 20_000;
const port = parentPort!;
const input = workerData as WorkerInput;
const maxInFlight = Math.max(2, Math.ceil(maxRowsInFlight / input.batchSize));
let inFlight = 0;
let wake: (() => void) | undefined;
port.on('message', () => {
  inFlight--;
  wake?.();
  wake = undefined;
});

const units = new Map(input.units.map((u) => [u.id, u]));
const summer = new WindowSummer(units, rolloutFingerprint(units));
// A number repeated anywhere in the file is rejected after its first occurrence, whatever batch either falls in.
const seen = new SeenKeys();
let window = 0;
let bytes = 0;
const post = (message: WorkerMessage) => {
  // The typed arrays of packed rows are handed over, not copied.
  const packed = message.type === 'batch' && !Array.isArray(message.rows) ? message.rows : undefined;
  const { tuples, ends, handlerTuples, handlerEnds, handlerCounts, declarantOf } = packed?.packed ?? {};
  port.postMessage(message, packed ? [packed.lines, tuples!, ends!, handlerTuples!, handlerEnds!, handlerCounts!, declarantOf!].map((a) => a.buffer as ArrayBuffer) : []);
};
try {
  for await (const batch of validatedDeclarationBatches(input.path, input.references, input.batchSize, (n) => (bytes = n))) {
    const rejected = batch.rejected.map((r) => ({ line: r.line, code: r.error.code, params: r.error.params }));
    const rows = batch.rows.filter((row) => {
      const duplicate = duplicateOf(seen, row);
      if (duplicate) rejected.push({ line: row.line, code: duplicate.code, params: duplicate.params });
      return !duplicate;
    });
    for (const row of rows) summer.add(row.value);
    inFlight++;
    const sent = input.packRows ? { packed: packDeclarations(rows.map((row) => row.value)), lines: Int32Array.from(rows, (row) => row.line) } : rows;
    post({ type: 'batch', rows: sent, rejected, bytes });
    if (summer.rows > 0 && (summer.rows >= input.windowRows || Atomics.load(input.closeRequests, 0) > window)) {
      // The sums on a batch of their own: the writer writes the rows meanwhile.
      inFlight++;
      post({ type: 'batch', rows: [], rejected: [], bytes, sums: summer.take() });
      window++;
    }
    while (inFlight >= maxInFlight) await new Promise<void>((resolve) => (wake = resolve));
  }
  post({ type: 'done', bytes, sums: summer.rows > 0 ? summer.take() : undefined });
} catch (error) {
  post({ type: 'error', unreadable: error instanceof UnreadableFileError, message: (error as Error).message });
}
port.close();
