import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { requirePageRole } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import { hrefWith, scrollRegion, sendPage } from '../web/components.js';
import { formatInstant } from '../web/format.js';
import { html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, pageContext } from '../web/layout.js';
import { deliveryLog, type DeliveryLogPage } from './delivery-log.service.js';
import type { OutboxAttempt } from './outbox-delivery.repository.js';
import { notificationMessages, type NotificationMessages } from './notifications.i18n.js';
import { DeliveriesQuery, deliveryStatuses } from './notifications.schema.js';

function attemptList(w: NotificationMessages, attempts: OutboxAttempt[]) {
  if (attempts.length === 0) return '';
  return html`<details><summary>${w.attemptLog} (${attempts.length})</summary><ol class="attempts">${attempts.map((a) => html`<li>
    ${formatInstant(a.at)} — ${a.ok ? w.attemptOk : w.attemptFailed}${a.status_code === null ? '' : ` (HTTP ${a.status_code})`}${a.error ? html`: <code>${a.error}</code>` : ''}</li>`)}</ol></details>`;
}

function deliveriesPage(request: FastifyRequest, query: DeliveriesQuery, log: DeliveryLogPage) {
  const ctx = pageContext(request);
  const w = notificationMessages(ctx.lang);
  const status = query.status || undefined;
  const rows = log.deliveries.map((d) => html`<tr><td>${d.id}</td><td>${formatInstant(d.created_at)}</td>
    <td>${d.channel === 'email' ? w.email : w.webhooks}</td><td><code>${d.target}</code></td><td>${d.event}</td><td>${d.case_id === null ? '' : `#${d.case_id}`}</td>
    <td>${w[d.status]}</td><td>${d.attempts}</td><td>${d.status === 'pending' ? formatInstant(d.next_attempt_at) : ''}</td>
    <td>${d.last_error ? html`<code>${d.last_error}</code>` : ''}</td><td>${d.sent_at === null ? '' : formatInstant(d.sent_at)}</td>
    <td>${attemptList(w, d.attemptLog)}</td></tr>`);
  const options = [['', w.all], ...deliveryStatuses.map((s) => [s, w[s]])] as [string, string][];
  return layout(ctx, w.deliveriesTitle, html`
<p>${w.deliveriesLead}</p>
<p>${fillMessage(w.counts, log.counts)}</p>
<form method="get" action="/admin/deliveries" class="filters">
  <p><label for="status">${w.status}</label><select id="status" name="status">${options.map(([value, label]) =>
    html`<option value="${value}"${value === (status ?? '') ? html` selected` : ''}>${label}</option>`)}</select></p>
  <p><button type="submit">${w.filter}</button></p>
</form>
${log.deliveries.length === 0 ? html`<p>${w.noDeliveries}</p>` : scrollRegion(w.deliveriesTitle, html`<table class="data"><caption>${w.deliveriesTitle}</caption>
<thead><tr><th scope="col">#</th><th scope="col">${w.createdAt}</th><th scope="col">${w.channel}</th><th scope="col">${w.target}</th><th scope="col">${w.event}</th>
<th scope="col">${w.caseNo}</th><th scope="col">${w.status}</th><th scope="col">${w.attempts}</th><th scope="col">${w.nextAttempt}</th><th scope="col">${w.lastError}</th>
<th scope="col">${w.sentAt}</th><th scope="col">${w.attemptLog}</th></tr></thead>
<tbody>${rows}</tbody></table>`)}
${log.olderThan === null ? '' : html`<nav class="pager"><a rel="next" href="${hrefWith('/admin/deliveries', { status, before: log.olderThan })}">${w.older}</a></nav>`}`);
}

/** /admin/deliveries: the outbox and its delivery attempts, for administrators. */
export function deliveryAdminRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: DeliveriesQuery }>('/admin/deliveries',
      { preHandler: requirePageRole('admin'), schema: { querystring: DeliveriesQuery } }, async (request, reply) => {
        const { status, before } = request.query;
        const log = await deliveryLog(db.kysely, { status: status || undefined, beforeId: before === undefined ? undefined : Number(before) });
        return sendPage(reply, deliveriesPage(request, request.query, log));
      });
  };
}
