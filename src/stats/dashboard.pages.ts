import { hrefWith, type QueryParams } from '../web/components.js';
import { formatDay, formatInstant, localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import { trendChart } from './dashboard-charts.js';
import { dashboardFilterForm } from './dashboard-filters.js';
import { programmeSection } from './dashboard-programme-section.js';
import { formatCount, formatMean, formatShare } from './dashboard-format.js';
import type { DashboardTable } from './dashboard-query.schema.js';
import { casesTable, groupTable, levelsTable, rankingTables, reasonsTable } from './dashboard-tables.js';
import { subjectName, type DashboardView, type RankBy } from './dashboard-view.js';
import { dashboardMessages, type DashboardMessages } from './dashboard.i18n.js';
import type { StatGroupResult } from './stats.service.js';

/**
 * /dashboard: headline figures, the drill-down (department → sub-department → team → officer),
 * the monthly trend, levels, reasons and the ranking of the reader's current unit. Every link
 * keeps the filters, with the period spelled out, so that what a link shows does not move.
 */
interface Page {
  ctx: PageContext;
  m: DashboardMessages;
  view: DashboardView;
  filters: QueryParams;
}

function filtersOf(view: DashboardView): QueryParams {
  const q = view.query;
  return { unit: q.unit, officer: q.officer, from: q.from, to: q.to, kind: q.kind, typeCode: q.typeCode, channel: q.channel, ratingChannel: q.ratingChannel };
}

const here = (p: Page, change: QueryParams) => hrefWith('/dashboard', { ...p.filters, ...change });

function csvLink(p: Page, table: DashboardTable, title: string): Html {
  const rank = table === 'ranking' ? p.view.rankBy : undefined;
  return html`<p class="csv"><a href="${hrefWith('/dashboard.csv', { table, ...p.filters, rank })}" download>${fillMessage(p.m.downloadCsvOf, { table: title })}</a></p>`;
}

/** The group's own dashboard: a unit one level down, or an officer within the current unit. */
function groupLink(p: Page, by: RankBy): (g: StatGroupResult) => string {
  return by === 'units'
    ? (g) => here(p, { unit: g.key, officer: undefined })
    : (g) => here(p, { unit: p.view.unit?.code, officer: g.key });
}

function trail(p: Page): Html | '' {
  const { view, ctx } = p;
  if (view.trail.length === 0) return '';
  const items = view.trail.map((u, i) => {
    const current = i === view.trail.length - 1 && !view.officer ? html` aria-current="page"` : '';
    return html`<li><a href="${here(p, { unit: u.code, officer: undefined })}"${current}>${localName(ctx.lang, u)}</a></li>`;
  });
  const officer = view.officer ? html`<li><span aria-current="page">${view.officer.name} (${view.officer.code})</span></li>` : '';
  return html`<nav class="trail" aria-label="${p.m.trailLabel}"><ol>${items}${officer}</ol></nav>`;
}

function period(p: Page): Html {
  const { m, view } = p;
  const day = (d: string | undefined) => (d ? formatDay(d) : m.periodOpen);
  const notClosed = view.notClosed ? html`<p class="hint" id="period-not-closed">${m.periodNotClosed}</p>` : '';
  return html`<p class="period"><strong>${fillMessage(m.period, { from: day(view.query.from), to: day(view.query.to) })}</strong>${view.defaultYear ? html` ${fillMessage(m.periodDefault, { year: view.defaultYear })}` : ''}</p>${notClosed}${withheldNote(p)}`;
}

/** An officer's own months left out of every figure (too few evaluations to show without telling who rated). */
function withheldNote(p: Page): Html | string {
  const { m, view, ctx } = p;
  const w = view.withheld;
  if (!w || w.months.length === 0) return '';
  const months = w.months.map((month) => `${month.slice(5, 7)}/${month.slice(0, 4)}`).join(', ');
  return html`<p class="hint" id="withheld-months">${fillMessage(m.withheldMonths, { months, min: formatCount(ctx.lang, w.min) })}</p>`;
}

function tamper(p: Page): Html {
  const { m, view, ctx } = p;
  const v = view.verification;
  const at = v ? formatInstant(v.at) : '';
  const text = !v ? m.tamperNever
    : v.ok ? fillMessage(m.tamperHeld, { at, records: formatCount(ctx.lang, v.records) })
      : fillMessage(m.tamperFailed, { at, detail: v.problem ? fillMessage(m.tamperWhere, { what: m[`tamper_${v.problem.kind}`], chain: v.problem.chain, seq: v.problem.seq }) : '' });
  return html`<p class="tamper ${!v ? 'tamper-never' : v.ok ? 'tamper-held' : 'tamper-failed'}"${v && !v.ok ? html` role="alert"` : ''}><strong>${m.tamper}:</strong> ${text}</p>`;
}

function headline(p: Page): Html {
  const { m, view, ctx } = p;
  const { lang } = ctx;
  const t = view.total;
  const subject = view.officer ? `${view.officer.name} (${view.officer.code})` : view.unit ? localName(lang, view.unit) : '';
  const figure = (id: string, label: string, value: string, extra: Html | '' = '') =>
    html`<div><dt>${label}</dt><dd><span class="figure" id="headline-${id}">${value}</span>${extra}</dd></div>`;
  return html`<section aria-labelledby="headline-title">
<h2 id="headline-title">${m.headline}${subject ? html` — <span class="subject">${subject}</span>` : ''}</h2>
<dl class="headline">
${figure('eligible', m.eligible, formatCount(lang, t.eligible))}
${figure('evaluated', m.evaluated, formatCount(lang, t.evaluated))}
${figure('rate', m.evaluationRate, formatShare(lang, t.evaluationRate))}
${figure('share', m.satisfactionShare, formatShare(lang, t.satisfactionShare), t.satisfactionCi ? html`<span class="ci">${fillMessage(m.intervalValue, { lo: formatShare(lang, t.satisfactionCi[0]), hi: formatShare(lang, t.satisfactionCi[1]) })}</span>` : '')}
${figure('mean', m.meanLevel, formatMean(lang, t.meanLevel))}
</dl>
</section>`;
}

function drill(p: Page): Html | '' {
  const { m, view, ctx } = p;
  if (!view.drill) return '';
  const { by, groups } = view.drill;
  const title = by === 'units' ? m.drillUnits : m.drillOfficers;
  const name = view.unit ? localName(ctx.lang, view.unit) : '';
  const caption = fillMessage(m.drillCaption, { name, what: by === 'units' ? m.whatUnit : m.whatOfficer });
  return html`<section aria-labelledby="drill-title">
<h2 id="drill-title">${title}</h2>
${groups.length === 0 ? html`<p>${m.noData}</p>` : html`${groupTable(ctx.lang, m, { id: 'drill-table', caption, firstHeader: by === 'units' ? m.unit : m.officerColumn, groups, link: groupLink(p, by) })}
${csvLink(p, by, title)}`}
</section>`;
}

function trend(p: Page): Html {
  const { m, view, ctx } = p;
  return html`<section aria-labelledby="trend-section">
<h2 id="trend-section">${m.trend}</h2>
${view.months.length === 0 ? html`<p>${m.noData}</p>` : html`${trendChart(ctx.lang, m, view.months)}
<details class="chart-table"><summary>${m.trendTable}</summary>
${groupTable(ctx.lang, m, { id: 'months-table', caption: m.trendTable, firstHeader: m.month, groups: view.months })}
</details>
${csvLink(p, 'months', m.trend)}`}
</section>`;
}

function levelsAndReasons(p: Page): Html {
  const { m, view, ctx } = p;
  return html`<div class="dashboard-pair">
<section aria-labelledby="levels-title">
<h2 id="levels-title">${m.levels}</h2>
${levelsTable(ctx.lang, m, view.levels, view.total.evaluated)}
${csvLink(p, 'levels', m.levels)}
</section>
<section aria-labelledby="reasons-title">
<h2 id="reasons-title">${m.reasons}</h2>
<p class="hint">${m.reasonsLead}</p>
${p.filters.ratingChannel ? html`<p class="hint" id="reasons-all-channels">${m.reasonsAllChannels}</p>` : ''}
${reasonsTable(ctx.lang, m, view.total.reasons)}
${csvLink(p, 'reasons', m.reasons)}
</section>
</div>`;
}

function ranking(p: Page): Html | '' {
  const { m, view, ctx } = p;
  if (!view.ranking) return '';
  const by = view.ranking.by;
  const choice = (value: RankBy, label: string) =>
    html`<li><a href="${here(p, { rank: value })}#ranking-title"${value === by ? html` aria-current="true"` : ''}>${label}</a></li>`;
  const empty = view.ranking.ranked.length === 0 && view.ranking.unranked.length === 0;
  return html`<section aria-labelledby="ranking-title">
<h2 id="ranking-title">${m.ranking}</h2>
<p class="hint">${fillMessage(m.rankingLead, { min: formatCount(ctx.lang, view.minRankable) })}</p>
${view.hasChildren ? html`<ul class="switch">${choice('units', m.rankUnits)}${choice('officers', m.rankOfficers)}</ul>` : ''}
${empty ? html`<p>${m.noData}</p>` : html`${rankingTables(ctx.lang, m, view.ranking, view.minRankable, groupLink(p, by))}
${csvLink(p, 'ranking', m.ranking)}`}
</section>`;
}

/** The closed loop: cases opened in the period, for the subject and each child unit. */
function closedLoop(p: Page): Html {
  const { m, view, ctx } = p;
  const name = subjectName(view, ctx.lang) || m.total;
  const rows = [{ key: '', label: name, ...view.cases }, ...view.caseGroups];
  return html`<section aria-labelledby="cases-title">
<h2 id="cases-title">${m.cases}</h2>
<p class="hint">${m.casesLead}${view.officer ? html` ${m.casesOfficerLead}` : ''}</p>
${casesTable(ctx.lang, m, fillMessage(m.casesCaption, { name }), rows, (g) => here(p, { unit: g.key, officer: undefined }))}
${csvLink(p, 'cases', m.cases)}
</section>`;
}

/** The partnership programme, for the readers of its figures (the view holds none for the others). */
function programme(p: Page): Html | '' {
  const { view, ctx, m } = p;
  if (!view.programme) return '';
  return programmeSection(ctx, m, view.programme, view.officer !== null, {
    csv: (table, title) => csvLink(p, table, title),
    unit: (code) => here(p, { unit: code, officer: undefined }),
    period: { from: view.query.from, to: view.query.to },
  });
}

export function dashboardPage(ctx: PageContext, view: DashboardView): Html {
  const m = dashboardMessages(ctx.lang);
  const p: Page = { ctx, m, view, filters: filtersOf(view) };
  return layout(ctx, m.title, html`<p class="lead">${m.lead}</p>
${dashboardFilterForm(ctx, m, view)}
${trail(p)}
${period(p)}
${tamper(p)}
${headline(p)}
${drill(p)}
${trend(p)}
${levelsAndReasons(p)}
${ranking(p)}
${closedLoop(p)}
${programme(p)}`);
}
