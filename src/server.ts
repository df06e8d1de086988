import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { startScheduler } from './jobs/scheduler.js';
import { createMailer } from './mail/mailer.js';

/** Opens the database, migrates, listens, and shuts down cleanly on SIGINT/SIGTERM. */
export async function serve(config: Config): Promise<FastifyInstance> {
  const db = await openDatabase(config.databaseUrl);
  await migrateToLatest(db);
  const app = await buildApp({ config, db });
  const jobs = startScheduler(db, app.log, config.jobIntervalSeconds * 1000, { mailer: createMailer(config, app.log), secretKey: config.secretKey });
  app.addHook('onClose', async () => {
    await jobs.stop();
    await db.close();
  });
  const stop = (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    app.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ host: config.host, port: config.port });
  return app;
}
