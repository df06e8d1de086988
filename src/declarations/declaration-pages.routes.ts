import type { FastifyPluginAsync } from 'fastify';
import { declarationReaderRoles, requirePageRole } from '../auth/guards.js';
import { dataScope } from '../auth/scope.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { evaluationContext } from '../evaluations/evaluations.routes.js';
import { listRatingStatuses } from '../evaluations/rating-page.service.js';
import { sendPage } from '../web/components.js';
import { pageContext } from '../web/layout.js';
import { browseDeclarations, declarationDetail } from './declaration-browse.service.js';
import { DeclarationListQuery, DeclarationParams } from './declaration-list.schema.js';
import { declarationPage, declarationsPage } from './declarations.pages.js';

/** The /declarations list and each declaration's page, for staff and businesses; each reader sees the declarations of their scope (a business also where each stands with its rating). */
export function declarationPageRoutes(db: Db, config: Config): FastifyPluginAsync {
  const ratingCtx = evaluationContext(config);
  return async (app) => {
    const preHandler = requirePageRole(...declarationReaderRoles);
    app.get<{ Querystring: DeclarationListQuery }>('/declarations', { preHandler, schema: { querystring: DeclarationListQuery } }, async (request, reply) => {
      const scope = dataScope(request.principal);
      const view = await browseDeclarations(db.kysely, scope, request.query, config.secretKey);
      // A business rates its own declarations from its list.
      const ratings = scope.kind === 'businesses' ? await listRatingStatuses(db.kysely, ratingCtx, view.rows) : undefined;
      return sendPage(reply, declarationsPage(pageContext(request), view, ratings));
    });
    app.get<{ Params: DeclarationParams }>('/declarations/:no', { preHandler, schema: { params: DeclarationParams } }, async (request, reply) => {
      const detail = await declarationDetail(db.kysely, dataScope(request.principal), request.params.no);
      return sendPage(reply, declarationPage(pageContext(request), detail));
    });
  };
}
