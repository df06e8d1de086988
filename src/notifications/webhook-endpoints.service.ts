import type { Kysely } from 'kysely';
import { findApiClient } from '../api-clients/api-clients.repository.js';
import { audit, type Actor } from '../audit/audit.service.js';
import type { ApiClient, Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import {
  disableWebhookEndpoint, findEnabledWebhookEndpoint, insertWebhookEndpoint, listWebhookEndpoints, type WebhookEndpoint,
} from './webhook-endpoints.repository.js';
import { webhookSigningKey } from './webhook-signature.js';

/**
 * Webhook endpoints of vendor API clients: every case event of a declaration the vendor's software
 * rated is POSTed to each enabled endpoint (src/cases/case-notices.ts writes them to the outbox).
 * URLs are registered by administrators only, so they may point into the customs network.
 */
export const webhookUrlMaxLength = 500;

/** A webhook URL as stored: absolute http(s), no user name, password or fragment, normalised. */
export function checkWebhookUrl(raw: string): string {
  const text = raw.trim();
  if (text === '') throw new AppError('missing_field', { field: 'url' });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('invalid_webhook_url', { value: text });
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '' || url.username !== '' || url.password !== '' || url.hash !== '' || /\s/.test(text)) {
    throw new AppError('invalid_webhook_url', { value: text });
  }
  if (url.href.length > webhookUrlMaxLength) throw new AppError('field_too_long', { field: 'url', max: webhookUrlMaxLength });
  return url.href;
}

export interface WebhookClientView {
  client: ApiClient;
  /** Webhooks are for active vendor clients (the software that submits ratings). */
  mayRegister: boolean;
  endpoints: WebhookEndpoint[];
  /** hex(HMAC-SHA256(SECRET_KEY, "webhook:<client id>")), for the vendor to verify signatures. */
  signingKey: string;
}

async function clientOrThrow(db: Kysely<Database>, clientId: number): Promise<ApiClient> {
  const client = await findApiClient(db, clientId);
  if (!client) throw new AppError('api_client_not_found', { value: clientId });
  return client;
}

export async function webhookClientView(db: Kysely<Database>, secretKey: string, clientId: number): Promise<WebhookClientView> {
  const client = await clientOrThrow(db, clientId);
  return {
    client, mayRegister: client.role === 'vendor' && client.revoked_at === null,
    endpoints: await listWebhookEndpoints(db, clientId), signingKey: webhookSigningKey(secretKey, clientId),
  };
}

/** Registers a URL for an active vendor client (audited); the same enabled URL twice is webhook_exists. */
export async function registerWebhookEndpoint(db: Kysely<Database>, clientId: number, rawUrl: string, actor: Actor, now = Date.now()): Promise<number> {
  const url = checkWebhookUrl(rawUrl);
  return db.transaction().execute(async (trx) => {
    const client = await clientOrThrow(trx, clientId);
    if (client.role !== 'vendor' || client.revoked_at !== null) throw new AppError('webhook_client_not_vendor', { value: clientId });
    if (await findEnabledWebhookEndpoint(trx, clientId, url)) throw new AppError('webhook_exists', { value: url });
    const id = await insertWebhookEndpoint(trx, clientId, url, now);
    await audit(trx, actor, { action: 'create', entity: 'webhook_endpoint', entityId: id, after: { apiClientId: clientId, url } }, now);
    return id;
  });
}

/** Disables an endpoint (audited): rows still waiting for it are given up at their next attempt. */
export async function disableWebhookEndpointOf(db: Kysely<Database>, clientId: number, endpointId: number, actor: Actor, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const endpoint = await disableWebhookEndpoint(trx, clientId, endpointId, now);
    if (!endpoint) throw new AppError('webhook_not_found', { value: endpointId });
    if (endpoint.disabled_at !== null) return;
    await audit(trx, actor, { action: 'disable', entity: 'webhook_endpoint', entityId: endpointId, before: { apiClientId: clientId, url: endpoint.url } }, now);
  });
}
