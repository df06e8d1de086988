import type { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../errors.js';
import type { Row, ValidatedBatch } from '../imports/import-runner.js';
import { UnreadableFileError } from '../imports/sources.js';
import { startWorkerThread } from '../shared/worker-thread.js';
import type { WorkerInput, WorkerMessage } from './declaration-import.worker.js';
import type { WindowSums } from './declarations.bulk-shared.js';
import type { ValidDeclaration } from './declarations.schema.js';
import { unpackRow, type PackedDeclarations } from './packed-declarations.js';

function startWorker(workerData: WorkerInput, youngGenerationMb: number): Worker {
  // A small heap: the worker holds a few batches at a time, and the import's peak RSS has a budget.
  return startWorkerThread(import.meta.url, 'declaration-import.worker', {
    workerData, resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb, maxOldGenerationSizeMb: 48 },
  });
}

/** What a worker-thread batch brings beside its rows. */
export interface WorkerBatchExtra {
  /**
   * The rows as the worker packed them (`WorkerInput.packRows`), for the writer; the batch's `rows`
   * then unpack one by one, only if asked.
   */
  packed?: PackedDeclarations;
  /** On a batch without rows that closes a window. */
  sums?: WindowSums;
}

/** A row of a packed batch: its line, and its value unpacked when asked. */
class PackedRow implements Row<ValidDeclaration> {
  constructor(private readonly packed: PackedDeclarations, private readonly index: number, readonly line: number) {}

  get value(): ValidDeclaration {
    return unpackRow(this.packed, this.index);
  }
}

/**
 * Validated batches produced by a worker thread; each batch pulled acknowledges the previous one.
 * A window's sums come on a batch without rows. `youngGenerationMb`: the worker's young generation,
 * where nearly all it allocates dies — the larger, the fewer scavenges, each copying the rows being
 * validated (PostgreSQL, 1,000,000 rows: 16 → 32 MB took 2.5 s off the import's CPU time and added
 * 20 MB to its peak RSS, 274–281 MB; on SQLite that came to 307 MB, over the import's budget).
 */
export async function* workerBatches(
  input: WorkerInput, onBytes?: (bytesRead: number) => void, youngGenerationMb = 16,
): AsyncGenerator<ValidatedBatch<ValidDeclaration, WorkerBatchExtra>> {
  const worker = startWorker(input, youngGenerationMb);
  const queue: WorkerMessage[] = [];
  let notify: (() => void) | undefined;
  let failure: Error | undefined;
  const push = (message: WorkerMessage) => {
    queue.push(message);
    notify?.();
  };
  worker.on('message', push);
  worker.on('error', (error) => { failure = error; notify?.(); });
  worker.on('exit', (code) => { if (code !== 0 && !failure) failure = new Error(`import worker exited with ${code}`); notify?.(); });
  try {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((resolve) => (notify = resolve));
      const message = queue.shift();
      if (!message) throw failure!;
      if (message.type === 'error') throw message.unreadable ? new UnreadableFileError(message.message) : new Error(message.message);
      onBytes?.(message.bytes);
      if (message.type === 'done') {
        if (message.sums) yield { rows: [], rejected: [], extra: { sums: message.sums } };
        return;
      }
      const packed = Array.isArray(message.rows) ? undefined : message.rows;
      yield {
        rows: packed ? Array.from(packed.lines, (line, i) => new PackedRow(packed.packed, i, line)) : message.rows as Row<ValidDeclaration>[],
        rejected: message.rejected.map((r) => ({ line: r.line, error: new AppError(r.code as ErrorCode, r.params) })),
        extra: { packed: packed?.packed, sums: message.sums },
      };
      worker.postMessage('ack');
    }
  } finally {
    await worker.terminate();
  }
}
