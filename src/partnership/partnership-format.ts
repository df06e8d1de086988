import type { Lang } from '../errors.js';
import { formatDay } from '../web/format.js';
import { html, type Html } from '../web/html.js';
import { formatNumber } from '../web/i18n/index.js';
import type { PageContext } from '../web/layout.js';
import type { PartnershipMessages } from './partnership.i18n.js';

// Small pieces shared by the partnership pages.

export function optionalDay(day: string | null, none: string): string {
  return day ? formatDay(day) : none;
}

/** A file size as people read it: 1,2 MB / 1.2 MB, or kB under a megabyte. */
export function formatBytes(lang: Lang, bytes: number): string {
  return bytes >= 1024 * 1024 ? `${formatNumber(lang, bytes / 1024 / 1024, 1)} MB` : `${formatNumber(lang, Math.max(1, Math.round(bytes / 1024)))} kB`;
}

export function statusBadge(m: PartnershipMessages, status: 'active' | 'terminated'): Html {
  return html`<span class="badge badge-${status === 'active' ? 'team' : 'other'}">${m[`status_${status}`]}</span>`;
}

export function selectOptions(selected: string, choices: readonly (readonly [string, string])[]): Html[] {
  return choices.map(([value, label]) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`);
}

export function filterField(id: string, label: string, control: Html): Html {
  return html`<div class="field"><label for="${id}">${label}</label>${control}</div>`;
}

/** The programme's sections, for staff: figures, agreements, associations, templates. */
export function sectionLinks(ctx: PageContext, m: PartnershipMessages, current: string): Html {
  const links: [string, string][] = [
    ['/partnership', m.figures], ['/partnership/agreements', m.agreementsTitle],
    ['/partnership/associations', m.associationsTitle], ['/partnership/templates', m.templatesTitle],
  ];
  return html`<nav class="switch-nav" aria-label="${m.title}"><ul class="switch">${links.map(([href, label]) =>
    html`<li><a href="${href}"${href === current ? html` aria-current="page"` : ''}>${label}</a></li>`)}</ul></nav>${ctx.principal.kind === 'user' && ctx.principal.role === 'leader' ? html`<p class="hint">${m.scopeLead}</p>` : ''}`;
}
