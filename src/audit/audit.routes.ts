import type { FastifyPluginAsync } from 'fastify';
import { csvField } from '../shared/csv.js';
import { Type } from 'typebox';
import { requirePageRole } from '../auth/guards.js';
import type { Db } from '../db/database.js';
import type { AuditEvent } from '../db/schema.js';
import { parseDay, startOfVietnamDay, addDays } from '../shared/time.js';
import { AppError } from '../errors.js';
import { sendPage } from '../web/components.js';
import { listAuditEvents, type AuditFilter } from './audit.repository.js';
import { auditPage } from './audit.pages.js';

export const AuditQuery = Type.Object({
  entity: Type.Optional(Type.String({ maxLength: 40 })),
  entityId: Type.Optional(Type.String({ maxLength: 100 })),
  action: Type.Optional(Type.String({ maxLength: 40 })),
  actor: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{0,15}$' })),
  lang: Type.Optional(Type.String()),
});
export type AuditQuery = { entity?: string; entityId?: string; action?: string; actor?: string; from?: string; to?: string; before?: string };

const pageSize = 100;

function day(value: string | undefined, field: string): string | undefined {
  if (!value) return undefined;
  const parsed = parseDay(value);
  if (!parsed) throw new AppError('invalid_date', { field, value });
  return parsed;
}

export function auditFilter(q: AuditQuery, limit: number): AuditFilter {
  const from = day(q.from, 'from');
  const to = day(q.to, 'to');
  return {
    entity: q.entity || undefined, entityId: q.entityId || undefined, action: q.action || undefined, actorName: q.actor || undefined,
    fromAt: from ? startOfVietnamDay(from) : undefined, toAt: to ? startOfVietnamDay(addDays(to, 1)) : undefined,
    beforeId: q.before ? Number(q.before) : undefined, limit,
  };
}


function csvLine(e: AuditEvent): string {
  return [e.id, new Date(e.at).toISOString(), e.actor_kind, e.actor_id, e.actor_name, e.ip, e.request_id, e.action, e.entity,
    e.entity_id, e.before_json, e.after_json].map(csvField).join(',') + '\r\n';
}

/** The audit trail for administrators and inspectors: filter, page, export as CSV. */
export function auditRoutes(db: Db): FastifyPluginAsync {
  return async (app) => {
    const guard = requirePageRole('admin', 'inspector');
    app.get<{ Querystring: AuditQuery }>('/admin/audit', { preHandler: guard, schema: { querystring: AuditQuery } }, async (request, reply) => {
      const events = await listAuditEvents(db.kysely, auditFilter(request.query, pageSize + 1));
      return sendPage(reply, auditPage(request, request.query, events.slice(0, pageSize), events.length > pageSize));
    });

    app.get<{ Querystring: AuditQuery }>('/admin/audit.csv', { preHandler: guard, schema: { querystring: AuditQuery } }, async (request, reply) => {
      const filter = auditFilter(request.query, 5000);
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit.csv"');
      let body = '\uFEFFid,at,actor_kind,actor_id,actor_name,ip,request_id,action,entity,entity_id,before,after\r\n';
      for (;;) {
        const batch = await listAuditEvents(db.kysely, filter);
        for (const e of batch) body += csvLine(e);
        if (batch.length < filter.limit) break;
        filter.beforeId = batch[batch.length - 1]!.id;
      }
      return reply.send(body);
    });
  };
}
