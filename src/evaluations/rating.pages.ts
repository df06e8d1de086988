import { followUpSection, type CaseAnswerRefusal } from '../cases/case-business.pages.js';
import type { AppError, Lang } from '../errors.js';
import { kindLabel, stepLabel } from '../declarations/declarations.pages.js';
import { evaluationReasons } from '../stats/rollup-columns.js';
import { formatInstant, localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import { maxCommentLength, type StoredEvaluation, type TargetType } from './evaluations.schema.js';
import { emptyRatingValues, evaluationValues, levelField, type RatingFormValues } from './rating-form.js';
import type { RatingView } from './rating-page.service.js';
import { channelLabel, levelLabel, ratingMessages, reasonLabel, type Level, type RatingMessages } from './rating.i18n.js';

/**
 * The rating page, the same for the link (/r/:token) and the portal (/declarations/:no/rate): the
 * declaration and who handled it, the current rating, and — while it can be rated — one tap for an
 * overall level plus a <details> form to rate each office, team, step and officer. Plain forms: it
 * works without JavaScript, on a 360 px phone and in the declaration software's embedded browser.
 */
export interface RatingPageOptions {
  /** Where both forms post (the page's own URL; `#detail` is added). */
  action: string;
  /** The QR code of the rating link (link page only). */
  qrSrc?: string;
  /** Extra links under the page, e.g. back to the portal's list. */
  footer?: Html;
  saved?: boolean;
  /** A refused submission: its error beside the form, and the values as entered. */
  refused?: { error: AppError; values: RatingFormValues };
  /** Where the business's answer to its case's response posts (accept or dispute). */
  answerAction: string;
  /** The answer was stored (post/redirect/get). */
  answered?: boolean;
  /** A refused answer: its error beside the answer forms, the reason as typed. */
  answerRefused?: CaseAnswerRefusal;
}

const levelsDown: readonly Level[] = [5, 4, 3, 2, 1];

function levelText(lang: Lang, level: number): string {
  return `${level} ${levelLabel(lang, level)}`;
}

interface Target {
  type: TargetType;
  code: string;
  name: string;
}

/** Every target of the declaration, named for the reader: its office, teams, steps and officers. */
function targetsOf(ctx: PageContext, view: RatingView): Target[] {
  const d = view.declaration;
  const targets: Target[] = [{ type: 'office', code: d.office_code, name: localName(ctx.lang, { name_vi: d.office_name_vi, name_en: d.office_name_en }) }];
  const seen = new Set<string>();
  const add = (target: Target) => {
    if (seen.has(`${target.type}:${target.code}`)) return;
    seen.add(`${target.type}:${target.code}`);
    targets.push(target);
  };
  // The service rates a team only if it is not the office itself.
  for (const h of view.handlers) if (h.unit_id !== d.office_id) add({ type: 'team', code: h.unit_code, name: localName(ctx.lang, { name_vi: h.unit_name_vi, name_en: h.unit_name_en }) });
  for (const h of view.handlers) add({ type: 'step', code: h.step, name: stepLabel(ctx, h.step) });
  for (const h of view.handlers) add({ type: 'officer', code: h.officer_code, name: h.officer_name });
  return targets;
}

function fact(label: string, value: Html | string, wide = false): Html {
  return html`<div${wide ? html` class="wide"` : ''}><dt>${label}</dt><dd>${value}</dd></div>`;
}

function declarationFacts(ctx: PageContext, view: RatingView): Html {
  const { t, lang } = ctx;
  const d = view.declaration;
  return html`<dl class="facts rating-declaration">
  ${fact(t.declarationNo, html`<span class="code">${d.declaration_no}</span>`)}
  ${fact(t.declarationKind, html`${kindLabel(ctx, d.kind)}${d.type_code ? html` <span class="code">${d.type_code}</span>` : ''}`)}
  ${fact(t.declarationOffice, localName(lang, { name_vi: d.office_name_vi, name_en: d.office_name_en }), true)}
  ${fact(t.declarationRegistered, formatInstant(d.registered_at))}
  ${fact(t.declarationCleared, d.cleared_at === null ? t.notCleared : formatInstant(d.cleared_at))}
</dl>`;
}

/** Who handled it, step by step, by name: the declarant's own declaration, so the names are theirs to see. */
function handlersSection(ctx: PageContext, view: RatingView): Html {
  const { t, lang } = ctx;
  const r = ratingMessages(lang);
  const handlers = view.handlers.map((h) => html`<li>${fillMessage(r.handlerLine, { step: stepLabel(ctx, h.step), officer: h.officer_name })}
    <span class="code">${h.officer_code}</span> <span class="handler-team">${localName(lang, { name_vi: h.unit_name_vi, name_en: h.unit_name_en })}</span></li>`);
  return html`<h2 id="handlers-title">${r.handlersTitle}</h2>
${handlers.length === 0 ? html`<p>${t.noHandlers}</p>` : html`<ol class="handler-list" aria-labelledby="handlers-title">${handlers}</ol>`}`;
}

function currentRating(ctx: PageContext, e: StoredEvaluation, targets: Target[], saved: boolean): Html {
  const { lang } = ctx;
  const r = ratingMessages(lang);
  const named = e.targets.map((t) => {
    const target = targets.find((x) => x.type === t.type && x.code === t.code);
    return html`<li>${r[`target_${t.type as TargetType}`]}: ${target?.name ?? t.code} — ${levelText(lang, t.level)}</li>`;
  });
  return html`<section class="current-rating" id="current" aria-labelledby="current-title">
${saved ? html`<div class="notice" role="status" id="rating-saved"><p>${r.saved}</p></div>` : ''}
<h2 id="current-title">${r.currentTitle}</h2>
<p>${fillMessage(r.currentVersion, { version: e.version, at: formatInstant(Date.parse(e.submittedAt)), channel: channelLabel(lang, e.ratingChannel) })}</p>
<dl class="rating-facts">
  ${fact(r.currentOverall, html`<span class="level-mark level-${e.overall}">${e.overall}</span> ${levelLabel(lang, e.overall)}`)}
  ${named.length > 0 ? fact(r.currentTargets, html`<ul>${named}</ul>`) : ''}
  ${e.reasons.length > 0 ? fact(r.currentReasons, e.reasons.map((x) => reasonLabel(lang, x)).join(', ')) : ''}
  ${e.comment !== null ? fact(r.currentComment, html`<p class="comment">${e.comment}</p>`) : ''}
</dl>
</section>`;
}

/** The five big buttons: each submits `overall` on its own. */
function quickForm(ctx: PageContext, action: string, revising: boolean): Html {
  const r = ratingMessages(ctx.lang);
  const other: Lang = ctx.lang === 'vi' ? 'en' : 'vi';
  return html`<h2 id="quick-title">${revising ? r.reviseTitle : r.quickTitle}</h2>
<p class="hint" id="quick-hint">${revising ? r.quickReviseHint : r.quickHint}</p>
<form method="post" action="${action}#detail" class="quick-rating">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <div class="level-buttons" role="group" aria-labelledby="quick-title" aria-describedby="quick-hint">
  ${levelsDown.map((level) => html`<button type="submit" name="overall" value="${level}" class="level-button">
    <span class="level-mark level-${level}">${level}</span>
    <span class="level-words"><span>${levelLabel(ctx.lang, level)}</span> <span class="level-other" lang="${other}">${levelLabel(other, level)}</span></span>
  </button>`)}
  </div>
</form>`;
}

/** A radio group 5…1 for one level; optional groups start on "skip". */
function levelGroup(ctx: PageContext, r: RatingMessages, name: string, legend: string, value: string, required: boolean): Html {
  const option = (v: string, visible: string, hidden: string) => html`<label class="level-option${v === '' ? ' level-skip' : ''}">
    <input type="radio" name="${name}" value="${v}"${v === value ? html` checked` : ''}${required ? html` required` : ''}>
    <span>${visible}</span>${hidden ? html`<span class="visually-hidden"> ${hidden}</span>` : ''}</label>`;
  return html`<fieldset class="level-group">
<legend>${legend}</legend>
<div class="level-options">
  ${required ? '' : option('', r.skip, '')}
  ${levelsDown.map((level) => option(String(level), String(level), levelLabel(ctx.lang, level)))}
</div>
</fieldset>`;
}

/** The detail form; after a refusal it is open, its error first (the forms post to `#detail`, so the browser scrolls here). */
function detailForm(ctx: PageContext, action: string, targets: Target[], values: RatingFormValues, error: AppError | undefined): Html {
  const r = ratingMessages(ctx.lang);
  const legend = { office: r.officeLegend, team: r.teamLegend, step: r.stepLegend, officer: r.officerLegend };
  return html`<details class="rating-detail" id="detail"${error ? html` open` : ''}>
<summary>${r.detailSummary}</summary>
${error ? html`<div class="alert" role="alert" id="rating-error"><p>${error.messageIn(ctx.lang)}</p></div>` : ''}
<form method="post" action="${action}#detail" class="detail-rating"${error ? html` aria-describedby="rating-error"` : ''}>
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <p class="hint">${r.detailLead}</p>
  <p class="hint">${r.scaleKey}</p>
  ${levelGroup(ctx, r, 'overall', r.overallLegend, values.overall, true)}
  ${targets.map((t) => levelGroup(ctx, r, levelField(t.type, t.code), fillMessage(legend[t.type], { name: t.name }), values.levels[levelField(t.type, t.code)] ?? '', false))}
  <fieldset class="reasons">
  <legend>${r.reasonsLegend}</legend>
  ${evaluationReasons.map((reason) => html`<label class="check"><input type="checkbox" name="reasons" value="${reason}"${values.reasons.includes(reason) ? html` checked` : ''}> ${reasonLabel(ctx.lang, reason)}</label>`)}
  </fieldset>
  <div class="field">
  <label for="comment">${r.commentLabel}</label>
  <textarea id="comment" name="comment" rows="4" maxlength="${maxCommentLength}" aria-describedby="comment-hint">${values.comment}</textarea>
  <p class="hint" id="comment-hint">${fillMessage(r.commentHint, { max: maxCommentLength.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB') })}</p>
  </div>
  <p><button type="submit" class="send-rating">${r.submit}</button></p>
</form>
</details>`;
}

function qrCode(ctx: PageContext, src: string): Html {
  const r = ratingMessages(ctx.lang);
  return html`<section class="share" aria-labelledby="share-title">
<h2 id="share-title">${r.qrTitle}</h2>
<img src="${src}" alt="${r.qrAlt}" width="132" height="132">
<p class="hint">${r.qrHint}</p>
</section>`;
}

export function ratingPage(ctx: PageContext, view: RatingView, options: RatingPageOptions): Html {
  const r = ratingMessages(ctx.lang);
  const targets = targetsOf(ctx, view);
  const { current, blocked } = view;
  const refused = options.refused && !blocked ? options.refused : undefined;
  const values = refused?.values ?? (current ? evaluationValues(current) : emptyRatingValues);
  // On a phone the one-tap buttons come right after the declaration; who handled it leads into the detail form.
  const forms = blocked ? html`<div class="notice" role="status" id="rating-closed"><p>${blocked.messageIn(ctx.lang)}</p></div>
${handlersSection(ctx, view)}` : html`
${view.closesAt !== null ? html`<p class="window">${fillMessage(r.revisableUntil, { at: formatInstant(view.closesAt) })}</p>` : ''}
${quickForm(ctx, options.action, current !== null)}
${handlersSection(ctx, view)}
${detailForm(ctx, options.action, targets, values, refused?.error)}
${options.qrSrc ? qrCode(ctx, options.qrSrc) : ''}`;
  // The case a rating opened comes first: once there is one, answering it is what the business is here for.
  const followUp = view.followUp
    ? followUpSection(ctx, view.followUp, { action: options.answerAction, answered: options.answered, refused: options.answerRefused }) : '';
  return layout(ctx, fillMessage(r.pageTitle, { no: view.declaration.declaration_no }), html`<div class="rating-page">
${declarationFacts(ctx, view)}
${followUp}
${current ? currentRating(ctx, current, targets, options.saved === true) : ''}
${forms}
${options.footer ?? ''}
</div>`);
}
