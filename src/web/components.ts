import type { FastifyReply } from 'fastify';
import { html, type Html } from './html.js';
import { fillMessage } from './i18n/index.js';
import type { PageContext } from './layout.js';

// Building blocks shared by the browsable pages. They work without JavaScript: plain GET forms and links.

export type QueryParams = Record<string, string | number | null | undefined>;

/** `path?query` with empty parameters left out, so links stay short and readable. */
export function hrefWith(path: string, params: QueryParams): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

export interface SearchFormOptions {
  action: string;
  label: string;
  value: string;
  maxLength: number;
  hint?: string;
}

/** A one-field search form (role=search) with a visible label. */
export function searchForm(ctx: PageContext, options: SearchFormOptions): Html {
  const hintId = options.hint ? 'search-hint' : undefined;
  return html`<form class="search" role="search" method="get" action="${options.action}">
  <label for="q">${options.label}</label>
  <div class="search-row">
    <input id="q" name="q" type="search" value="${options.value}" maxlength="${options.maxLength}"${hintId ? html` aria-describedby="${hintId}"` : ''}>
    <button type="submit">${ctx.t.searchButton}</button>
  </div>
  ${options.hint ? html`<p class="hint" id="${hintId}">${options.hint}</p>` : ''}
</form>`;
}

export interface PagerLinks {
  previous: string | null;
  next: string | null;
  /** E.g. "Page 2 of 7", when the total is known cheaply. */
  status?: { page: number; pages: number };
}

/** Previous/next navigation; an unavailable direction is shown as plain text, not a dead link. */
export function pager(ctx: PageContext, links: PagerLinks): Html | '' {
  const { t } = ctx;
  if (!links.previous && !links.next) return '';
  const side = (href: string | null, rel: 'prev' | 'next', label: string) =>
    href ? html`<a rel="${rel}" href="${href}">${label}</a>` : html`<span class="pager-off">${label}</span>`;
  return html`<nav class="pager" aria-label="${t.pagerLabel}">
  ${side(links.previous, 'prev', `‹ ${t.pagePrevious}`)}
  ${links.status ? html`<span class="pager-status">${fillMessage(t.pageOf, links.status)}</span>` : ''}
  ${side(links.next, 'next', `${t.pageNext} ›`)}
</nav>`;
}

/** Sends a rendered page as HTML. */
export function sendPage(reply: FastifyReply, page: Html): FastifyReply {
  // Pages name their reader and show what their scope holds: never kept by a cache.
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value);
}

/** A wide table in a keyboard-scrollable region: on a narrow screen the table scrolls, not the page. */
export function scrollRegion(label: string, content: Html): Html {
  return html`<div class="table-wrap" role="region" aria-label="${label}" tabindex="0">${content}</div>`;
}
