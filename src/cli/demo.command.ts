import { rmSync } from 'node:fs';
import type { Config } from '../config.js';
import { openDatabase, sqlitePathOf, type Db } from '../db/database.js';
import { migrateToLatest, migrateToZero } from '../db/migrate.js';
import { countDeclarations } from '../declarations/declarations.repository.js';
import { buildDemo } from '../demo/demo.service.js';
import { serve } from '../server.js';
import { print, printError, UsageError } from './output.js';

export interface DemoCommandOptions {
  declarations?: string;
  reset?: boolean;
  serve?: boolean;
}

async function resetDatabase(config: Config): Promise<void> {
  if (config.databaseUrl.startsWith('sqlite:')) {
    const path = sqlitePathOf(config.databaseUrl);
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    return;
  }
  const db = await openDatabase(config.databaseUrl);
  try {
    await migrateToZero(db);
  } finally {
    await db.close();
  }
}

/** `hailong demo [--declarations N] [--reset] [--serve]` */
export async function demoCommand(config: Config, options: DemoCommandOptions): Promise<number> {
  const count = options.declarations === undefined ? 60_000 : Number(options.declarations);
  if (!Number.isInteger(count) || count < 0) throw new UsageError('--declarations needs a whole number');
  if (options.reset) await resetDatabase(config);
  const db: Db = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    if ((await countDeclarations(db.kysely)) > 0) {
      printError('hailong: cơ sở dữ liệu đã có dữ liệu; dùng --reset để tạo lại / the database is not empty; use --reset to rebuild it');
      return 2;
    }
    const started = Date.now();
    const result = await buildDemo(db, {
      declarations: count,
      secretKey: config.secretKey,
      dataDir: config.dataDir,
      onProgress: process.stderr.isTTY ? (done, total) => process.stderr.write(`\rdemo: ${done}/${total}`) : undefined,
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    print(`Dữ liệu mẫu / demo data (${((Date.now() - started) / 1000).toFixed(1)} s): ${result.units} units, ${result.officers} officers, ` +
      `${result.businesses} businesses, ${result.declarations} declarations, ${result.evaluations} evaluations, ${result.cases} cases, ` +
      `${result.agreements} partnership agreements, ${result.associations} associations`);
    print('\nTài khoản mẫu / demo accounts (vai trò / role, tên đăng nhập / username, mật khẩu / password, phạm vi / scope):');
    for (const c of result.credentials) print(`  ${c.role.padEnd(10)} ${c.username.padEnd(14)} ${c.password}  ${c.scope}`);
  } finally {
    await db.close();
  }
  if (options.serve) {
    await serve(config);
    print(`Mở / open http://localhost:${config.port}`);
  }
  return 0;
}
