import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { csrfField, formError, formNotice } from '../admin/forms.js';
import { actorOf } from '../auth/auth.plugin.js';
import { requirePageRole } from '../auth/guards.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { hrefWith, sendPage } from '../web/components.js';
import { html, type Html } from '../web/html.js';
import { fillMessage } from '../web/i18n/index.js';
import { layout, pageContext } from '../web/layout.js';
import { partnershipMessages } from './partnership.i18n.js';
import { templateFacts, templatesTable, templateTitle } from './templates.pages.js';
import { AppendixItemBody, IdParams, NoticeQuery, TemplateBody, templateLimits } from './templates.schema.js';
import { addAppendixItem, createTemplate, templateDetail, templateList, templateKey, type TemplateDetail, type TemplateSummary } from './templates.service.js';

interface Extra {
  notice?: string;
  error?: AppError;
}

function input(id: string, label: string, attributes: Html, value = ''): Html {
  return html`<p><label for="${id}">${label}</label><input id="${id}" name="${id}" ${attributes} value="${value}"></p>`;
}

function templatesAdminPage(request: FastifyRequest, templates: TemplateSummary[], extra: Extra & { form?: TemplateBody } = {}): Html {
  const ctx = pageContext(request);
  const m = partnershipMessages(ctx.lang);
  const f = extra.form;
  return layout(ctx, m.adminTitle, html`<p>${m.adminLead}</p>${formNotice(extra.notice)}${formError(ctx, extra.error)}
${templatesTable(ctx, m, templates, (id) => `/admin/partnership/templates/${id}`)}
<h2 id="create">${m.createTemplate}</h2>
<form method="post" action="/admin/partnership/templates" class="form narrow">${csrfField(request)}
${input('code', m.code, html`required maxlength="${templateLimits.code}" pattern="[A-Za-z0-9_.\\-]+"`, f?.code)}
${input('version', m.version, html`required maxlength="${templateLimits.version}" pattern="[A-Za-z0-9_.\\-]+"`, f?.version)}
${input('effective_on', m.effectiveOn, html`type="date" required`, f?.effective_on)}
${input('title_vi', m.titleVi, html`lang="vi" required maxlength="${templateLimits.title}"`, f?.title_vi)}
${input('title_en', m.titleEn, html`lang="en" required maxlength="${templateLimits.title}"`, f?.title_en)}
<p><button type="submit">${m.create}</button></p></form>`);
}

function templateAdminPage(request: FastifyRequest, view: TemplateDetail, extra: Extra & { form?: AppendixItemBody } = {}): Html {
  const ctx = pageContext(request);
  const m = partnershipMessages(ctx.lang);
  const f = extra.form;
  return layout(ctx, templateTitle(ctx, view.template), html`${formNotice(extra.notice)}${formError(ctx, extra.error)}
${templateFacts(ctx, m, view)}
<h2 id="add">${m.addDocument}</h2>
<form method="post" action="/admin/partnership/templates/${view.template.id}/items" class="form narrow">${csrfField(request)}
${input('title_vi', m.titleVi, html`lang="vi" required maxlength="${templateLimits.title}"`, f?.title_vi)}
${input('title_en', m.titleEn, html`lang="en" required maxlength="${templateLimits.title}"`, f?.title_en)}
${input('number', m.documentNumber, html`maxlength="${templateLimits.number}"`, f?.number)}
${input('issued_on', m.issuedOn, html`type="date"`, f?.issued_on)}
${input('link', m.link, html`type="url" maxlength="${templateLimits.link}"`, f?.link)}
${input('file_path', m.filePath, html`maxlength="${templateLimits.filePath}"`, f?.file_path)}
<p><button type="submit">${m.create}</button></p></form>
<p><a href="/admin/partnership">${m.backToList}</a></p>`);
}

/** /admin/partnership: agreement templates and their appendix, created by administrators (audited). */
export function partnershipAdminRoutes(db: Db, config: Pick<Config, 'dataDir'>): FastifyPluginAsync {
  return async (app) => {
    const admin = { preHandler: requirePageRole('admin') };
    const notice = (request: FastifyRequest, created: string | undefined) =>
      created ? fillMessage(partnershipMessages(pageContext(request).lang).created, { what: created }) : undefined;

    app.get<{ Querystring: NoticeQuery }>('/admin/partnership', { ...admin, schema: { querystring: NoticeQuery } }, async (request, reply) =>
      sendPage(reply, templatesAdminPage(request, await templateList(db.kysely), { notice: notice(request, request.query.created) })));

    app.post<{ Body: TemplateBody }>('/admin/partnership/templates', { ...admin, schema: { body: TemplateBody } }, async (request, reply) => {
      try {
        const template = await createTemplate(db.kysely, request.body, actorOf(request));
        return reply.redirect(hrefWith(`/admin/partnership/templates/${template.id}`, { created: templateKey(template) }), 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return sendPage(reply.status(error.status), templatesAdminPage(request, await templateList(db.kysely), { error, form: request.body }));
      }
    });

    app.get<{ Params: IdParams; Querystring: NoticeQuery }>('/admin/partnership/templates/:id', { ...admin, schema: { params: IdParams, querystring: NoticeQuery } }, async (request, reply) =>
      sendPage(reply, templateAdminPage(request, await templateDetail(db.kysely, request.params.id), { notice: notice(request, request.query.created) })));

    app.post<{ Params: IdParams; Body: AppendixItemBody }>('/admin/partnership/templates/:id/items', { ...admin, schema: { params: IdParams, body: AppendixItemBody } }, async (request, reply) => {
      const view = await templateDetail(db.kysely, request.params.id);
      try {
        const item = await addAppendixItem(db.kysely, config.dataDir, request.params.id, request.body, actorOf(request));
        return reply.redirect(hrefWith(`/admin/partnership/templates/${request.params.id}`, { created: item.title_vi }), 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return sendPage(reply.status(error.status), templateAdminPage(request, view, { error, form: request.body }));
      }
    });
  };
}
