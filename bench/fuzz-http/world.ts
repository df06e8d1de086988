// Builds an app in-process on a fresh database with one session / key per principal, and some data
// (a recent declaration with a rating token, a case, a problem with an attachment, a conference,
// a template with an item, an agreement, an association). Only reads the project's code.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { testApp, testConfig, memoryMailer } from '../../test/helpers/app.js';
import { buildApp } from '../../src/app.js';
import { freshDatabase } from '../../test/helpers/databases.js';
import { declarationItem, importNo, loadOrganisation, csvFile } from '../../test/helpers/fixtures.js';
import { createApiClient } from '../../src/api-clients/api-clients.service.js';
import { systemActor } from '../../src/audit/audit.service.js';
import { submitDeclarations } from '../../src/declarations/declarations.service.js';
import { createUser } from '../../src/users/users.service.js';
import { importAgreementFile, importAssociationFile, importAssociationMemberFile } from '../../src/partnership/partnership-imports.js';
import type { Db, Dialect } from '../../src/db/database.js';

export type P = 'anonymous' | 'admin' | 'inspector' | 'leader' | 'officer' | 'business' | 'feed' | 'vendor';
export const principals: P[] = ['anonymous', 'admin', 'inspector', 'leader', 'officer', 'business', 'feed', 'vendor'];
export const password = 'fuzz password 2020 ok';

