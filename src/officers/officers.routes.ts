import type { FastifyPluginAsync } from 'fastify';
import { requirePageRole, staffRoles } from '../auth/guards.js';
import { dataScope } from '../auth/scope.js';
import type { Db } from '../db/database.js';
import { sendPage } from '../web/components.js';
import { pageContext } from '../web/layout.js';
import { browseOfficers, officerProfile } from './officer-directory.service.js';
import { officerPage, officersPage } from './officers.pages.js';
import { OfficerListQuery, OfficerParams } from './officers.schema.js';

/** The /officers list and each officer's page, for staff; each reader sees the officers of their scope. */
export function officerPageRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    const preHandler = requirePageRole(...staffRoles);
    app.get<{ Querystring: OfficerListQuery }>('/officers', { preHandler, schema: { querystring: OfficerListQuery } }, async (request, reply) => {
      const view = await browseOfficers(db.kysely, dataScope(request.principal), request.query.q ?? '', request.query.page ?? 1);
      return sendPage(reply, officersPage(pageContext(request), view));
    });
    app.get<{ Params: OfficerParams }>('/officers/:code', { preHandler, schema: { params: OfficerParams } }, async (request, reply) => {
      const profile = await officerProfile(db.kysely, dataScope(request.principal), request.params.code);
      return sendPage(reply, officerPage(pageContext(request), profile));
    });
  };
}
