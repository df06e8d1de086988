import type { Kysely } from 'kysely';
import type { ApiClient, Database } from '../db/schema.js';
import { inList } from '../db/in-list.js';

type Q = Kysely<Database>;

export async function insertApiClient(db: Q, name: string, role: ApiClient['role'], keyHash: string, now: number): Promise<number> {
  const row = await db.insertInto('api_clients')
    .values({ name, role, key_hash: keyHash, created_at: now, revoked_at: null })
    .returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function findApiClient(db: Q, id: number): Promise<ApiClient | undefined> {
  return (await findApiClients(db, [id])).get(id);
}

export async function findApiClients(db: Q, ids: readonly number[]): Promise<Map<number, ApiClient>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('api_clients').selectAll().where('id', 'in', inList(ids)).execute();
  return new Map(rows.map((r) => [Number(r.id), r]));
}

export function listApiClients(db: Q): Promise<ApiClient[]> {
  return db.selectFrom('api_clients').selectAll().orderBy('id').execute();
}

/** Marks the client revoked; returns false when there is no such client. */
export async function revokeApiClient(db: Q, id: number, now: number): Promise<boolean> {
  const result = await db.updateTable('api_clients').set({ revoked_at: now })
    .where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) > 0) return true;
  return (await findApiClient(db, id)) !== undefined;
}
