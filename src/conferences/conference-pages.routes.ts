import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../auth/auth.plugin.js';
import { requirePageRole } from '../auth/guards.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError, isAppError } from '../errors.js';
import { problemList } from '../problems/problem-views.service.js';
import { sendPage } from '../web/components.js';
import { pageContext } from '../web/layout.js';
import { conferenceListPage, conferencePage, type ConferenceForm, type ConferenceRefusal } from './conference.pages.js';
import { findConference, listConferences, listInvitations } from './conferences.repository.js';
import { addQuestion, createConference, invite, recordMinutes } from './conferences.service.js';

const Params = Type.Object({ id: Type.Integer({ minimum: 1 }) });
type Params = Static<typeof Params>;
const text = Type.Optional(Type.String({ maxLength: 60_000 }));
const FormBody = Type.Object({ _csrf: text, title: text, heldOn: text, place: text, invitees: text, taxCode: text, topic: text, question: text, minutes: text });
type FormBody = Static<typeof FormBody>;
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })), lang: Type.Optional(Type.String({ enum: ['vi', 'en'] })) });

function values(body: FormBody): Record<string, string> {
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string'));
}

const recoverable = (error: unknown): error is AppError => isAppError(error) && error.status !== 404 && error.status < 500;

/** The dialogue conference pages: administrators, inspectors and leaders read; administrators and leaders organise. */
export function conferencePageRoutes(db: Db, config: Config): FastifyPluginAsync {
  const ctx = { secretKey: config.secretKey, dataDir: config.dataDir };
  return async (app) => {
    const readers = { preHandler: requirePageRole('admin', 'inspector', 'leader') };
    const organisers = { preHandler: requirePageRole('admin', 'leader') };

    app.get('/conferences', readers, async (request, reply) => sendPage(reply, conferenceListPage(pageContext(request), await listConferences(db.kysely), {})));

    app.post<{ Body: FormBody }>('/conferences', { ...organisers, schema: { body: FormBody } }, async (request, reply) => {
      try {
        const id = await createConference(db.kysely, actorOf(request), request.body);
        return reply.redirect(`/conferences/${id}?done=created`, 303);
      } catch (error) {
        if (!recoverable(error)) throw error;
        const refused = { form: 'create' as const, error, values: values(request.body) };
        return sendPage(reply.status(error.status), conferenceListPage(pageContext(request), await listConferences(db.kysely), { refused }));
      }
    });

    const show = async (request: FastifyRequest, reply: FastifyReply, id: number, options: { done?: string | undefined; refused?: ConferenceRefusal }) => {
      const conference = await findConference(db.kysely, id);
      if (!conference) throw new AppError('conference_not_found', { value: id });
      const questions = await problemList(db.kysely, request.principal, { view: 'all', status: 'any', conferenceId: id });
      return sendPage(reply, conferencePage(pageContext(request), { conference, invitations: await listInvitations(db.kysely, id), questions }, options));
    };

    app.get<{ Params: Params; Querystring: Static<typeof DoneQuery> }>('/conferences/:id', { ...readers, schema: { params: Params, querystring: DoneQuery } },
      async (request, reply) => show(request, reply, request.params.id, { done: request.query.done }));

    const post = (form: ConferenceForm, done: string, step: (request: FastifyRequest<{ Params: Params; Body: FormBody }>) => Promise<unknown>) =>
      async (request: FastifyRequest<{ Params: Params; Body: FormBody }>, reply: FastifyReply) => {
        try {
          await step(request);
          return reply.redirect(`/conferences/${request.params.id}?done=${done}#form-${form}`, 303);
        } catch (error) {
          if (!recoverable(error)) throw error;
          return show(request, reply.status(error.status), request.params.id, { refused: { form, error, values: values(request.body) } });
        }
      };
    const route = { ...organisers, schema: { params: Params, body: FormBody } };
    app.post<{ Params: Params; Body: FormBody }>('/conferences/:id/invitations', route,
      post('invite', 'invited', (r) => invite(db.kysely, actorOf(r), r.params.id, r.body.invitees ?? '')));
    app.post<{ Params: Params; Body: FormBody }>('/conferences/:id/questions', route,
      post('question', 'question', (r) => addQuestion(db.kysely, ctx, actorOf(r), r.params.id, r.body)));
    app.post<{ Params: Params; Body: FormBody }>('/conferences/:id/minutes', route,
      post('minutes', 'minutes', (r) => recordMinutes(db.kysely, actorOf(r), r.params.id, r.body.minutes)));
  };
}
