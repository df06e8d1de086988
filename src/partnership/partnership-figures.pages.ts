import { formatCount } from '../stats/dashboard-format.js';
import { hrefWith, scrollRegion } from '../web/components.js';
import { localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import type { PartnershipFigures } from './partnership-figures.service.js';
import { filterField, sectionLinks } from './partnership-format.js';
import { partnershipMessages, type PartnershipMessages } from './partnership.i18n.js';

function periodForm(ctx: PageContext, m: PartnershipMessages, view: PartnershipFigures): Html {
  return html`<form class="filters" method="get" action="/partnership"><fieldset><legend>${m.figures}</legend>
<input type="hidden" name="group" value="${view.grain}">
<div class="fields">
${filterField('from', m.from, html`<input id="from" name="from" type="date" value="${view.period.from ?? ''}">`)}
${filterField('to', m.to, html`<input id="to" name="to" type="date" value="${view.period.to ?? ''}">`)}
</div>
<div class="actions"><button type="submit">${m.show}</button> <a href="/partnership">${ctx.t.clearFilters}</a></div></fieldset></form>`;
}

function headline(ctx: PageContext, m: PartnershipMessages, view: PartnershipFigures): Html {
  const n = (value: number) => formatCount(ctx.lang, value);
  const figure = (id: string, label: string, value: number) => html`<div><dt>${label}</dt><dd><span class="figure" id="figure-${id}">${n(value)}</span></dd></div>`;
  const a = view.associations;
  return html`<dl class="headline">
${figure('signed', m.signed, view.totals.signed)}
${figure('active', m.active, view.totals.active)}
${figure('active-businesses', m.activeBusinesses, view.totals.activeBusinesses)}
${figure('associations', m.associations, a.associations)}
${figure('rules', m.rules, a.rules)}
${figure('members', m.memberBusinesses, a.memberBusinesses)}
</dl>`;
}

function perPeriod(ctx: PageContext, m: PartnershipMessages, view: PartnershipFigures): Html {
  const title = fillMessage(m.perPeriod, { grain: m[`grain_${view.grain}`] });
  const choice = (grain: 'month' | 'year', label: string) =>
    html`<li><a href="${hrefWith('/partnership', { group: grain, from: view.period.from, to: view.period.to })}#per-period"${grain === view.grain ? html` aria-current="true"` : ''}>${label}</a></li>`;
  const rows = view.perPeriod.map((p) => html`<tr><th scope="row">${p.period}</th><td>${formatCount(ctx.lang, p.signed)}</td><td>${formatCount(ctx.lang, p.active)}</td></tr>`);
  return html`<section aria-labelledby="per-period"><h2 id="per-period">${title}</h2>
<ul class="switch">${choice('year', m.byYear)}${choice('month', m.byMonth)}</ul>
${rows.length === 0 ? html`<p>${m.noData}</p>` : scrollRegion(title, html`<table class="data" id="per-period-table"><caption>${title}</caption>
<thead><tr><th scope="col">${m.period}</th><th scope="col">${m.signed}</th><th scope="col">${m.active}</th></tr></thead><tbody>${rows}</tbody></table>`)}
</section>`;
}

function byOffice(ctx: PageContext, m: PartnershipMessages, view: PartnershipFigures): Html {
  const rows = view.byOffice.map((o) => html`<tr><th scope="row">${o.office ? html`${localName(ctx.lang, o.office)} <span class="code">${o.office.code}</span>` : m.noDeclarations}</th>
<td>${formatCount(ctx.lang, o.signed)}</td><td>${formatCount(ctx.lang, o.active)}</td></tr>`);
  return html`<section aria-labelledby="by-office"><h2 id="by-office">${m.byOffice}</h2><p class="hint">${m.byOfficeLead}</p>
${rows.length === 0 ? html`<p>${m.noData}</p>` : scrollRegion(m.byOffice, html`<table class="data" id="by-office-table"><caption>${m.byOffice}</caption>
<thead><tr><th scope="col">${m.office}</th><th scope="col">${m.signed}</th><th scope="col">${m.active}</th></tr></thead><tbody>${rows}</tbody></table>`)}
</section>`;
}

function rulesPerYear(ctx: PageContext, m: PartnershipMessages, view: PartnershipFigures): Html {
  const rows = view.associations.rulesPerYear.map((r) => html`<tr><th scope="row">${r.year}</th><td>${formatCount(ctx.lang, r.rules)}</td></tr>`);
  return html`<section aria-labelledby="rules-per-year"><h2 id="rules-per-year">${m.rulesPerYear}</h2>
${rows.length === 0 ? html`<p>${m.noData}</p>` : html`<table class="data" id="rules-table"><caption>${m.rulesPerYear}</caption>
<thead><tr><th scope="col">${m.year}</th><th scope="col">${m.rules}</th></tr></thead><tbody>${rows}</tbody></table>`}
</section>`;
}

/** /partnership: the programme's figures within the reader's scope. */
export function figuresPage(ctx: PageContext, view: PartnershipFigures): Html {
  const m = partnershipMessages(ctx.lang);
  return layout(ctx, m.title, html`<p class="lead">${m.lead}</p>
${sectionLinks(ctx, m, '/partnership')}
${periodForm(ctx, m, view)}
${headline(ctx, m, view)}
${perPeriod(ctx, m, view)}
${byOffice(ctx, m, view)}
${rulesPerYear(ctx, m, view)}`);
}
