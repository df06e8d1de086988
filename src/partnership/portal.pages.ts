import { formatDay } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import { agreementHref } from './agreements.pages.js';
import type { businessPartnership } from './agreements.service.js';
import { formatBytes, optionalDay, statusBadge } from './partnership-format.js';
import { partnershipMessages } from './partnership.i18n.js';

type Portal = Awaited<ReturnType<typeof businessPartnership>>;

/** /partnership/agreement: a business's own agreements (with the scan) and association memberships. */
export function portalPage(ctx: PageContext, view: Portal): Html {
  const m = partnershipMessages(ctx.lang);
  const agreements = view.agreements.map((a) => html`<tr>
<td><a href="${agreementHref(Number(a.id))}" class="code">${a.tax_code}</a></td><td class="wrap">${a.business_name}</td>
<td><a href="/partnership/templates/${a.template_id}">${ctx.lang === 'vi' ? a.title_vi : a.title_en}</a></td>
<td>${formatDay(a.signed_on)}</td><td>${a.signatory}</td><td>${statusBadge(m, a.status)}</td>
<td>${a.scan_path ? html`<a href="${agreementHref(Number(a.id))}/scan.pdf" type="application/pdf">${fillMessage(m.scanPdf, { size: formatBytes(ctx.lang, a.scan_bytes ?? 0) })}</a>` : m.noScan}</td></tr>`);
  const memberships = view.memberships.map((s) => html`<tr><td class="code">${s.tax_code}</td><td class="wrap">${s.name}</td>
<td>${optionalDay(s.rule_signed_on, m.noRule)}</td></tr>`);
  return layout(ctx, m.portalTitle, html`<p class="lead">${m.portalLead}</p>
<h2 id="agreements">${m.agreementsTitle}</h2>
${agreements.length === 0 ? html`<p>${m.portalNone}</p>` : html`<div class="table-wrap" role="region" aria-labelledby="agreements" tabindex="0"><table class="data">
<thead><tr><th scope="col">${m.taxCode}</th><th scope="col">${m.business}</th><th scope="col">${m.template}</th><th scope="col">${m.signedOn}</th><th scope="col">${m.signatory}</th><th scope="col">${m.status}</th><th scope="col">${m.scan}</th></tr></thead>
<tbody>${agreements}</tbody></table></div>`}
<h2 id="memberships">${m.portalMemberships}</h2>
${memberships.length === 0 ? html`<p>${m.portalNoMemberships}</p>` : html`<table class="data" aria-labelledby="memberships">
<thead><tr><th scope="col">${m.taxCode}</th><th scope="col">${m.associations}</th><th scope="col">${m.ruleSignedOn}</th></tr></thead>
<tbody>${memberships}</tbody></table>`}
<p><a href="/partnership/templates">${m.templatesTitle}</a></p>`);
}
