import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { adminRoutes } from './admin/admin.routes.js';
import { pingDatabase } from './units/units.repository.js';
import { installAuth } from './auth/auth.plugin.js';
import { authRoutes } from './auth/auth.routes.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { declarationRoutes } from './declarations/declarations.routes.js';
import { evaluationRoutes } from './evaluations/evaluations.routes.js';
import { ratingPageRoutes } from './evaluations/rating-pages.routes.js';
import { statsRoutes } from './stats/stats.routes.js';
import { evaluationReviewRoutes } from './evaluations/evaluation-review.routes.js';
import { caseRoutes } from './cases/cases.routes.js';
import { problemRoutes } from './problems/problem.plugin.js';
import { conferencePageRoutes } from './conferences/conference-pages.routes.js';
import { frameworkErrorHandler, installErrorHandling } from './http/error-handler.js';
import { installInputGuard } from './http/input-guard.js';
import { apiDocsRoutes } from './web/api-docs.routes.js';
import { errorPage } from './web/error.pages.js';
import { webRoutes } from './web/web.routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    routeList: { method: string; url: string }[];
  }
}

export interface AppOptions {
  config: Config;
  db: Db;
  /** Defaults to SMTP (SMTP_URL) or the log. */
  mailer?: Mailer;
  /** Pino logger options; tests pass false. */
  logger?: boolean | object;
}

/** Wires plugins together; no logic lives here. `server.ts` listens. */
export async function buildApp({ config, db, logger, mailer }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    genReqId: () => randomUUID(),
    bodyLimit: 5 * 1024 * 1024,
    trustProxy: false,
    frameworkErrors: frameworkErrorHandler(errorPage),
  });
  // Every route as registered: the authorisation-matrix test checks each one has an entry.
  const routeList: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeList.push({ method, url: route.url });
  });
  app.decorate('routeList', routeList);
  installErrorHandling(app, errorPage);
  installInputGuard(app);
  await app.register(formbody);
  await installAuth(app, db, config);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'hailong API',
        version: '1',
        description: 'Customs service-quality evaluation. Errors: `{"error":{"code","message":{"vi","en"},"requestId"}}`; codes are listed in docs/errors.md.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key of a feed or vendor client: `hlk_<id>_<secret>`' } } },
    },
    hideUntagged: true,
  });

  app.get('/healthz', { schema: { tags: ['service'], summary: 'Liveness and database check' } }, async () => {
    await pingDatabase(db.kysely);
    return { status: 'ok' };
  });
  app.get('/api/openapi.json', async () => app.swagger());
  await app.register(authRoutes(db, config, mailer ?? createMailer(config, app.log)));
  await app.register(adminRoutes(db, config));
  await app.register(declarationRoutes(db, config));
  await app.register(evaluationRoutes(db, config));
  await app.register(ratingPageRoutes(db, config));
  await app.register(statsRoutes(db, config));
  await app.register(evaluationReviewRoutes(db));
  await app.register(caseRoutes(db, config));
  await app.register(problemRoutes(db, config));
  await app.register(conferencePageRoutes(db, config));
  await app.register(apiDocsRoutes(() => app.swagger() as never));
  await app.register(webRoutes(db, config));
  return app;
}
