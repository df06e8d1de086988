import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { actionButton, csrfField, formError, formNotice } from '../admin/forms.js';
import { actorOf } from '../auth/auth.plugin.js';
import { requirePageRole } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { hrefWith, scrollRegion, sendPage } from '../web/components.js';
import { formatInstant } from '../web/format.js';
import { html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, pageContext } from '../web/layout.js';
import { notificationMessages } from './notifications.i18n.js';
import { WebhookBody, WebhookClientParams, WebhookEndpointParams, WebhooksQuery } from './notifications.schema.js';
import {
  disableWebhookEndpointOf, registerWebhookEndpoint, webhookClientView, webhookUrlMaxLength, type WebhookClientView,
} from './webhook-endpoints.service.js';

interface PageExtra {
  notice?: string;
  error?: AppError;
  /** The URL the admin typed, shown again when it was refused. */
  url?: string;
}

function webhooksPage(request: FastifyRequest, view: WebhookClientView, extra: PageExtra = {}) {
  const ctx = pageContext(request);
  const w = notificationMessages(ctx.lang);
  const { client } = view;
  const base = `/admin/api-clients/${client.id}/webhooks`;
  const rows = view.endpoints.map((e) => html`<tr><td>${e.id}</td><td><code>${e.url}</code></td><td>${formatInstant(e.created_at)}</td>
    <td>${e.disabled_at === null ? w.enabled : html`${w.disabledAt} ${formatInstant(e.disabled_at)}`}</td>
    <td>${e.disabled_at === null ? actionButton(request, `${base}/${e.id}/disable`, `${w.disable} #${e.id}`, true) : ''}</td></tr>`);
  const endpoints = view.endpoints.length === 0 ? html`<p>${w.noEndpoints}</p>` : scrollRegion(w.endpointsCaption, html`<table class="data">
<caption>${w.endpointsCaption}</caption>
<thead><tr><th scope="col">#</th><th scope="col">${w.url}</th><th scope="col">${w.createdAt}</th><th scope="col">${w.status}</th><th scope="col"><span class="visually-hidden">${w.disable}</span></th></tr></thead>
<tbody>${rows}</tbody></table>`);
  return layout(ctx, fillMessage(w.webhooksTitle, { name: client.name }), html`
<p><a href="/admin/api-clients">${w.backToClients}</a></p>
<p>${w.webhooksLead}</p>${formNotice(extra.notice)}${formError(ctx, extra.error)}
${view.mayRegister ? html`<h2>${w.signingKeyTitle}</h2>
<p><code class="secret">${view.signingKey}</code></p>
<p class="hint">${w.signingKeyHelp}</p>` : html`<p>${w.notVendor}</p>`}
${endpoints}
${view.mayRegister ? html`<h2>${w.register}</h2>
<form method="post" action="${base}" class="form narrow">${csrfField(request)}
  <p><label for="url">${w.url}</label><input id="url" name="url" type="url" required maxlength="${webhookUrlMaxLength}" placeholder="https://" value="${extra.url ?? ''}"></p>
  <p><button type="submit">${w.register}</button></p>
</form>` : ''}`);
}

function clientId(params: WebhookClientParams): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id)) throw new AppError('api_client_not_found', { value: params.id });
  return id;
}

/** /admin/api-clients/:id/webhooks: a vendor's receiving URLs and signing key (admins; changes audited). */
export function webhookAdminRoutes(db: Db, secretKey: string): FastifyPluginAsync {
  return async (app) => {
    const admin = { preHandler: requirePageRole('admin') };

    app.get<{ Params: WebhookClientParams; Querystring: WebhooksQuery }>('/admin/api-clients/:id/webhooks',
      { ...admin, schema: { params: WebhookClientParams, querystring: WebhooksQuery } }, async (request, reply) => {
        const w = notificationMessages(pageContext(request).lang);
        const { registered, disabled } = request.query;
        const notice = registered ? w.registered : disabled ? fillMessage(w.disabledNotice, { id: disabled }) : undefined;
        return sendPage(reply, webhooksPage(request, await webhookClientView(db.kysely, secretKey, clientId(request.params)), { notice }));
      });

    app.post<{ Params: WebhookClientParams; Body: WebhookBody }>('/admin/api-clients/:id/webhooks',
      { ...admin, schema: { params: WebhookClientParams, body: WebhookBody } }, async (request, reply) => {
        const id = clientId(request.params);
        try {
          await registerWebhookEndpoint(db.kysely, id, request.body.url, actorOf(request));
          return reply.redirect(hrefWith(`/admin/api-clients/${id}/webhooks`, { registered: 1 }), 303);
        } catch (error) {
          if (!(error instanceof AppError) || error.code === 'api_client_not_found') throw error;
          const view = await webhookClientView(db.kysely, secretKey, id);
          return sendPage(reply.status(error.status), webhooksPage(request, view, { error, url: request.body.url }));
        }
      });

    app.post<{ Params: WebhookEndpointParams }>('/admin/api-clients/:id/webhooks/:endpointId/disable',
      { ...admin, schema: { params: WebhookEndpointParams } }, async (request, reply) => {
        const id = clientId(request.params);
        await disableWebhookEndpointOf(db.kysely, id, Number(request.params.endpointId), actorOf(request));
        return reply.redirect(hrefWith(`/admin/api-clients/${id}/webhooks`, { disabled: request.params.endpointId }), 303);
      });
  };
}
