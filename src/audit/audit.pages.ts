import type { FastifyRequest } from 'fastify';
import { adminMessages } from '../admin/admin.i18n.js';
import type { AuditEvent } from '../db/schema.js';
import { hrefWith, scrollRegion } from '../web/components.js';
import { formatInstant } from '../web/format.js';
import { html } from '../web/html.js';
import { layout, pageContext } from '../web/layout.js';
import type { AuditQuery } from './audit.routes.js';

function change(e: AuditEvent) {
  const parts = [e.before_json ? html`<div><small>before</small> <code>${e.before_json}</code></div>` : '',
    e.after_json ? html`<div><small>after</small> <code>${e.after_json}</code></div>` : ''];
  return parts;
}

export function auditPage(request: FastifyRequest, q: AuditQuery, events: AuditEvent[], more: boolean) {
  const ctx = pageContext(request);
  const a = adminMessages(ctx.lang);
  const input = (name: keyof AuditQuery, label: string, type = 'text') =>
    html`<p><label for="f-${name}">${label}</label><input id="f-${name}" name="${name}" type="${type}" value="${q[name] ?? ''}"></p>`;
  const filters = { entity: q.entity, entityId: q.entityId, action: q.action, actor: q.actor, from: q.from, to: q.to };
  const rows = events.map((e) => html`<tr><td>${formatInstant(e.at)}</td><td>${e.actor_name ?? e.actor_kind}</td><td>${e.ip ?? ''}</td>
    <td>${e.action}</td><td>${e.entity}${e.entity_id ? ` #${e.entity_id}` : ''}</td><td>${change(e)}</td></tr>`);
  const last = events[events.length - 1];
  return layout(ctx, a.auditTitle, html`
<p>${a.auditLead}</p>
<form method="get" action="/admin/audit" class="filters">
  ${input('entity', a.entity)}${input('entityId', '#')}${input('action', a.action)}${input('actor', a.actor)}
  ${input('from', a.from, 'date')}${input('to', a.to, 'date')}
  <p><button type="submit">${a.filter}</button> <a href="${hrefWith('/admin/audit.csv', filters)}">${a.downloadCsv}</a></p>
</form>
${scrollRegion(a.auditTitle, html`<table class="data"><caption>${a.auditTitle}</caption>
<thead><tr><th scope="col">${a.at}</th><th scope="col">${a.actor}</th><th scope="col">${a.ip}</th><th scope="col">${a.action}</th><th scope="col">${a.entity}</th><th scope="col">${a.change}</th></tr></thead>
<tbody>${rows}</tbody></table>`)}
${more && last ? html`<nav class="pager"><a rel="next" href="${hrefWith('/admin/audit', { ...filters, before: last.id })}">${a.older}</a></nav>` : ''}`);
}
