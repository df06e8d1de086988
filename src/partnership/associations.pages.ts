import { formatCount } from '../stats/dashboard-format.js';
import { hrefWith, pager, scrollRegion } from '../web/components.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import type { AssociationDetail, AssociationSummary } from './associations.service.js';
import { optionalDay, sectionLinks } from './partnership-format.js';
import { partnershipMessages } from './partnership.i18n.js';

export function associationHref(code: string): string {
  return `/partnership/associations/${encodeURIComponent(code)}`;
}

/** /partnership/associations: every association with its coordination rule and members. */
export function associationsPage(ctx: PageContext, associations: AssociationSummary[]): Html {
  const m = partnershipMessages(ctx.lang);
  const rows = associations.map((s) => html`<tr><td><a href="${associationHref(s.code)}" class="code">${s.code}</a></td>
<td class="wrap">${s.name}</td><td>${optionalDay(s.rule_signed_on, m.noRule)}</td><td>${formatCount(ctx.lang, Number(s.members ?? 0))}</td></tr>`);
  return layout(ctx, m.associationsTitle, html`${sectionLinks(ctx, m, '/partnership/associations')}
${rows.length === 0 ? html`<p>${m.noData}</p>` : scrollRegion(m.associationsTitle, html`<table class="data" id="associations-table"><caption>${m.associationsTitle}</caption>
<thead><tr><th scope="col">${m.code}</th><th scope="col">${m.name}</th><th scope="col">${m.ruleSignedOn}</th><th scope="col">${m.members}</th></tr></thead>
<tbody>${rows}</tbody></table>`)}`);
}

/** /partnership/associations/:code: the association and its members within the reader's scope. */
export function associationPage(ctx: PageContext, view: AssociationDetail): Html {
  const m = partnershipMessages(ctx.lang);
  const s = view.association;
  const link = (page: number) => hrefWith(associationHref(s.code), { page: page > 1 ? page : null });
  const caption = fillMessage(m.membersCaption, { count: view.total });
  const rows = view.members.map((b) => html`<tr><td class="code">${b.tax_code}</td><td class="wrap">${b.name}</td></tr>`);
  return layout(ctx, s.name, html`<dl class="facts">
<div><dt>${m.code}</dt><dd class="code">${s.code}</dd></div>
<div><dt>${m.ruleSignedOn}</dt><dd>${optionalDay(s.rule_signed_on, m.noRule)}</dd></div>
<div><dt>${m.members}</dt><dd>${formatCount(ctx.lang, view.total)}</dd></div>
</dl>
<h2 id="members">${m.members}</h2>
${rows.length === 0 ? html`<p>${m.noData}</p>` : scrollRegion(caption, html`<table class="data" id="members-table"><caption>${caption}</caption>
<thead><tr><th scope="col">${m.taxCode}</th><th scope="col">${m.business}</th></tr></thead><tbody>${rows}</tbody></table>`)}
${pager(ctx, { previous: view.page > 1 ? link(view.page - 1) : null, next: view.page < view.pages ? link(view.page + 1) : null, status: { page: view.page, pages: view.pages } })}
<p><a href="/partnership/associations">${m.backToList}</a></p>`);
}
