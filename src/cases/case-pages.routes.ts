import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../auth/auth.plugin.js';
import { requirePageRole } from '../auth/guards.js';
import { dataScope } from '../auth/scope.js';
import type { Db } from '../db/database.js';
import { isAppError } from '../errors.js';
import { vietnamDay } from '../shared/time.js';
import { sendPage } from '../web/components.js';
import { pageContext } from '../web/layout.js';
import { CaseFormBody, caseFormValues, transitionInput, type CaseFormName, type CaseRefusal } from './case-forms.pages.js';
import { CasePageQuery, caseListPageHtml, caseListQuery, listSettings } from './case-list.pages.js';
import { staffTransitions, type StaffTransition } from './case-rules.js';
import { caseListPage, casePage } from './case-views.service.js';
import { casePageHtml } from './case.pages.js';
import { addCaseNote, transitionCase } from './cases.service.js';

const CaseParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
type CaseParams = Static<typeof CaseParams>;
const TransitionParams = Type.Object({ id: Type.Integer({ minimum: 1 }), transition: Type.String({ enum: [...staffTransitions] }) });
type TransitionParams = Static<typeof TransitionParams>;
const CaseQuery = Type.Object({ done: Type.Optional(Type.String({ enum: [...staffTransitions, 'note'] })) });
type CaseQuery = Static<typeof CaseQuery>;

/**
 * The case pages: /cases and /cases/:id for leaders and inspectors (administrators may read), and
 * one POST per step and for notes — CSRF-checked by the auth plugin, post/redirect/get on success,
 * the page again with the refusal beside its form (and the values entered) otherwise.
 */
export function casePageRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    const readers = { preHandler: requirePageRole('admin', 'inspector', 'leader') };
    const actors = { preHandler: requirePageRole('inspector', 'leader') };

    app.get<{ Querystring: CasePageQuery }>('/cases', { ...readers, schema: { querystring: CasePageQuery } }, async (request, reply) => {
      const ctx = pageContext(request);
      const settings = listSettings(ctx, request.query);
      const list = await caseListPage(db.kysely, actorOf(request), caseListQuery(settings));
      return sendPage(reply.status(list.refused?.status ?? 200), caseListPageHtml(ctx, list, settings));
    });

    const showCase = async (request: FastifyRequest, reply: FastifyReply, id: number, extra: { done?: CaseFormName; refused?: CaseRefusal }) => {
      const view = await casePage(db.kysely, actorOf(request), dataScope(request.principal), id);
      return sendPage(reply, casePageHtml(pageContext(request), view, { today: vietnamDay(Date.now()), ...extra }));
    };

    app.get<{ Params: CaseParams; Querystring: CaseQuery }>('/cases/:id', { ...readers, schema: { params: CaseParams, querystring: CaseQuery } },
      async (request, reply) => showCase(request, reply, request.params.id, { done: request.query.done as CaseFormName | undefined }));

    /** Runs a step; a refusal the reader can act on (not a 404, not a failure) shows the page again beside the form. */
    const post = async (request: FastifyRequest<{ Body: CaseFormBody }>, reply: FastifyReply, id: number, form: CaseFormName, step: () => Promise<unknown>) => {
      try {
        await step();
        return reply.redirect(`/cases/${id}?done=${form}`, 303);
      } catch (error) {
        if (!isAppError(error) || error.status === 404 || error.status >= 500) throw error;
        return showCase(request, reply.status(error.status), id, { refused: { form, error, values: caseFormValues(request.body) } });
      }
    };

    app.post<{ Params: CaseParams; Body: CaseFormBody }>('/cases/:id/notes', { ...actors, schema: { params: CaseParams, body: CaseFormBody } },
      async (request, reply) => post(request, reply, request.params.id, 'note',
        () => addCaseNote(db.kysely, actorOf(request), request.params.id, request.body.note ?? '')));

    app.post<{ Params: TransitionParams; Body: CaseFormBody }>('/cases/:id/:transition', { ...actors, schema: { params: TransitionParams, body: CaseFormBody } },
      async (request, reply) => {
        const { id } = request.params;
        const transition = request.params.transition as StaffTransition;
        return post(request, reply, id, transition,
          () => transitionCase(db.kysely, actorOf(request), id, transition, transitionInput(caseFormValues(request.body))));
      });
  };
}
