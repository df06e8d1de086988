import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type SQLite from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/**
 * SQLite checkpoints (copying the write-ahead log back into the database file) off the main
 * thread. By default the connection that commits does it, inside its commit, every 1,000 pages —
 * a third of an evaluation's cost under load. Here the main connection never checkpoints
 * (wal_autocheckpoint = 0) and a worker thread with its own connection runs a PASSIVE checkpoint
 * (it never blocks readers or writers) every `intervalMs`, on the second core, and a TRUNCATE
 * when the database closes.
 */
const source = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const checkpoint = (mode) => { try { db.pragma('wal_checkpoint(' + mode + ')'); } catch {} };
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort.postMessage('stopped');
  parentPort.close();
});
`;

export interface Checkpointer {
  /** A last checkpoint, then the worker ends. */
  stop(): Promise<void>;
}

export function startCheckpointer(path: string, intervalMs = 250): Checkpointer {
  const worker = new Worker(source, {
    eval: true, workerData: { path, intervalMs, driver: fileURLToPath(import.meta.resolve('better-sqlite3')) },
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 16 },
  });
  worker.unref();
  // A checkpoint that cannot run only leaves the log longer; the main connection carries on.
  worker.on('error', () => undefined);
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.once('exit', () => resolve());
        worker.once('error', () => resolve());
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}

/**
 * A PASSIVE checkpoint never lets the log start over while a writer keeps writing (a bulk import, the
 * demo): the log would grow by gigabytes. Bulk writers call this between their transactions: once the
 * log passes `maxBytes`, their own connection runs a TRUNCATE checkpoint (it copies what the worker
 * has not, then empties the log). Run by the writer itself, it never makes another writer wait; if
 * the worker's checkpoint is running at that moment, the log is emptied at the next call.
 */
export function truncateLongWal(sqlite: SQLite.Database, maxBytes = 256 * 1024 * 1024): void {
  let size = 0;
  try {
    size = statSync(`${sqlite.name}-wal`).size;
  } catch {
    return;
  }
  if (size <= maxBytes) return;
  try {
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // A checkpoint that cannot run only leaves the log longer, as in the worker: the writes stand.
  }
}
