import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../auth/auth.plugin.js';
import { requireUserRole } from '../auth/guards.js';
import { dataScope } from '../auth/scope.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { resolveRatedDeclaration } from '../evaluations/evaluations.service.js';
import { requireApiClient } from '../http/api-auth.js';
import { staffTransitions, type StaffTransition } from './case-rules.js';
import { TransitionInput } from './cases.schema.js';
import { addCaseNote, answerCase, transitionCase } from './cases.service.js';
import { caseDetail, caseList } from './case-views.service.js';

const CaseParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const TransitionParams = Type.Object({ id: Type.Integer({ minimum: 1 }), transition: Type.String({ enum: [...staffTransitions] }) });
const CaseListQuery = Type.Object({
  mine: Type.Optional(Type.Boolean({ description: 'only cases assigned to my unit' })),
  overdue: Type.Optional(Type.Boolean()),
  unit: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(Type.String({ enum: ['open', 'closed'] })),
  before: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type CaseListQuery = Static<typeof CaseListQuery>;
const AnswerBody = Type.Object({
  token: Type.String({ maxLength: 200 }),
  answer: Type.String({ enum: ['accept', 'dispute'] }),
  reason: Type.Optional(Type.String({ maxLength: 4000 })),
});

const caseReaders = ['admin', 'inspector', 'leader'] as const;

/** The closed loop's JSON API: staff read and move cases; a vendor relays the business's answer. */
export function caseRoutes(db: Db, config: Config): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: CaseListQuery }>('/api/v1/cases', {
      schema: { tags: ['cases'], summary: 'Cases within the caller\'s scope (inspectors: all; leaders: their subtree)', querystring: CaseListQuery },
      preHandler: requireUserRole(...caseReaders),
    }, async (request) => caseList(db.kysely, actorOf(request), request.query));

    app.get<{ Params: Static<typeof CaseParams> }>('/api/v1/cases/:id', {
      schema: { tags: ['cases'], summary: 'A case with its evaluation, declaration and timeline', params: CaseParams },
      preHandler: requireUserRole(...caseReaders),
    }, async (request) => caseDetail(db.kysely, actorOf(request), dataScope(request.principal), request.params.id));

    app.post<{ Params: Static<typeof TransitionParams>; Body: TransitionInput }>('/api/v1/cases/:id/:transition', {
      schema: {
        tags: ['cases'], summary: 'acknowledge | verify | conclude | respond (the assigned unit\'s leaders or inspectors)',
        params: TransitionParams, body: TransitionInput,
      },
      preHandler: requireUserRole('inspector', 'leader'),
    }, async (request) => {
      const updated = await transitionCase(db.kysely, actorOf(request), request.params.id, request.params.transition as StaffTransition, request.body);
      return { id: updated.id, status: updated.status };
    });

    app.post<{ Params: Static<typeof CaseParams>; Body: { note: string } }>('/api/v1/cases/:id/notes', {
      schema: { tags: ['cases'], summary: 'Add a note to the timeline', params: CaseParams, body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 4000 }) }) },
      preHandler: requireUserRole('inspector', 'leader'),
    }, async (request, reply) => {
      await addCaseNote(db.kysely, actorOf(request), request.params.id, request.body.note);
      return reply.status(204).send();
    });

    app.post<{ Body: Static<typeof AnswerBody> }>('/api/v1/cases/answer', {
      schema: { tags: ['cases'], summary: 'The business accepts or disputes the response (vendor key with the rating token)', body: AnswerBody, security: [{ apiKey: [] }] },
      preHandler: requireApiClient(db.kysely, ['vendor']),
    }, async (request) => {
      const declaration = await resolveRatedDeclaration(db.kysely, config.secretKey, { kind: 'token', token: request.body.token });
      const updated = await answerCase(db.kysely, actorOf(request), declaration.id, request.body.answer as 'accept' | 'dispute', request.body.reason);
      return { id: updated.id, status: updated.status };
    });
  };
}
