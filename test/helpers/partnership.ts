import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { systemActor } from '../../src/audit/audit.service.js';
import type { Db } from '../../src/db/database.js';
import { submitDeclarations } from '../../src/declarations/declarations.service.js';
import { importBusinessFile } from '../../src/imports/reference-imports.js';
import { importAgreementFile } from '../../src/partnership/partnership-imports.js';
import { createTemplate } from '../../src/partnership/templates.service.js';
import { testApp, type Client } from './app.js';
import { businessColumns, csvFile, declarationItem, loadOrganisation } from './fixtures.js';
import { signedInReader } from './web-fixture.js';

/** The two templates of the source: the 2018 one, and the 17/2/2020 one that added the appendix. */
export async function createSourceTemplates(db: Db): Promise<{ t2018: number; t2020: number }> {
  const t2018 = await createTemplate(db.kysely, {
    code: 'HQHP-DN', version: '2018', effective_on: '2018-03-01',
    title_vi: 'Bản thỏa thuận hợp tác Hải quan – Doanh nghiệp (mẫu 2018)', title_en: 'Customs–Business partnership agreement (2018 template)',
  }, systemActor);
  const t2020 = await createTemplate(db.kysely, {
    code: 'HQHP-DN', version: '2020', effective_on: '2020-02-17',
    title_vi: 'Bản thỏa thuận hợp tác Hải quan – Doanh nghiệp (mẫu 17/2/2020)', title_en: 'Customs–Business partnership agreement (17/2/2020 template)',
  }, systemActor);
  return { t2018: t2018.id, t2020: t2020.id };
}

/** A multipart/form-data body as a browser sends it: text fields, then one file. */
export function multipartBody(fields: Record<string, string>, file?: { field: string; name: string; type: string; data: Buffer }) {
  const boundary = `----hailong${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface PartnershipWorld {
  app: FastifyInstance;
  dataDir: string;
  /** Agreement ids: 2018 (terminated) and 2020 of 0200123457, 2020 of 0301234562 and of 0100109106. */
  ids: { a2018: number; a2020: number; other: number; noDeclarations: number };
  readers: Record<'admin' | 'inspector' | 'leader' | 'otherLeader' | 'officer' | 'business' | 'otherBusiness', Client>;
  close(): Promise<void>;
}

/**
 * The test organisation with declarations that make 03CC the most frequent office of 0200123457
 * (three there, one at 03EE) and 03EE that of 0301234562 (two there, one at 03CC); 0100109106 has
 * no declaration. Four agreements, and one signed-in reader per role.
 */
export async function partnershipWorld(db: Db): Promise<PartnershipWorld> {
  await loadOrganisation(db);
  await importBusinessFile(db, csvFile('businesses.csv', businessColumns, [{ tax_code: '0100109106', name: 'Tập đoàn Viễn thông Quân đội', address: '', email: '', phone: '' }]));
  const offices: [string, string][] = [['0200123457', '03CC'], ['0200123457', '03CC'], ['0200123457', '03CC'], ['0200123457', '03EE'],
    ['0301234562', '03EE'], ['0301234562', '03EE'], ['0301234562', '03CC']];
  const results = await submitDeclarations(db, offices.map(([taxCode, office], i) => declarationItem(100 + i, {
    declarantTaxCode: taxCode, declarantName: taxCode, officeCode: office,
    handlers: [{ step: 'reception', officerCode: office === '03CC' ? 'CC001' : 'EE001' }],
  })), 'en');
  if (results.some((r) => r.status === 'rejected')) throw new Error(`fixture declarations rejected: ${JSON.stringify(results)}`);
  await createSourceTemplates(db);
  const rows = [
    ['0200123457', 'HQHP-DN/2018', '2018-06-01', 'Nguyễn Văn Hải', 'terminated'],
    ['0200123457', 'HQHP-DN/2020', '2020-03-02', 'Nguyễn Văn Hải', 'active'],
    ['0301234562', 'HQHP-DN/2020', '2020-03-20', 'Trần Thị Lan', 'active'],
    ['0100109106', 'HQHP-DN/2020', '2020-11-05', 'Lê Văn Minh', 'active'],
  ].map(([tax_code, template, signed_on, signatory, status]) => ({ tax_code: tax_code!, template: template!, signed_on: signed_on!, signatory: signatory!, status: status! }));
  const summary = await importAgreementFile(db, csvFile('agreements.csv', ['tax_code', 'template', 'signed_on', 'signatory', 'status'], rows));
  if (summary.created !== 4) throw new Error(`fixture agreements: ${JSON.stringify(summary)}`);
  const agreements = await db.kysely.selectFrom('agreements').select('id').orderBy('id').execute();
  const [a2018, a2020, other, noDeclarations] = agreements.map((a) => Number(a.id)) as [number, number, number, number];
  const dataDir = mkdtempSync(join(tmpdir(), 'hailong-partnership-'));
  const app = await testApp(db, { env: { DATA_DIR: dataDir } });
  const reader = (username: string, account: Record<string, unknown>) => signedInReader(db, app, { username, ...account } as never);
  const readers = {
    admin: await reader('p.admin', { role: 'admin' }), inspector: await reader('p.inspector', { role: 'inspector' }),
    leader: await reader('p.leader', { role: 'leader', unitCode: '03CC' }), otherLeader: await reader('p.leader2', { role: 'leader', unitCode: '03EE' }),
    officer: await reader('p.officer', { role: 'officer', officerCode: 'CC001' }),
    business: await reader('p.business', { role: 'business', taxCodes: ['0200123457'] }),
    otherBusiness: await reader('p.business2', { role: 'business', taxCodes: ['0301234562'] }),
  };
  return {
    app, dataDir, ids: { a2018, a2020, other, noDeclarations }, readers,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
