import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { Type, type Static } from 'typebox';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { requireApiClient } from '../http/api-auth.js';
import { EvaluationBody, RatingLink, StoredEvaluation } from './evaluations.schema.js';
import { ratingLinkFor, ratingLinkOfToken } from './rating-link.service.js';
import { submitEvaluation } from './evaluation-submission.service.js';

const DeclarationNoParams = Type.Object({ no: Type.String({ maxLength: 40 }) });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

export function evaluationContext(config: Config) {
  return { secretKey: config.secretKey, ratingWindowDays: config.ratingWindowDays, publicUrl: config.publicUrl };
}

/** The rating-link route accepts a feed or vendor key, or the session of the declarant's account. */
function rateLinkCaller(db: Db) {
  const apiClient = requireApiClient(db.kysely, ['feed', 'vendor']);
  return async function (this: unknown, request: FastifyRequest, reply: unknown) {
    if (request.headers.authorization) return apiClient.call(this as never, request, reply as never);
    const p = request.principal;
    if (p.kind !== 'user') throw new AppError('unauthenticated');
    if (p.role !== 'business') throw new AppError('forbidden');
  };
}

export function evaluationRoutes(db: Db, config: Config): FastifyPluginAsync {
  const ctx = evaluationContext(config);
  return async (app) => {
    app.post<{ Body: EvaluationBody; Headers: { 'idempotency-key'?: string } }>('/api/v1/evaluations', {
      schema: {
        tags: ['evaluations'],
        summary: 'Rate a declaration from the declaration software (vendor API client)',
        description: 'The token comes from the feed or from GET /api/v1/declarations/{no}/rating-link. A new submission for the same declaration is a revision. Send an `Idempotency-Key` header to make retries safe.',
        security: [{ apiKey: [] }],
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: EvaluationBody,
        response: { 201: StoredEvaluation },
      },
      preHandler: requireApiClient(db.kysely, ['vendor']),
    }, async (request, reply) => {
      const { token, ...input } = request.body;
      const client = request.apiClient!;
      const key = request.headers['idempotency-key'];
      const stored = await submitEvaluation(db.kysely, ctx, { kind: 'token', token }, input, {
        channel: 'software', submittedBy: `api_client:${client.id}`, ip: request.ip,
        ...(typeof key === 'string' ? { idempotency: { clientId: client.id, key } } : {}),
      });
      return reply.status(201).send(stored);
    });

    app.get<{ Params: Static<typeof DeclarationNoParams> }>('/api/v1/declarations/:no/rating-link', {
      schema: {
        tags: ['evaluations'],
        summary: 'The rating link of a declaration (feed or vendor key, or the declarant signed in)',
        security: [{ apiKey: [] }],
        params: DeclarationNoParams,
        response: { 200: RatingLink },
      },
      preHandler: rateLinkCaller(db),
    }, async (request) => {
      const p = request.principal;
      const businessIds = p.kind === 'user' ? p.businessIds : null;
      return ratingLinkFor(db.kysely, ctx, request.params.no, businessIds);
    });

    app.get<{ Params: Static<typeof TokenParams> }>('/r/:token/qr.svg', {
      schema: { params: TokenParams },
    }, async (request, reply) => {
      const link = await ratingLinkOfToken(db.kysely, ctx, request.params.token);
      const svg = await QRCode.toString(link.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return reply.type('image/svg+xml').header('cache-control', 'private, max-age=3600').send(svg);
    });
  };
}
