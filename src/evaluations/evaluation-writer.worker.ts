import { parentPort } from 'node:worker_threads';
import { openDatabase, type Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { submitHere } from './evaluation-submission.service.js';
import type { WriterReply, WriterRequest } from './evaluation-writer.js';

// The evaluation writer's thread (src/evaluations/evaluation-writer.ts): a connection and a group commit per database file.
const port = parentPort!;
const open = new Map<string, Promise<Db>>();
let replies: WriterReply[] = [];

function reply(message: WriterReply): void {
  if (replies.push(message) === 1) setImmediate(() => { port.postMessage(replies); replies = []; });
}

function failed(id: number, error: unknown): WriterReply {
  if (error instanceof AppError) return { id, ok: false, code: error.code, params: error.params, message: error.message };
  return { id, ok: false, message: error instanceof Error ? error.message : String(error), ...(error instanceof Error ? { stack: error.stack } : {}) };
}

function connection(path: string) {
  let opened = open.get(path);
  if (!opened) {
    // This thread waits for the write lock as long as a rating may (a minute): it holds up no one else while it waits.
    opened = openDatabase(`sqlite:${path}`, { checkpointer: false, busyTimeoutMs: 60_000, mustExist: true });
    // A file that cannot be opened fails the jobs that wait for it; the next job tries again.
    opened.catch(() => open.delete(path));
    open.set(path, opened);
  }
  return opened;
}

port.on('message', (request: WriterRequest) => {
  if ('close' in request) {
    const opened = open.get(request.path);
    open.delete(request.path);
    void (opened ? opened.then((db) => db.close()) : Promise.resolve())
      .then(() => reply({ id: request.close, ok: true }), (error: unknown) => reply(failed(request.close, error)));
    return;
  }
  const opened = connection(request.path);
  for (const { id, job } of request.jobs) {
    opened.then((db) => submitHere(db.kysely, job)).then((value) => reply({ id, ok: true, value }), (error: unknown) => reply(failed(id, error)));
  }
});
