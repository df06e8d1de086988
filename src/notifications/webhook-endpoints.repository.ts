import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookEndpointTable } from '../db/schema.js';

type Q = Kysely<Database>;
export type WebhookEndpoint = Selectable<WebhookEndpointTable>;

/** A client's endpoints, enabled first, then the newest. */
export function listWebhookEndpoints(db: Q, apiClientId: number): Promise<WebhookEndpoint[]> {
  return db.selectFrom('webhook_endpoints').selectAll().where('api_client_id', '=', apiClientId)
    .orderBy((eb) => eb.case().when('disabled_at', 'is', null).then(0).else(1).end()).orderBy('id', 'desc').execute();
}

export function findEnabledWebhookEndpoint(db: Q, apiClientId: number, url: string) {
  return db.selectFrom('webhook_endpoints').select('id').where('api_client_id', '=', apiClientId).where('url', '=', url)
    .where('disabled_at', 'is', null).executeTakeFirst();
}

export async function insertWebhookEndpoint(db: Q, apiClientId: number, url: string, now: number): Promise<number> {
  const row = await db.insertInto('webhook_endpoints').values({ api_client_id: apiClientId, url, created_at: now, disabled_at: null })
    .returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Disables an enabled endpoint of the client; the endpoint as it was, or undefined when there is none. */
export async function disableWebhookEndpoint(db: Q, apiClientId: number, endpointId: number, now: number): Promise<WebhookEndpoint | undefined> {
  const endpoint = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', endpointId).where('api_client_id', '=', apiClientId).executeTakeFirst();
  if (!endpoint || endpoint.disabled_at !== null) return endpoint;
  await db.updateTable('webhook_endpoints').set({ disabled_at: now }).where('id', '=', endpointId).where('disabled_at', 'is', null).execute();
  return endpoint;
}
