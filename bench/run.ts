import type { Dialect } from '../src/db/database.js';
import { benchEvaluations } from './evaluations.bench.js';
import { benchImport } from './import.bench.js';
import { benchStats } from './stats.bench.js';

// `npm run bench`: every figure beside a baseline measured in the same run, with the target.
// Needs `npm run build` (the import runs compiled). The environment, read here only:
//   BENCH_ONLY                 comma-separated subset of: import, evaluations, stats (default: all)
//   BENCH_DIALECTS             sqlite, postgres or both (default: both)
//   BENCH_ROWS                 import: feed size (default 1,000,000)
//   BENCH_SECONDS              evaluations: length of each measured load (default 10)
//   BENCH_EVAL_DECLARATIONS    evaluations: rateable declarations built (default 40,000)
//   BENCH_STATS_DECLARATIONS   stats: declarations of the cached database (default 10,000,000)
//   BENCH_STATS_QUERIES        stats: random queries (default 1,000)
//   BENCH_NAIVE_SECONDS        stats: time budget of the naive GROUP BY baseline per database (default 120)
//   BENCH_DATABASE_URL         PostgreSQL (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
const env = process.env;
const benches = ['import', 'evaluations', 'stats'] as const;
const only = env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim()) : [...benches];
const unknown = only.filter((b) => !(benches as readonly string[]).includes(b));
if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')} (known: ${benches.join(', ')})`);
const dialects = (env.BENCH_DIALECTS ? env.BENCH_DIALECTS.split(',').map((s) => s.trim()) : ['sqlite', 'postgres']) as Dialect[];
if (dialects.some((d) => d !== 'sqlite' && d !== 'postgres')) throw new Error(`BENCH_DIALECTS: sqlite and/or postgres, got "${env.BENCH_DIALECTS}"`);

function positive(name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${env[name]}"`);
  return value;
}

const postgresUrl = env.BENCH_DATABASE_URL || env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
let ok = true;
if (only.includes('import')) ok = (await benchImport(positive('BENCH_ROWS', 1_000_000), dialects)) && ok;
if (only.includes('evaluations')) {
  ok = (await benchEvaluations({
    postgresUrl, dialects, seconds: positive('BENCH_SECONDS', 10), declarations: positive('BENCH_EVAL_DECLARATIONS', 40_000), connections: 64,
  })) && ok;
}
if (only.includes('stats')) {
  ok = (await benchStats({
    postgresUrl, dialects, declarations: positive('BENCH_STATS_DECLARATIONS', 10_000_000), queries: positive('BENCH_STATS_QUERIES', 1000),
    naiveSeconds: positive('BENCH_NAIVE_SECONDS', 120),
  })) && ok;
}
console.log(ok ? 'all targets met' : 'some targets missed');
process.exitCode = ok ? 0 : 1;
