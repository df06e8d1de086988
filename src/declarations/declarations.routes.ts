import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { tokenAndUrl } from '../evaluations/rating-link.service.js';
import { audit } from '../audit/audit.service.js';
import { actorOf } from '../auth/auth.plugin.js';
import { AppError } from '../errors.js';
import { requireApiClient } from '../http/api-auth.js';
import { requestLang } from '../http/lang.js';
import { DeclarationBatchBody, DeclarationBatchResponse, maxDeclarationsPerRequest } from './declarations.schema.js';
import { submitDeclarations } from './declarations.service.js';

/**
 * The body's outer shape is checked here; each item is then checked by the feed's own validator,
 * so that one bad item is rejected with its code while the others are written.
 */
function checkBatchShape(body: unknown): { declarations: Record<string, unknown>[] } {
  const items = (body as { declarations?: unknown } | null)?.declarations;
  if (!Array.isArray(items)) throw new AppError('validation_failed', { detail: 'body.declarations must be an array' });
  if (items.length > maxDeclarationsPerRequest) throw new AppError('too_many_items', { max: maxDeclarationsPerRequest });
  return { declarations: items.map((item: unknown) => (item !== null && typeof item === 'object' && !Array.isArray(item) ? item as Record<string, unknown> : {})) };
}

export function declarationRoutes(db: Db, config: Config): FastifyPluginAsync {
  const link = (declarationNo: string, taxCode: string) =>
    tokenAndUrl({ secretKey: config.secretKey, publicUrl: config.publicUrl, ratingWindowDays: config.ratingWindowDays }, declarationNo, taxCode);
  return async (app) => {
    app.post('/api/v1/declarations', {
      schema: {
        tags: ['feed'],
        summary: 'Push declarations and their handlers (feed API client)',
        description: `At most ${maxDeclarationsPerRequest} items. Each item is created, updated, unchanged or rejected on its own; results are in input order.`,
        security: [{ apiKey: [] }],
        body: DeclarationBatchBody,
        response: { 200: DeclarationBatchResponse },
      },
      validatorCompiler: () => (data: unknown) => ({ value: data }),
      config: { itemsCheckedAlone: true },
      preHandler: requireApiClient(db.kysely, ['feed']),
    }, async (request) => {
      const { declarations } = checkBatchShape(request.body);
      const results = await submitDeclarations(db, declarations, requestLang(request), link);
      const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
      for (const r of results) counts[r.status]++;
      await audit(db.kysely, actorOf(request), { action: 'import', entity: 'declarations', after: counts });
      return { results };
    });
  };
}
