import { serialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { SeenKeys } from '../imports/seen-keys.js';
import { UnreadableFileError } from '../imports/sources.js';
import type { ReferenceData } from './declaration-references.js';
import { rolloutFingerprint, type RolloutUnit } from '../stats/rollup-deltas.js';
import { duplicateOf } from './declaration-duplicates.js';
import { validatedDeclarationBatches } from './declaration-feed.js';
import { WindowSummer, type WindowSums } from './declarations.bulk-shared.js';

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
   * Send the rows serialized (`v8.serialize`) rather than as objects: for a writer that keeps them
   * until its commit (PostgreSQL). Otherwise the message's own copy is cheaper (200,000 rows: 550 ms
   * against 740 ms, most of it on the main thread).
   */
  serializeRows: boolean;
}

export type WorkerMessage =
  | {
    /** The batch's rows (`Row<ValidDeclaration>[]`), serialized or not (`WorkerInput.serializeRows`). */
    type: 'batch'; rows: Uint8Array | unknown[]; rejected: { line: number; code: string; params: Record<string, string | number> }[]; bytes: number;
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
  // The bytes of the rows are handed over, not copied, when they fill a buffer of their own.
  const serialized = message.type === 'batch' && message.rows instanceof Uint8Array ? message.rows : undefined;
  const owned = serialized !== undefined && serialized.byteOffset === 0 && serialized.byteLength === serialized.buffer.byteLength;
  port.postMessage(message, owned ? [serialized.buffer as ArrayBuffer] : []);
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
    post({ type: 'batch', rows: input.serializeRows ? serialize(rows) : rows, rejected, bytes });
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
