import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { requirePageRole } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import { packageRoot } from '../paths.js';
import { homePage } from './home.pages.js';
import { pageContext } from './layout.js';
import { countBusinesses } from '../businesses/businesses.repository.js';
import { countOfficers } from '../officers/officers.repository.js';
import { countUnits } from '../units/units.repository.js';
import { countDeclarations } from '../declarations/declarations.repository.js';
import { declarationPageRoutes } from '../declarations/declaration-pages.routes.js';
import { officerPageRoutes } from '../officers/officers.routes.js';
import { unitPageRoutes } from '../units/units.routes.js';
import { recentValue } from '../shared/recent-value.js';
import { sendPage } from './components.js';

const assets: Record<string, string> = {
  'app.css': 'text/css; charset=utf-8',
};

/** Pages and their assets (served from the package, never a CDN). */
export function webRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      const lang = (request.query as Record<string, unknown> | undefined)?.lang;
      if (lang === 'vi' || lang === 'en') {
        reply.header('set-cookie', `lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`);
      }
    });

    app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
      const type = assets[request.params.file];
      if (!type) return reply.callNotFound();
      const body = await readFile(join(packageRoot, 'public', request.params.file));
      return reply.type(type).header('cache-control', 'public, max-age=3600').send(body);
    });

    // Counting ten million declarations takes a noticeable moment: the home page's figures are
    // counted at most once a minute per app.
    const homeCounts = recentValue(async () => {
      const k = db.kysely;
      const [units, officers, businesses, declarations] = await Promise.all([
        countUnits(k), countOfficers(k), countBusinesses(k), countDeclarations(k),
      ]);
      return { units, officers, businesses, declarations };
    }, 60_000);
    app.get('/', { preHandler: requirePageRole() }, async (request, reply) => sendPage(reply, homePage(pageContext(request), await homeCounts())));

    await app.register(unitPageRoutes(db));
    await app.register(officerPageRoutes(db));
    await app.register(declarationPageRoutes(db));
  };
}
