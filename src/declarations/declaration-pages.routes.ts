import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../db/database.js';
import { sendPage } from '../web/components.js';
import { pageContext } from '../web/layout.js';
import { browseDeclarations, declarationDetail } from './declaration-browse.service.js';
import { DeclarationListQuery, DeclarationParams } from './declaration-list.schema.js';
import { declarationPage, declarationsPage } from './declarations.pages.js';

/** The /declarations list and each declaration's page. */
export function declarationPageRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: DeclarationListQuery }>('/declarations', { schema: { querystring: DeclarationListQuery } }, async (request, reply) => {
      const view = await browseDeclarations(db.kysely, request.query);
      return sendPage(reply, declarationsPage(pageContext(request), view));
    });
    app.get<{ Params: DeclarationParams }>('/declarations/:no', { schema: { params: DeclarationParams } }, async (request, reply) => {
      const detail = await declarationDetail(db.kysely, request.params.no);
      return sendPage(reply, declarationPage(pageContext(request), detail));
    });
  };
}
