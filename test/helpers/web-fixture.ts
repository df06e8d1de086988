import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { systemActor } from '../../src/audit/audit.service.js';
import { completeTaxCode } from '../../src/businesses/tax-code.js';
import { loadConfig } from '../../src/config.js';
import { dbTest } from './databases.js';
import type { Db } from '../../src/db/database.js';
import { submitDeclarations } from '../../src/declarations/declarations.service.js';
import { writeOfficerRows } from '../../src/officers/officers.service.js';
import { writeUnitRows } from '../../src/units/units.service.js';
import { createUser, type NewUser } from '../../src/users/users.service.js';
import { Client } from './app.js';

/**
 * A small organisation for page tests: a department, two sub-departments (one named with markup,
 * to prove escaping), a team each, 120 officers (three pages), one transferred mid-year, and
 * `declarations` declarations spread over April–June 2020, every tenth not yet cleared.
 */
export const hostileName = '<script>alert("x")</script> Đội & Co';

const units = [
  { code: 'HQ', parentCode: null, nameVi: 'Cục Hải quan Thử nghiệm', nameEn: 'Test Customs Department', kind: 'department' as const, pilotFrom: null, pilotTo: null, liveFrom: null },
  { code: 'OF1', parentCode: 'HQ', nameVi: 'Chi cục Hải quan Đình Vũ', nameEn: 'Dinh Vu Customs Sub-department', kind: 'office' as const, pilotFrom: '2020-03-25', pilotTo: '2020-03-31', liveFrom: '2020-04-01' },
  { code: 'OF1-T1', parentCode: 'OF1', nameVi: 'Đội Thủ tục', nameEn: 'Procedures Team', kind: 'team' as const, pilotFrom: null, pilotTo: null, liveFrom: null },
  { code: 'OF2', parentCode: 'HQ', nameVi: hostileName, nameEn: hostileName, kind: 'office' as const, pilotFrom: null, pilotTo: null, liveFrom: '2020-04-01' },
  { code: 'OF2-T1', parentCode: 'OF2', nameVi: 'Đội Giám sát', nameEn: 'Supervision Team', kind: 'team' as const, pilotFrom: null, pilotTo: null, liveFrom: null },
];

export const officerCount = 120;

function officerRows() {
  const rows = [
    { code: 'CB001', fullName: 'Nguyễn Văn An', unitCode: 'OF1-T1', from: '2018-01-01', to: '2020-05-15' },
    { code: 'CB001', fullName: 'Nguyễn Văn An', unitCode: 'OF2-T1', from: '2020-05-16', to: null },
    { code: 'CB002', fullName: 'Đỗ Thị Bình', unitCode: 'OF1-T1', from: '2018-01-01', to: null },
    { code: 'CB003', fullName: hostileName, unitCode: 'OF2-T1', from: '2018-01-01', to: null },
  ];
  for (let i = 4; i <= officerCount; i++) {
    rows.push({ code: `CB${String(i).padStart(3, '0')}`, fullName: `Trần Văn Số ${i}`, unitCode: i % 2 ? 'OF1-T1' : 'OF2-T1', from: '2018-01-01', to: null });
  }
  return rows.map((value, i) => ({ line: i + 2, value }));
}

export const declarantTaxCode = completeTaxCode('010010001')!;

/** Declaration i: import (even) or export (odd), every 7th a dossier; office OF1 for i < 60 else OF2. */
export function declarationItem(i: number) {
  const kind = i % 7 === 6 ? 'dossier' : i % 2 === 0 ? 'import' : 'export';
  const day = new Date(Date.UTC(2020, 3, 1 + Math.floor(i / 2))).toISOString().slice(0, 10);
  const seq = String(i).padStart(9, '0');
  return {
    declarationNo: kind === 'dossier' ? `HS/${seq}` : `${kind === 'import' ? '10' : '30'}${seq}0`,
    kind, typeCode: kind === 'import' ? 'A11' : kind === 'export' ? 'B11' : '',
    officeCode: i < 60 ? 'OF1' : 'OF2', declarantTaxCode, declarantName: i === 0 ? hostileName : `Công ty Thử ${i}`,
    registeredAt: `${day}T08:00:00`, clearedAt: i % 10 === 9 ? null : `${day}T09:30:00`,
    channel: kind === 'dossier' ? null : String((i % 3) + 1),
    handlers: [{ step: 'reception', officerCode: 'CB001' }, { step: 'document_check', officerCode: 'CB002' }],
  };
}

export async function seedWebFixture(db: Db, declarations: number): Promise<void> {
  await writeUnitRows(db.kysely, units.map((value, i) => ({ line: i + 2, value })));
  await writeOfficerRows(db.kysely, officerRows());
  const items = Array.from({ length: declarations }, (_, i) => declarationItem(i));
  const results = await submitDeclarations(db, items, 'en');
  const rejected = results.filter((r) => r.status === 'rejected');
  if (rejected.length > 0) throw new Error(`fixture rejected: ${JSON.stringify(rejected[0])}`);
}

/** A fresh app over the database, closed (with its temporary data dir removed) by the returned function. */
export async function webApp(db: Db): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hailong-web-'));
  const app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'x'.repeat(32) }), db, logger: false });
  const close = async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { app, close };
}

/** A signed-in reader of the app (an administrator unless the account says otherwise). */
export async function signedInReader(db: Db, app: FastifyInstance, account: Omit<NewUser, 'password'> = { username: 'page.admin', role: 'admin' }): Promise<Client> {
  const password = 'page test password';
  await createUser(db.kysely, { displayName: 'Người đọc thử', ...account, password }, systemActor);
  const reader = new Client(app);
  const signIn = await reader.signIn(account.username, password);
  if (signIn.statusCode !== 303) throw new Error(`sign-in of ${account.username} failed: ${signIn.statusCode}`);
  return reader;
}

/**
 * A page test on both databases: a fresh database seeded with the fixture (with `declarations`
 * declarations, none by default), a fresh app, an administrator signed in, closed afterwards.
 */
export function webTest(name: string, body: (app: FastifyInstance, admin: Client, db: Db) => Promise<void>, options: { declarations?: number } = {}): void {
  dbTest(name, async (db) => {
    await seedWebFixture(db, options.declarations ?? 0);
    const { app, close } = await webApp(db);
    try {
      await body(app, await signedInReader(db, app), db);
    } finally {
      await close();
    }
  });
}

/** GET a page as a browser would ask for it, as the signed-in reader. */
export async function getPage(reader: Client, url: string) {
  const response = await reader.get(url);
  return { status: response.statusCode, body: response.body, type: String(response.headers['content-type'] ?? '') };
}

/** The href of the link with rel=next|prev, decoded from HTML. */
export function relLink(body: string, rel: 'next' | 'prev'): string | null {
  const match = new RegExp(`<a rel="${rel}" href="([^"]+)"`).exec(body);
  return match ? match[1]!.replaceAll('&amp;', '&') : null;
}

/** The text of every link into a section, e.g. every declaration number linked on the page. */
export function linkedCodes(body: string, prefix: string): string[] {
  return [...body.matchAll(new RegExp(`href="${prefix}/([^"?]+)"`, 'g'))].map((m) => decodeURIComponent(m[1]!));
}
