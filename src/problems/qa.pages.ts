import { hrefWith } from '../web/components.js';
import { formatDay } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage, formatNumber } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import { vietnamDay } from '../shared/time.js';
import type { QaResults } from './problem-publication.service.js';
import { problemTopics } from './problem-rules.js';
import { problemMessages, topicLabel } from './problem.i18n.js';
import { shortText } from './problem-list.pages.js';

/** /qa: the public questions and answers, searched without regard to diacritics; /qa/:id one of them. No sign-in. */
export function qaPage(ctx: PageContext, results: QaResults, query: { q: string; topic: string; before?: number | undefined }): Html {
  const m = problemMessages(ctx.lang);
  const option = (value: string, label: string) => html`<option value="${value}"${value === query.topic ? html` selected` : ''}>${label}</option>`;
  const list = results.entries.length === 0 ? html`<p>${m.qaNone}</p>` : html`<ol class="qa-list">${results.entries.map((e) => html`<li class="qa-entry">
<h2><a href="/qa/${e.id}">${shortText(e.question, 160)}</a></h2>
<p class="met">${topicLabel(ctx.lang, e.topic)} · ${fillMessage(m.qaPublished, { day: formatDay(vietnamDay(Date.parse(e.publishedAt))) })}</p>
<p><strong>${m.qaAnswer}:</strong> ${shortText(e.answer, 240)}</p></li>`)}</ol>`;
  const next = results.next === null ? '' : html`<nav class="pager" aria-label="${m.pagerLabel}">${query.before ? html`<a href="${hrefWith('/qa', { q: query.q, topic: query.topic })}">${m.newest}</a>` : ''}
<a rel="next" href="${hrefWith('/qa', { q: query.q, topic: query.topic, before: results.next })}">${m.older}</a></nav>`;
  return layout(ctx, m.qaTitle, html`<p class="lead">${m.qaLead}</p>
<form class="search qa-search" role="search" method="get" action="/qa">
<label for="q">${m.qaSearch}</label>
<div class="search-row"><input id="q" name="q" type="search" value="${query.q}" maxlength="200" aria-describedby="q-hint"><button type="submit">${ctx.t.searchButton}</button></div>
<p class="hint" id="q-hint">${m.qaHint}</p>
<label for="topic">${m.topic}</label><select id="topic" name="topic">${option('', m.qaAnyTopic)}${problemTopics.map((t) => option(t, topicLabel(ctx.lang, t)))}</select>
</form>
<p class="result-count" role="status">${fillMessage(m.qaCount, { count: formatNumber(ctx.lang, results.entries.length) + (results.next === null ? '' : '+') })}</p>
${list}${next}`);
}

export function qaEntryPage(ctx: PageContext, e: { id: number; topic: string; question: string; answer: string; publishedAt: string }): Html {
  const m = problemMessages(ctx.lang);
  return layout(ctx, fillMessage(m.qaEntryTitle, { id: e.id }), html`<article class="qa-entry">
<p class="met">${topicLabel(ctx.lang, e.topic)} · ${fillMessage(m.qaPublished, { day: formatDay(vietnamDay(Date.parse(e.publishedAt))) })}</p>
<h2>${m.qaQuestion}</h2><p class="comment problem-text">${e.question}</p>
<h2>${m.qaAnswer}</h2><p class="comment problem-text">${e.answer}</p></article>
<p><a href="/qa">${m.qaBack}</a></p>`);
}
