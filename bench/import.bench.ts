import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Db, Dialect } from '../src/db/database.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { insertRawDeclarations, readBackDeclarations } from './raw-baseline.js';
import { loadOrganisation, writeDeclarationCsv } from './feed-fixture.js';
import { report } from './targets.js';
import { importNodeFlags } from '../bin/import-flags.js';

const run = promisify(execFile);
const benchDir = join(import.meta.dirname, '..', '.bench');
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

interface Target { url: string; schema?: string; open(): Promise<Db>; drop(): Promise<void> }

function target(dialect: Dialect, name: string): Target {
  if (dialect === 'sqlite') {
    const path = join(benchDir, `${name}.db`);
    for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
    const url = `sqlite:${path}`;
    return { url, open: () => openDatabase(url), drop: async () => { for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true }); } };
  }
  const schema = `bench_${name}_${process.pid}`;
  return {
    url: postgresUrl, schema,
    open: () => openDatabase(postgresUrl, { schema }),
    async drop() {
      const db = await openDatabase(postgresUrl);
      if (db.dialect === 'postgres') await db.pool.query(`drop schema if exists ${schema} cascade`);
      await db.close();
    },
  };
}

/** `npm run bench` part 1: the declaration feed, per database, beside a raw-insert baseline. */
export async function benchImport(rows: number, dialects: readonly Dialect[] = ['sqlite', 'postgres']): Promise<boolean> {
  mkdirSync(benchDir, { recursive: true });
  const file = join(benchDir, `declarations-${rows}.csv`);
  if (!existsSync(file)) await writeDeclarationCsv(file, rows);
  let ok = true;
  for (const dialect of dialects) {
    const feed = target(dialect, 'import');
    const raw = target(dialect, 'raw');
    try {
      let db = await feed.open();
      await migrateToLatest(db);
      await loadOrganisation(db);
      await db.close();
      const { stdout } = await run(process.execPath, [...importNodeFlags(feed.url), join(import.meta.dirname, 'import-child.mjs'), feed.url, feed.schema ?? '', file], { maxBuffer: 1 << 20 });
      const result = JSON.parse(stdout) as { summary: { created: number; rejected: number }; ms: number; maxRssMb: number };
      if (result.summary.created !== rows) throw new Error(`expected ${rows} created, got ${JSON.stringify(result.summary)}`);
      const rate = rows / (result.ms / 1000);

      db = await feed.open();
      const facts = await readBackDeclarations(db);
      await db.close();
      const baselineDb = await raw.open();
      await migrateToLatest(baselineDb);
      const baselineMs = await insertRawDeclarations(baselineDb, facts);
      await baselineDb.close();
      const baselineRate = rows / (baselineMs / 1000);

      const label = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
      ok = report({
        name: `import ${rows.toLocaleString('en-US')} declarations from CSV, ${label}`, value: rate, unit: 'declarations/s',
        baseline: { name: dialect === 'sqlite' ? 'prepared-statement loop' : 'COPY', value: baselineRate },
        target: { op: '>=', value: dialect === 'sqlite' ? 40_000 : 30_000 },
      }) && ok;
      ok = report({ name: `import peak RSS, ${label}`, value: result.maxRssMb, unit: 'MB', target: { op: '<=', value: 300 } }) && ok;
    } finally {
      await feed.drop();
      await raw.drop();
    }
  }
  return ok;
}
