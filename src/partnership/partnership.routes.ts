import { createReadStream } from 'node:fs';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../auth/auth.plugin.js';
import { requirePageRole } from '../auth/guards.js';
import { dataScope } from '../auth/scope.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { sendPage } from '../web/components.js';
import { pageContext } from '../web/layout.js';
import type { UploadedScan } from './agreement-scan.js';
import { agreementHref, agreementPage, agreementsPage } from './agreements.pages.js';
import { agreementDetail, agreementScan, browseAgreements, businessPartnership, uploadAgreementScan } from './agreements.service.js';
import { associationPage, associationsPage } from './associations.pages.js';
import { associationDetail, associationList } from './associations.service.js';
import { figuresPage } from './partnership-figures.pages.js';
import { partnershipFigures } from './partnership-figures.service.js';
import { AgreementListQuery, AssociationParams, FiguresQuery, PageQuery, scanMaxBytes, UploadedQuery } from './partnership.schema.js';
import { portalPage } from './portal.pages.js';
import { templatePage, templatesPage } from './templates.pages.js';
import { IdParams } from './templates.schema.js';
import { appendixDocumentPath, templateDetail, templateList } from './templates.service.js';

/** Who reads the programme's figures and lists: administrators, inspectors, and leaders (their subtree). */
const readers = requirePageRole('admin', 'inspector', 'leader');

/**
 * The partnership pages. Every read goes through the reader's DataScope: a leader sees the
 * businesses whose most frequent office is in the subtree, a business its own records; a record
 * outside the scope is not found. Scanned agreements go only to administrators, inspectors and the
 * business itself.
 */
export function partnershipRoutes(db: Db, config: Pick<Config, 'dataDir'>): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: FiguresQuery }>('/partnership', { preHandler: readers, schema: { querystring: FiguresQuery } }, async (request, reply) =>
      sendPage(reply, figuresPage(pageContext(request), await partnershipFigures(db.kysely, dataScope(request.principal), request.query))));

    app.get<{ Querystring: AgreementListQuery }>('/partnership/agreements', { preHandler: readers, schema: { querystring: AgreementListQuery } }, async (request, reply) =>
      sendPage(reply, agreementsPage(pageContext(request), await browseAgreements(db.kysely, dataScope(request.principal), request.query))));

    app.get<{ Params: IdParams; Querystring: UploadedQuery }>('/partnership/agreements/:id', {
      preHandler: requirePageRole('admin', 'inspector', 'leader', 'business'), schema: { params: IdParams, querystring: UploadedQuery },
    }, async (request, reply) => {
      const agreement = await agreementDetail(db.kysely, dataScope(request.principal), request.params.id);
      return sendPage(reply, agreementPage(request, agreement, { notice: request.query.uploaded === '1' }));
    });

    app.get<{ Params: IdParams }>('/partnership/agreements/:id/scan.pdf', {
      preHandler: requirePageRole('admin', 'inspector', 'business'), schema: { params: IdParams },
    }, async (request, reply) => {
      const scan = await agreementScan(db.kysely, config.dataDir, dataScope(request.principal), request.params.id);
      return reply.type('application/pdf').header('cache-control', 'no-store').header('x-content-type-options', 'nosniff')
        .header('content-disposition', `inline; filename="${scan.name}"`).send(createReadStream(scan.file));
    });

    app.get('/partnership/agreement', { preHandler: requirePageRole('business') }, async (request, reply) =>
      sendPage(reply, portalPage(pageContext(request), await businessPartnership(db.kysely, dataScope(request.principal)))));

    app.get('/partnership/associations', { preHandler: readers }, async (request, reply) =>
      sendPage(reply, associationsPage(pageContext(request), await associationList(db.kysely, dataScope(request.principal)))));

    app.get<{ Params: AssociationParams; Querystring: PageQuery }>('/partnership/associations/:code', {
      preHandler: readers, schema: { params: AssociationParams, querystring: PageQuery },
    }, async (request, reply) => {
      const view = await associationDetail(db.kysely, dataScope(request.principal), request.params.code, request.query.page ?? 1);
      return sendPage(reply, associationPage(pageContext(request), view));
    });

    // Templates and their appendix are the department's public terms: any signed-in reader.
    app.get('/partnership/templates', { preHandler: requirePageRole() }, async (request, reply) =>
      sendPage(reply, templatesPage(pageContext(request), await templateList(db.kysely))));
    app.get<{ Params: IdParams }>('/partnership/templates/:id', { preHandler: requirePageRole(), schema: { params: IdParams } }, async (request, reply) =>
      sendPage(reply, templatePage(pageContext(request), await templateDetail(db.kysely, request.params.id))));
    app.get<{ Params: IdParams }>('/partnership/appendix/:id', { preHandler: requirePageRole(), schema: { params: IdParams } }, async (request, reply) => {
      const file = await appendixDocumentPath(db.kysely, config.dataDir, request.params.id);
      const pdf = file.toLowerCase().endsWith('.pdf');
      return reply.type(pdf ? 'application/pdf' : 'application/octet-stream').header('x-content-type-options', 'nosniff')
        .header('content-disposition', pdf ? 'inline' : 'attachment').send(createReadStream(file));
    });

    await app.register(scanUploadRoute(db, config));
  };
}

/**
 * POST /partnership/agreements/:id/scan (administrators): a multipart form with the PDF and the
 * CSRF token. Multipart is parsed only in this plugin; the file is held in memory up to the limit
 * (busboy stops there and flags the part truncated, refused as scan_too_large).
 */
function scanUploadRoute(db: Db, config: Pick<Config, 'dataDir'>): FastifyPluginAsync {
  return async (app) => {
    await app.register(multipart, {
      attachFieldsToBody: 'keyValues', throwFileSizeLimit: false,
      limits: { fileSize: scanMaxBytes, files: 1, fields: 5, parts: 6 },
      async onFile(part) {
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        const scan: UploadedScan = { fileName: part.filename, data: Buffer.concat(chunks), truncated: part.file.truncated };
        (part as unknown as { value: UploadedScan }).value = scan;
      },
    });
    // The role is checked when the request arrives, before a byte of the upload is read.
    app.post<{ Params: IdParams; Body: { scan?: UploadedScan } | undefined }>('/partnership/agreements/:id/scan', {
      onRequest: requirePageRole('admin'), schema: { params: IdParams },
    }, async (request, reply) => {
      const scan = request.body?.scan;
      try {
        await uploadAgreementScan(db.kysely, config.dataDir, request.params.id, scan && typeof scan === 'object' && 'data' in scan ? scan : undefined, actorOf(request));
        return reply.redirect(`${agreementHref(request.params.id)}?uploaded=1`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'not_found') throw error;
        const agreement = await agreementDetail(db.kysely, dataScope(request.principal), request.params.id);
        return sendPage(reply.status(error.status), agreementPage(request, agreement, { error }));
      }
    });
  };
}
