import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { listApiClients } from '../api-clients/api-clients.repository.js';
import { apiClientRoles, createApiClient, revokeApiClientById } from '../api-clients/api-clients.service.js';
import { actorOf } from '../auth/auth.plugin.js';
import { requirePageRole } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import type { ApiClient } from '../db/schema.js';
import { AppError } from '../errors.js';
import { notificationMessages } from '../notifications/notifications.i18n.js';
import { sendPage } from '../web/components.js';
import { formatInstant } from '../web/format.js';
import { html } from '../web/html.js';
import { layout, pageContext } from '../web/layout.js';
import { adminMessages } from './admin.i18n.js';
import { actionButton, csrfField, formError } from './forms.js';

const CreateBody = Type.Object({ name: Type.String({ maxLength: 200 }), role: Type.String({ maxLength: 20 }), _csrf: Type.Optional(Type.String()) });

function clientsPage(request: FastifyRequest, clients: ApiClient[], extra: { key?: string; error?: AppError } = {}) {
  const ctx = pageContext(request);
  const a = adminMessages(ctx.lang);
  const webhooks = notificationMessages(ctx.lang).webhooks;
  const rows = clients.map((c) => html`<tr><td>${c.id}</td><td>${c.name}</td><td>${c.role}</td><td>${formatInstant(c.created_at)}</td>
    <td>${c.revoked_at === null ? a.active : html`${a.revoked} ${formatInstant(c.revoked_at)}`}</td>
    <td>${c.role === 'vendor' ? html`<a href="/admin/api-clients/${c.id}/webhooks">${webhooks} #${c.id}</a>` : ''}</td>
    <td>${c.revoked_at === null ? actionButton(request, `/admin/api-clients/${c.id}/revoke`, `${a.revoke} #${c.id}`, true) : ''}</td></tr>`);
  return layout(ctx, a.apiClientsTitle, html`
<p>${a.apiClientsLead}</p>
${extra.key ? html`<div class="notice" role="status"><p><strong>${a.newKeyTitle}</strong></p><p><code class="secret">${extra.key}</code></p></div>` : ''}
${formError(ctx, extra.error)}
<table class="data"><caption>${a.apiClientsTitle}</caption>
<thead><tr><th scope="col">#</th><th scope="col">${a.name}</th><th scope="col">${a.role}</th><th scope="col">${a.createdAt}</th><th scope="col">${a.status}</th><th scope="col">${webhooks}</th><th scope="col"><span class="visually-hidden">${a.revoke}</span></th></tr></thead>
<tbody>${rows}</tbody></table>
<h2>${a.create}</h2>
<form method="post" action="/admin/api-clients" class="form narrow">${csrfField(request)}
  <p><label for="name">${a.name}</label><input id="name" name="name" required maxlength="200"></p>
  <p><label for="role">${a.role}</label><select id="role" name="role">${apiClientRoles.map((r) => html`<option value="${r}">${r}</option>`)}</select></p>
  <p><button type="submit">${a.create}</button></p>
</form>`);
}

/** Administration of API clients: the key is shown once, on the page that created it. */
export function apiClientAdminRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    const admin = { preHandler: requirePageRole('admin') };
    app.get('/admin/api-clients', admin, async (request, reply) =>
      sendPage(reply.header('cache-control', 'no-store'), clientsPage(request, await listApiClients(db.kysely))));

    app.post<{ Body: { name: string; role: string } }>('/admin/api-clients', { ...admin, schema: { body: CreateBody } }, async (request, reply) => {
      try {
        const { key } = await createApiClient(db.kysely, request.body.role, request.body.name, actorOf(request));
        return sendPage(reply.header('cache-control', 'no-store'), clientsPage(request, await listApiClients(db.kysely), { key }));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return sendPage(reply.status(error.status), clientsPage(request, await listApiClients(db.kysely), { error }));
      }
    });

    app.post<{ Params: { id: string } }>('/admin/api-clients/:id/revoke', { ...admin, schema: { params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) }) } }, async (request, reply) => {
      const id = Number(request.params.id);
      if (!Number.isSafeInteger(id)) throw new AppError('api_client_not_found', { value: request.params.id });
      await revokeApiClientById(db.kysely, id, actorOf(request));
      return reply.redirect('/admin/api-clients', 303);
    });
  };
}
