import { parentPort, workerData } from 'node:worker_threads';
import { UnreadableFileError } from '../imports/sources.js';
import type { ReferenceData } from './declaration-references.js';
import { rolloutFingerprint, type RolloutUnit } from '../stats/rollup-deltas.js';
import { validatedDeclarationBatches } from './declaration-feed.js';
import { presumNewRows, type PresummedDeltas } from './declarations.bulk-shared.js';

/**
 * Import worker: parses and validates the file on the second core while the main thread writes.
 * At most `maxRowsInFlight` rows (whole batches, at least two) wait unacknowledged, so memory stays
 * flat on any file size.
 */
export interface WorkerInput {
  path: string;
  references: ReferenceData;
  /** The units as the import began, for the roll-up deltas the worker sums (`presumNewRows`). */
  units: RolloutUnit[];
  batchSize: number;
}

export type WorkerMessage =
  | {
    type: 'batch'; rows: unknown[]; rejected: { line: number; code: string; params: Record<string, string | number> }[]; bytes: number;
    presummed: PresummedDeltas;
  }
  | { type: 'done'; bytes: number }
  | { type: 'error'; unreadable: boolean; message: string };

const maxRowsInFlight = 6000;
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
const rollout = rolloutFingerprint(units);
let bytes = 0;
const post = (message: WorkerMessage) => port.postMessage(message);
try {
  for await (const batch of validatedDeclarationBatches(input.path, input.references, input.batchSize, (n) => (bytes = n))) {
    inFlight++;
    post({
      type: 'batch', rows: batch.rows, rejected: batch.rejected.map((r) => ({ line: r.line, code: r.error.code, params: r.error.params })), bytes,
      presummed: presumNewRows(batch.rows.map((r) => r.value), units, rollout),
    });
    while (inFlight >= maxInFlight) await new Promise<void>((resolve) => (wake = resolve));
  }
  post({ type: 'done', bytes });
} catch (error) {
  post({ type: 'error', unreadable: error instanceof UnreadableFileError, message: (error as Error).message });
}
port.close();
