import type { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { atClose, sqliteOf } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { AppError, type ErrorCode, type ErrorParams } from '../errors.js';
import { startWorkerThread } from '../shared/worker-thread.js';
import type { Submission } from './evaluation-submission.service.js';
import type { StoredEvaluation } from './evaluations.schema.js';

/** What crosses between the threads: a turn's submissions to one database file, or the end of its connection; their outcomes back. */
export type WriterRequest = { path: string; jobs: { id: number; job: Submission }[] } | { path: string; close: number };
export type WriterReply =
  | { id: number; ok: true; value?: StoredEvaluation }
  | { id: number; ok: false; code?: ErrorCode; params?: ErrorParams; message: string; stack?: string };

interface Waiting {
  path: string;
  resolve: (value: StoredEvaluation) => void;
  reject: (error: unknown) => void;
}

/**
 * SQLite: evaluations are written by a thread of their own, with its own connection to each file (its
 * group commit, its transactions). What a batch does — read the state, judge, write the chained
 * versions, roll-ups, cases, commit — is synchronous SQLite work: on the server's thread it would stop
 * every other request for as long as the batch takes, and leave the machine's second core idle. Here
 * the server's thread only takes the requests in and the answers out. One thread per process, started
 * on first use, serves every database file the process has open; it keeps nothing alive on its own.
 * Should it fail, the submissions waiting for it fail (a retry with the same Idempotency-Key is safe)
 * and later ones are written on the caller's thread.
 */
class WriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private readonly perPath = new Map<string, { count: number; drained: (() => void)[] }>();
  private outgoing = new Map<string, { id: number; job: Submission }[]>();
  private nextId = 1;
  private failure: Error | undefined;

  constructor(private readonly onFailure: () => void) {
    this.worker = startWorkerThread(import.meta.url, 'evaluation-writer.worker', {});
    this.worker.unref();
    this.worker.on('message', (replies: WriterReply[]) => { for (const reply of replies) this.settle(reply); });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`evaluation writer thread exited (${code})`)));
  }

  submit(path: string, job: Submission): Promise<StoredEvaluation> {
    return this.expect(path, (id) => {
      // One message per file and turn of the event loop: the jobs that arrive together travel together.
      if (this.outgoing.size === 0) setImmediate(() => this.flush());
      const jobs = this.outgoing.get(path);
      if (jobs) jobs.push({ id, job });
      else this.outgoing.set(path, [{ id, job }]);
    });
  }

  /**
   * After the submissions to it under way: the thread closes its connection to the file. Never
   * rejects: a thread that has died holds no connection.
   */
  async close(path: string): Promise<void> {
    const pending = this.perPath.get(path);
    if (pending) await new Promise<void>((resolve) => pending.drained.push(resolve));
    if (this.failure) return;
    await this.expect(path, (id) => this.worker.postMessage({ path, close: id } satisfies WriterRequest)).catch(() => undefined);
  }

  private expect(path: string, send: (id: number) => void): Promise<StoredEvaluation> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<StoredEvaluation>((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { path, resolve, reject });
      if (this.waiting.size === 1) this.worker.ref(); // while answers are awaited
      const counted = this.perPath.get(path);
      if (counted) counted.count++;
      else this.perPath.set(path, { count: 1, drained: [] });
      send(id);
    });
  }

  /** Ends the thread at once, as a crash would; resolves once the failure has been handled. */
  async crash(): Promise<void> {
    const handled = new Promise((resolve) => this.worker.once('exit', () => setImmediate(resolve)));
    await this.worker.terminate();
    await handled;
  }

  private flush(): void {
    const outgoing = this.outgoing;
    this.outgoing = new Map();
    for (const [path, jobs] of outgoing) this.worker.postMessage({ path, jobs } satisfies WriterRequest);
  }

  private settle(reply: WriterReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    this.uncount(waiting.path);
    if (reply.ok) waiting.resolve(reply.value!);
    else waiting.reject(reply.code ? new AppError(reply.code, reply.params) : Object.assign(new Error(reply.message), { stack: reply.stack }));
  }

  private uncount(path: string): void {
    const counted = this.perPath.get(path)!;
    if (--counted.count > 0) return;
    this.perPath.delete(path);
    for (const drained of counted.drained) drained();
  }

  private fail(error: Error): void {
    if (!this.failure) this.onFailure();
    this.failure ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(this.failure);
    this.waiting.clear();
    for (const counted of this.perPath.values()) for (const drained of counted.drained) drained();
    this.perPath.clear();
  }
}

let thread: WriterThread | undefined;
/** Set when a writer thread has failed (it could not start, or died): evaluations are then written on the caller's thread, as on PostgreSQL. */
let broken = false;
const served = new WeakSet<Kysely<Database>>();

/**
 * Sends a submission to the writer thread when the database is a SQLite file opened by openDatabase;
 * null on PostgreSQL, in memory, or once the thread has failed (the caller writes it itself).
 */
export function submitToWriterThread(db: Kysely<Database>, job: Submission): Promise<StoredEvaluation> | null {
  const sqlite = sqliteOf(db);
  if (!sqlite || sqlite.memory || broken) return null;
  const writer = (thread ??= new WriterThread(() => {
    broken = true;
    thread = undefined;
  }));
  const path = sqlite.name;
  if (!served.has(db)) {
    served.add(db);
    atClose(db, () => thread?.close(path) ?? Promise.resolve());
  }
  return writer.submit(path, job);
}

/** Ends the writer thread as a crash would (tests of what follows one): later evaluations are written on the caller's thread. */
export async function crashWriterThreadForTests(): Promise<void> {
  await thread?.crash();
}