export class Session {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly app: FastifyInstance, public apiKey?: string) {}
  cookieHeader(): string { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  absorb(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }
  baseHeaders(): Record<string, string> {
    const h: Record<string, string> = {};
    const cookie = this.cookieHeader();
    if (cookie) h.cookie = cookie;
    if (this.apiKey) h.authorization = `Bearer ${this.apiKey}`;
    return h;
  }
  async refreshCsrf() {
    const res = await this.app.inject({ method: 'GET', url: '/login', headers: { accept: 'text/html', ...this.baseHeaders() } });
    this.absorb(res);
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
  }
  async signIn(username: string) {
    this.cookies.clear();
    await this.refreshCsrf();
    const res = await this.app.inject({
      method: 'POST', url: '/login', headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...this.baseHeaders() },
      payload: new URLSearchParams({ _csrf: this.csrf, username, password }).toString(),
    });
    this.absorb(res);
    if (res.statusCode !== 303) throw new Error(`sign-in ${username}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    await this.refreshCsrf();
  }
}

export interface World {
  app: FastifyInstance;
  db: Db;
  dialect: Dialect;
  drop(): Promise<void>;
  dataDir: string;
  s: Record<P, Session>;
  usernames: Partial<Record<P, string>>;
  keys: { feed: string; vendor: string };
  ids: Record<string, string>;
  token: string; // rating token of a recent declaration (no 10)
  token1: string; // rating token of declaration 1 (window closed)
  recentNo: string;
  /** Re-signs principals whose session or key was lost. */
  heal(): Promise<string[]>;
}

export async function buildFuzzWorld(dialect: Dialect = 'sqlite', env: Record<string, string> = {}, logFile?: string): Promise<World> {
  // Its own database: a temporary SQLite file, or a PostgreSQL schema t_<hex> (as a test's), dropped afterwards.
  const fresh = await freshDatabase(dialect);
  const db = fresh.db;
  const dataDir = mkdtempSync(join(tmpdir(), 'hailong-fuzz-data-'));
  const fullEnv = { DATA_DIR: dataDir, PUBLIC_URL: 'https://hailong.example', LOGIN_MAX_FAILURES: '1000000', ...env };
  const app = logFile
    ? await buildApp({ config: testConfig(fullEnv), db, logger: { level: 'error', file: logFile }, mailer: memoryMailer() })
    : await testApp(db, { env: fullEnv });
  await app.ready();
  await loadOrganisation(db);
  await submitDeclarations(db, [declarationItem(1)], 'en');
  const usernames: Partial<Record<P, string>> = {
    admin: 'f.admin', inspector: 'f.inspector', leader: 'f.leader', officer: 'f.officer', business: 'f.business',
  };
  await createUser(db.kysely, { username: 'f.admin', password, role: 'admin' }, systemActor);
  await createUser(db.kysely, { username: 'f.inspector', password, role: 'inspector' }, systemActor);
  await createUser(db.kysely, { username: 'f.leader', password, role: 'leader', unitCode: '03CC' }, systemActor);
  await createUser(db.kysely, { username: 'f.officer', password, role: 'officer', officerCode: 'CC001' }, systemActor);
  await createUser(db.kysely, { username: 'f.business', password, role: 'business', taxCodes: ['0200123457'] }, systemActor);
  const victimUser = await createUser(db.kysely, { username: 'f.victim', password, role: 'business', taxCodes: ['0301234562'] }, systemActor);
  const keys = {
    feed: (await createApiClient(db.kysely, 'feed', 'fuzz feed')).key,
    vendor: (await createApiClient(db.kysely, 'vendor', 'fuzz vendor')).key,
  };
  const victimKey = await createApiClient(db.kysely, 'vendor', 'victim vendor');
  const s = {} as Record<P, Session>;
  s.anonymous = new Session(app);
  for (const p of ['admin', 'inspector', 'leader', 'officer', 'business'] as const) {
    s[p] = new Session(app);
    await s[p].signIn(usernames[p]!);
  }
  s.feed = new Session(app, keys.feed);
  s.vendor = new Session(app, keys.vendor);
  await s.anonymous.refreshCsrf();

  // A recent declaration (cleared 2 days ago), pushed by the feed: its rating token.
  const day = 86_400_000;
  const recent = declarationItem(10, { registeredAt: new Date(Date.now() - 2 * day).toISOString(), clearedAt: new Date(Date.now() - 2 * day + 3_600_000).toISOString() });
  const recent2 = declarationItem(11, { registeredAt: new Date(Date.now() - 2 * day).toISOString(), clearedAt: new Date(Date.now() - 2 * day + 3_600_000).toISOString() });
  const pushed = await app.inject({ method: 'POST', url: '/api/v1/declarations', headers: { authorization: `Bearer ${keys.feed}` }, payload: { declarations: [recent, recent2] } });
  const results = pushed.json<{ results: { declarationNo: string; status: string; ratingToken: string }[] }>().results;
  const token = results[0]!.ratingToken;
  const token11 = results[1]!.ratingToken;
  const link1 = await app.inject({ method: 'GET', url: `/api/v1/declarations/${importNo(1)}/rating-link`, headers: { authorization: `Bearer ${keys.feed}` } });
  const token1 = link1.json<{ token: string }>().token;
  // A low rating: opens case 1.
  const rated = await app.inject({ method: 'POST', url: '/api/v1/evaluations', headers: { authorization: `Bearer ${keys.vendor}` }, payload: { token, overall: 2, reasons: ['delay'], comment: 'chậm' } });
  if (rated.statusCode !== 201) throw new Error(`rate: ${rated.statusCode} ${rated.body}`);
  const rated2 = await app.inject({ method: 'POST', url: '/api/v1/evaluations', headers: { authorization: `Bearer ${keys.vendor}` }, payload: { token: token11, overall: 5 } });
  if (rated2.statusCode !== 201) throw new Error(`rate2: ${rated2.statusCode} ${rated2.body}`);
  // Problem 1 by the business (API), problem 2 by the vendor with the token.
  const csrfHeader = (p: P) => ({ 'x-csrf-token': s[p].csrf, ...s[p].baseHeaders() });
  const prob = await app.inject({ method: 'POST', url: '/api/v1/problems', headers: csrfHeader('business'), payload: { topic: 'procedure', question: 'Thủ tục C/O?' } });
  if (prob.statusCode >= 300) throw new Error(`problem: ${prob.statusCode} ${prob.body}`);
  const prob2 = await app.inject({ method: 'POST', url: '/api/v1/problems', headers: s.vendor.baseHeaders(), payload: { token, topic: 'origin', question: 'Xuất xứ?' } });
  if (prob2.statusCode >= 300) throw new Error(`problem2: ${prob2.statusCode} ${prob2.body}`);
  // Problem 3 through the portal form, with a PNG attachment (multipart).
  const png = Buffer.from('89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D4944415478DA63F8FFFF3F0005FE02FEA7D6A4830000000049454E44AE426082', 'hex');
  const boundary = '----fuzzboundary';
  const mp = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${s.business.csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="topic"\r\n\r\nother\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="question"\r\n\r\nCâu hỏi kèm ảnh\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from('\r\n'),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  const prob3 = await app.inject({ method: 'POST', url: '/problems', headers: { ...s.business.baseHeaders(), accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: mp });
  if (prob3.statusCode !== 303) throw new Error(`problem3: ${prob3.statusCode} ${prob3.body.slice(0, 500)}`);
  // Conference 1, template 1 with an item, agreement 1, association VAMA.
  const form = async (p: P, url: string, f: Record<string, string>) => {
    const res = await app.inject({ method: 'POST', url, headers: { ...s[p].baseHeaders(), accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: s[p].csrf, ...f }).toString() });
    if (res.statusCode >= 400) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res;
  };
  await form('admin', '/conferences', { title: 'Hội nghị 2020', heldOn: '2020-06-15', place: 'Hải Phòng' });
  await form('admin', '/conferences/1/invitations', { invitees: '0200123457' });
  await form('admin', '/admin/partnership/templates', { code: 'HQHP-DN', version: '2020', effective_on: '2020-02-17', title_vi: 'Mẫu 2020', title_en: '2020 template' });
  await form('admin', '/admin/partnership/templates/1/items', { title_vi: 'Quy chế', title_en: 'Rule', link: 'https://example.vn/quy-che' });
  await form('admin', '/admin/api-clients/2/webhooks', { url: 'https://vendor.example/hooks' });
  const ag = await importAgreementFile(db, csvFile('agreements.csv', ['tax_code', 'template', 'signed_on', 'signatory', 'status'], [{ tax_code: '0200123457', template: 'HQHP-DN/2020', signed_on: '2020-03-01', signatory: 'Nguyễn A', status: 'active' }]));
  if (ag.rejected) throw new Error('agreement rejected');
  await importAssociationFile(db, csvFile('associations.csv', ['code', 'name', 'rule_signed_on'], [{ code: 'VAMA', name: 'Hiệp hội', rule_signed_on: '2020-01-01' }]));
  await importAssociationMemberFile(db, csvFile('members.csv', ['association_code', 'tax_code'], [{ association_code: 'VAMA', tax_code: '0200123457' }]));

  const ids: Record<string, string> = {
    victimUser: String(victimUser), victimClient: String(victimKey.id ?? 3),
  };

  const world: World = {
    app, db, dialect, drop: () => fresh.drop(), dataDir, s, usernames, keys, ids, token, token1, recentNo: importNo(10),
    async heal() {
      const healed: string[] = [];
      for (const p of ['admin', 'inspector', 'leader', 'officer', 'business'] as const) {
        const res = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html', ...s[p].baseHeaders() } });
        if (res.statusCode !== 200) {
          await db.kysely.updateTable('users').set({ disabled_at: null } as never).where('username', '=', usernames[p]!).execute().catch(() => undefined);
          await s[p].signIn(usernames[p]!);
          healed.push(p);
        } else if (!s[p].csrf) await s[p].refreshCsrf();
      }
      for (const p of ['feed', 'vendor'] as const) {
        const res = await app.inject({ method: 'GET', url: `/api/v1/declarations/${importNo(1)}/rating-link`, headers: s[p].baseHeaders() });
        if (res.statusCode === 401) {
          const key = (await createApiClient(db.kysely, p, `fuzz ${p} again`)).key;
          s[p].apiKey = key;
          healed.push(p);
        }
      }
      await s.anonymous.refreshCsrf();
      return healed;
    },
  };
  return world;
}
