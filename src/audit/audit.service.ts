import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../db/schema.js';
import { insertAuditEvent } from './audit.repository.js';

/** Who did it and from where: taken from the request, passed down to services that write. */
export interface Actor {
  principal: Principal;
  ip: string | null;
  requestId: string | null;
}

export const systemActor: Actor = { principal: { kind: 'anonymous' }, ip: null, requestId: null };

export interface AuditRecord {
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

function actorFields(actor: Actor) {
  const p = actor.principal;
  if (p.kind === 'user') return { actor_kind: 'user' as const, actor_id: p.userId, actor_name: p.username };
  if (p.kind === 'api_client') return { actor_kind: 'api_client' as const, actor_id: p.clientId, actor_name: p.name };
  return { actor_kind: actor === systemActor ? ('system' as const) : ('anonymous' as const), actor_id: null, actor_name: null };
}

/**
 * Appends one audit event. Call it with the transaction of the change it records, so the change
 * and its trace commit together or not at all.
 */
export async function audit(db: Kysely<Database>, actor: Actor, record: AuditRecord, now = Date.now()): Promise<void> {
  await insertAuditEvent(db, {
    at: now, ...actorFields(actor), ip: actor.ip, request_id: actor.requestId,
    action: record.action, entity: record.entity,
    entity_id: record.entityId === undefined || record.entityId === null ? null : String(record.entityId),
    before_json: record.before === undefined ? null : JSON.stringify(record.before),
    after_json: record.after === undefined ? null : JSON.stringify(record.after),
  });
}
