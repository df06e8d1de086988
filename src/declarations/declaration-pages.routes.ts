import type { FastifyPluginAsync } from 'fastify';
import { declarationReaderRoles, requirePageRole } from '../auth/guards.js';
import { dataScope } from '../auth/scope.js';
import type { Db } from '../db/database.js';
import { sendPage } from '../web/components.js';
import { pageContext } from '../web/layout.js';
import { browseDeclarations, declarationDetail } from './declaration-browse.service.js';
import { DeclarationListQuery, DeclarationParams } from './declaration-list.schema.js';
import { declarationPage, declarationsPage } from './declarations.pages.js';

/** The /declarations list and each declaration's page, for staff and businesses; each reader sees the declarations of their scope. */
export function declarationPageRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    const preHandler = requirePageRole(...declarationReaderRoles);
    app.get<{ Querystring: DeclarationListQuery }>('/declarations', { preHandler, schema: { querystring: DeclarationListQuery } }, async (request, reply) => {
      const view = await browseDeclarations(db.kysely, dataScope(request.principal), request.query);
      return sendPage(reply, declarationsPage(pageContext(request), view));
    });
    app.get<{ Params: DeclarationParams }>('/declarations/:no', { preHandler, schema: { params: DeclarationParams } }, async (request, reply) => {
      const detail = await declarationDetail(db.kysely, dataScope(request.principal), request.params.no);
      return sendPage(reply, declarationPage(pageContext(request), detail));
    });
  };
}
