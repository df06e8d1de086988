import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * SQLite checkpoints (copying the write-ahead log back into the database file) off the main
 * thread. By default the connection that commits does it, inside its commit, every 1,000 pages —
 * a third of an evaluation's cost under load. Here the main connection never checkpoints
 * (wal_autocheckpoint = 0) and a worker thread with its own connection runs a PASSIVE checkpoint
 * (it never blocks readers or writers) every `intervalMs`, on the second core, and a TRUNCATE
 * when the database closes. A PASSIVE checkpoint never lets the log start over while a writer keeps
 * writing (a bulk import): once the log passes `maxWalBytes`, the worker runs a TRUNCATE instead,
 * which holds new writers back for the little the PASSIVE ones left to copy, then empties the log.
 */
const source = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const checkpoint = (mode) => { try { db.pragma('wal_checkpoint(' + mode + ')'); } catch {} };
const walBytes = () => { try { return statSync(workerData.path + '-wal').size; } catch { return 0; } };
const timer = setInterval(() => checkpoint(walBytes() > workerData.maxWalBytes ? 'TRUNCATE' : 'PASSIVE'), workerData.intervalMs);
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

export function startCheckpointer(path: string, intervalMs = 250, maxWalBytes = 256 * 1024 * 1024): Checkpointer {
  const worker = new Worker(source, {
    eval: true, workerData: { path, intervalMs, maxWalBytes, driver: fileURLToPath(import.meta.resolve('better-sqlite3')) },
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
