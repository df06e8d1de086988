import { join } from 'node:path';
import { createApiClient } from '../src/api-clients/api-clients.service.js';
import { loadConfig, type Config } from '../src/config.js';
import { refreshPlannerStatistics, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { submitDeclarations } from '../src/declarations/declarations.service.js';
import { demoDeclarations } from '../src/demo/demo-feed.js';
import { Random } from '../src/demo/random.js';
import { ratingToken } from '../src/evaluations/rating-token.js';
import { formatVietnamInstant } from '../src/shared/time.js';
import { scratchDir } from './bench-databases.js';
import { benchOrganisation, loadOrganisation } from './feed-fixture.js';
import { runHttpLoad, type LoadResult, type RequestSpec } from './http-load.js';

/** What a declaration software knows of a declaration it rates: number, declarant, office, handlers. */
export interface RateableDeclaration {
  declarationNo: string;
  taxCode: string;
  officeCode: string;
  officerCodes: string[];
}

const dayMs = 86_400_000;

/**
 * `count` declarations of the demo organisation (which must be loaded), registered 22 to 1 days ago
 * and cleared within two hours — all inside the 30-day rating window, in offices live since 2020 —
 * written through the feed service (validation, bulk writer, roll-ups).
 */
export async function loadRecentDeclarations(db: Db, count: number, now = Date.now()): Promise<RateableDeclaration[]> {
  const org = benchOrganisation();
  const feed = demoDeclarations(org.random, {
    count, officers: org.officers.officers, year: new Date(now).getUTCFullYear(),
    businesses: org.businesses.map((b) => b.value.tax_code), businessNames: org.businesses.map((b) => b.value.name),
  });
  const rateable: RateableDeclaration[] = [];
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    const results = await submitDeclarations(db, batch, 'en');
    const rejected = results.filter((r) => r.status !== 'created');
    if (rejected.length > 0) throw new Error(`bench declarations rejected: ${JSON.stringify(rejected.slice(0, 3))}`);
    batch = [];
  };
  let i = 0;
  for (const item of feed) {
    const registeredAt = now - 22 * dayMs + Math.floor((21 * dayMs * i) / count);
    const clearedAt = registeredAt + org.random.int(3, 120) * 60_000;
    batch.push({ ...item, registeredAt: formatVietnamInstant(registeredAt), clearedAt: formatVietnamInstant(clearedAt) });
    const handlers = item.handlers as { officerCode: string }[];
    rateable.push({
      declarationNo: item.declarationNo as string, taxCode: item.declarantTaxCode as string, officeCode: item.officeCode as string,
      officerCodes: handlers.map((h) => h.officerCode),
    });
    if (batch.length >= 5000) await flush();
    i++;
  }
  if (batch.length > 0) await flush();
  return rateable;
}

export interface SubmissionMix {
  /** Every n-th request revises a declaration rated at least `revisionLag` requests earlier. */
  revisionEvery: number;
  revisionLag: number;
}

export const defaultMix: SubmissionMix = { revisionEvery: 10, revisionLag: 500 };

/** The rating a declaration software would send: mostly a bare overall level; some rate targets; a few are low, with reasons. */
function evaluationBody(random: Random, secret: string, d: RateableDeclaration): Record<string, unknown> {
  const token = ratingToken(secret, d.declarationNo, d.taxCode);
  const r = random.next();
  const officer = d.officerCodes[0];
  if (r < 0.75 || officer === undefined) return { token, overall: random.next() < 0.7 ? 5 : 4 };
  if (r < 0.94) {
    return { token, overall: 5, targets: [{ type: 'office', code: d.officeCode, level: 5 }, { type: 'officer', code: officer, level: 4 }] };
  }
  return {
    token, overall: 3, targets: [{ type: 'officer', code: officer, level: 2 }], reasons: ['delay', 'unclear_guidance'],
    comment: 'Thông quan chậm hơn thời gian công bố',
  };
}

/**
 * One request per declaration in order (first ratings), and every `revisionEvery`-th a revision of a
 * declaration first rated long enough before that its first rating has completed. Each request has
 * its own Idempotency-Key, as the API asks declaration software to send.
 */
export function submissionRequests(secret: string, declarations: readonly RateableDeclaration[], mix = defaultMix): RequestSpec[] {
  const random = new Random(42);
  const requests: RequestSpec[] = [];
  let nextFirst = 0;
  while (nextFirst < declarations.length) {
    const position = requests.length;
    const revise = position % mix.revisionEvery === mix.revisionEvery - 1 && nextFirst > mix.revisionLag;
    const declaration = revise ? declarations[random.int(0, nextFirst - mix.revisionLag)]! : declarations[nextFirst++]!;
    requests.push({
      method: 'POST', path: '/api/v1/evaluations', body: JSON.stringify(evaluationBody(random, secret, declaration)),
      headers: { 'idempotency-key': `bench-${position}` },
    });
  }
  return requests;
}

const secretKey = 'bench-secret-key-'.padEnd(48, 'x');

export interface SubmissionsFixture {
  /** The configuration of the product's app on this database. */
  config: Config;
  vendorKey: string;
  requests: RequestSpec[];
}

/**
 * A scratch database ready for the submissions load: migrated, the organisation and `declarations`
 * rateable declarations loaded, planner statistics refreshed, a vendor key, and the requests.
 */
export async function prepareSubmissions(db: Db, url: string, declarations: number): Promise<SubmissionsFixture> {
  await migrateToLatest(db);
  await loadOrganisation(db);
  const rateable = await loadRecentDeclarations(db, declarations);
  // A live database has planner statistics (autovacuum): without them PostgreSQL scans whole tables.
  await refreshPlannerStatistics(db);
  const vendor = await createApiClient(db.kysely, 'vendor', 'bench vendor');
  return {
    config: loadConfig({ DATABASE_URL: url, SECRET_KEY: secretKey, LOG_LEVEL: 'silent', DATA_DIR: join(scratchDir, 'data') }),
    vendorKey: vendor.key,
    requests: submissionRequests(secretKey, rateable),
  };
}

/** The submissions load: `connections` keep-alive clients for `seconds`, after a warm-up. */
export function submissionsLoad(origin: string, fixture: SubmissionsFixture, o: { connections: number; seconds: number; warmup: number }): Promise<LoadResult> {
  return runHttpLoad({
    origin, connections: o.connections, durationMs: o.seconds * 1000, warmup: o.warmup,
    headers: { authorization: `Bearer ${fixture.vendorKey}`, accept: 'application/json' }, requests: fixture.requests,
  });
}
