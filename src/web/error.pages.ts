import type { FastifyRequest } from 'fastify';
import type { AppError } from '../errors.js';
import { html } from './html.js';
import { layout, pageContext } from './layout.js';

/** A catalogue error as a page: the message in the reader's language, the code for support. */
export function errorPage(request: FastifyRequest, error: AppError): string {
  const ctx = pageContext(request);
  return layout(ctx, ctx.t.errorTitle, html`
<div class="alert" role="alert"><p>${error.messageIn(ctx.lang)}</p><p><code>${error.code}</code></p></div>
<p><a href="/">${ctx.t.errorBack}</a></p>`).value;
}
