import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorOf } from '../auth/auth.plugin.js';
import { requirePageRole } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { listUserBusinesses, listUsersWithBindings } from '../users/users.repository.js';
import { authoriseBusinessForUser, createUser, revokeBusinessForUser, setUserEnabled } from '../users/users.service.js';
import { sendPage } from '../web/components.js';
import { userPage, usersPage, type UserRow } from './users.admin.pages.js';

const CreateBody = Type.Object({
  username: Type.String({ maxLength: 64 }), display_name: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 254 })), role: Type.String({ maxLength: 20 }),
  unit_code: Type.Optional(Type.String({ maxLength: 40 })), officer_code: Type.Optional(Type.String({ maxLength: 40 })),
  tax_codes: Type.Optional(Type.String({ maxLength: 500 })), password: Type.String({ maxLength: 200 }),
  _csrf: Type.Optional(Type.String()),
});
type CreateBody = { username: string; display_name?: string; email?: string; role: string; unit_code?: string; officer_code?: string; tax_codes?: string; password: string };
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) });
const TaxCodeParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }), taxCode: Type.String({ maxLength: 14 }) });
const TaxCodeBody = Type.Object({ tax_code: Type.String({ maxLength: 14 }), _csrf: Type.Optional(Type.String()) });

/** Administration of accounts and of brokers' business authorisations. */
export function userAdminRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    const admin = { preHandler: requirePageRole('admin') };
    const list = async () => (await listUsersWithBindings(db.kysely)).map((u) => ({ ...u, id: Number(u.id) })) as UserRow[];
    const detail = async (request: FastifyRequest<{ Params: { id: string } }>) => {
      const id = Number(request.params.id);
      const user = (await list()).find((u) => u.id === id);
      if (!user) throw new AppError('user_not_found', { value: request.params.id });
      return { ...user, businesses: await listUserBusinesses(db.kysely, id) };
    };
    const showUser = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, error?: AppError) =>
      sendPage(reply.status(error?.status ?? 200), userPage(request, await detail(request), { error }));

    app.get('/admin/users', admin, async (request, reply) => sendPage(reply, usersPage(request, await list())));

    app.post<{ Body: CreateBody }>('/admin/users', { ...admin, schema: { body: CreateBody } }, async (request, reply) => {
      const b = request.body;
      try {
        const id = await createUser(db.kysely, {
          username: b.username, displayName: b.display_name, email: b.email, role: b.role, password: b.password,
          unitCode: b.unit_code || undefined, officerCode: b.officer_code || undefined,
          taxCodes: (b.tax_codes ?? '').split(',').map((t) => t.trim()).filter((t) => t !== ''),
        }, actorOf(request));
        return reply.redirect(`/admin/users/${id}`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return sendPage(reply.status(error.status), usersPage(request, await list(), error));
      }
    });

    app.get<{ Params: { id: string } }>('/admin/users/:id', { ...admin, schema: { params: IdParams } }, async (request, reply) => showUser(request, reply));

    app.post<{ Params: { id: string }; Body: { tax_code: string } }>('/admin/users/:id/businesses', { ...admin, schema: { params: IdParams, body: TaxCodeBody } }, async (request, reply) => {
      try {
        await authoriseBusinessForUser(db.kysely, Number(request.params.id), request.body.tax_code, actorOf(request));
        return reply.redirect(`/admin/users/${request.params.id}`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return showUser(request, reply, error);
      }
    });

    app.post<{ Params: { id: string; taxCode: string } }>('/admin/users/:id/businesses/:taxCode/revoke', { ...admin, schema: { params: TaxCodeParams } }, async (request, reply) => {
      await revokeBusinessForUser(db.kysely, Number(request.params.id), request.params.taxCode, actorOf(request));
      return reply.redirect(`/admin/users/${request.params.id}`, 303);
    });

    for (const [path, enabled] of [['disable', false], ['enable', true]] as const) {
      app.post<{ Params: { id: string } }>(`/admin/users/:id/${path}`, { ...admin, schema: { params: IdParams } }, async (request, reply) => {
        await setUserEnabled(db.kysely, Number(request.params.id), enabled, actorOf(request));
        return reply.redirect(`/admin/users/${request.params.id}`, 303);
      });
    }
  };
}
