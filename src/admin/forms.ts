import type { FastifyRequest } from 'fastify';
import { html, type Html } from '../web/html.js';
import type { PageContext } from '../web/layout.js';
import type { AppError } from '../errors.js';

// Small helpers for the administration forms: every form posts its CSRF token.

export function csrfField(request: FastifyRequest): Html {
  return html`<input type="hidden" name="_csrf" value="${request.csrfToken}">`;
}

/** A one-button form (revoke, disable): POST with CSRF, a label that says what it does. */
export function actionButton(request: FastifyRequest, action: string, label: string, danger = false): Html {
  return html`<form method="post" action="${action}" class="inline">${csrfField(request)}<button type="submit"${danger ? html` class="danger"` : ''}>${label}</button></form>`;
}

export function field(id: string, label: string, input: Html): Html {
  return html`<p><label for="${id}">${label}</label>${input}</p>`;
}

export function formError(ctx: PageContext, error?: AppError): Html | '' {
  return error ? html`<div class="alert" role="alert"><p>${error.messageIn(ctx.lang)}</p><p><code>${error.code}</code></p></div>` : '';
}

export function formNotice(text?: string): Html | '' {
  return text ? html`<div class="notice" role="status"><p>${text}</p></div>` : '';
}
