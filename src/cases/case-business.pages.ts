import { Type, type Static } from 'typebox';
import type { AppError } from '../errors.js';
import { formatDay, formatInstant } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import type { PageContext } from '../web/layout.js';
import type { BusinessCaseView } from './case-views.service.js';
import { caseMessages, type CaseMessages } from './case.i18n.js';

/**
 * The business's side of its case, on the rating link and portal pages: where the case stands,
 * the response once given, and two forms while the answer window is open — accept, or dispute with
 * a reason. Only what is the business's: no notes, officers involved, finding or action.
 */
export const disputeReasonMaxLength = 4000;

export const CaseAnswerBody = Type.Object({
  answer: Type.String({ enum: ['accept', 'dispute'] }),
  reason: Type.Optional(Type.String({ maxLength: disputeReasonMaxLength })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});
export type CaseAnswerBody = Static<typeof CaseAnswerBody>;

/** A refused answer: its error beside the forms, the reason as typed. */
export interface CaseAnswerRefusal {
  error: AppError;
  reason: string;
}

export interface FollowUpOptions {
  /** Where both answer forms post. */
  action: string;
  answered?: boolean;
  refused?: CaseAnswerRefusal;
}

function fact(label: string, value: Html | string): Html {
  return html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

/** What became of the business's answer, once there is one to tell. */
function outcome(m: CaseMessages, c: BusinessCaseView): Html | '' {
  if (c.status === 'closed') return html`<p class="case-outcome">${c.answer === 'auto_accepted' ? m.answered_auto_accepted : m.answered_accepted}</p>`;
  if (c.answer === 'disputed' && c.status !== 'responded') {
    return html`<p class="case-outcome">${m.answered_disputed}</p>
${c.disputeReason ? html`<dl class="rating-facts">${fact(m.yourReason, html`<p class="comment">${c.disputeReason}</p>`)}</dl>` : ''}`;
  }
  return '';
}

function answerForms(ctx: PageContext, m: CaseMessages, c: BusinessCaseView, options: FollowUpOptions): Html | '' {
  if (c.status !== 'responded') return '';
  if (!c.mayAnswer) return html`<p>${fillMessage(m.followUpWindowClosed, { day: c.answerDue ? formatDay(c.answerDue) : '' })}</p>`;
  const error = options.refused?.error;
  return html`<p class="window">${fillMessage(m.followUpAnswerBy, { day: c.answerDue ? formatDay(c.answerDue) : '' })}</p>
${error ? html`<div class="alert" role="alert" id="answer-error"><p>${error.messageIn(ctx.lang)}</p></div>` : ''}
<div class="answer-forms">
<form method="post" action="${options.action}#case" class="answer-accept" aria-labelledby="accept-title">
<input type="hidden" name="_csrf" value="${ctx.csrfToken}"><input type="hidden" name="answer" value="accept">
<h3 id="accept-title">${m.acceptTitle}</h3>
<p><button type="submit">${m.acceptButton}</button></p>
</form>
<form method="post" action="${options.action}#case" class="answer-dispute" aria-labelledby="dispute-title"${error ? html` aria-describedby="answer-error"` : ''}>
<input type="hidden" name="_csrf" value="${ctx.csrfToken}"><input type="hidden" name="answer" value="dispute">
<h3 id="dispute-title">${m.disputeTitle}</h3>
<div class="field">
<label for="dispute-reason">${m.disputeReasonLabel}</label>
<textarea id="dispute-reason" name="reason" rows="4" required maxlength="${disputeReasonMaxLength}" aria-describedby="dispute-hint">${options.refused?.reason ?? ''}</textarea>
<p class="hint" id="dispute-hint">${m.disputeHint} ${fillMessage(m.maxChars, { max: disputeReasonMaxLength })}</p>
</div>
<p><button type="submit">${m.disputeButton}</button></p>
</form>
</div>`;
}

export function followUpSection(ctx: PageContext, c: BusinessCaseView, options: FollowUpOptions): Html {
  const m = caseMessages(ctx.lang);
  return html`<section class="follow-up" id="case" aria-labelledby="case-title">
${options.answered ? html`<div class="notice" role="status" id="answer-saved"><p>${m.answerSaved}</p></div>` : ''}
<h2 id="case-title">${m.followUpTitle}</h2>
<p>${m.followUpLead}</p>
<dl class="rating-facts">
${fact(m.followUpStatus, html`<strong class="biz-status">${m[`bizStatus_${c.status}`]}</strong>`)}
${c.response ? fact(m.followUpResponse, html`<p class="comment">${c.response}</p>${c.respondedAt !== null ? html`<span class="hint">${fillMessage(m.followUpRespondedAt, { at: formatInstant(c.respondedAt) })}</span>` : ''}`) : ''}
</dl>
${outcome(m, c)}
${answerForms(ctx, m, c, options)}
</section>`;
}
