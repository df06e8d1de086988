import type { ListRatingStatus } from '../evaluations/rating-page.service.js';
import { levelLabel, ratingMessages } from '../evaluations/rating.i18n.js';
import { officerHref } from '../officers/officers.pages.js';
import { hrefWith, pager, scrollRegion } from '../web/components.js';
import { formatDay, formatInstant, localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage, formatNumber } from '../web/i18n/index.js';
import { layout, mayOpenSection, type PageContext } from '../web/layout.js';
import { declarationFilterForm } from './declaration-filter.pages.js';
import type { DeclarationBrowse, DeclarationDetail } from './declaration-browse.service.js';
import { scanBudget } from './declaration-paging.js';
import { isHandlingStep } from './declaration-rules.js';

export function declarationHref(no: string): string {
  return `/declarations/${encodeURIComponent(no)}`;
}

/** The portal's rating page of a declaration (its declarant's business accounts only). */
export function ratingHref(no: string): string {
  return `${declarationHref(no)}/rate`;
}

/** The channel as a word and a colour mark (colour is never the only cue). */
export function channelBadge(ctx: PageContext, channel: number | null): Html | string {
  if (channel !== 1 && channel !== 2 && channel !== 3) return ctx.t.none;
  return html`<span class="channel channel-${channel}">${ctx.t[`channel_${channel}`]}</span>`;
}

export function kindLabel(ctx: PageContext, kind: 'import' | 'export' | 'dossier'): string {
  return ctx.t[`kind_${kind}`];
}

/** The rating cell of a business's list: a link to rate, the level given (and a link to see or revise it), or why not. */
function ratingCell(ctx: PageContext, no: string, status: ListRatingStatus | undefined): Html | string {
  const r = ratingMessages(ctx.lang);
  switch (status?.kind) {
    case 'rate':
      return html`<a class="rate-link" href="${ratingHref(no)}" aria-label="${fillMessage(r.rateLabel, { no })}">${r.listRate}</a>`;
    case 'rated':
      return html`${fillMessage(r.listRated, { level: `${status.overall} ${levelLabel(ctx.lang, status.overall)}` })}
        <a href="${ratingHref(no)}" aria-label="${`${status.revisable ? r.listRevise : r.listView} — ${no}`}">${status.revisable ? r.listRevise : r.listView}</a>`;
    case 'closed':
      return r.listClosed;
    case 'not_rating':
      return r.listNotRating;
    default:
      return ctx.t.none;
  }
}

function rowsTable(ctx: PageContext, view: DeclarationBrowse, ratings?: ReadonlyMap<number, ListRatingStatus>): Html {
  const { t } = ctx;
  const caption = view.order === 'number' ? fillMessage(t.declarationsCaptionByNumber, { q: view.form.q }) : t.declarationsCaptionByClearance;
  const rows = view.rows.map((d) => html`<tr>
  <td><a href="${declarationHref(d.declaration_no)}" class="code">${d.declaration_no}</a></td>
  <td>${kindLabel(ctx, d.kind)}${d.type_code ? html` <span class="code">${d.type_code}</span>` : ''}</td>
  <td><span class="code">${d.office?.code ?? ''}</span></td>
  <td class="wrap">${d.declarant_name}</td>
  <td>${formatInstant(d.registered_at)}</td>
  <td>${d.cleared_at === null ? t.notCleared : formatInstant(d.cleared_at)}</td>
  <td>${channelBadge(ctx, d.channel)}</td>
  ${ratings ? html`<td>${ratingCell(ctx, d.declaration_no, ratings.get(d.id))}</td>` : ''}
</tr>`);
  return scrollRegion(caption, html`<table class="data">
<caption>${caption}</caption>
<thead><tr>
  <th scope="col">${t.declarationNo}</th><th scope="col">${t.declarationKind}</th><th scope="col">${t.declarationOffice}</th>
  <th scope="col">${t.declarationDeclarant}</th><th scope="col">${t.declarationRegistered}</th><th scope="col">${t.declarationCleared}</th>
  <th scope="col">${t.declarationChannel}</th>${ratings ? html`<th scope="col">${ratingMessages(ctx.lang).listColumn}</th>` : ''}
</tr></thead>
<tbody>${rows}</tbody>
</table>`);
}

