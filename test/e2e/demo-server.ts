import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { buildDemo } from '../../src/demo/demo.service.js';
import type { DemoCredential } from '../../src/demo/demo-users.js';

export interface DemoServer {
  url: string;
  /** The demo accounts, one per role (and a broker), with their random passwords. */
  credentials: DemoCredential[];
  close: () => Promise<void>;
}

export interface DemoServerOptions {
  declarations?: number;
  /** Settings for the server, e.g. LOGIN_MAX_FAILURES or SMTP_URL. */
  env?: Record<string, string>;
}

/** A port free right now: the server's own address must be known before it starts (PUBLIC_URL, in e-mailed links). */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}

/** The app on a local port over a fresh SQLite demo database (removed on close). */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-e2e-'));
  const db = await openDatabase(`sqlite:${join(dir, 'demo.db')}`);
  await migrateToLatest(db);
  const { credentials } = await buildDemo(db, { declarations: options.declarations ?? 500, secretKey: 'x'.repeat(32) });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ DATA_DIR: dir, SECRET_KEY: 'x'.repeat(32), PUBLIC_URL: url, ...options.env });
  const app = await buildApp({ config, db, logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    url,
    credentials,
    close: async () => {
      await app.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The demo account of a username, with its password. */
export function demoAccount(server: DemoServer, username: string): DemoCredential {
  const account = server.credentials.find((c) => c.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  return account;
}
