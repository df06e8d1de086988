import type { FastifyRequest } from 'fastify';
import type { Lang } from '../errors.js';
import { requestLang } from '../http/lang.js';
import { html, type Html, type HtmlValue } from './html.js';
import { messages, type Messages } from './i18n/index.js';

export interface PageContext {
  lang: Lang;
  t: Messages;
  /** Path and query of the current page, to build the language switch link. */
  url: string;
}

export function pageContext(request: FastifyRequest): PageContext {
  const lang = requestLang(request);
  return { lang, t: messages(lang), url: request.url };
}

/** The same URL with `lang` replaced: the switch keeps the reader on the page they were on. */
export function withLang(url: string, lang: Lang): string {
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}

const navItems = [
  ['/', 'navHome'],
  ['/units', 'navUnits'],
  ['/officers', 'navOfficers'],
  ['/declarations', 'navDeclarations'],
  ['/api/docs', 'navApi'],
] as const;

/** The nav link of the current page is the page itself; of a page below it, its section. */
function navState(current: string | undefined, href: string): Html | '' {
  if (current === href) return html` aria-current="page"`;
  if (href !== '/' && current?.startsWith(`${href}/`)) return html` aria-current="true"`;
  return '';
}

export function layout(ctx: PageContext, title: string, body: HtmlValue): Html {
  const { t, lang } = ctx;
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const current = ctx.url.split('?')[0];
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${t.appName}</title>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<a class="skip-link" href="#main">${t.skipToContent}</a>
<header class="site-header">
  <a class="brand" href="/">${t.appName}</a>
  <nav aria-label="${t.navMain}">
    <ul>${navItems.map(([href, key]) => html`<li><a href="${href}"${navState(current, href)}>${t[key]}</a></li>`)}</ul>
  </nav>
  <a class="lang-switch" href="${withLang(ctx.url, other)}" hreflang="${other}" lang="${other}" aria-label="${t.switchLanguageLabel}">${t.switchLanguage}</a>
</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${body}
</main>
<footer class="site-footer"><p>${t.footer}</p></footer>
</body>
</html>`;
}
