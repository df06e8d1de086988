import { maxSearchLength } from '../shared/text-search.js';
import { hrefWith, pager, searchForm } from '../web/components.js';
import { formatDay, localName } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, type PageContext } from '../web/layout.js';
import type { OfficerBrowse, OfficerProfile } from './officer-directory.service.js';
import type { OfficerListRow } from './officers.repository.js';

export function officerHref(code: string): string {
  return `/officers/${encodeURIComponent(code)}`;
}

function unitCell(ctx: PageContext, row: OfficerListRow): Html | string {
  if (row.unit_code === null) return ctx.t.none;
  return html`${localName(ctx.lang, { name_vi: row.unit_name_vi ?? '', name_en: row.unit_name_en ?? '' })} <span class="code">${row.unit_code}</span>`;
}

/** /officers: search, one page of officers, previous/next. */
export function officersPage(ctx: PageContext, view: OfficerBrowse): Html {
  const { t } = ctx;
  const link = (page: number) => hrefWith('/officers', { q: view.query, page: page > 1 ? page : null });
  const rows = view.officers.map((o) => html`<tr>
  <td><a href="${officerHref(o.code)}">${o.code}</a></td>
  <td>${o.full_name}</td>
  <td>${unitCell(ctx, o)}</td>
</tr>`);
  const table = rows.length === 0 ? html`<p>${t.noResults}</p>` : html`<table class="data">
<caption>${fillMessage(t.officersCaption, { count: view.total })}</caption>
<thead><tr><th scope="col">${t.officerCode}</th><th scope="col">${t.officerName}</th><th scope="col">${t.officerCurrentUnit}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
  return layout(ctx, t.officersTitle, html`${searchForm(ctx, { action: '/officers', label: t.officersSearchLabel, value: view.query, maxLength: maxSearchLength })}
${table}
${pager(ctx, {
    previous: view.page > 1 ? link(Math.min(view.page - 1, view.pages)) : null,
    next: view.page < view.pages ? link(view.page + 1) : null,
    status: { page: view.page, pages: view.pages },
  })}`);
}

/** /officers/:code: who the officer is and where they served. */
export function officerPage(ctx: PageContext, profile: OfficerProfile): Html {
  const { t, lang } = ctx;
  const current = profile.current;
  const rows = profile.assignments.map((a) => html`<tr>
  <td><a href="${hrefWith('/units', { q: a.unit_code })}">${localName(lang, a)}</a> <span class="code">${a.unit_code}</span></td>
  <td>${formatDay(a.from_day)}</td>
  <td>${a.to_day ? formatDay(a.to_day) : t.present}</td>
</tr>`);
  return layout(ctx, profile.officer.full_name, html`<dl class="facts">
  <div><dt>${t.officerCode}</dt><dd class="code">${profile.officer.code}</dd></div>
  <div><dt>${t.officerCurrentUnit}</dt><dd>${current ? html`${localName(lang, current)} <span class="code">${current.unit_code}</span>` : t.none}</dd></div>
</dl>
<h2 id="assignments">${t.officerAssignments}</h2>
${rows.length === 0 ? html`<p>${t.noResults}</p>` : html`<table class="data" aria-labelledby="assignments">
<thead><tr><th scope="col">${t.assignmentUnit}</th><th scope="col">${t.assignmentFrom}</th><th scope="col">${t.assignmentTo}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`}
<p><a href="/officers">${t.backToOfficers}</a></p>`);
}
