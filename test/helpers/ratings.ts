import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApiClient } from '../../src/api-clients/api-clients.service.js';
import type { Db } from '../../src/db/database.js';
import { declarationItem, loadOrganisation, type LoadedOrganisation } from './fixtures.js';
import { testApp } from './app.js';

const dayMs = 86_400_000;

/** An ISO instant `days` days before now (Vietnam time), so the rating window is open. */
export function daysAgo(days: number, hours = 0): string {
  return new Date(Date.now() - days * dayMs + hours * 3_600_000).toISOString();
}

/** A declaration registered `days` days ago and cleared an hour later (override anything). */
export function recentItem(n: number, days = 2, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return declarationItem(n, { registeredAt: daysAgo(days), clearedAt: daysAgo(days, 1), ...overrides });
}

export interface RatingWorld {
  app: FastifyInstance;
  db: Db;
  org: LoadedOrganisation;
  feedKey: string;
  vendorKey: string;
  /** Pushes items through the feed API; returns the result of each. */
  push(items: Record<string, unknown>[]): Promise<{ declarationNo: string; status: string; ratingToken?: string; ratingUrl?: string }[]>;
  /** POST /api/v1/evaluations with the vendor key. */
  rate(body: Record<string, unknown>, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export async function ratingWorld(db: Db, env: Record<string, string> = {}): Promise<RatingWorld> {
  const org = await loadOrganisation(db);
  const app = await testApp(db, { env: { PUBLIC_URL: 'https://hailong.example', ...env } });
  const feedKey = (await createApiClient(db.kysely, 'feed', 'VNACCS')).key;
  const vendorKey = (await createApiClient(db.kysely, 'vendor', 'ECUS')).key;
  return {
    app, db, org, feedKey, vendorKey,
    async push(items) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/declarations', headers: { authorization: `Bearer ${feedKey}` }, payload: { declarations: items } });
      if (response.statusCode !== 200) throw new Error(`feed: ${response.statusCode} ${response.body}`);
      return response.json<{ results: never[] }>().results;
    },
    rate(body, headers = {}) {
      return app.inject({ method: 'POST', url: '/api/v1/evaluations', headers: { authorization: `Bearer ${vendorKey}`, ...headers }, payload: body });
    },
  };
}

export function errorCode(response: LightMyRequestResponse): string {
  return response.json<{ error: { code: string } }>().error.code;
}
