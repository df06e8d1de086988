import { hrefWith, pager } from '../web/components.js';
import { formatInstant } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import { declarationFilterForm } from './declaration-filter.pages.js';
import type { DeclarationBrowse } from './declaration-browse.service.js';

export function declarationHref(no: string): string {
  return `/declarations/${encodeURIComponent(no)}`;
}

/** The channel as a word and a colour mark (colour is never the only cue). */
export function channelBadge(ctx: PageContext, channel: number | null): Html | string {
  if (channel !== 1 && channel !== 2 && channel !== 3) return ctx.t.none;
  return html`<span class="channel channel-${channel}">${ctx.t[`channel_${channel}`]}</span>`;
}

export function kindLabel(ctx: PageContext, kind: 'import' | 'export' | 'dossier'): string {
  return ctx.t[`kind_${kind}`];
}

function rowsTable(ctx: PageContext, view: DeclarationBrowse): Html {
  const { t } = ctx;
  const caption = view.order === 'number' ? fillMessage(t.declarationsCaptionByNumber, { q: view.form.q }) : t.declarationsCaptionByClearance;
  const rows = view.rows.map((d) => html`<tr>
  <td data-label="${t.declarationNo}"><a href="${declarationHref(d.declaration_no)}" class="code">${d.declaration_no}</a></td>
  <td data-label="${t.declarationKind}">${kindLabel(ctx, d.kind)}${d.type_code ? html` <span class="code">${d.type_code}</span>` : ''}</td>
  <td data-label="${t.declarationOffice}"><span class="code">${d.office?.code ?? ''}</span></td>
  <td data-label="${t.declarationDeclarant}">${d.declarant_name}</td>
  <td data-label="${t.declarationRegistered}">${formatInstant(d.registered_at)}</td>
  <td data-label="${t.declarationCleared}">${d.cleared_at === null ? t.notCleared : formatInstant(d.cleared_at)}</td>
  <td data-label="${t.declarationChannel}">${channelBadge(ctx, d.channel)}</td>
</tr>`);
  return html`<table class="data stack">
<caption>${caption}</caption>
<thead><tr>
  <th scope="col">${t.declarationNo}</th><th scope="col">${t.declarationKind}</th><th scope="col">${t.declarationOffice}</th>
  <th scope="col">${t.declarationDeclarant}</th><th scope="col">${t.declarationRegistered}</th><th scope="col">${t.declarationCleared}</th>
  <th scope="col">${t.declarationChannel}</th>
</tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

/** /declarations: number search, filters, a page of declarations, previous/next. */
export function declarationsPage(ctx: PageContext, view: DeclarationBrowse): Html {
  const { t } = ctx;
  const link = (cursor: string | null, name: 'after' | 'before') => (cursor ? hrefWith('/declarations', { ...view.form, [name]: cursor }) : null);
  return layout(ctx, t.declarationsTitle, html`${declarationFilterForm(ctx, view)}
${view.rows.length === 0 ? html`<p>${t.noResults}</p>` : rowsTable(ctx, view)}
${pager(ctx, { previous: link(view.previous, 'before'), next: link(view.next, 'after') })}`);
}
