import type { FastifyRequest } from 'fastify';
import type { AppError } from '../errors.js';
import { userRoles } from '../users/users.service.js';
import { formatInstant } from '../web/format.js';
import { html } from '../web/html.js';
import { layout, pageContext } from '../web/layout.js';
import { adminMessages } from './admin.i18n.js';
import { actionButton, csrfField, formError, formNotice } from './forms.js';

export interface UserRow {
  id: number;
  username: string;
  email: string | null;
  display_name: string;
  role: string;
  disabled_at: number | null;
  unit_code: string | null;
  officer_code: string | null;
}

function scopeOf(u: UserRow, businesses?: string[]): string {
  return u.unit_code ?? u.officer_code ?? (businesses ? businesses.join(', ') : '—');
}

export function usersPage(request: FastifyRequest, users: UserRow[], error?: AppError) {
  const ctx = pageContext(request);
  const a = adminMessages(ctx.lang);
  const rows = users.map((u) => html`<tr><td><a href="/admin/users/${u.id}">${u.username}</a></td><td>${u.display_name}</td>
    <td>${u.role}</td><td>${scopeOf(u)}</td><td>${u.disabled_at === null ? a.active : a.disabled}</td></tr>`);
  const input = (name: string, label: string, extra = '') => html`<p><label for="${name}">${label}</label><input id="${name}" name="${name}" ${extra}></p>`;
  return layout(ctx, a.usersTitle, html`
${formError(ctx, error)}
<table class="data"><caption>${a.usersTitle}</caption>
<thead><tr><th scope="col">${a.username}</th><th scope="col">${a.displayName}</th><th scope="col">${a.role}</th><th scope="col">${a.scope}</th><th scope="col">${a.status}</th></tr></thead>
<tbody>${rows}</tbody></table>
<h2>${a.create}</h2>
<form method="post" action="/admin/users" class="form narrow">${csrfField(request)}
  ${input('username', a.username, 'required maxlength="64" autocomplete="off"')}
  ${input('display_name', a.displayName, 'maxlength="200"')}
  ${input('email', a.email, 'type="email" maxlength="254"')}
  <p><label for="role">${a.role}</label><select id="role" name="role">${userRoles.map((r) => html`<option value="${r}">${r}</option>`)}</select></p>
  ${input('unit_code', a.unitCode, 'maxlength="40"')}
  ${input('officer_code', a.officerCode, 'maxlength="40"')}
  ${input('tax_codes', a.taxCodes, 'maxlength="500"')}
  ${input('password', a.password, 'type="password" required minlength="10" maxlength="200" autocomplete="new-password"')}
  <p><button type="submit">${a.create}</button></p>
</form>`);
}

export interface UserDetail extends UserRow {
  businesses: { tax_code: string; name: string; authorised_at: number }[];
}

export function userPage(request: FastifyRequest, user: UserDetail, extra: { error?: AppError; notice?: string } = {}) {
  const ctx = pageContext(request);
  const a = adminMessages(ctx.lang);
  const base = `/admin/users/${user.id}`;
  const brokers = user.role !== 'business' ? '' : html`
<h2>${a.brokerTitle}</h2><p>${a.brokerLead}</p>
<table class="data"><caption>${a.brokerTitle}</caption>
<thead><tr><th scope="col">${a.taxCode}</th><th scope="col">${a.name}</th><th scope="col">${a.createdAt}</th><th scope="col"><span class="visually-hidden">${a.remove}</span></th></tr></thead>
<tbody>${user.businesses.map((b) => html`<tr><td>${b.tax_code}</td><td>${b.name}</td><td>${formatInstant(b.authorised_at)}</td>
  <td>${actionButton(request, `${base}/businesses/${encodeURIComponent(b.tax_code)}/revoke`, `${a.remove} ${b.tax_code}`, true)}</td></tr>`)}</tbody></table>
<form method="post" action="${base}/businesses" class="form narrow">${csrfField(request)}
  <p><label for="tax_code">${a.taxCode}</label><input id="tax_code" name="tax_code" required maxlength="14" pattern="[0-9]{10}(-[0-9]{3})?"></p>
  <p><button type="submit">${a.authorise}</button></p>
</form>`;
  return layout(ctx, `${a.usersTitle}: ${user.username}`, html`
${formNotice(extra.notice)}${formError(ctx, extra.error)}
<dl class="facts"><div><dt>${a.displayName}</dt><dd>${user.display_name}</dd></div>
<div><dt>${a.email}</dt><dd>${user.email ?? a.none}</dd></div>
<div><dt>${a.role}</dt><dd>${user.role}</dd></div>
<div><dt>${a.scope}</dt><dd>${scopeOf(user, user.businesses.map((b) => b.tax_code))}</dd></div>
<div><dt>${a.status}</dt><dd>${user.disabled_at === null ? a.active : a.disabled}</dd></div></dl>
${actionButton(request, `${base}/${user.disabled_at === null ? 'disable' : 'enable'}`, user.disabled_at === null ? a.disable : a.enable, user.disabled_at === null)}
${brokers}
<p><a href="/admin/users">${a.usersTitle}</a></p>`);
}
