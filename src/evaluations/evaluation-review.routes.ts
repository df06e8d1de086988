import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../auth/auth.plugin.js';
import { requirePageRole } from '../auth/guards.js';
import { dataScope } from '../auth/scope.js';
import type { Db } from '../db/database.js';
import { sendPage } from '../web/components.js';
import { reviewPage } from './evaluation-review.pages.js';
import { reviewEvaluations } from './evaluation-review.service.js';

const ReviewQuery = Type.Object({
  low: Type.Optional(Type.String({ maxLength: 1 })),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}\\.[0-9]{1,15}$' })),
  lang: Type.Optional(Type.String()),
});

export function evaluationReviewRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: Static<typeof ReviewQuery> }>('/evaluations', {
      schema: { querystring: ReviewQuery },
      preHandler: requirePageRole('admin', 'inspector'),
    }, async (request, reply) => {
      const low = request.query.low === '1';
      const [at, id] = (request.query.before ?? '').split('.').map(Number);
      const { rows, more } = await reviewEvaluations(db.kysely, dataScope(request.principal), actorOf(request), {
        ...(low ? { maxLevel: 3 } : {}), ...(at !== undefined && id !== undefined && !Number.isNaN(id) ? { before: { at, id } } : {}),
      });
      return sendPage(reply, reviewPage(request, rows, more, low));
    });
  };
}
