import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../auth/auth.plugin.js';
import { requirePageRole } from '../auth/guards.js';
import { dataScope } from '../auth/scope.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError, isAppError } from '../errors.js';
import { readSettings } from '../settings/settings.js';
import { sendPage } from '../web/components.js';
import { pageContext } from '../web/layout.js';
import { attachmentPath } from './attachment-store.js';
import { problemFigures } from './problem-figures.service.js';
import { problemFiguresPage } from './problem-figures.pages.js';
import { publishPage, raiseProblemPage, type RaiseValues } from './problem-forms.pages.js';
import { listSettings, problemListPage } from './problem-list.pages.js';
import { publicationDraft, publishProblem, qaEntry, searchQa, unpublishProblem } from './problem-publication.service.js';
import { problemLimits, type ProblemTransition } from './problem-rules.js';
import { uploadedFiles } from './problem-uploads.js';
import { problemDetail, problemList } from './problem-views.service.js';
import { moveProblem, rateAnswer } from './problem-workflow.service.js';
import { problemPage, type ProblemFormName, type ProblemRefusal } from './problem.pages.js';
import { findAttachment, findBusinessesByIds } from './problems.repository.js';
import { ProblemListQuery, ProblemParams, QaQuery } from './problems.schema.js';
import { raiseProblem, type ProblemContext } from './problems.service.js';
import { qaEntryPage, qaPage } from './qa.pages.js';
import { problemReaders } from './problems.routes.js';

const StepBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  answer: Type.Optional(Type.String({ maxLength: problemLimits.answerMaxLength })),
  note: Type.Optional(Type.String({ maxLength: problemLimits.commentMaxLength })),
  rating: Type.Optional(Type.String({ maxLength: 2 })),
  comment: Type.Optional(Type.String({ maxLength: problemLimits.commentMaxLength })),
});
type StepBody = Static<typeof StepBody>;
const PublishBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  topic: Type.Optional(Type.String({ maxLength: 20 })),
  question: Type.String({ maxLength: problemLimits.questionMaxLength * 2 }),
  answer: Type.String({ maxLength: problemLimits.answerMaxLength * 2 }),
});
type PublishBody = Static<typeof PublishBody>;
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })), lang: Type.Optional(Type.String({ enum: ['vi', 'en'] })) });
type DoneQuery = Static<typeof DoneQuery>;
const FiguresQuery = Type.Object({ from: Type.Optional(Type.String({ maxLength: 10 })), to: Type.Optional(Type.String({ maxLength: 10 })), lang: Type.Optional(Type.String({ enum: ['vi', 'en'] })) });

