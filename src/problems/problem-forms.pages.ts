import type { AppError } from '../errors.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import type { PublicationDraft } from './problem-publication.service.js';
import { problemLimits, problemTopics } from './problem-rules.js';
import { problemMessages, topicLabel } from './problem.i18n.js';

/** The form a business raises a problem with (multipart: it carries files), and the publisher's form. */
export interface RaiseValues {
  topic: string;
  question: string;
  declarationNo: string;
  taxCode: string;
}

function alert(ctx: PageContext, error: AppError | undefined): Html | '' {
  return error ? html`<div class="alert" role="alert" id="form-error"><p>${error.messageIn(ctx.lang)}</p><p><code>${error.code}</code></p></div>` : '';
}

function topicSelect(ctx: PageContext, chosen: string, placeholder: string | null): Html {
  return html`<select id="topic" name="topic" required>${placeholder ? html`<option value="">${placeholder}</option>` : ''}
${problemTopics.map((t) => html`<option value="${t}"${t === chosen ? html` selected` : ''}>${topicLabel(ctx.lang, t)}</option>`)}</select>`;
}

export function raiseProblemPage(ctx: PageContext, businesses: readonly { tax_code: string; name: string }[], values: RaiseValues, error?: AppError): Html {
  const m = problemMessages(ctx.lang);
  const mb = problemLimits.maxAttachmentBytes / 1024 / 1024;
  const business = businesses.length > 1 ? html`<div class="field"><label for="taxCode">${m.business}</label><select id="taxCode" name="taxCode" required>
<option value="">—</option>${businesses.map((b) => html`<option value="${b.tax_code}"${b.tax_code === values.taxCode ? html` selected` : ''}>${b.tax_code} — ${b.name}</option>`)}</select></div>` : '';
  return layout(ctx, m.raiseTitle, html`<div class="problem-page"><p class="lead">${m.raiseLead}</p>${alert(ctx, error)}
<form class="problem-form" method="post" action="/problems" enctype="multipart/form-data"${error ? html` aria-describedby="form-error"` : ''}>
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
${business}
<div class="field"><label for="topic">${m.topic}</label>${topicSelect(ctx, values.topic, m.chooseTopic)}</div>
<div class="field"><label for="question">${m.question}</label>
<textarea id="question" name="question" rows="8" maxlength="${problemLimits.questionMaxLength}" required aria-describedby="question-hint">${values.question}</textarea>
<p class="hint" id="question-hint">${fillMessage(m.questionHint, { max: problemLimits.questionMaxLength })}</p></div>
<div class="field"><label for="declarationNo">${m.declarationNo}</label>
<input id="declarationNo" name="declarationNo" type="text" maxlength="40" value="${values.declarationNo}" inputmode="numeric" autocomplete="off" aria-describedby="declarationNo-hint">
<p class="hint" id="declarationNo-hint">${m.declarationHint}</p></div>
<div class="field"><label for="attachments">${m.attachments}</label>
<input id="attachments" name="attachments" type="file" multiple accept="application/pdf,image/png,image/jpeg,image/gif,image/webp" aria-describedby="attachments-hint">
<p class="hint" id="attachments-hint">${fillMessage(m.attachmentsHint, { count: problemLimits.maxAttachments, mb })}</p></div>
<p><button type="submit">${m.send}</button></p>
</form><p><a href="/problems">${m.backToList}</a></p></div>`);
}

export function publishPage(ctx: PageContext, draft: PublicationDraft, error?: AppError): Html {
  const m = problemMessages(ctx.lang);
  const area = (id: 'question' | 'answer', label: string, value: string, max: number) => html`<div class="field"><label for="publish-${id}">${label}</label>
<textarea id="publish-${id}" name="${id}" rows="8" maxlength="${max}" required>${value}</textarea></div>`;
  return layout(ctx, fillMessage(m.publishTitle, { id: draft.problemId }), html`<div class="problem-page"><p class="lead">${m.publishLead}</p>${alert(ctx, error)}
<form class="problem-form" method="post" action="/problems/${draft.problemId}/publish"><input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<div class="field"><label for="topic">${m.topic}</label>${topicSelect(ctx, draft.topic, null)}</div>
${area('question', m.publishQuestion, draft.question, problemLimits.questionMaxLength)}
${area('answer', m.publishAnswer, draft.answer, problemLimits.answerMaxLength)}
<p><button type="submit">${draft.published ? m.updateButton : m.publishButton}</button></p></form>
${draft.published ? html`<form method="post" action="/problems/${draft.problemId}/unpublish"><input type="hidden" name="_csrf" value="${ctx.csrfToken}"><p><button type="submit" class="danger">${m.unpublishButton}</button></p></form>` : ''}
<p><a href="/problems/${draft.problemId}">${fillMessage(m.problemTitle, { id: draft.problemId })}</a></p></div>`);
}
