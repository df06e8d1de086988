import { buildApp } from '../src/app.js';
import type { Db, Dialect } from '../src/db/database.js';
import { baselineApp, serving, type BaselineVia } from './baseline-server.js';
import { dialectLabel, loadAverage, scratchDatabase } from './bench-databases.js';
import { prepareSubmissions, submissionsLoad, type SubmissionsFixture } from './evaluations-fixture.js';
import { assertAllSucceeded, percentile, type LoadResult } from './http-load.js';
import { report } from './targets.js';

export interface EvaluationsBenchOptions {
  postgresUrl: string;
  dialects: readonly Dialect[];
  /** Length of each measured load (product, baselines). */
  seconds: number;
  /** Rateable declarations built; each load stops early when it has rated them all. */
  declarations: number;
  connections: number;
}

const warmup = 300;
const p99Targets: Record<Dialect, number> = { sqlite: 50, postgres: 100 };

function load(origin: string, fixture: SubmissionsFixture, o: EvaluationsBenchOptions): Promise<LoadResult> {
  return submissionsLoad(origin, fixture, { ...o, warmup });
}

async function countRows(db: Db, table: 'evaluations' | 'evaluation_versions'): Promise<number> {
  const row = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function benchDialect(dialect: Dialect, o: EvaluationsBenchOptions): Promise<boolean> {
  const target = scratchDatabase(dialect, 'evaluations', o.postgresUrl);
  const db = await target.open();
  try {
    const fixture = await prepareSubmissions(db, target.url, o.declarations);

    // Baselines first, each on its own copy of the same requests (the bare route ignores the key).
    const baselines = new Map<BaselineVia, LoadResult>();
    for (const via of ['kysely', 'driver'] as const) {
      const result = await serving(await baselineApp(db, via), (origin) => load(origin, fixture, o));
      assertAllSucceeded(`baseline ${via}`, result, (s) => s === 201);
      baselines.set(via, result);
    }
    const product = await serving(await buildApp({ config: fixture.config, db, logger: false }), (origin) => load(origin, fixture, o));
    assertAllSucceeded('POST /api/v1/evaluations', product, (s) => s === 201);
    const [evaluations, versions] = [await countRows(db, 'evaluations'), await countRows(db, 'evaluation_versions')];

    const label = dialectLabel(dialect);
    const kysely = baselines.get('kysely')!;
    const driver = baselines.get('driver')!;
    const name = `submissions POST /api/v1/evaluations, ${label}, ${o.connections} clients`;
    const baselineName = 'bare Fastify + Kysely insert in a transaction';
    const note = `${product.latencies.length.toLocaleString('en-US')} measured requests in ${(product.elapsedMs / 1000).toFixed(1)} s after ${warmup} warm-up; ${evaluations.toLocaleString('en-US')} declarations rated, ${(versions - evaluations).toLocaleString('en-US')} revisions; ${loadAverage()}`;
    let ok = report({
      name, value: product.requestsPerSecond, unit: 'requests/s',
      baseline: { name: baselineName, value: kysely.requestsPerSecond },
      target: { op: '>=', value: 0.3 * kysely.requestsPerSecond, label: '30 % of baseline' }, note,
    });
    report({ name: `${name}, p50`, value: percentile(product.latencies, 50), unit: 'ms', baseline: { name: baselineName, value: percentile(kysely.latencies, 50) } });
    ok = report({
      name: `${name}, p99`, value: percentile(product.latencies, 99), unit: 'ms',
      baseline: { name: baselineName, value: percentile(kysely.latencies, 99) }, target: { op: '<=', value: p99Targets[dialect] },
    }) && ok;
    report({
      name: `${name}, server CPU per request`, value: product.serverCpuMsPerRequest, unit: 'ms',
      baseline: { name: baselineName, value: kysely.serverCpuMsPerRequest },
      note: dialect === 'sqlite' ? 'the engine runs in the server process' : 'PostgreSQL\'s own processes not counted',
    });
    report({
      name: `submissions, ${label}, beside the bare driver`, value: product.requestsPerSecond, unit: 'requests/s',
      baseline: { name: `bare Fastify + ${dialect === 'sqlite' ? 'better-sqlite3' : 'pg'} insert in a transaction (p99 ${percentile(driver.latencies, 99).toFixed(1)} ms)`, value: driver.requestsPerSecond },
    });
    return ok;
  } finally {
    await db.close();
    await target.drop();
  }
}

/** `npm run bench` part 2: rating through the vendor API under concurrent clients, per database. */
export async function benchEvaluations(options: EvaluationsBenchOptions): Promise<boolean> {
  let ok = true;
  for (const dialect of options.dialects) ok = (await benchDialect(dialect, options)) && ok;
  return ok;
}
