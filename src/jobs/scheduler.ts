import type { FastifyBaseLogger } from 'fastify';
import { runCaseJobs } from '../cases/case-jobs.service.js';
import type { Db } from '../db/database.js';

/**
 * Runs the periodic work in the server process: case escalation and closing (each safe with
 * several processes running it). One run at a time; a failing run is logged and retried next tick.
 */
export type Job = (db: Db, now: number) => Promise<unknown>;

export const scheduledJobs: Job[] = [(db, now) => runCaseJobs(db.kysely, now)];

export function startScheduler(db: Db, log: FastifyBaseLogger, intervalMs: number, jobs: readonly Job[] = scheduledJobs) {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = (async () => {
      for (const job of jobs) {
        try {
          await job(db, Date.now());
        } catch (error) {
          log.error({ err: error }, 'scheduled job failed');
        }
      }
    })().finally(() => { running = null; });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  setImmediate(tick);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
