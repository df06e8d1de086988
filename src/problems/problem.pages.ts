import type { AppError } from '../errors.js';
import { levelLabel } from '../evaluations/rating.i18n.js';
import { formatDay, formatInstant, localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import { mayPublish } from './problem-publication.service.js';
import { canTransitionProblem, problemLimits, type ProblemTransition } from './problem-rules.js';
import { statusBadge } from './problem-list.pages.js';
import { problemMessages, topicLabel, type ProblemMessages } from './problem.i18n.js';
import type { ProblemDetail } from './problem-views.service.js';
import { mayTakeStep } from './problem-workflow.service.js';

/**
 * /problems/:id: the question, its attachments, where it stands and its due day; the answer once
 * sent (staff also see a draft); the business's rating form; for staff the forms of the steps they
 * may take now, the publish link and the timeline. A refused post shows the page again, its error
 * beside its form and the text as entered.
 */
export type ProblemFormName = ProblemTransition | 'rating';

export interface ProblemRefusal {
  form: ProblemFormName;
  error: AppError;
  values: { answer?: string; note?: string; rating?: string; comment?: string };
}

export interface ProblemPageOptions {
  done?: string | undefined;
  refused?: ProblemRefusal | undefined;
}

interface Page {
  ctx: PageContext;
  m: ProblemMessages;
  d: ProblemDetail;
  refused: ProblemRefusal | undefined;
}

function fact(label: string, value: Html | string): Html {
  return html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

export function levelText(ctx: PageContext, level: number): Html {
  return html`<span class="level-mark level-${level}">${level}</span> ${levelLabel(ctx.lang, level)}`;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

function facts(p: Page): Html {
  const { m, ctx, d } = p;
  const business = ctx.principal.kind === 'user' && ctx.principal.role === 'business';
  return html`<dl class="facts problem-facts" aria-label="${m.factsLabel}">
${fact(m.colStatus, statusBadge(ctx, d.status))}
${fact(m.topic, topicLabel(ctx.lang, d.topic))}
${fact(m.receivedAt, formatInstant(Date.parse(d.receivedAt)))}
${fact(m.dueDay, html`${formatDay(d.dueDay)}${d.overdue ? html` <strong class="problem-overdue">(${m.overdue})</strong>` : ''}`)}
${d.answeredAt ? fact(m.answeredAt, html`${formatInstant(Date.parse(d.answeredAt))} (${d.onTime ? m.onTime : m.late})`) : ''}
${fact(m.unit, html`<span class="code">${d.unit.code}</span> ${localName(ctx.lang, { name_vi: d.unit.nameVi, name_en: d.unit.nameEn })}`)}
${business ? '' : fact(m.routing, m[`routing_${d.routing}`])}
${fact(m.channel, m[`channel_${d.channel}`])}
${d.conference ? fact(m.conference, html`<a href="/conferences/${d.conference.id}">${d.conference.title ?? ''}</a>`) : ''}
${business ? '' : fact(m.business, html`<span class="code">${d.business.taxCode}</span> ${d.business.name}`)}
${d.declarationNo ? fact(m.declarationNo, html`<a class="code" href="/declarations/${encodeURIComponent(d.declarationNo)}">${d.declarationNo}</a>`) : ''}
</dl>`;
}

function question(p: Page): Html {
  const { m, d } = p;
  const files = d.attachments.length === 0 ? '' : html`<h3>${m.attachmentsTitle}</h3><ul class="attachments">${d.attachments.map((a) =>
    html`<li><a href="/problem-attachments/${a.id}" download>${a.fileName}</a> <span class="met">(${a.mediaType}, ${sizeText(a.size)})</span></li>`)}</ul>`;
  return html`<section aria-labelledby="question-title"><h2 id="question-title">${m.questionTitle}</h2><p class="comment problem-text">${d.question}</p>${files}</section>`;
}

function answer(p: Page): Html {
  const { m, d, ctx } = p;
  if (d.answer === null) return html`<section aria-labelledby="answer-title"><h2 id="answer-title">${m.answerTitle}</h2><p>${m.notAnswered}</p></section>`;
  const draft = d.status !== 'answered';
  const rating = d.status === 'answered' && ctx.principal.kind === 'user' && ctx.principal.role !== 'business' && ctx.principal.role !== 'officer'
    ? html`<p>${d.rating === null ? m.notRated : html`${fillMessage(m.rated, { level: '' })}${levelText(ctx, d.rating)}`}</p>${d.ratingComment ? html`<p class="comment">${d.ratingComment}</p>` : ''}` : '';
  return html`<section aria-labelledby="answer-title" id="answer"><h2 id="answer-title">${draft ? m.draftTitle : m.answerTitle}</h2>
<p class="comment problem-text">${d.answer}</p>${d.draftedBy ? html`<p class="hint">${fillMessage(m.draftedBy, { name: d.draftedBy })}</p>` : ''}${rating}</section>`;
}

function errorBox(p: Page, form: ProblemFormName): Html | '' {
  const e = p.refused?.form === form ? p.refused.error : undefined;
  return e ? html`<div class="alert" role="alert" id="form-${form}-error"><p>${e.messageIn(p.ctx.lang)}</p><p><code>${e.code}</code></p></div>` : '';
}

function textArea(id: string, name: string, label: string, value: string, max: number, hint: string, required: boolean): Html {
  return html`<div class="field"><label for="${id}">${label}</label>
<textarea id="${id}" name="${name}" rows="6" maxlength="${max}"${required ? html` required` : ''} aria-describedby="${id}-hint">${value}</textarea>
<p class="hint" id="${id}-hint">${hint}</p></div>`;
}

function stepForm(p: Page, step: ProblemTransition): Html {
  const { m, d, ctx } = p;
  const v = p.refused?.form === step ? p.refused.values : {};
  const titles = { draft: [m.draftForm, m.draftButton], approve: [m.approveForm, m.approveButton], return: [m.returnForm, m.returnButton] } as const;
  const hint = fillMessage(m.answerHint, { max: problemLimits.answerMaxLength });
  const fields = step === 'draft' ? textArea('draft-answer', 'answer', m.answerLabel, v.answer ?? d.answer ?? '', problemLimits.answerMaxLength, hint, true)
    : step === 'approve' ? textArea('approve-answer', 'answer', m.answerLabel, v.answer ?? d.answer ?? '', problemLimits.answerMaxLength, m.approveHint, true)
      : textArea('return-note', 'note', m.noteLabel, v.note ?? '', problemLimits.commentMaxLength, '', false);
  return html`<section class="problem-form" id="form-${step}" aria-labelledby="form-${step}-title"><h3 id="form-${step}-title">${titles[step][0]}</h3>
${errorBox(p, step)}<form method="post" action="/problems/${d.id}/${step}#form-${step}"><input type="hidden" name="_csrf" value="${ctx.csrfToken}">
${fields}<p><button type="submit">${titles[step][1]}</button></p></form></section>`;
}

function staffActions(p: Page): Html | '' {
  const { m, d, ctx } = p;
  if (ctx.principal.kind !== 'user' || ctx.principal.role === 'business') return '';
  const steps = (['draft', 'approve', 'return'] as const).filter((s) => mayTakeStep(ctx.principal, s) && canTransitionProblem(d.status, s));
  const publish = d.status === 'answered' && mayPublish(ctx.principal)
    ? html`<p><a href="/problems/${d.id}/publish">${d.published ? m.editPublicationLink : m.publishLink}</a></p>` : '';
  const orphan = p.refused && !steps.includes(p.refused.form as ProblemTransition) && p.refused.form !== 'rating' ? errorBox(p, p.refused.form) : '';
  const body = steps.length === 0 && !publish ? html`<p>${m.nothingToDo}</p>` : html`${steps.map((s) => stepForm(p, s))}${publish}`;
  return html`<section class="problem-actions" id="actions" aria-labelledby="actions-title"><h2 id="actions-title">${m.actionsTitle}</h2>
${d.published ? html`<p class="notice"><a href="/qa/${d.id}">${m.publishedNote}</a></p>` : ''}${orphan}${body}</section>`;
}

function ratingForm(p: Page): Html | '' {
  const { m, d, ctx } = p;
  if (d.status !== 'answered' || ctx.principal.kind !== 'user' || ctx.principal.role !== 'business') return '';
  const v = p.refused?.form === 'rating' ? p.refused.values : {};
  const chosen = v.rating ?? (d.rating === null ? '' : String(d.rating));
  const levels = [5, 4, 3, 2, 1].map((level) => html`<label class="check level-${level}"><input type="radio" name="rating" value="${level}" required${String(level) === chosen ? html` checked` : ''}> ${levelText(ctx, level)}</label>`);
  return html`<section class="problem-form" id="form-rating" aria-labelledby="form-rating-title"><h2 id="form-rating-title">${m.ratingTitle}</h2>
${d.rating !== null ? html`<p>${fillMessage(m.rated, { level: '' })}${levelText(ctx, d.rating)}</p>` : ''}${errorBox(p, 'rating')}
<form method="post" action="/problems/${d.id}/rating#form-rating"><input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<fieldset class="checks"><legend>${m.ratingLegend}</legend>${levels}</fieldset>
${textArea('rating-comment', 'comment', m.ratingComment, v.comment ?? d.ratingComment ?? '', problemLimits.commentMaxLength, '', false)}
<p><button type="submit">${d.rating === null ? m.rate : m.rerate}</button></p></form></section>`;
}

function timeline(p: Page): Html | '' {
  const { m, d, ctx } = p;
  if (d.timeline.length === 0) return '';
  const kindWord = (kind: string) => (m as Record<string, string>)[`event_${kind}`] ?? kind;
  return html`<section aria-labelledby="timeline-title"><h2 id="timeline-title">${m.timelineTitle}</h2><ol class="timeline">${d.timeline.map((e) => {
    const note = typeof e.details?.note === 'string' ? e.details.note : null;
    const rating = e.kind === 'rated' && typeof e.details?.rating === 'number' ? levelText(ctx, e.details.rating) : '';
    return html`<li class="event"><p class="event-head"><time datetime="${e.at}">${formatInstant(Date.parse(e.at))}</time> — <strong>${kindWord(e.kind)}</strong>${e.actor ? html` · ${e.actor}` : ''} ${rating}</p>${note ? html`<p class="comment">${note}</p>` : ''}</li>`;
  })}</ol></section>`;
}

export function problemPage(ctx: PageContext, d: ProblemDetail, options: ProblemPageOptions): Html {
  const m = problemMessages(ctx.lang);
  const p: Page = { ctx, m, d, refused: options.refused };
  const done = options.done && Object.hasOwn(m, `done_${options.done}`) ? (m as Record<string, string>)[`done_${options.done}`] : options.done === 'raised'
    ? fillMessage(m.raised, { id: d.id, due: formatDay(d.dueDay) }) : options.done === 'rating' ? m.ratedThanks : undefined;
  return layout(ctx, fillMessage(m.problemTitle, { id: d.id }), html`<div class="problem-page">
${done ? html`<div class="notice" role="status" id="problem-done"><p>${done}</p></div>` : ''}
${facts(p)}
${question(p)}
${answer(p)}
${ratingForm(p)}
${staffActions(p)}
${timeline(p)}
<p><a href="/problems">${m.backToList}</a></p>
</div>`);
}
