import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { buildDemo } from '../../src/demo/demo.service.js';

export interface DemoServer {
  url: string;
  close: () => Promise<void>;
}

/** The app on a random local port over a fresh SQLite demo database (removed on close). */
export async function startDemoServer(declarations = 500): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-e2e-'));
  const db = await openDatabase(`sqlite:${join(dir, 'demo.db')}`);
  await migrateToLatest(db);
  await buildDemo(db, { declarations });
  const app = await buildApp({ config: loadConfig({ DATA_DIR: dir, SECRET_KEY: 'x'.repeat(32) }), db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