function stoppedNotice(ctx: PageContext, view: DeclarationBrowse): Html | '' {
  const { t } = ctx;
  const key = view.stoppedAt;
  if (!key) return '';
  // Never the number it stopped at: that declaration may lie outside the reader's scope.
  const position = key.segment === 'number' ? fillMessage(t.stoppedAtNumber, { no: view.form.q })
    : key.segment === 'uncleared' ? t.stoppedAtUncleared : fillMessage(t.stoppedAtDay, { day: formatDay(key.day) });
  return html`<p class="notice">${fillMessage(t.declarationsScanStopped, { count: formatNumber(ctx.lang, scanBudget), position })}</p>`;
}

/** /declarations: number search, filters, a page of declarations, previous/next; for a business, where each stands with its rating. */
export function declarationsPage(ctx: PageContext, view: DeclarationBrowse, ratings?: ReadonlyMap<number, ListRatingStatus>): Html {
  const { t } = ctx;
  const link = (params: Record<string, string> | null) => (params ? hrefWith('/declarations', { ...view.form, ...params }) : null);
  return layout(ctx, t.declarationsTitle, html`${declarationFilterForm(ctx, view)}
${view.rows.length === 0 && !view.stoppedAt ? html`<p>${t.noResults}</p>` : ''}
${view.rows.length > 0 ? rowsTable(ctx, view, ratings) : ''}
${stoppedNotice(ctx, view)}
${pager(ctx, { previous: link(view.previous), next: link(view.next) })}`);
}

function fact(label: string, value: Html | string): Html {
  return html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

/** /declarations/:no: the declaration and who handled it, step by step. */
export function declarationPage(ctx: PageContext, detail: DeclarationDetail): Html {
  const { t, lang } = ctx;
  const d = detail.declaration;
  // A business reads who handled its declaration, but has no officer pages to follow.
  const linkOfficers = mayOpenSection(ctx, '/officers');
  const handlers = detail.handlers.map((h) => html`<tr>
  <td>${h.seq + 1}</td>
  <td>${stepLabel(ctx, h.step)}</td>
  <td>${linkOfficers ? html`<a href="${officerHref(h.officer_code)}">${h.full_name}</a>` : h.full_name} <span class="code">${h.officer_code}</span></td>
  <td>${localName(lang, h)} <span class="code">${h.unit_code}</span></td>
</tr>`);
  return layout(ctx, fillMessage(t.declarationTitle, { no: d.declaration_no }), html`<dl class="facts">
  ${fact(t.declarationNo, html`<span class="code">${d.declaration_no}</span>`)}
  ${fact(t.declarationKind, kindLabel(ctx, d.kind))}
  ${fact(t.declarationType, d.type_code || t.none)}
  ${fact(t.declarationOffice, html`${localName(lang, { name_vi: d.office_name_vi, name_en: d.office_name_en })} <span class="code">${d.office_code}</span>`)}
  ${fact(t.declarationDeclarant, d.declarant_name)}
  ${fact(t.declarationTaxCode, html`<span class="code">${d.tax_code}</span>`)}
  ${fact(t.declarationRegistered, formatInstant(d.registered_at))}
  ${fact(t.declarationCleared, d.cleared_at === null ? t.notCleared : formatInstant(d.cleared_at))}
  ${fact(t.declarationChannel, channelBadge(ctx, d.channel))}
</dl>
<h2 id="handlers">${t.declarationHandlers}</h2>
${handlers.length === 0 ? html`<p>${t.noHandlers}</p>` : html`<table class="data" aria-labelledby="handlers">
<thead><tr><th scope="col">${t.handlerSeq}</th><th scope="col">${t.handlerStep}</th><th scope="col">${t.handlerOfficer}</th><th scope="col">${t.handlerTeam}</th></tr></thead>
<tbody>${handlers}</tbody>
</table>`}
<p><a href="/declarations">${t.backToDeclarations}</a></p>`);
}

export function stepLabel(ctx: PageContext, step: string): string {
  return isHandlingStep(step) ? ctx.t[`step_${step}`] : step;
}
