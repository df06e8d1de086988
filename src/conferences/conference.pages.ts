import type { AppError } from '../errors.js';
import { problemLimits, problemTopics } from '../problems/problem-rules.js';
import { shortText, statusBadge } from '../problems/problem-list.pages.js';
import { topicLabel } from '../problems/problem.i18n.js';
import type { ProblemList } from '../problems/problem-views.service.js';
import { scrollRegion } from '../web/components.js';
import { formatDay } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { formatNumber } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import { conferenceMessages, type ConferenceMessages } from './conference.i18n.js';
import { conferenceLimits, mayOrganise } from './conferences.service.js';
import type { listConferences, listInvitations } from './conferences.repository.js';
import type { Conference } from '../db/schema.js';

/** /conferences and /conferences/:id; forms for administrators and leaders, each refusal beside its form with the values kept. */
export type ConferenceForm = 'create' | 'invite' | 'question' | 'minutes';

export interface ConferenceRefusal {
  form: ConferenceForm;
  error: AppError;
  values: Record<string, string>;
}

function alert(ctx: PageContext, refused: ConferenceRefusal | undefined, form: ConferenceForm): Html | '' {
  if (refused?.form !== form) return '';
  return html`<div class="alert" role="alert" id="form-${form}-error"><p>${refused.error.messageIn(ctx.lang)}</p><p><code>${refused.error.code}</code></p></div>`;
}

function input(id: string, name: string, label: string, value: string, extra: Html | string = ''): Html {
  return html`<div class="field"><label for="${id}">${label}</label><input id="${id}" name="${name}" value="${value}"${extra}></div>`;
}

function formBox(ctx: PageContext, form: ConferenceForm, action: string, title: string, button: string, fields: Html, refused?: ConferenceRefusal): Html {
  return html`<section class="problem-form" id="form-${form}" aria-labelledby="form-${form}-title"><h2 id="form-${form}-title">${title}</h2>${alert(ctx, refused, form)}
<form method="post" action="${action}#form-${form}"><input type="hidden" name="_csrf" value="${ctx.csrfToken}">${fields}<p><button type="submit">${button}</button></p></form></section>`;
}

export function conferenceListPage(ctx: PageContext, rows: Awaited<ReturnType<typeof listConferences>>, options: { refused?: ConferenceRefusal }): Html {
  const m = conferenceMessages(ctx.lang);
  const v = options.refused?.values ?? {};
  const table = rows.length === 0 ? html`<p>${m.none}</p>` : scrollRegion(m.caption, html`<table class="data"><caption>${m.caption}</caption>
<thead><tr><th scope="col">${m.colDate}</th><th scope="col">${m.colTitle}</th><th scope="col">${m.colPlace}</th><th scope="col">${m.colInvited}</th><th scope="col">${m.colQuestions}</th><th scope="col">${m.colMinutes}</th></tr></thead>
<tbody>${rows.map((c) => html`<tr><td>${formatDay(c.held_on)}</td><td class="wrap"><a href="/conferences/${c.id}">${c.title}</a></td><td class="wrap">${c.place}</td>
<td>${formatNumber(ctx.lang, Number(c.invited))}</td><td>${formatNumber(ctx.lang, Number(c.questions))}</td><td>${Number(c.has_minutes) ? m.yes : m.no}</td></tr>`)}</tbody></table>`);
  const create = mayOrganise(ctx.principal) ? formBox(ctx, 'create', '/conferences', m.newTitle, m.create, html`<div class="fields">
${input('title', 'title', m.title, v.title ?? '', html` required maxlength="${conferenceLimits.titleMaxLength}"`)}
${input('heldOn', 'heldOn', m.heldOn, v.heldOn ?? '', html` type="date" required`)}
${input('place', 'place', m.place, v.place ?? '', html` required maxlength="${conferenceLimits.placeMaxLength}"`)}</div>`, options.refused) : '';
  return layout(ctx, m.listTitle, html`<p class="lead">${m.listLead}</p>${table}${create}`);
}

export interface ConferenceView {
  conference: Conference;
  invitations: Awaited<ReturnType<typeof listInvitations>>;
  questions: ProblemList;
}

