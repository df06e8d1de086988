import { Type, type Static } from 'typebox';
import { hrefWith, scrollRegion, type QueryParams } from '../web/components.js';
import { formatDay, formatInstant, localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import { levelText, statusBadge } from './case.pages.js';
import { overdueDeadlines, type CaseListPage } from './case-views.service.js';
import { caseMessages, type CaseMessages } from './case.i18n.js';
import type { CaseListQuery } from './cases.routes.js';

/**
 * /cases: the reader's cases by tab — those assigned to my unit, the overdue ones, all within my
 * scope — filtered by the unit they arose in and open or closed, newest first, 50 a page. A plain
 * GET form and links: it works without JavaScript.
 */
export const caseTabs = ['mine', 'overdue', 'all'] as const;
export type CaseTab = (typeof caseTabs)[number];

export const CasePageQuery = Type.Object({
  view: Type.Optional(Type.String({ enum: [...caseTabs] })),
  unit: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(Type.String({ enum: ['open', 'closed', 'any'] })),
  before: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type CasePageQuery = Static<typeof CasePageQuery>;

/** The tabs a reader has: "my unit's cases" only for a leader, who has a unit (and lands there). */
export function tabsOf(ctx: PageContext): CaseTab[] {
  const leader = ctx.principal.kind === 'user' && ctx.principal.role === 'leader';
  return leader ? [...caseTabs] : ['overdue', 'all'];
}

/** The page's settings: the tab (a leader's own cases first), open cases unless asked otherwise. */
export function listSettings(ctx: PageContext, q: CasePageQuery) {
  const tabs = tabsOf(ctx);
  const tab: CaseTab = q.view && tabs.includes(q.view as CaseTab) ? (q.view as CaseTab) : tabs.includes('mine') ? 'mine' : 'all';
  return { tab, unit: q.unit ?? '', status: q.status ?? 'open', before: q.before };
}
export type ListSettings = ReturnType<typeof listSettings>;

/** The query of the case list service for these settings. */
export function caseListQuery(s: ListSettings): CaseListQuery {
  return {
    ...(s.tab === 'mine' ? { mine: true } : {}), ...(s.tab === 'overdue' ? { overdue: true } : {}), ...(s.unit ? { unit: s.unit } : {}),
    ...(s.status !== 'any' ? { status: s.status } : {}), ...(s.before ? { before: s.before } : {}),
  };
}

interface Page {
  ctx: PageContext;
  m: CaseMessages;
  list: CaseListPage;
  settings: ListSettings;
}

const here = (p: Page, change: QueryParams) => hrefWith('/cases', { view: p.settings.tab, unit: p.settings.unit, status: p.settings.status, ...change });

function tabs(p: Page): Html {
  const words: Record<CaseTab, string> = { mine: p.m.tabMine, overdue: p.m.tabOverdue, all: p.m.tabAll };
  return html`<nav aria-label="${p.m.tabsLabel}"><ul class="switch">${tabsOf(p.ctx).map((tab) => html`<li><a href="${here(p, { view: tab, before: undefined })}"${tab === p.settings.tab ? html` aria-current="page"` : ''}>${words[tab]}</a></li>`)}</ul></nav>`;
}

function option(value: string, label: string, chosen: string): Html {
  return html`<option value="${value}"${value === chosen ? html` selected` : ''}>${label}</option>`;
}

function filters(p: Page): Html {
  const { m, ctx, list, settings } = p;
  const depth = (path: string) => path.split('/').length;
  const top = Math.min(...list.units.map((u) => depth(u.path)));
  const units = list.units.map((u) => option(u.code, `${'\u00a0\u00a0'.repeat(depth(u.path) - top)}${u.code} — ${localName(ctx.lang, u)}`, settings.unit));
  return html`<form class="filters" method="get" action="/cases">
<input type="hidden" name="view" value="${settings.tab}">
<fieldset>
<legend>${m.filtersLegend}</legend>
<div class="fields">
<div class="field"><label for="unit">${m.unit}</label><select id="unit" name="unit">${option('', m.anyUnit, settings.unit)}${units}</select></div>
<div class="field"><label for="status">${m.status}</label><select id="status" name="status">
${option('open', m.statusOpen, settings.status)}${option('closed', m.statusClosed, settings.status)}${option('any', m.statusAny, settings.status)}</select></div>
</div>
<div class="actions"><button type="submit">${m.apply}</button></div>
</fieldset>
</form>`;
}

function unitCell(p: Page, code: string): Html {
  const unit = p.list.named.get(code);
  return html`<span class="code">${code}</span>${unit ? html`<br><span class="unit-name-small">${localName(p.ctx.lang, unit)}</span>` : ''}`;
}

function dueCell(p: Page, day: string, overdue: boolean): Html {
  return html`${formatDay(day)}${overdue ? html` <strong class="overdue">(${p.m.overdue})</strong>` : ''}`;
}

function table(p: Page): Html {
  const { m, ctx, list } = p;
  if (list.cases.length === 0) return html`<p>${m.noCases}</p>`;
  const rows = list.cases.map((c) => {
    const overdue = overdueDeadlines(c, list.today);
    return html`<tr${c.overdue ? html` class="is-overdue"` : ''}>
<th scope="row"><a href="/cases/${c.id}">${fillMessage(m.caseNo, { id: c.id })}</a></th>
<td>${statusBadge(ctx, c.status)}</td>
<td>${levelText(ctx, c.lowestLevel)}</td>
<td><span class="code">${c.declarationNo}</span></td>
<td>${unitCell(p, c.originUnit)}</td>
<td>${unitCell(p, c.assignedUnit)}</td>
<td>${dueCell(p, c.acknowledgeDue, overdue.acknowledge)}</td>
<td>${dueCell(p, c.concludeDue, overdue.conclude)}</td>
<td>${formatInstant(Date.parse(c.openedAt))}</td>
</tr>`;
  });
  return scrollRegion(m.caption, html`<table class="data cases">
<caption>${m.caption}</caption>
<thead><tr><th scope="col">${m.colCase}</th><th scope="col">${m.colStatus}</th><th scope="col">${m.colLevel}</th><th scope="col">${m.colDeclaration}</th>
<th scope="col">${m.colOrigin}</th><th scope="col">${m.colAssigned}</th><th scope="col">${m.colAcknowledgeDue}</th><th scope="col">${m.colConcludeDue}</th><th scope="col">${m.colOpened}</th></tr></thead>
<tbody>${rows}</tbody></table>`);
}

function pages(p: Page): Html | '' {
  const { m, list, settings } = p;
  if (!settings.before && list.next === null) return '';
  return html`<nav class="pager" aria-label="${m.pagerLabel}">
${settings.before ? html`<a href="${here(p, { before: undefined })}">${m.newest}</a>` : ''}
${list.next !== null ? html`<a rel="next" href="${here(p, { before: list.next })}">${m.older}</a>` : ''}
</nav>`;
}

export function caseListPageHtml(ctx: PageContext, list: CaseListPage, settings: ListSettings): Html {
  const m = caseMessages(ctx.lang);
  const p: Page = { ctx, m, list, settings };
  return layout(ctx, m.listTitle, html`<p class="lead">${m.listLead}</p>
${tabs(p)}
${filters(p)}
${list.refused ? html`<div class="alert" role="alert"><p>${list.refused.messageIn(ctx.lang)}</p><p><code>${list.refused.code}</code></p></div>` : ''}
${table(p)}
${pages(p)}`);
}
