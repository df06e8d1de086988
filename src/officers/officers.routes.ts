import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../db/database.js';
import { sendPage } from '../web/components.js';
import { pageContext } from '../web/layout.js';
import { browseOfficers, officerProfile } from './officer-directory.service.js';
import { officerPage, officersPage } from './officers.pages.js';
import { OfficerListQuery, OfficerParams } from './officers.schema.js';

/** The /officers list and each officer's page. */
export function officerPageRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: OfficerListQuery }>('/officers', { schema: { querystring: OfficerListQuery } }, async (request, reply) => {
      const view = await browseOfficers(db.kysely, request.query.q ?? '', request.query.page ?? 1);
      return sendPage(reply, officersPage(pageContext(request), view));
    });
    app.get<{ Params: OfficerParams }>('/officers/:code', { schema: { params: OfficerParams } }, async (request, reply) => {
      const profile = await officerProfile(db.kysely, request.params.code);
      return sendPage(reply, officerPage(pageContext(request), profile));
    });
  };
}
