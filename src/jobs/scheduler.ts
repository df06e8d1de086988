import type { FastifyBaseLogger } from 'fastify';
import { runCaseJobs } from '../cases/case-jobs.service.js';
import type { Db } from '../db/database.js';
import type { Mailer } from '../mail/mailer.js';
import { deliverOutbox } from '../notifications/outbox-delivery.service.js';

/**
 * Runs the periodic work in the server process: case escalation and closing, then delivery of the
 * outbox they and the ratings filled (each safe with several processes running it). One run at a
 * time; a failing run is logged and retried next tick.
 */
export interface JobContext {
  mailer: Mailer;
  secretKey: string;
}

export type Job = (db: Db, now: number, context: JobContext) => Promise<unknown>;

export const scheduledJobs: Job[] = [
  (db, now) => runCaseJobs(db.kysely, now),
  (db, now, { mailer, secretKey }) => deliverOutbox(db.kysely, { mailer, secretKey, now }),
];

export function startScheduler(db: Db, log: FastifyBaseLogger, intervalMs: number, context: JobContext, jobs: readonly Job[] = scheduledJobs) {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = (async () => {
      for (const job of jobs) {
        try {
          await job(db, Date.now(), context);
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
