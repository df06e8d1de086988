import { hrefWith, scrollRegion } from '../web/components.js';
import { formatDay, formatInstant, localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import { levelLabel } from '../evaluations/rating.i18n.js';
import { problemMessages, problemStatusLabel, topicLabel, type ProblemMessages } from './problem.i18n.js';
import type { ProblemList, ProblemListQuery, ProblemView } from './problem-views.service.js';

/**
 * /problems: a business's own problems with a link to raise one; for staff, by tab — my unit's
 * (leaders), overdue, all within scope — and status, newest first, 50 a page. GET forms and links only.
 */
export function problemTabs(ctx: PageContext): ProblemView[] {
  const p = ctx.principal;
  return p.kind === 'user' && p.role === 'leader' ? ['mine', 'overdue', 'all'] : ['overdue', 'all'];
}

export function listSettings(ctx: PageContext, q: ProblemListQuery): Required<Pick<ProblemListQuery, 'view' | 'status'>> & { before?: number | undefined } {
  const tabs = problemTabs(ctx);
  const business = ctx.principal.kind === 'user' && ctx.principal.role === 'business';
  const view = business ? 'all' : q.view && tabs.includes(q.view) ? q.view : tabs[0]!;
  return { view, status: q.status ?? (business ? 'any' : 'open'), before: q.before };
}

export function shortText(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function statusBadge(ctx: PageContext, status: string): Html {
  return html`<span class="case-status problem-status-${status}">${problemStatusLabel(ctx.lang, status)}</span>`;
}

function rows(ctx: PageContext, m: ProblemMessages, list: ProblemList, business: boolean): Html {
  return html`${list.problems.map((p) => html`<tr${p.overdue ? html` class="is-overdue"` : ''}>
<td><a href="/problems/${p.id}">${fillMessage(m.problemTitle, { id: p.id })}</a></td>
<td>${topicLabel(ctx.lang, p.topic)}</td>
<td class="wrap">${shortText(p.question)}</td>
${business ? '' : html`<td class="wrap"><span class="code">${p.business.taxCode}</span> ${p.business.name}</td>`}
<td><span class="code">${p.unit.code}</span> <span class="unit-name-small">${localName(ctx.lang, { name_vi: p.unit.nameVi, name_en: p.unit.nameEn })}</span></td>
<td>${formatInstant(Date.parse(p.receivedAt))}</td>
<td>${formatDay(p.dueDay)}${p.overdue ? html` <strong class="overdue">(${m.overdue})</strong>` : ''}${p.answeredDay ? html` <span class="met">(${p.onTime ? m.onTime : m.late})</span>` : ''}</td>
<td>${statusBadge(ctx, p.status)}${p.published ? html` <span class="met">(${m.published})</span>` : ''}</td>
<td>${p.rating === null ? m.notApplicable : html`<span class="level-mark level-${p.rating}">${p.rating}</span> ${levelLabel(ctx.lang, p.rating)}`}</td>
</tr>`)}`;
}

function filters(ctx: PageContext, m: ProblemMessages, s: ReturnType<typeof listSettings>): Html {
  const option = (value: string, label: string) => html`<option value="${value}"${value === s.status ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" method="get" action="/problems"><input type="hidden" name="view" value="${s.view}">
<fieldset><legend>${m.statusFilter}</legend><div class="fields"><div class="field"><label for="status">${m.statusFilter}</label>
<select id="status" name="status">${option('open', m.statusOpen)}${(['received', 'drafted', 'answered'] as const).map((st) => option(st, problemStatusLabel(ctx.lang, st)))}${option('any', m.statusAny)}</select></div></div>
<div class="actions"><button type="submit">${m.apply}</button></div></fieldset></form>`;
}

export function problemListPage(ctx: PageContext, list: ProblemList, s: ReturnType<typeof listSettings>, answerDays: number): Html {
  const m = problemMessages(ctx.lang);
  const business = ctx.principal.kind === 'user' && ctx.principal.role === 'business';
  const here = (change: Record<string, string | number | undefined>) => hrefWith('/problems', { view: s.view, status: s.status, ...change });
  const words: Record<ProblemView, string> = { mine: m.tabMine, overdue: m.tabOverdue, all: m.tabAll };
  const staffLinks = ctx.principal.kind === 'user' && ['admin', 'inspector', 'leader'].includes(ctx.principal.role)
    ? html`<li><a href="/problems/figures">${m.figuresLink}</a></li>` : '';
  const table = list.problems.length === 0 ? html`<p>${m.none}</p>` : scrollRegion(m.caption, html`<table class="data cases"><caption>${m.caption}</caption>
<thead><tr><th scope="col">${m.colProblem}</th><th scope="col">${m.colTopic}</th><th scope="col">${m.colQuestion}</th>${business ? '' : html`<th scope="col">${m.colBusiness}</th>`}
<th scope="col">${m.colUnit}</th><th scope="col">${m.colReceived}</th><th scope="col">${m.colDue}</th><th scope="col">${m.colStatus}</th><th scope="col">${m.colRating}</th></tr></thead>
<tbody>${rows(ctx, m, list, business)}</tbody></table>`);
  const pager = list.next === null && !s.before ? '' : html`<nav class="pager" aria-label="${m.pagerLabel}">
${s.before ? html`<a href="${here({})}">${m.newest}</a>` : ''}${list.next !== null ? html`<a rel="next" href="${here({ before: list.next })}">${m.older}</a>` : ''}</nav>`;
  return layout(ctx, business ? m.businessTitle : m.listTitle, html`<p class="lead">${fillMessage(business ? m.businessLead : m.listLead, { days: answerDays })}</p>
<ul class="browse-links">${business ? html`<li><a href="/problems/new">${m.raiseLink}</a></li>` : ''}${staffLinks}<li><a href="/qa">${m.qaLink}</a></li></ul>
${business ? '' : html`<nav aria-label="${m.tabsLabel}"><ul class="switch">${problemTabs(ctx).map((tab) => html`<li><a href="${here({ view: tab, before: undefined })}"${tab === s.view ? html` aria-current="page"` : ''}>${words[tab]}</a></li>`)}</ul></nav>`}
${filters(ctx, m, s)}
${table}
${pager}`);
}
