import type { Kysely } from 'kysely';
import type { AuditEvent, Database } from '../db/schema.js';

type Q = Kysely<Database>;

export type NewAuditEvent = Omit<AuditEvent, 'id'>;

/** Append-only: there is no update or delete of audit events anywhere in the code. */
export async function insertAuditEvent(db: Q, event: NewAuditEvent): Promise<void> {
  await db.insertInto('audit_events').values(event).execute();
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  action?: string;
  actorName?: string;
  fromAt?: number;
  toAt?: number;
  beforeId?: number;
  limit: number;
}

export function listAuditEvents(db: Q, f: AuditFilter): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll();
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actorName) q = q.where('actor_name', '=', f.actorName);
  if (f.fromAt !== undefined) q = q.where('at', '>=', f.fromAt);
  if (f.toAt !== undefined) q = q.where('at', '<', f.toAt);
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}
