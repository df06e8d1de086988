import type { FastifyPluginAsync, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { actorOf } from '../auth/auth.plugin.js';
import { requireUserRole } from '../auth/guards.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { requireApiClient } from '../http/api-auth.js';
import { searchQa, qaEntry } from './problem-publication.service.js';
import { uploadedFiles } from './problem-uploads.js';
import { problemDetail, problemList, type ProblemListQuery as ListQuery } from './problem-views.service.js';
import { rateAnswer, type AnswerRater } from './problem-workflow.service.js';
import { ProblemListQuery, ProblemParams, QaQuery, RaiseProblemBody, RateAnswerBody, StoredProblem } from './problems.schema.js';
import { raiseProblem, type ProblemContext, type ProblemRaiser } from './problems.service.js';
import { findUnitsByIds } from '../units/units.repository.js';

/**
 * Who may raise or rate through the API: a vendor key (the body's rating token then proves the
 * business), or a business account's session. Checked on request, before a multipart body is read.
 */
function vendorOrBusiness(db: Db): onRequestAsyncHookHandler {
  const vendor = requireApiClient(db.kysely, ['vendor']);
  return async function (this: unknown, request, reply) {
    if (request.headers.authorization) return vendor.call(this as never, request, reply);
    const p = request.principal;
    if (p.kind !== 'user') throw new AppError('unauthenticated');
    if (p.role !== 'business') throw new AppError('forbidden');
  };
}

function tokenOrSession(request: FastifyRequest, token: string | undefined): { kind: 'token'; token: string } | { kind: 'business'; businessIds: readonly number[] } {
  const p = request.principal;
  if (p.kind === 'user') return { kind: 'business', businessIds: p.businessIds };
  if (!token) throw new AppError('missing_field', { field: 'token' });
  return { kind: 'token', token };
}

export const problemReaders = ['admin', 'inspector', 'leader', 'officer', 'business'] as const;

/** The problems API: raise (JSON or multipart with `attachments`), read within scope, rate the answer; the public Q&A search. */
export function problemApiRoutes(db: Db, config: Config): FastifyPluginAsync {
  const ctx: ProblemContext = { secretKey: config.secretKey, dataDir: config.dataDir };
  return async (app) => {
    app.post<{ Body: RaiseProblemBody }>('/api/v1/problems', {
      schema: {
        tags: ['problems'], summary: 'Raise a problem or question (vendor key with the business\'s rating token, or a business session)',
        description: 'application/json, or multipart/form-data with the same fields and up to 5 files named `attachments` (PDF or images by content, 10 MB each). Routed to the declaration\'s office, else the business\'s most frequent office, else the department.',
        body: RaiseProblemBody, security: [{ apiKey: [] }], response: { 201: StoredProblem },
      },
      onRequest: vendorOrBusiness(db),
    }, async (request, reply) => {
      const raiser: ProblemRaiser = tokenOrSession(request, request.body.token);
      const problem = await raiseProblem(db.kysely, ctx, actorOf(request), raiser, { ...request.body, attachments: uploadedFiles(request) });
      const [unit] = await findUnitsByIds(db.kysely, [problem.unit_id]);
      return reply.status(201).send({
        id: problem.id, status: problem.status, unit: unit?.code ?? '', routing: problem.routing, dueDay: problem.due_day, attachments: uploadedFiles(request).length,
      });
    });

    app.get<{ Querystring: ProblemListQuery }>('/api/v1/problems', {
      schema: { tags: ['problems'], summary: 'Problems within the caller\'s scope (a business: its own)', querystring: ProblemListQuery },
      preHandler: requireUserRole(...problemReaders),
    }, async (request) => problemList(db.kysely, request.principal, request.query as ListQuery));

    app.get<{ Params: ProblemParams }>('/api/v1/problems/:id', {
      schema: { tags: ['problems'], summary: 'A problem with its answer (once sent) and attachments', params: ProblemParams },
      preHandler: requireUserRole(...problemReaders),
    }, async (request) => problemDetail(db.kysely, request.principal, request.params.id));

    app.post<{ Params: ProblemParams; Body: RateAnswerBody }>('/api/v1/problems/:id/rating', {
      schema: { tags: ['problems'], summary: 'The business rates the answer, 1–5 (vendor key with the rating token, or a business session)', params: ProblemParams, body: RateAnswerBody, security: [{ apiKey: [] }] },
      onRequest: vendorOrBusiness(db),
    }, async (request) => {
      const rater: AnswerRater = tokenOrSession(request, request.body.token);
      const rated = await rateAnswer(db.kysely, ctx, actorOf(request), rater, request.params.id, request.body);
      return { id: rated.id, rating: rated.rating };
    });

    app.get<{ Querystring: QaQuery }>('/api/v1/qa', {
      schema: { tags: ['problems'], summary: 'Search the public Q&A (anonymised answered problems); diacritics-insensitive', querystring: QaQuery },
    }, async (request) => searchQa(db.kysely, request.query));

    app.get<{ Params: ProblemParams }>('/api/v1/qa/:id', {
      schema: { tags: ['problems'], summary: 'One published question and its answer', params: ProblemParams },
    }, async (request) => qaEntry(db.kysely, request.params.id));
  };
}
