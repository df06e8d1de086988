import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { allScope } from '../src/auth/scope.js';
import { deleteSession, insertSession } from '../src/auth/sessions.repository.js';
import { hashToken, newToken } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import type { Db, Dialect } from '../src/db/database.js';
import { computeStats, computeStatsWithCases } from '../src/stats/stats.service.js';
import type { StatsQuery } from '../src/stats/stats.schema.js';
import { serving } from './baseline-server.js';
import { dialectLabel, loadAverage, scratchDir } from './bench-databases.js';
import { assertAllSucceeded, percentile, runHttpLoad } from './http-load.js';
import { naiveStats } from './naive-stats.js';
import { openStatsDatabase } from './stats-fixture.js';
import { loadStatsOrganisation, randomStatsQueries, statsPath, type StatsOrganisation } from './stats-queries.js';
import { report } from './targets.js';

export interface StatsBenchOptions {
  postgresUrl: string;
  dialects: readonly Dialect[];
  declarations: number;
  queries: number;
  /** Time budget of the naive baseline per database: it runs the same queries in order until spent. */
  naiveSeconds: number;
}

const p95Targets: Record<Dialect, number> = { sqlite: 25, postgres: 40 };
const issueScale = 10_000_000;
const warmupQueries = 20;
const fmt = (n: number) => n.toLocaleString('en-US');

/** A session of the demo's administrator, as the sign-in would open it (the demo's passwords are not kept). */
async function adminSession(db: Db): Promise<{ token: string; id: string }> {
  const admin = await db.kysely.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id').executeTakeFirstOrThrow();
  const token = newToken();
  const now = Date.now();
  const id = hashToken(token);
  await insertSession(db.kysely, { id, user_id: Number(admin.id), csrf_token: newToken(), created_at: now, last_seen_at: now, ip: null, user_agent: 'bench' });
  return { token, id };
}

interface NaiveRun {
  latencies: Float64Array;
  ungrouped: number;
  mismatches: string[];
}

/** The naive GROUP BY on the same queries in order, until the budget is spent; totals checked against the service. */
async function runNaive(db: Db, org: StatsOrganisation, queries: readonly StatsQuery[], budgetMs: number): Promise<NaiveRun> {
  const latencies: number[] = [];
  const mismatches: string[] = [];
  let ungrouped = 0;
  const started = performance.now();
  for (const query of queries) {
    if (performance.now() - started > budgetMs) break;
    const t0 = performance.now();
    const groups = await naiveStats(db, org, query);
    latencies.push(performance.now() - t0);
    if (query.groupBy !== undefined) continue;
    ungrouped++;
    const { total } = await computeStats(db.kysely, allScope, query, 'en');
    const naive = groups[0] ?? { eligible: 0, evaluated: 0 };
    if (naive.eligible !== total.eligible || naive.evaluated !== total.evaluated) {
      mismatches.push(`${statsPath(query)}: naive ${naive.eligible}/${naive.evaluated}, API ${total.eligible}/${total.evaluated}`);
    }
  }
  return { latencies: Float64Array.from(latencies).sort(), ungrouped, mismatches };
}

/** Where the time goes: the same queries in-process, roll-up figures alone and with the closed-loop case figures. */
async function inProcess(db: Db, queries: readonly StatsQuery[]): Promise<string> {
  const parts: string[] = [];
  for (const [name, compute] of [['computeStats (roll-ups)', computeStats], ['computeStatsWithCases (what the route calls)', computeStatsWithCases]] as const) {
    const latencies: number[] = [];
    for (const query of queries) {
      const started = performance.now();
      await compute(db.kysely, allScope, query, 'vi');
      latencies.push(performance.now() - started);
    }
    const sorted = Float64Array.from(latencies).sort();
    parts.push(`${name} p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms`);
  }
  return `  in-process, same queries: ${parts.join('; ')}`;
}

async function benchDialect(dialect: Dialect, o: StatsBenchOptions): Promise<boolean> {
  const { db, evaluations } = await openStatsDatabase(dialect, o.declarations, o.postgresUrl);
  const session = await adminSession(db);
  try {
    const org = await loadStatsOrganisation(db);
    const queries = randomStatsQueries(org, o.queries);
    const warmup = randomStatsQueries(org, warmupQueries, 99);
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', SECRET_KEY: 'bench-secret-key-'.padEnd(48, 'x'), LOG_LEVEL: 'silent', DATA_DIR: join(scratchDir, 'data') });
    const api = await serving(await buildApp({ config, db, logger: false }), (origin) => runHttpLoad({
      origin, connections: 1, durationMs: Infinity, warmup: warmupQueries,
      headers: { cookie: `hl_session=${session.token}`, accept: 'application/json' },
      requests: [...warmup, ...queries].map((q) => ({ method: 'GET', path: statsPath(q) })),
    }));
    assertAllSucceeded('GET /api/v1/stats', api, (s) => s === 200);
    const loadNow = loadAverage();
    const breakdown = await inProcess(db, queries);
    const naive = await runNaive(db, org, queries, o.naiveSeconds * 1000);

    const label = dialectLabel(dialect);
    const name = `figures GET /api/v1/stats, ${label}, ${fmt(o.declarations)} declarations / ${fmt(evaluations)} evaluations, ${fmt(queries.length)} random queries one at a time over HTTP`;
    const baselineName = `naive GROUP BY over the facts (first ${fmt(naive.latencies.length)} of the same queries, in-process)`;
    const target = { op: '<=' as const, value: p95Targets[dialect], ...(o.declarations !== issueScale ? { label: `the issue's target at ${fmt(issueScale)} declarations` } : {}) };
    const ok = report({
      name: `${name}, p95`, value: percentile(api.latencies, 95), unit: 'ms',
      baseline: { name: baselineName, value: percentile(naive.latencies, 95) }, target, note: `${loadNow}`,
    });
    for (const p of [50, 99]) {
      report({ name: `${name}, p${p}`, value: percentile(api.latencies, p), unit: 'ms', baseline: { name: baselineName, value: percentile(naive.latencies, p) } });
    }
    console.log(breakdown);
    const requested = [...warmup, ...queries];
    console.log(`  slowest over HTTP: ${api.slowest.slice(0, 5).map((s) => `${s.ms.toFixed(0)} ms ${statsPath(requested[s.index]!)}`).join('\n                     ')}`);
    console.log(`  naive GROUP BY: ${fmt(naive.latencies.length)} of ${fmt(queries.length)} queries within ${o.naiveSeconds} s; `
      + `totals equal to the API's on ${naive.ungrouped - naive.mismatches.length} of ${naive.ungrouped} ungrouped queries${naive.mismatches.length > 0 ? `:\n    ${naive.mismatches.slice(0, 5).join('\n    ')}` : ''}`);
    return ok;
  } finally {
    await deleteSession(db.kysely, session.id);
    await db.close();
  }
}

/** `npm run bench` part 3: figures from the roll-ups under random dashboard queries, per database. */
export async function benchStats(options: StatsBenchOptions): Promise<boolean> {
  let ok = true;
  for (const dialect of options.dialects) ok = (await benchDialect(dialect, options)) && ok;
  return ok;
}