function text(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** A refusal the reader can act on (not a 404, not a failure): the page again beside the form. */
function recoverable(error: unknown): error is AppError {
  return isAppError(error) && error.status !== 404 && error.status < 500;
}

/**
 * The problem pages. Raising is multipart (files); who may post is checked on request, before the
 * body is read. Every post is CSRF-checked by the auth plugin; post/redirect/get on success.
 */
export function problemPageRoutes(db: Db, config: Config): FastifyPluginAsync {
  const ctx: ProblemContext = { secretKey: config.secretKey, dataDir: config.dataDir };
  return async (app) => {
    const readers = { preHandler: requirePageRole(...problemReaders) };
    const business = requirePageRole('business');
    // On request, before the body is read: every post of this scope may carry files (problem-uploads.ts).
    const staffSteps = { onRequest: requirePageRole('leader', 'officer') };
    const publishers = { onRequest: requirePageRole('admin', 'leader') };
    const answerDays = async () => (await readSettings(db.kysely)).problem_answer_working_days;

    app.get<{ Querystring: ProblemListQuery }>('/problems', { ...readers, schema: { querystring: ProblemListQuery } }, async (request, reply) => {
      const page = pageContext(request);
      const settings = listSettings(page, request.query as never);
      const list = await problemList(db.kysely, request.principal, settings);
      return sendPage(reply, problemListPage(page, list, settings, await answerDays()));
    });

    const businessesOf = (request: FastifyRequest) => findBusinessesByIds(db.kysely, request.principal.kind === 'user' ? request.principal.businessIds : []);
    const emptyRaise: RaiseValues = { topic: '', question: '', declarationNo: '', taxCode: '' };

    app.get('/problems/new', { preHandler: business }, async (request, reply) =>
      sendPage(reply, raiseProblemPage(pageContext(request), await businessesOf(request), emptyRaise)));

    app.post('/problems', { onRequest: business }, async (request, reply) => {
      const values: RaiseValues = { topic: text(request.body, 'topic'), question: text(request.body, 'question'), declarationNo: text(request.body, 'declarationNo'), taxCode: text(request.body, 'taxCode') };
      const p = request.principal;
      try {
        const problem = await raiseProblem(db.kysely, ctx, actorOf(request), { kind: 'business', businessIds: p.kind === 'user' ? p.businessIds : [] },
          { ...values, declarationNo: values.declarationNo || undefined, taxCode: values.taxCode || undefined, attachments: uploadedFiles(request) });
        return reply.redirect(`/problems/${problem.id}?done=raised`, 303);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500) throw error;
        return sendPage(reply.status(error.status), raiseProblemPage(pageContext(request), await businessesOf(request), values, error));
      }
    });

    app.get<{ Querystring: Static<typeof FiguresQuery> }>('/problems/figures', { preHandler: requirePageRole('admin', 'inspector', 'leader'), schema: { querystring: FiguresQuery } },
      async (request, reply) => sendPage(reply, problemFiguresPage(pageContext(request), await problemFigures(db.kysely, request.principal, request.query))));

    const show = async (request: FastifyRequest, reply: FastifyReply, id: number, options: { done?: string | undefined; refused?: ProblemRefusal }) =>
      sendPage(reply, problemPage(pageContext(request), await problemDetail(db.kysely, request.principal, id), options));

    app.get<{ Params: ProblemParams; Querystring: DoneQuery }>('/problems/:id', { ...readers, schema: { params: ProblemParams, querystring: DoneQuery } },
      async (request, reply) => show(request, reply, request.params.id, { done: request.query.done }));

    const post = async (request: FastifyRequest<{ Params: ProblemParams; Body: StepBody }>, reply: FastifyReply, form: ProblemFormName, step: () => Promise<unknown>) => {
      const { id } = request.params;
      try {
        await step();
        return reply.redirect(`/problems/${id}?done=${form}#${form === 'rating' ? 'form-rating' : 'answer'}`, 303);
      } catch (error) {
        if (!recoverable(error)) throw error;
        const values = { answer: request.body.answer ?? '', note: request.body.note ?? '', rating: request.body.rating ?? '', comment: request.body.comment ?? '' };
        return show(request, reply.status(error.status), id, { refused: { form, error, values } });
      }
    };

    for (const step of ['draft', 'approve', 'return'] as const satisfies readonly ProblemTransition[]) {
      app.post<{ Params: ProblemParams; Body: StepBody }>(`/problems/:id/${step}`, { ...staffSteps, schema: { params: ProblemParams, body: StepBody } },
        async (request, reply) => post(request, reply, step, () => moveProblem(db.kysely, actorOf(request), request.params.id, step, request.body)));
    }

    app.post<{ Params: ProblemParams; Body: StepBody }>('/problems/:id/rating', { onRequest: business, schema: { params: ProblemParams, body: StepBody } },
      async (request, reply) => post(request, reply, 'rating', () => {
        const p = request.principal;
        return rateAnswer(db.kysely, ctx, actorOf(request), { kind: 'business', businessIds: p.kind === 'user' ? p.businessIds : [] }, request.params.id,
          { rating: Number(request.body.rating || 'x'), comment: request.body.comment });
      }));

    app.get<{ Params: ProblemParams }>('/problems/:id/publish', { ...publishers, schema: { params: ProblemParams } }, async (request, reply) =>
      sendPage(reply, publishPage(pageContext(request), await publicationDraft(db.kysely, actorOf(request), request.params.id))));

    app.post<{ Params: ProblemParams; Body: PublishBody }>('/problems/:id/publish', { ...publishers, schema: { params: ProblemParams, body: PublishBody } }, async (request, reply) => {
      const { id } = request.params;
      try {
        await publishProblem(db.kysely, actorOf(request), id, request.body);
        return reply.redirect(`/problems/${id}?done=publish`, 303);
      } catch (error) {
        if (!recoverable(error)) throw error;
        const draft = { ...(await publicationDraft(db.kysely, actorOf(request), id)), question: request.body.question, answer: request.body.answer, topic: request.body.topic ?? '' };
        return sendPage(reply.status(error.status), publishPage(pageContext(request), draft as never, error));
      }
    });

    app.post<{ Params: ProblemParams }>('/problems/:id/unpublish', { ...publishers, schema: { params: ProblemParams } }, async (request, reply) => {
      await unpublishProblem(db.kysely, actorOf(request), request.params.id);
      return reply.redirect(`/problems/${request.params.id}?done=unpublish`, 303);
    });

    app.get<{ Params: ProblemParams }>('/problem-attachments/:id', { ...readers, schema: { params: ProblemParams } }, async (request, reply) => {
      const attachment = await findAttachment(db.kysely, dataScope(request.principal), request.params.id);
      if (!attachment) throw new AppError('attachment_not_found', { value: request.params.id });
      const path = attachmentPath(config.dataDir, attachment.problem_id, attachment.stored_name);
      await access(path).catch(() => { throw new AppError('attachment_not_found', { value: request.params.id }); });
      return reply.type(attachment.media_type).header('content-length', String(attachment.size))
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.file_name)}`)
        .header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store')
        .send(createReadStream(path));
    });

    app.get<{ Querystring: QaQuery }>('/qa', { schema: { querystring: QaQuery } }, async (request, reply) => {
      const results = await searchQa(db.kysely, request.query);
      return sendPage(reply, qaPage(pageContext(request), results, { q: request.query.q ?? '', topic: request.query.topic ?? '', before: request.query.before }));
    });

    app.get<{ Params: ProblemParams }>('/qa/:id', { schema: { params: ProblemParams } }, async (request, reply) =>
      sendPage(reply, qaEntryPage(pageContext(request), await qaEntry(db.kysely, request.params.id))));
  };
}
