import { formatDay, localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { layout, type PageContext } from '../web/layout.js';
import type { AgreementAppendixItem } from '../db/schema.js';
import { formatCount } from '../stats/dashboard-format.js';
import { optionalDay, sectionLinks } from './partnership-format.js';
import { partnershipMessages, type PartnershipMessages } from './partnership.i18n.js';
import type { TemplateDetail, TemplateSummary } from './templates.service.js';

// Tables shared by the readers' template pages and the administration's.

export function templateTitle(ctx: PageContext, t: { title_vi: string; title_en: string }): string {
  return localName(ctx.lang, { name_vi: t.title_vi, name_en: t.title_en });
}

export function templatesTable(ctx: PageContext, m: PartnershipMessages, templates: TemplateSummary[], hrefOf: (id: number) => string): Html {
  if (templates.length === 0) return html`<p>${m.noData}</p>`;
  const rows = templates.map((t) => html`<tr><td><a href="${hrefOf(Number(t.id))}" class="code">${t.code}/${t.version}</a></td>
<td class="wrap">${templateTitle(ctx, t)}</td><td>${formatDay(t.effective_on)}</td>
<td>${formatCount(ctx.lang, Number(t.appendix_items ?? 0))}</td><td>${formatCount(ctx.lang, Number(t.agreements ?? 0))}</td></tr>`);
  return html`<div class="table-wrap" role="region" aria-label="${m.templatesTitle}" tabindex="0"><table class="data" id="templates-table"><caption>${m.templatesTitle}</caption>
<thead><tr><th scope="col">${m.code}/${m.version}</th><th scope="col">${m.name}</th><th scope="col">${m.effectiveOn}</th><th scope="col">${m.appendixCount}</th><th scope="col">${m.agreementsCount}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function location(m: PartnershipMessages, item: AgreementAppendixItem): Html {
  if (item.link) return html`<a href="${item.link}" rel="noopener noreferrer">${m.openLink}</a>`;
  return html`<a href="/partnership/appendix/${item.id}">${m.openFile}</a> <span class="code">${item.file_path}</span>`;
}

export function templateFacts(ctx: PageContext, m: PartnershipMessages, view: TemplateDetail): Html {
  const t = view.template;
  const rows = view.appendix.map((item) => html`<tr><td>${item.position}</td><td class="wrap">${templateTitle(ctx, item)}</td>
<td>${item.number ?? ''}</td><td>${optionalDay(item.issued_on, '')}</td><td>${location(m, item)}</td></tr>`);
  return html`<dl class="facts">
<div><dt>${m.code}</dt><dd class="code">${t.code}/${t.version}</dd></div>
<div><dt>${m.effectiveOn}</dt><dd>${formatDay(t.effective_on)}</dd></div>
<div><dt>${m.titleVi}</dt><dd lang="vi">${t.title_vi}</dd></div>
<div><dt>${m.titleEn}</dt><dd lang="en">${t.title_en}</dd></div>
</dl>
<h2 id="appendix">${m.appendix}</h2>
${rows.length === 0 ? html`<p>${m.appendixEmpty}</p>` : html`<div class="table-wrap" role="region" aria-labelledby="appendix" tabindex="0"><table class="data" id="appendix-table">
<thead><tr><th scope="col">${m.position}</th><th scope="col">${m.documentTitle}</th><th scope="col">${m.documentNumber}</th><th scope="col">${m.issuedOn}</th><th scope="col">${m.location}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`}`;
}

function isStaff(ctx: PageContext): boolean {
  return ctx.principal.kind === 'user' && ['admin', 'inspector', 'leader'].includes(ctx.principal.role);
}

/** /partnership/templates: every template version, for every signed-in reader. */
export function templatesPage(ctx: PageContext, templates: TemplateSummary[]): Html {
  const m = partnershipMessages(ctx.lang);
  return layout(ctx, m.templatesTitle, html`${isStaff(ctx) ? sectionLinks(ctx, m, '/partnership/templates') : ''}
${templatesTable(ctx, m, templates, (id) => `/partnership/templates/${id}`)}`);
}

/** /partnership/templates/:id: a template version and its appendix. */
export function templatePage(ctx: PageContext, view: TemplateDetail): Html {
  const m = partnershipMessages(ctx.lang);
  return layout(ctx, templateTitle(ctx, view.template), html`${templateFacts(ctx, m, view)}
<p><a href="/partnership/templates">${m.backToList}</a></p>`);
}
