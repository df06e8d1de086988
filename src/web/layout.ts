import type { FastifyRequest } from 'fastify';
import { authMessages } from '../auth/auth.i18n.js';
import { administrationRoles, declarationReaderRoles, staffRoles } from '../auth/guards.js';
import { anonymous, type Principal } from '../auth/principal.js';
import type { UserRole } from '../db/schema.js';
import type { Lang } from '../errors.js';
import { requestLang } from '../http/lang.js';
import { html, type Html, type HtmlValue } from './html.js';
import { messages, type Messages } from './i18n/index.js';

export interface PageContext {
  lang: Lang;
  t: Messages;
  /** Path and query of the current page, to build the language switch link. */
  url: string;
  /** Who is reading: the header names them and the navigation offers only what they may open. */
  principal: Principal;
  /** The token the sign-out form (and any other form) posts as `_csrf`. */
  csrfToken: string;
}

export function pageContext(request: FastifyRequest): PageContext {
  const lang = requestLang(request);
  // An error raised before the session was read still renders, as for an anonymous reader.
  return { lang, t: messages(lang), url: request.url, principal: request.principal ?? anonymous, csrfToken: request.csrfToken ?? '' };
}

/** The same URL with `lang` replaced: the switch keeps the reader on the page they were on. */
export function withLang(url: string, lang: Lang): string {
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}

/** Who may open a section, as its route's guard says: anyone, any signed-in user, or these roles. */
type Access = 'anyone' | 'signed-in' | readonly UserRole[];

const navItems: [string, 'navHome' | 'navDashboard' | 'navUnits' | 'navOfficers' | 'navDeclarations' | 'navCases' | 'navPartnership' | 'navAgreement' | 'navProblems' | 'navQa' | 'navConferences' | 'navApi' | 'navAdmin', Access][] = [
  ['/', 'navHome', 'signed-in'],
  ['/dashboard', 'navDashboard', staffRoles],
  ['/units', 'navUnits', staffRoles],
  ['/officers', 'navOfficers', staffRoles],
  ['/declarations', 'navDeclarations', declarationReaderRoles],
  // Administrators may read the case pages, but act on none: the link is for those who work the cases.
  ['/cases', 'navCases', ['leader', 'inspector']],
  ['/partnership', 'navPartnership', ['admin', 'inspector', 'leader']],
  ['/partnership/agreement', 'navAgreement', ['business']],
  ['/problems', 'navProblems', [...staffRoles, 'business']],
  ['/conferences', 'navConferences', ['admin', 'inspector', 'leader']],
  ['/qa', 'navQa', 'anyone'],
  ['/api/docs', 'navApi', 'anyone'],
  ['/admin', 'navAdmin', administrationRoles],
];

function mayOpen(principal: Principal, access: Access): boolean {
  if (access === 'anyone') return true;
  return principal.kind === 'user' && (access === 'signed-in' || access.includes(principal.role));
}

/** Whether the reader may open a section of the navigation (to link it only then). */
export function mayOpenSection(ctx: PageContext, href: string): boolean {
  const item = navItems.find(([path]) => path === href);
  return item !== undefined && mayOpen(ctx.principal, item[2]);
}

/** The nav link of the current page is the page itself; of a page below it, its section. */
function navState(current: string | undefined, href: string): Html | '' {
  if (current === href) return html` aria-current="page"`;
  if (href !== '/' && current?.startsWith(`${href}/`)) return html` aria-current="true"`;
  return '';
}

/** Who is signed in, with a sign-out button; or a sign-in link that brings the reader back here. */
function account(ctx: PageContext, current: string): Html {
  const a = authMessages(ctx.lang);
  const p = ctx.principal;
  if (p.kind !== 'user') {
    const back = current === '/login' || current.startsWith('/password/') ? '/login' : `/login?next=${encodeURIComponent(ctx.url)}`;
    return html`<p class="account"><a class="sign-in" href="${back}">${a.signIn}</a></p>`;
  }
  return html`<div class="account" role="group" aria-label="${ctx.t.accountLabel}">
    <p><span class="visually-hidden">${a.signedInAs} </span><span class="account-name">${p.displayName || p.username}</span>
    <span class="account-role">${ctx.t[`role_${p.role}`]}</span></p>
    <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${ctx.csrfToken}"><button type="submit" class="sign-out">${a.signOut}</button></form>
  </div>`;
}

export function layout(ctx: PageContext, title: string, body: HtmlValue): Html {
  const { t, lang } = ctx;
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const current = ctx.url.split('?')[0] ?? '/';
  const sections = navItems.filter(([, , access]) => mayOpen(ctx.principal, access));
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
    <ul>${sections.map(([href, key]) => html`<li><a href="${href}"${navState(current, href)}>${t[key]}</a></li>`)}</ul>
  </nav>
  <div class="header-tools">
    <a class="lang-switch" href="${withLang(ctx.url, other)}" hreflang="${other}" lang="${other}" aria-label="${t.switchLanguageLabel}">${t.switchLanguage}</a>
    ${account(ctx, current)}
  </div>
</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${body}
</main>
<footer class="site-footer"><p>${t.footer}</p></footer>
</body>
</html>`;
}
