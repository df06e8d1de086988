import type { AppError } from '../errors.js';
import { html } from '../web/html.js';
import { layout, type PageContext } from '../web/layout.js';
import { authMessages } from './auth.i18n.js';

function errorBox(ctx: PageContext, error?: AppError) {
  return error ? html`<div class="alert" role="alert" id="form-error"><p>${error.messageIn(ctx.lang)}</p></div>` : '';
}

function notice(text?: string) {
  return text ? html`<div class="notice" role="status"><p>${text}</p></div>` : '';
}

export function loginPage(ctx: PageContext, csrf: string, next: string, opts: { error?: AppError; username?: string; notice?: string } = {}) {
  const t = authMessages(ctx.lang);
  return layout(ctx, t.signInTitle, html`
${notice(opts.notice)}${errorBox(ctx, opts.error)}
<form method="post" action="/login" class="form narrow"${opts.error ? html` aria-describedby="form-error"` : ''}>
  <input type="hidden" name="_csrf" value="${csrf}">
  <input type="hidden" name="next" value="${next}">
  <p><label for="username">${t.username}</label>
  <input id="username" name="username" autocomplete="username" required maxlength="254" value="${opts.username ?? ''}"></p>
  <p><label for="password">${t.password}</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200"></p>
  <p><button type="submit">${t.signIn}</button></p>
</form>
<p><a href="/password/forgot">${t.forgot}</a></p>`);
}

export function forgotPage(ctx: PageContext, csrf: string, opts: { sent?: boolean; error?: AppError } = {}) {
  const t = authMessages(ctx.lang);
  return layout(ctx, t.forgotTitle, html`
${opts.sent ? notice(t.forgotSent) : ''}${errorBox(ctx, opts.error)}
<p>${t.forgotHelp}</p>
<form method="post" action="/password/forgot" class="form narrow">
  <input type="hidden" name="_csrf" value="${csrf}">
  <p><label for="login">${t.username}</label>
  <input id="login" name="login" autocomplete="username" required maxlength="254"></p>
  <p><button type="submit">${t.send}</button></p>
</form>`);
}

export function resetPage(ctx: PageContext, csrf: string, token: string, error?: AppError) {
  const t = authMessages(ctx.lang);
  return layout(ctx, t.resetTitle, html`
${errorBox(ctx, error)}
<form method="post" action="/password/reset" class="form narrow">
  <input type="hidden" name="_csrf" value="${csrf}">
  <input type="hidden" name="token" value="${token}">
  <p><label for="password">${t.newPassword}</label>
  <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10" maxlength="200"></p>
  <p><label for="confirm">${t.confirmPassword}</label>
  <input id="confirm" name="confirm" type="password" autocomplete="new-password" required minlength="10" maxlength="200"></p>
  <p><button type="submit">${t.save}</button></p>
</form>`);
}
