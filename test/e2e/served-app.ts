import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/** Serves the app on a free local port over `db`, with DATA_DIR `dir`; close() stops it, closes `db` and removes `dir`. */
export async function serveApp(db: Db, dir: string, secretKey: string): Promise<ServedApp> {
  const app = await buildApp({ config: loadConfig({ DATA_DIR: dir, SECRET_KEY: secretKey, LOG_LEVEL: 'silent' }), db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    async close() {
      await app.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
