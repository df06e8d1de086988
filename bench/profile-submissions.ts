// A profiling harness, not a benchmark: the rating submissions of `npm run bench` on SQLite (the
// product only, no baselines), with an optional CPU profile of the server's thread.
//   node --import tsx bench/profile-submissions.ts            requests/s, p50, p99, server CPU per request
//   PROF=/tmp/s.cpuprofile node --import tsx bench/profile-submissions.ts    and a CPU profile (open in Chrome DevTools)
//   VIA=kysely node --import tsx bench/profile-submissions.ts                the bare Kysely route instead, for comparison
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { buildApp } from '../src/app.js';
import { baselineApp, serving, type BaselineVia } from './baseline-server.js';
import { scratchDatabase } from './bench-databases.js';
import { prepareSubmissions, submissionsLoad } from './evaluations-fixture.js';
import { percentile } from './http-load.js';

const target = scratchDatabase('sqlite', 'profile-submissions', '');
const db = await target.open();
try {
  const fixture = await prepareSubmissions(db, target.url, 40_000);
  const via = process.env.VIA as BaselineVia | undefined;
  const app = via ? await baselineApp(db, via) : await buildApp({ config: fixture.config, db, logger: false });
  const profile = process.env.PROF;
  const session = profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const result = await serving(app, (origin) => submissionsLoad(origin, fixture, { connections: 64, seconds: 10, warmup: 300 }));
  if (session && profile) writeFileSync(profile, JSON.stringify((await session.post('Profiler.stop')).profile));
  console.log(`${result.requestsPerSecond.toFixed(0)} requests/s, p50 ${percentile(result.latencies, 50).toFixed(1)} ms, p99 ${percentile(result.latencies, 99).toFixed(1)} ms, server CPU ${result.serverCpuMsPerRequest.toFixed(3)} ms per request`);
} finally {
  await db.close();
  await target.drop();
}
