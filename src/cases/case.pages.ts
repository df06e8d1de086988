import { declarationHref, kindLabel, stepLabel } from '../declarations/declarations.pages.js';
import { channelLabel, levelLabel, ratingMessages, reasonLabel } from '../evaluations/rating.i18n.js';
import { scrollRegion } from '../web/components.js';
import { formatDay, formatInstant, localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import { caseActionForms, caseNoteForm, type CaseFormName, type CaseRefusal } from './case-forms.pages.js';
import { canTransition, staffTransitions, type StaffTransition } from './case-rules.js';
import { caseTimeline } from './case-timeline.pages.js';
import { overdueDeadlines, type CaseDetail, type CasePage } from './case-views.service.js';
import { actionLabel, caseMessages, findingLabel, statusLabel, type CaseMessages } from './case.i18n.js';
import { mayAct } from './cases.service.js';

/**
 * /cases/:id: where the case stands and its deadlines, the conclusion and response once given, the
 * business's rating, the declaration and who handled it, a form for each step the reader may take
 * now, the timeline, and internal notes. The business's identity appears only as caseDetail
 * returns it (inspectors).
 */
export interface CasePageOptions {
  today: string;
  done?: CaseFormName;
  refused?: CaseRefusal;
}

interface Page {
  ctx: PageContext;
  m: CaseMessages;
  view: CasePage;
}

function fact(label: string, value: Html | string): Html {
  return html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

export function statusBadge(ctx: PageContext, status: string): Html {
  return html`<span class="case-status case-status-${status}">${statusLabel(ctx.lang, status)}</span>`;
}

export function levelText(ctx: PageContext, level: number): Html {
  return html`<span class="level-mark level-${level}">${level}</span> ${levelLabel(ctx.lang, level)}`;
}

/** A unit as `code — name`, by id, or its code alone when it is not in the map. */
function unitText(p: Page, id: number, code: string | null): string {
  const unit = p.view.units.get(id);
  return unit ? `${unit.code} — ${localName(p.ctx.lang, unit)}` : code ?? String(id);
}

/** A deadline with what became of it, in words: overdue, or met. */
function deadline(p: Page, due: string, overdue: boolean, metAt: string | null): Html {
  if (overdue) return html`${formatDay(due)} <strong class="overdue">(${p.m.overdue})</strong>`;
  return html`${formatDay(due)}${metAt ? html` <span class="met">(${p.m.metOn} ${formatInstant(Date.parse(metAt))})</span>` : ''}`;
}

/** After a dispute the case is concluded again: an earlier conclusion does not meet the new deadline. */
const concluded: readonly string[] = ['concluded', 'responded', 'closed'];

function facts(p: Page, today: string): Html {
  const { m, ctx } = p;
  const d = p.view.detail;
  const overdue = overdueDeadlines(d, today);
  return html`<dl class="facts case-facts" aria-label="${m.factsLabel}">
${fact(m.colStatus, statusBadge(ctx, d.status))}
${fact(m.lowestLevel, levelText(ctx, d.lowestLevel))}
${fact(m.openedAt, formatInstant(Date.parse(d.openedAt)))}
${fact(m.assignedUnit, unitText(p, d.assignedUnitId, d.assignedUnit))}
${fact(m.originUnit, unitText(p, d.originUnitId, d.originUnit))}
${fact(m.acknowledgeDue, deadline(p, d.acknowledgeDue, overdue.acknowledge, d.acknowledgedAt))}
${fact(m.concludeDue, deadline(p, d.concludeDue, overdue.conclude, concluded.includes(d.status) ? d.concludedAt : null))}
${d.answerDue ? fact(m.answerDue, formatDay(d.answerDue)) : ''}
</dl>`;
}

function officerName(d: CaseDetail, code: string): string {
  const handler = d.handlers.find((h) => h.officerCode === code);
  return handler ? `${handler.officerName} (${code})` : code;
}

function conclusion(p: Page): Html | '' {
  const { m, ctx } = p;
  const d = p.view.detail;
  if (!d.finding && !d.response && !d.businessAnswer) return '';
  return html`<section aria-labelledby="conclusion-title">
<h2 id="conclusion-title">${m.conclusionTitle}</h2>
<dl class="rating-facts">
${d.finding ? fact(m.finding, findingLabel(ctx.lang, d.finding)) : ''}
${d.categories.length > 0 ? fact(m.categories, d.categories.map((c) => reasonLabel(ctx.lang, c)).join(', ')) : ''}
${d.officers.length > 0 ? fact(m.officersInvolved, d.officers.map((o) => officerName(d, o)).join(', ')) : ''}
${d.action ? fact(m.action, actionLabel(ctx.lang, d.action)) : ''}
${d.actionDetails ? fact(m.actionDetails, html`<p class="comment">${d.actionDetails}</p>`) : ''}
${d.response ? fact(m.response, html`<p class="comment">${d.response}</p>`) : ''}
${d.businessAnswer ? fact(m.businessAnswer, m[`answer_${d.businessAnswer}`]) : ''}
${d.disputeReason ? fact(m.disputeReason, html`<p class="comment">${d.disputeReason}</p>`) : ''}
</dl>
</section>`;
}

function evaluation(p: Page): Html {
  const { m, ctx } = p;
  const e = p.view.detail.evaluation;
  const r = ratingMessages(ctx.lang);
  const body = !e ? html`<p>${m.noEvaluation}</p>` : html`<p>${fillMessage(m.evaluationVersion, { version: e.version, at: formatInstant(Date.parse(e.submittedAt)) })}
  (${channelLabel(ctx.lang, e.ratingChannel)})</p>
<dl class="rating-facts">
${fact(m.overall, levelText(ctx, e.overall))}
${e.targets.length > 0 ? fact(m.targets, html`<ul>${e.targets.map((t) => html`<li>${r[`target_${t.type}`]} <span class="code">${t.code}</span> — ${t.level} ${levelLabel(ctx.lang, t.level)}</li>`)}</ul>`) : ''}
${e.reasons.length > 0 ? fact(m.reasons, e.reasons.map((x) => reasonLabel(ctx.lang, x)).join(', ')) : ''}
${e.comment !== null ? fact(m.comment, html`<p class="comment">${e.comment}</p>`) : ''}
</dl>`;
  return html`<section aria-labelledby="evaluation-title"><h2 id="evaluation-title">${m.evaluationTitle}</h2>${body}</section>`;
}

function declaration(p: Page): Html | '' {
  const { m, ctx } = p;
  const d = p.view.detail.declaration;
  if (!d) return '';
  const business = 'business' in d ? d.business : undefined;
  return html`<section aria-labelledby="declaration-title">
<h2 id="declaration-title">${m.declarationTitle}</h2>
<dl class="facts">
${fact(m.declarationNo, html`<a class="code" href="${declarationHref(d.declarationNo)}">${d.declarationNo}</a>`)}
${fact(m.declarationKind, kindLabel(ctx, d.kind))}
${fact(m.office, html`<span class="code">${d.office}</span>`)}
${fact(m.registered, formatInstant(Date.parse(d.registeredAt)))}
${fact(m.cleared, d.clearedAt ? formatInstant(Date.parse(d.clearedAt)) : m.notCleared)}
${business ? fact(m.business, html`<span class="code">${business.taxCode}</span> ${business.name}`) : ''}
</dl>
${business ? html`<p class="hint">${m.businessHint}</p>` : ''}
</section>`;
}

function handlers(p: Page): Html {
  const { m, ctx } = p;
  const rows = p.view.detail.handlers.map((h) => html`<tr><td>${stepLabel(ctx, h.step)}</td><td>${h.officerName} <span class="code">${h.officerCode}</span></td><td><span class="code">${h.team}</span></td></tr>`);
  return html`<section aria-labelledby="handlers-title">
<h2 id="handlers-title">${m.handlersTitle}</h2>
${rows.length === 0 ? html`<p>${m.noHandlers}</p>` : scrollRegion(m.handlersTitle, html`<table class="data"><caption class="visually-hidden">${m.handlersTitle}</caption>
<thead><tr><th scope="col">${m.handlerStep}</th><th scope="col">${m.handlerOfficer}</th><th scope="col">${m.handlerTeam}</th></tr></thead>
<tbody>${rows}</tbody></table>`)}
</section>`;
}

/** The steps the reader may take now; null when the reader may not act on this case at all. */
function stepsFor(ctx: PageContext, d: CaseDetail): StaffTransition[] | null {
  if (!mayAct(ctx.principal, { assigned_unit_id: d.assignedUnitId })) return null;
  return staffTransitions.filter((t) => canTransition(d.status, t));
}

function actionsSection(p: Page, steps: StaffTransition[] | null, refused: CaseRefusal | undefined): Html {
  const { m, ctx } = p;
  const d = p.view.detail;
  const body = steps === null ? html`<p>${fillMessage(m.notAssignee, { unit: unitText(p, d.assignedUnitId, d.assignedUnit) })}</p>`
    : steps.length === 0 ? html`<p>${m.nothingToDo}</p>` : caseActionForms(ctx, d, steps, refused);
  // A refused step whose form is not on the page (no longer allowed, or not the reader's): its error heads the section.
  const offered: string[] = steps === null ? [] : [...steps, 'note'];
  const orphan = refused && !offered.includes(refused.form)
    ? html`<div class="alert" role="alert" id="form-${refused.form}"><p>${refused.error.messageIn(ctx.lang)}</p><p><code>${refused.error.code}</code></p></div>` : '';
  return html`<section class="case-actions" id="actions" aria-labelledby="actions-title"><h2 id="actions-title">${m.actionsTitle}</h2>${orphan}${body}</section>`;
}

export function casePageHtml(ctx: PageContext, view: CasePage, options: CasePageOptions): Html {
  const m = caseMessages(ctx.lang);
  const p: Page = { ctx, m, view };
  const d = view.detail;
  const steps = stepsFor(ctx, d);
  const title = fillMessage(m.caseTitle, { id: d.id, no: d.declaration?.declarationNo ?? '' });
  return layout(ctx, title, html`<div class="case-page">
${options.done ? html`<div class="notice" role="status" id="case-done"><p>${m[`done_${options.done}`]}</p></div>` : ''}
${facts(p, options.today)}
${steps && steps.length > 0 ? html`<p><a href="#actions">${m.toActions}</a></p>` : ''}
${conclusion(p)}
${evaluation(p)}
${declaration(p)}
${handlers(p)}
${actionsSection(p, steps, options.refused)}
${caseTimeline(ctx, view)}
${steps !== null ? caseNoteForm(ctx, d, options.refused) : ''}
<p><a href="/cases">${m.backToList}</a></p>
</div>`);
}
