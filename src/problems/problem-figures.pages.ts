import { scrollRegion } from '../web/components.js';
import { localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { formatNumber } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import type { ProblemFigures, ProblemTally } from './problem-figures.service.js';
import { problemMessages, type ProblemMessages } from './problem.i18n.js';

/** /problems/figures: the figures section of problem resolution (linked from the problem list and the dashboard). */
type Row = ProblemTally & { onTimeShare: number | null; satisfiedShare: number | null; meanRating: number | null };

function percent(ctx: PageContext, m: ProblemMessages, share: number | null): string {
  return share === null ? m.notApplicable : `${formatNumber(ctx.lang, share * 100, 1)} %`;
}

function cells(ctx: PageContext, m: ProblemMessages, r: Row): Html {
  const n = (v: number) => formatNumber(ctx.lang, v);
  return html`<td>${n(r.received)}</td><td>${n(r.answered)}</td><td>${n(r.onTime)}</td><td>${percent(ctx, m, r.onTimeShare)}</td><td>${n(r.overdue)}</td>
<td>${n(r.rated)}</td><td>${percent(ctx, m, r.satisfiedShare)}</td><td>${r.meanRating === null ? m.notApplicable : formatNumber(ctx.lang, r.meanRating, 2)}</td>`;
}

function head(m: ProblemMessages, first: string): Html {
  return html`<thead><tr><th scope="col">${first}</th><th scope="col">${m.figReceived}</th><th scope="col">${m.figAnswered}</th><th scope="col">${m.figOnTime}</th>
<th scope="col">${m.figOnTimeShare}</th><th scope="col">${m.figOverdue}</th><th scope="col">${m.figRated}</th><th scope="col">${m.figSatisfied}</th><th scope="col">${m.figMean}</th></tr></thead>`;
}

export function problemFiguresPage(ctx: PageContext, f: ProblemFigures, error?: { message: string }): Html {
  const m = problemMessages(ctx.lang);
  const total = html`<tfoot><tr><th scope="row">${m.total}</th>${cells(ctx, m, f.total)}</tr></tfoot>`;
  const byUnit = scrollRegion(m.byUnit, html`<table class="data figures problem-figures" id="by-unit"><caption>${m.byUnit}</caption>${head(m, m.figUnit)}
<tbody>${f.byUnit.map((u) => html`<tr><th scope="row"><span class="code">${u.code}</span> ${localName(ctx.lang, { name_vi: u.nameVi, name_en: u.nameEn })}</th>${cells(ctx, m, u)}</tr>`)}</tbody>${total}</table>`);
  const byMonth = scrollRegion(m.byMonth, html`<table class="data figures problem-figures" id="by-month"><caption>${m.byMonth}</caption>${head(m, m.figMonth)}
<tbody>${f.byMonth.map((r) => html`<tr><th scope="row">${r.month.slice(5)}/${r.month.slice(0, 4)}</th>${cells(ctx, m, r)}</tr>`)}</tbody>${total}</table>`);
  return layout(ctx, m.figuresTitle, html`<p class="lead">${m.figuresLead}</p>
${error ? html`<div class="alert" role="alert"><p>${error.message}</p></div>` : ''}
<form class="filters" method="get" action="/problems/figures"><fieldset><legend>${m.figuresTitle}</legend><div class="fields">
<div class="field"><label for="from">${m.from}</label><input id="from" name="from" type="date" value="${f.from}"></div>
<div class="field"><label for="to">${m.to}</label><input id="to" name="to" type="date" value="${f.to}"></div></div>
<div class="actions"><button type="submit">${m.apply}</button></div></fieldset></form>
${byUnit}${byMonth}
<p><a href="/problems">${m.backToList}</a> · <a href="/dashboard">${ctx.t.navDashboard}</a></p>`);
}
