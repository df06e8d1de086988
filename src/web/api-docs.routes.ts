import type { FastifyPluginAsync } from 'fastify';
import { html } from './html.js';
import { layout, pageContext } from './layout.js';

interface OpenApiOperation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
}
interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
}

/** A readable, script-free page listing the API's operations, generated from the OpenAPI document. */
export function apiDocsRoutes(document: () => OpenApiDocument): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/docs', async (request, reply) => {
      const ctx = pageContext(request);
      const doc = document();
      const rows = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => html`<tr><td><code>${method.toUpperCase()}</code></td><td><code>${path}</code></td>
          <td>${op.summary ?? ''}${op.description ? html`<br><small>${op.description}</small>` : ''}</td>
          <td>${op.security ? 'Bearer' : '—'}</td></tr>`));
      const body = html`<p>${doc.info.description ?? ''}</p>
<p><a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${doc.info.version})</p>
<table class="data"><caption>${doc.info.title}</caption>
<thead><tr>${[ctx.t.apiMethod, ctx.t.apiPath, ctx.t.apiDescription, ctx.t.apiAuth].map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table>`;
      return reply.type('text/html; charset=utf-8').send(layout(ctx, 'API', body).value);
    });
  };
}
