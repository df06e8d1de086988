import type { FastifyRequest } from 'fastify';
import { csrfField, formError, formNotice } from '../admin/forms.js';
import type { AppError } from '../errors.js';
import { maxSearchLength } from '../shared/text-search.js';
import { hrefWith, pager, scrollRegion } from '../web/components.js';
import { formatDay, formatInstant } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, pageContext, type PageContext } from '../web/layout.js';
import type { AgreementBrowse, AgreementRow } from './agreements.service.js';
import { filterField, formatBytes, sectionLinks, selectOptions, statusBadge } from './partnership-format.js';
import { partnershipMessages, type PartnershipMessages } from './partnership.i18n.js';
import { scanMaxMegabytes } from './partnership.schema.js';

export function agreementHref(id: number): string {
  return `/partnership/agreements/${id}`;
}

function filterForm(ctx: PageContext, m: PartnershipMessages, view: AgreementBrowse): Html {
  const q = view.query;
  const any = ['', ctx.t.anyOption] as const;
  return html`<form class="filters" method="get" action="/partnership/agreements" role="search"><fieldset><legend>${m.filtersLegend}</legend>
<div class="fields">
${filterField('q', m.searchLabel, html`<input id="q" name="q" type="search" value="${q.q ?? ''}" maxlength="${maxSearchLength}">`)}
${filterField('status', m.status, html`<select id="status" name="status">${selectOptions(q.status ?? '', [any, ['active', m.status_active], ['terminated', m.status_terminated]])}</select>`)}
${filterField('template', m.template, html`<select id="template" name="template">${selectOptions(q.template ?? '', [any, ...view.templates.map((t) => [String(t.id), t.key] as const)])}</select>`)}
${filterField('from', m.from, html`<input id="from" name="from" type="date" value="${q.from ?? ''}">`)}
${filterField('to', m.to, html`<input id="to" name="to" type="date" value="${q.to ?? ''}">`)}
</div>
<div class="actions"><button type="submit">${ctx.t.filterButton}</button> <a href="/partnership/agreements">${ctx.t.clearFilters}</a></div></fieldset></form>`;
}

/** /partnership/agreements: search, filters, one page of the scope's agreements. */
export function agreementsPage(ctx: PageContext, view: AgreementBrowse): Html {
  const m = partnershipMessages(ctx.lang);
  const q = view.query;
  const link = (page: number) => hrefWith('/partnership/agreements', { q: q.q, status: q.status, template: q.template, from: q.from, to: q.to, page: page > 1 ? page : null });
  const rows = view.agreements.map((a) => html`<tr>
<td><a href="${agreementHref(Number(a.id))}" class="code">${a.tax_code}</a></td><td class="wrap">${a.business_name}</td>
<td>${a.template_code}/${a.template_version}</td><td>${formatDay(a.signed_on)}</td><td>${a.signatory}</td><td>${statusBadge(m, a.status)}</td>
<td>${a.scan_path ? 'PDF' : ctx.t.none}</td></tr>`);
  const caption = fillMessage(m.agreementsCaption, { count: view.total });
  return layout(ctx, m.agreementsTitle, html`${sectionLinks(ctx, m, '/partnership/agreements')}
${filterForm(ctx, m, view)}
${rows.length === 0 ? html`<p>${ctx.t.noResults}</p>` : scrollRegion(caption, html`<table class="data" id="agreements-table"><caption>${caption}</caption>
<thead><tr><th scope="col">${m.taxCode}</th><th scope="col">${m.business}</th><th scope="col">${m.template}</th><th scope="col">${m.signedOn}</th><th scope="col">${m.signatory}</th><th scope="col">${m.status}</th><th scope="col">${m.scan}</th></tr></thead>
<tbody>${rows}</tbody></table>`)}
${pager(ctx, { previous: view.page > 1 ? link(view.page - 1) : null, next: view.page < view.pages ? link(view.page + 1) : null, status: { page: view.page, pages: view.pages } })}`);
}

function scanLink(ctx: PageContext, m: PartnershipMessages, a: AgreementRow): Html | string {
  if (!a.scan_path) return m.noScan;
  const p = ctx.principal;
  const mayRead = p.kind === 'user' && ['admin', 'inspector', 'business'].includes(p.role);
  const label = fillMessage(m.scanPdf, { size: formatBytes(ctx.lang, a.scan_bytes ?? 0) });
  return mayRead ? html`<a href="${agreementHref(Number(a.id))}/scan.pdf" type="application/pdf">${label}</a>` : label;
}

export interface AgreementPageExtra {
  notice?: boolean;
  error?: AppError;
}

/** /partnership/agreements/:id: the agreement; administrators upload its scan here. */
export function agreementPage(request: FastifyRequest, a: AgreementRow, extra: AgreementPageExtra = {}): Html {
  const ctx = pageContext(request);
  const m = partnershipMessages(ctx.lang);
  const title = ctx.lang === 'vi' ? a.title_vi : a.title_en;
  const isAdmin = ctx.principal.kind === 'user' && ctx.principal.role === 'admin';
  return layout(ctx, fillMessage(m.agreementTitle, { taxCode: a.tax_code }), html`${extra.notice ? formNotice(m.uploaded) : ''}${formError(ctx, extra.error)}
<dl class="facts">
<div><dt>${m.business}</dt><dd>${a.business_name} <span class="code">${a.tax_code}</span></dd></div>
<div><dt>${m.template}</dt><dd><a href="/partnership/templates/${a.template_id}">${title}</a> <span class="code">${a.template_code}/${a.template_version}</span></dd></div>
<div><dt>${m.signedOn}</dt><dd>${formatDay(a.signed_on)}</dd></div>
<div><dt>${m.signatory}</dt><dd>${a.signatory}</dd></div>
<div><dt>${m.status}</dt><dd>${statusBadge(m, a.status)}</dd></div>
<div><dt>${m.scan}</dt><dd>${scanLink(ctx, m, a)}${a.scan_uploaded_at ? html` <span class="hint">${formatInstant(a.scan_uploaded_at)}</span>` : ''}</dd></div>
</dl>
${isAdmin ? html`<h2 id="upload">${fillMessage(m.uploadTitle, { max: scanMaxMegabytes })}</h2>
<form method="post" action="${agreementHref(Number(a.id))}/scan" enctype="multipart/form-data" class="form narrow">${csrfField(request)}
<p><label for="scan">${m.uploadFile}</label><input id="scan" name="scan" type="file" accept="application/pdf,.pdf" required></p>
<p><button type="submit">${m.upload}</button></p></form>` : ''}
<p><a href="${ctx.principal.kind === 'user' && ctx.principal.role === 'business' ? '/partnership/agreement' : '/partnership/agreements'}">${m.backToList}</a></p>`);
}
