import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { requirePageRole } from '../auth/guards.js';
import { dataScope } from '../auth/scope.js';
import { casePageRoutes } from '../cases/case-pages.routes.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { declarationPageRoutes } from '../declarations/declaration-pages.routes.js';
import { officerPageRoutes } from '../officers/officers.routes.js';
import { partnershipRoutes } from '../partnership/partnership.routes.js';
import { packageRoot } from '../paths.js';
import { dashboardRoutes } from '../stats/dashboard.routes.js';
import { unitPageRoutes } from '../units/units.routes.js';
import { sendPage } from './components.js';
import { homePage } from './home.pages.js';
import { homeFigures } from './home.service.js';
import { pageContext } from './layout.js';

/** A Map: a plain object would also find 'constructor', 'toString'… (inherited) as files. */
const assets = new Map<string, string>([['app.css', 'text/css; charset=utf-8']]);

/** Pages and their assets (served from the package, never a CDN). */
export function webRoutes(db: Db, config: Config): FastifyPluginAsync {
  return async (app) => {
    // Added to the reply's cookies, never replacing them: the session cookie set by the same reply survives.
    app.addHook('onRequest', async (request, reply) => {
      const lang = (request.query as Record<string, unknown> | undefined)?.lang;
      if (lang === 'vi' || lang === 'en') {
        reply.setCookie('lang', lang, { path: '/', maxAge: 31_536_000, sameSite: 'lax' });
      }
    });

    app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
      const type = assets.get(request.params.file);
      if (!type) return reply.callNotFound();
      const body = await readFile(join(packageRoot, 'public', request.params.file));
      return reply.type(type).header('cache-control', 'public, max-age=3600').send(body);
    });

    const figures = homeFigures(db.kysely);
    app.get('/', { preHandler: requirePageRole() }, async (request, reply) =>
      sendPage(reply, homePage(pageContext(request), await figures(dataScope(request.principal)))));

    await app.register(unitPageRoutes(db));
    await app.register(officerPageRoutes(db));
    await app.register(dashboardRoutes(db, config));
    await app.register(declarationPageRoutes(db, config));
    await app.register(casePageRoutes(db));
    await app.register(partnershipRoutes(db, config));
  };
}
