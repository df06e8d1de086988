import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import { authenticateApiKey, type ApiClientRole } from '../api-clients/api-clients.service.js';
import type { ApiClient, Database } from '../db/schema.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    apiClient?: ApiClient;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** Requires `Authorization: Bearer <key>` of an active API client holding one of the roles. */
export function requireApiClient(db: Kysely<Database>, roles: readonly ApiClientRole[]): preHandlerAsyncHookHandler {
  return async (request) => {
    const key = bearer(request);
    if (!key) throw new AppError('unauthenticated');
    const client = await authenticateApiKey(db, key);
    if (!roles.includes(client.role)) throw new AppError('forbidden');
    request.apiClient = client;
    request.principal = { kind: 'api_client', clientId: client.id, role: client.role, name: client.name };
  };
}
