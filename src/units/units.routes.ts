import type { FastifyPluginAsync } from 'fastify';
import { requirePageRole, staffRoles } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import { sendPage } from '../web/components.js';
import { pageContext } from '../web/layout.js';
import { unitsPage } from './units.pages.js';
import { UnitListQuery } from './units.schema.js';
import { browseUnits } from './units.service.js';

/** The /units page, for staff: the organisation's tree, which holds no figures. */
export function unitPageRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: UnitListQuery }>('/units', { preHandler: requirePageRole(...staffRoles), schema: { querystring: UnitListQuery } }, async (request, reply) => {
      const view = await browseUnits(db.kysely, request.query.q ?? '');
      return sendPage(reply, unitsPage(pageContext(request), view));
    });
  };
}