function invitedList(ctx: PageContext, m: ConferenceMessages, view: ConferenceView): Html {
  if (view.invitations.length === 0) return html`<p>${m.noInvitees}</p>`;
  return html`<ul class="invitees">${view.invitations.map((i) => html`<li>${i.invitee_kind === 'business' ? m.business : m.association}: <span class="code">${i.invitee_code}</span> ${i.business_name ?? i.association_name ?? ''}</li>`)}</ul>`;
}

function questionList(ctx: PageContext, m: ConferenceMessages, view: ConferenceView): Html {
  if (view.questions.problems.length === 0) return html`<p>${m.noQuestions}</p>`;
  return html`<ol class="qa-list">${view.questions.problems.map((p) => html`<li><a href="/problems/${p.id}">${shortText(p.question, 160)}</a>
<p class="met"><span class="code">${p.business.taxCode}</span> ${p.business.name} · ${topicLabel(ctx.lang, p.topic)} · ${statusBadge(ctx, p.status)}</p></li>`)}</ol>`;
}

export function conferencePage(ctx: PageContext, view: ConferenceView, options: { done?: string | undefined; refused?: ConferenceRefusal }): Html {
  const m = conferenceMessages(ctx.lang);
  const c = view.conference;
  const v = options.refused?.values ?? {};
  const organiser = mayOrganise(ctx.principal);
  const done = options.done && Object.hasOwn(m, `done_${options.done}`) ? (m as Record<string, string>)[`done_${options.done}`] : undefined;
  const inviteForm = organiser ? formBox(ctx, 'invite', `/conferences/${c.id}/invitations`, m.inviteTitle, m.inviteButton, html`<div class="field"><label for="invitees">${m.inviteLabel}</label>
<textarea id="invitees" name="invitees" rows="3" required aria-describedby="invitees-hint">${v.invitees ?? ''}</textarea><p class="hint" id="invitees-hint">${m.inviteHint}</p></div>`, options.refused) : '';
  const questionForm = organiser ? formBox(ctx, 'question', `/conferences/${c.id}/questions`, m.questionTitle, m.addQuestion, html`
${input('q-taxCode', 'taxCode', m.taxCode, v.taxCode ?? '', html` required maxlength="14" inputmode="numeric"`)}
<div class="field"><label for="q-topic">${m.topic}</label><select id="q-topic" name="topic" required><option value="">—</option>
${problemTopics.map((t) => html`<option value="${t}"${t === v.topic ? html` selected` : ''}>${topicLabel(ctx.lang, t)}</option>`)}</select></div>
<div class="field"><label for="q-question">${m.question}</label><textarea id="q-question" name="question" rows="5" required maxlength="${problemLimits.questionMaxLength}">${v.question ?? ''}</textarea></div>`, options.refused) : '';
  const minutes = html`<section aria-labelledby="minutes-title"><h2 id="minutes-title">${m.minutesTitle}</h2>${c.minutes ? html`<p class="comment problem-text">${c.minutes}</p>` : html`<p>${m.noMinutes}</p>`}</section>`;
  const minutesForm = organiser ? formBox(ctx, 'minutes', `/conferences/${c.id}/minutes`, m.minutesTitle, m.saveMinutes, html`<div class="field"><label for="minutes">${m.minutesLabel}</label>
<textarea id="minutes" name="minutes" rows="10" maxlength="${conferenceLimits.minutesMaxLength}">${v.minutes ?? c.minutes ?? ''}</textarea></div>`, options.refused) : '';
  return layout(ctx, c.title, html`<div class="problem-page">
${done ? html`<div class="notice" role="status"><p>${done}</p></div>` : ''}
<dl class="facts" aria-label="${m.conferenceFacts}"><div><dt>${m.heldOn}</dt><dd>${formatDay(c.held_on)}</dd></div><div><dt>${m.place}</dt><dd>${c.place}</dd></div>
<div><dt>${m.colInvited}</dt><dd>${formatNumber(ctx.lang, view.invitations.length)}</dd></div><div><dt>${m.colQuestions}</dt><dd>${formatNumber(ctx.lang, view.questions.problems.length)}</dd></div></dl>
<section aria-labelledby="invited-title"><h2 id="invited-title">${m.invitedTitle}</h2>${invitedList(ctx, m, view)}</section>
${inviteForm}
<section aria-labelledby="questions-title"><h2 id="questions-title">${m.questionsTitle}</h2>${questionList(ctx, m, view)}</section>
${questionForm}
${minutes}
${minutesForm}
<p><a href="/conferences">${m.backToList}</a></p></div>`);
}
