import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiClient, Database } from '../db/schema.js';
import { audit, systemActor, type Actor } from '../audit/audit.service.js';
import { AppError } from '../errors.js';
import { TurnBatcher } from '../db/turn-batcher.js';
import { findApiClients, insertApiClient, revokeApiClient } from './api-clients.repository.js';

export const apiClientRoles = ['feed', 'vendor'] as const;
export type ApiClientRole = (typeof apiClientRoles)[number];

/**
 * API keys look like `hlk_<id>_<secret>`. Only SHA-256 of the secret is stored: the secret has 256
 * bits of entropy, so a slow password hash would add latency to every API call and no safety.
 */
const keyPattern = /^hlk_(\d{1,15})_([A-Za-z0-9_-]{43})$/;

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function createApiClient(db: Kysely<Database>, role: string, name: string, actor: Actor = systemActor, now = Date.now()): Promise<{ id: number; key: string }> {
  if (!(apiClientRoles as readonly string[]).includes(role)) throw new AppError('invalid_role', { value: role });
  const trimmed = name.trim();
  if (trimmed === '') throw new AppError('missing_field', { field: 'name' });
  if (trimmed.length > 200) throw new AppError('field_too_long', { field: 'name', max: 200 });
  const secret = randomBytes(32).toString('base64url');
  const id = await db.transaction().execute(async (trx) => {
    const created = await insertApiClient(trx, trimmed, role as ApiClientRole, hashSecret(secret), now);
    await audit(trx, actor, { action: 'create', entity: 'api_client', entityId: created, after: { name: trimmed, role } }, now);
    return created;
  });
  return { id, key: `hlk_${id}_${secret}` };
}

export async function revokeApiClientById(db: Kysely<Database>, id: number, actor: Actor = systemActor, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await revokeApiClient(trx, id, now))) throw new AppError('api_client_not_found', { value: id });
    await audit(trx, actor, { action: 'revoke', entity: 'api_client', entityId: id }, now);
  });
}

const lookups = new WeakMap<Kysely<Database>, TurnBatcher<number, ApiClient>>();

/** The client by id, read with the other requests of the same turn (src/db/turn-batcher.ts). */
function lookUpClient(db: Kysely<Database>, id: number): Promise<ApiClient | undefined> {
  let batcher = lookups.get(db);
  if (!batcher) lookups.set(db, batcher = new TurnBatcher((ids) => findApiClients(db, ids)));
  return batcher.get(id);
}

/** The active client holding this key, or an `invalid_api_key` error. */
export async function authenticateApiKey(db: Kysely<Database>, key: string): Promise<ApiClient> {
  const match = keyPattern.exec(key);
  if (!match) throw new AppError('invalid_api_key');
  const client = await lookUpClient(db, Number(match[1]));
  if (!client || client.revoked_at !== null) throw new AppError('invalid_api_key');
  const expected = Buffer.from(client.key_hash, 'hex');
  const actual = Buffer.from(hashSecret(match[2]!), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw new AppError('invalid_api_key');
  return client;
}
