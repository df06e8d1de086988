// A profiling harness, not a benchmark: the rating submissions of `npm run bench` on SQLite (the
// product only, no baselines), with an optional CPU profile of the server's thread.
//   node --import tsx bench/profile-submissions.ts            requests/s, p50, p99, server CPU per request
//   PROF=/tmp/s.cpuprofile node --import tsx bench/profile-submissions.ts    and a CPU profile (open in Chrome DevTools)
//   VIA=kysely node --import tsx bench/profile-submissions.ts                the bare Kysely route instead, for comparison
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { createApiClient } from '../src/api-clients/api-clients.service.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { baselineApp, serving, type BaselineVia } from './baseline-server.js';
import { scratchDatabase, scratchDir } from './bench-databases.js';
import { loadRecentDeclarations, submissionRequests } from './evaluations-fixture.js';
import { loadOrganisation } from './feed-fixture.js';
import { percentile, runHttpLoad } from './http-load.js';

const secretKey = 'bench-secret-key-'.padEnd(48, 'x');
const target = scratchDatabase('sqlite', 'profile-submissions', '');
const db = await target.open();
try {
  await migrateToLatest(db);
  await loadOrganisation(db);
  const declarations = await loadRecentDeclarations(db, 40_000);
  const vendor = await createApiClient(db.kysely, 'vendor', 'bench vendor');
  const requests = submissionRequests(secretKey, declarations);
  const config = loadConfig({ DATABASE_URL: target.url, SECRET_KEY: secretKey, LOG_LEVEL: 'silent', DATA_DIR: join(scratchDir, 'data') });
  const via = process.env.VIA as BaselineVia | undefined;
  const app = via ? await baselineApp(db, via) : await buildApp({ config, db, logger: false });
  const profile = process.env.PROF;
  const session = profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const result = await serving(app, (origin) => runHttpLoad({
    origin, connections: 64, durationMs: 10_000, warmup: 300, headers: { authorization: `Bearer ${vendor.key}`, accept: 'application/json' }, requests,
  }));
  if (session && profile) writeFileSync(profile, JSON.stringify((await session.post('Profiler.stop')).profile));
  console.log(`${result.requestsPerSecond.toFixed(0)} requests/s, p50 ${percentile(result.latencies, 50).toFixed(1)} ms, p99 ${percentile(result.latencies, 99).toFixed(1)} ms, server CPU ${result.serverCpuMsPerRequest.toFixed(3)} ms per request`);
} finally {
  await db.close();
  await target.drop();
}
