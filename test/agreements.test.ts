import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../src/db/database.js';
import { submitDeclarations } from '../src/declarations/declarations.service.js';
import { rebuildAllRollups } from '../src/stats/rollup-rebuild.service.js';
import { Random } from '../src/demo/random.js';
import { sql } from 'kysely';
import * as partnershipMigration from '../src/db/migrations/0007_partnership.js';
import { partnershipFigures } from '../src/partnership/partnership-figures.service.js';
import { importAgreementFile } from '../src/partnership/partnership-imports.js';
import { dbTest } from './helpers/databases.js';
import { csvText, declarationItem, importWithErrors, loadOrganisation, writeTemp, type CsvRow } from './helpers/fixtures.js';
import { createSourceTemplates, multipartBody, partnershipWorld, type PartnershipWorld } from './helpers/partnership.js';

const columns = ['tax_code', 'template', 'signed_on', 'signatory', 'status'] as const;

function agreement(tax_code: string, extra: Partial<CsvRow> = {}): CsvRow {
  return { tax_code, template: 'HQHP-DN/2020', signed_on: '2020-03-02', signatory: 'Nguyễn Văn Hải, Giám đốc', status: 'active', ...extra };
}

function importAgreements(db: Db, rows: CsvRow[], trailer = '') {
  return importWithErrors(importAgreementFile, db, writeTemp('agreements.csv', csvText(columns, rows) + trailer));
}

async function stored(db: Db) {
  return db.kysely.selectFrom('agreements as a').innerJoin('businesses as b', 'b.id', 'a.business_id')
    .innerJoin('agreement_templates as t', 't.id', 'a.template_id')
    .select(['b.tax_code', 't.version', 'a.signed_on', 'a.signatory', 'a.status']).orderBy('b.tax_code').orderBy('t.version').execute();
}

dbTest('agreements import against their business and template version; each bad row is rejected with its code and physical line', async (db) => {
  await loadOrganisation(db);
  await createSourceTemplates(db);
  const { summary, rejections } = await importAgreements(db, [
    agreement('0200123457', { signatory: 'Nguyễn Văn Hải\nGiám đốc' }), // lines 2–3: a quoted line break
    agreement('0301234562', { template: 'HQHP-DN/2018', signed_on: '2018-05-10', status: 'Terminated' }), // 4
    agreement('0100109107'), // 5: wrong check digit
    agreement('0100109106'), // 6: a valid tax code of no business here
    agreement('0200123457', { template: 'HQHP-DN/2019' }), // 7
    agreement('0200123457', { template: 'HQHP-DN/2018', signed_on: '31/12/2020' }), // 8
    agreement('0200123457', { template: 'HQHP-DN/2018', status: 'expired' }), // 9
    agreement('0200123457', { template: 'HQHP-DN/2018', signatory: '' }), // 10
    agreement('0200123457', { signed_on: '2020-04-01' }), // 11: the same business and template again
    agreement('0301234562', { signed_on: '2020-01-10' }), // 12: before 17/2/2020
  ], '0301234562,HQHP-DN/2020,2020-05-05\n'); // 13: too few columns
  assert.deepEqual(rejections.map((r) => [r.line, r.code]), [
    [5, 'invalid_tax_code'], [6, 'unknown_business'], [7, 'unknown_agreement_template'], [8, 'invalid_date'],
    [9, 'invalid_agreement_status'], [10, 'missing_field'], [11, 'duplicate_in_file'], [12, 'signed_before_template'], [13, 'invalid_row'],
  ]);
  assert.match(rejections[2]!.message, /Không có mẫu thỏa thuận "HQHP-DN\/2019".* \/ No agreement template "HQHP-DN\/2019"/);
  assert.match(rejections[6]!.message, /dòng 2 /);
  assert.deepEqual(summary, { created: 2, updated: 0, unchanged: 0, rejected: 9 });
  assert.deepEqual(await stored(db), [
    { tax_code: '0200123457', version: '2020', signed_on: '2020-03-02', signatory: 'Nguyễn Văn Hải\nGiám đốc', status: 'active' },
    { tax_code: '0301234562', version: '2018', signed_on: '2018-05-10', signatory: 'Nguyễn Văn Hải, Giám đốc', status: 'terminated' },
  ]);
});

dbTest('importing the same agreements again changes nothing; a changed status or signatory updates the agreement', async (db) => {
  await loadOrganisation(db);
  await createSourceTemplates(db);
  const rows = [
    agreement('0200123457', { template: 'HQHP-DN/2018', signed_on: '2018-06-01', status: 'terminated' }),
    agreement('0200123457'),
    agreement('0301234562', { signed_on: '2020-11-20' }),
  ];
  assert.deepEqual((await importAgreements(db, rows)).summary, { created: 3, updated: 0, unchanged: 0, rejected: 0 });
  assert.deepEqual((await importAgreements(db, rows)).summary, { created: 0, updated: 0, unchanged: 3, rejected: 0 });
  const changed = [rows[0]!, agreement('0200123457', { status: 'terminated' }), agreement('0301234562', { signed_on: '2020-11-20', signatory: 'Trần Thị Lan' })];
  assert.deepEqual((await importAgreements(db, changed)).summary, { created: 0, updated: 2, unchanged: 1, rejected: 0 });
  const after = await stored(db);
  assert.equal(after.length, 3);
  assert.deepEqual(after.map((a) => a.status), ['terminated', 'terminated', 'active']);
  assert.equal(after[2]!.signatory, 'Trần Thị Lan');
});

dbTest('an agreements file without the contract columns cannot be read at all', async (db) => {
  const path = writeTemp('agreements.csv', 'tax_code,template\n0200123457,HQHP-DN/2020\n');
  await assert.rejects(importAgreementFile(db, path), /missing columns: signed_on, signatory, status/);
});

async function withWorld(db: Db, body: (w: PartnershipWorld) => Promise<void>): Promise<void> {
  const w = await partnershipWorld(db);
  try {
    await body(w);
  } finally {
    await w.close();
  }
}

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

/** Uploads a scan as the signed-in client's browser would (multipart, with the page's CSRF token). */
async function upload(w: PartnershipWorld, id: number, file?: { name: string; type: string; data: Buffer }, withToken = true) {
  const admin = w.readers.admin;
  const token = withToken ? await admin.csrfFrom(`/partnership/agreements/${id}`) : '';
  const body = multipartBody(withToken ? { _csrf: token } : {}, file ? { field: 'scan', ...file } : undefined);
  return admin.upload(`/partnership/agreements/${id}/scan`, body.payload, body.contentType);
}

dbTest('an administrator uploads the scanned PDF; it is stored under DATA_DIR/agreements and served back to admins, inspectors and the business alone', async (db) => {
  await withWorld(db, async (w) => {
    const scan = pdf('thoa thuan 0200123457');
    const stored = await upload(w, w.ids.a2020, { name: 'thoa-thuan.pdf', type: 'application/pdf', data: scan });
    assert.equal(stored.statusCode, 303);
    assert.equal(stored.headers.location, `/partnership/agreements/${w.ids.a2020}?uploaded=1`);
    const files = readdirSync(join(w.dataDir, 'agreements'));
    assert.equal(files.length, 1);
    assert.deepEqual(readFileSync(join(w.dataDir, 'agreements', files[0]!)), scan);
    const row = await db.kysely.selectFrom('agreements').select(['scan_path', 'scan_bytes']).where('id', '=', w.ids.a2020).executeTakeFirstOrThrow();
    assert.deepEqual(row, { scan_path: `agreements/${files[0]}`, scan_bytes: scan.length });
    await upload(w, w.ids.other, { name: 'other.pdf', type: 'application/pdf', data: pdf('thoa thuan 0301234562') });

    const url = `/partnership/agreements/${w.ids.a2020}/scan.pdf`;
    for (const name of ['admin', 'inspector', 'business'] as const) {
      const response = await w.readers[name].get(url);
      assert.equal(response.statusCode, 200, name);
      assert.equal(response.headers['content-type'], 'application/pdf');
      assert.deepEqual(response.rawPayload, scan, name);
    }
    // The leader reads the agreement but not the document; another business and the other leader find nothing.
    assert.equal((await w.readers.leader.get(url)).statusCode, 403);
    assert.equal((await w.readers.leader.get(`/partnership/agreements/${w.ids.a2020}`)).statusCode, 200);
    assert.equal((await w.readers.otherBusiness.get(url)).statusCode, 404);
    assert.equal((await w.readers.otherLeader.get(`/partnership/agreements/${w.ids.a2020}`)).statusCode, 404);
    assert.equal((await w.readers.business.get(`/partnership/agreements/${w.ids.other}/scan.pdf`)).statusCode, 404);
    assert.equal((await w.readers.business.get(`/partnership/agreements/${w.ids.other}`)).statusCode, 404);

    // A new scan replaces the old file.
    const replacement = pdf('ban ky lai');
    assert.equal((await upload(w, w.ids.a2020, { name: 'v2.pdf', type: 'application/pdf', data: replacement })).statusCode, 303);
    assert.equal(readdirSync(join(w.dataDir, 'agreements')).length, 2);
    assert.deepEqual((await w.readers.business.get(url)).rawPayload, replacement);
    const audited = await db.kysely.selectFrom('audit_events').select('action').where('entity', '=', 'agreement').execute();
    assert.equal(audited.length, 3);
  });
});

dbTest('a scan that is not a PDF by its content, larger than 10 MB, missing, or posted without the CSRF token is refused and nothing is stored', async (db) => {
  await withWorld(db, async (w) => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const cases: [Awaited<ReturnType<typeof upload>>, number, string][] = [
      [await upload(w, w.ids.a2020, { name: 'scan.pdf', type: 'application/pdf', data: png }), 415, 'scan_not_pdf'],
      [await upload(w, w.ids.a2020, { name: 'scan.pdf', type: 'application/pdf', data: Buffer.concat([pdf('big'), Buffer.alloc(10 * 1024 * 1024)]) }), 413, 'scan_too_large'],
      [await upload(w, w.ids.a2020, { name: '', type: 'application/octet-stream', data: Buffer.alloc(0) }), 400, 'scan_required'],
      [await upload(w, w.ids.a2020), 400, 'scan_required'],
      [await upload(w, w.ids.a2020, { name: 'scan.pdf', type: 'application/pdf', data: pdf('x') }, false), 403, 'csrf_failed'],
    ];
    for (const [response, status, code] of cases) {
      assert.equal(response.statusCode, status, code);
      assert.match(response.body, new RegExp(`<code>${code}</code>`), code);
    }
    assert.match(cases[0]![0].body, /không phải PDF/);
    // Anyone but an administrator is turned away before the upload is read.
    const leaderPost = multipartBody({ _csrf: await w.readers.leader.csrfFrom(`/partnership/agreements/${w.ids.a2020}`) }, { field: 'scan', name: 'x.pdf', type: 'application/pdf', data: pdf('x') });
    assert.equal((await w.readers.leader.upload(`/partnership/agreements/${w.ids.a2020}/scan`, leaderPost.payload, leaderPost.contentType)).statusCode, 403);
    const businessPost = multipartBody({}, { field: 'scan', name: 'x.pdf', type: 'application/pdf', data: pdf('x') });
    assert.equal((await w.readers.business.upload(`/partnership/agreements/${w.ids.a2020}/scan`, businessPost.payload, businessPost.contentType)).statusCode, 403);
    // Exactly 10 MB is accepted.
    const limit = Buffer.concat([pdf('limit'), Buffer.alloc(10 * 1024 * 1024 - pdf('limit').length)]);
    assert.equal((await upload(w, w.ids.a2018, { name: 'limit.pdf', type: 'application/pdf', data: limit })).statusCode, 303);
    const row = await db.kysely.selectFrom('agreements').select('scan_path').where('id', '=', w.ids.a2020).executeTakeFirstOrThrow();
    assert.equal(row.scan_path, null);
    assert.equal(readdirSync(join(w.dataDir, 'agreements')).length, 1);
  });
});

dbTest('figures match hand counts: per month and year, active, by the office where each business lodged most declarations, within the reader\'s scope', async (db) => {
  await withWorld(db, async () => {
    const all = await partnershipFigures(db.kysely, { kind: 'all' }, { group: 'year' });
    assert.deepEqual(all.totals, { signed: 4, active: 3, activeBusinesses: 3 });
    assert.deepEqual(all.perPeriod, [{ period: '2018', signed: 1, active: 0 }, { period: '2020', signed: 3, active: 3 }]);
    assert.deepEqual(all.byOffice.map((o) => [o.office?.code ?? null, o.signed, o.active]), [['03CC', 2, 1], ['03EE', 1, 1], [null, 1, 1]]);
    const months = await partnershipFigures(db.kysely, { kind: 'all' }, { group: 'month', from: '2020-01-01', to: '2020-10-31' });
    assert.deepEqual(months.perPeriod, [{ period: '2020-03', signed: 2, active: 2 }]);
    assert.deepEqual(months.totals, { signed: 2, active: 2, activeBusinesses: 2 });

    const path03CC = (await db.kysely.selectFrom('units').select('path').where('code', '=', '03CC').executeTakeFirstOrThrow()).path;
    const leader = await partnershipFigures(db.kysely, { kind: 'units', path: path03CC }, { group: 'year' });
    assert.deepEqual(leader.totals, { signed: 2, active: 1, activeBusinesses: 1 });
    assert.deepEqual(leader.perPeriod, [{ period: '2018', signed: 1, active: 0 }, { period: '2020', signed: 1, active: 1 }]);
    assert.deepEqual(leader.byOffice.map((o) => [o.office?.code, o.signed, o.active]), [['03CC', 2, 1]]);
    await assert.rejects(partnershipFigures(db.kysely, { kind: 'all' }, { from: '2020-12-01', to: '2020-01-01' }), /Invalid period/);
  });
});

dbTest('lists: a leader sees the agreements of businesses mainly at the subtree\'s offices; an officer none; search and filters narrow the list', async (db) => {
  await withWorld(db, async (w) => {
    const leaderList = (await w.readers.leader.get('/partnership/agreements')).body;
    assert.match(leaderList, /0200123457/);
    assert.doesNotMatch(leaderList, /0301234562|0100109106/);
    const otherList = (await w.readers.otherLeader.get('/partnership/agreements')).body;
    assert.match(otherList, /0301234562/);
    assert.doesNotMatch(otherList, /0200123457/);
    assert.equal((await w.readers.officer.get('/partnership/agreements')).statusCode, 403);
    assert.equal((await w.readers.business.get('/partnership/agreements')).statusCode, 403);
    const admin = w.readers.admin;
    const all = (await admin.get('/partnership/agreements')).body;
    assert.match(all, /4 thỏa thuận/);
    assert.match((await admin.get('/partnership/agreements?q=Vi%E1%BB%85n+th%C3%B4ng')).body, /1 thỏa thuận/);
    assert.match((await admin.get('/partnership/agreements?q=030123')).body, /1 thỏa thuận/);
    assert.match((await admin.get('/partnership/agreements?status=terminated')).body, /1 thỏa thuận/);
    assert.match((await admin.get('/partnership/agreements?from=2020-03-01&to=2020-03-31')).body, /2 thỏa thuận/);
    assert.equal((await admin.get('/partnership/agreements?from=2020-02-30')).statusCode, 400);
    const dashboard = await admin.get('/dashboard?from=2020-01-01&to=2020-12-31');
    assert.match(dashboard.body, /href="\/partnership\?from=2020-01-01&amp;to=2020-12-31"/, 'the dashboard links the figures of the same period');
    assert.doesNotMatch((await w.readers.officer.get('/dashboard')).body, /href="\/partnership/);
  });
});

dbTest('the business portal shows its own agreements and memberships only, in Vietnamese and in English', async (db) => {
  await withWorld(db, async (w) => {
    const vi = await w.readers.business.get('/partnership/agreement?lang=vi');
    assert.equal(vi.statusCode, 200);
    assert.match(vi.body, /<h1>Thỏa thuận hợp tác<\/h1>/);
    assert.match(vi.body, /Đã chấm dứt/);
    assert.doesNotMatch(vi.body, /0301234562|Trần Thị Lan/);
    const en = await w.readers.business.get('/partnership/agreement?lang=en');
    assert.match(en.body, /<h1>Partnership agreement<\/h1>/);
    assert.match(en.body, /17\/2\/2020 template/);
    assert.equal((await w.readers.leader.get('/partnership/agreement')).statusCode, 403);
    for (const lang of ['vi', 'en']) {
      const page = await w.readers.admin.get(`/partnership?lang=${lang}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, lang === 'vi' ? /Quan hệ đối tác Hải quan – Doanh nghiệp/ : /Customs–Business partnership/);
      assert.match(page.body, /id="figure-signed">4</);
    }
    assert.match((await w.readers.leader.get('/partnership')).body, /id="figure-signed">2</);
  });
});

dbTest('an administrator adds template versions and their appendix in order: a link or a file under DATA_DIR/rules, never elsewhere', async (db) => {
  await withWorld(db, async (w) => {
    const admin = w.readers.admin;
    const exists = await admin.post('/admin/partnership/templates', { code: 'HQHP-DN', version: '2020', effective_on: '2020-02-17', title_vi: 'x', title_en: 'y' }, '/admin/partnership');
    assert.equal(exists.statusCode, 409);
    assert.match(exists.body, /agreement_template_exists/);
    assert.match(exists.body, /value="HQHP-DN"/, 'the form keeps what was typed');
    const bad = await admin.post('/admin/partnership/templates', { code: 'HQ HP', version: '1', effective_on: '2021-01-01', title_vi: 'x', title_en: 'y' }, '/admin/partnership');
    assert.match(bad.body, /invalid_template_code/);
    const t2020 = (await db.kysely.selectFrom('agreement_templates').select('id').where('version', '=', '2020').executeTakeFirstOrThrow()).id;
    mkdirSync(join(w.dataDir, 'rules'), { recursive: true });
    writeFileSync(join(w.dataDir, 'rules', 'quy-che-1095.pdf'), pdf('quy che'));
    writeFileSync(join(w.dataDir, 'secret.key'), 'x'.repeat(40));
    const items = `/admin/partnership/templates/${t2020}/items`;
    const page = `/admin/partnership/templates/${t2020}`;
    const add = (form: Record<string, string>) => admin.post(items, { title_vi: 'Quy chế giải quyết vướng mắc', title_en: 'Problem resolution rule', ...form }, page);
    assert.equal((await add({ number: '1095/QĐ-HQHP', issued_on: '2019-12-20', file_path: 'rules/quy-che-1095.pdf' })).statusCode, 303);
    assert.equal((await add({ title_vi: 'Quy chế kiểm tra sau thông quan', link: 'https://haiquan.example.vn/kiem-tra-sau-thong-quan' })).statusCode, 303);
    for (const [form, code] of [
      [{ file_path: '../secret.key' }, 'invalid_appendix_path'], [{ file_path: 'secret.key' }, 'invalid_appendix_path'],
      [{ file_path: 'rules/missing.pdf' }, 'invalid_appendix_path'], [{ link: 'ftp://haiquan.example.vn/x' }, 'invalid_appendix_link'],
      [{}, 'appendix_location_required'], [{ link: 'https://a.vn', file_path: 'rules/quy-che-1095.pdf' }, 'appendix_location_required'],
      [{ link: 'https://a.vn', issued_on: '2019-02-30' }, 'invalid_date'],
    ] as const) {
      const refused = await add(form);
      assert.equal(refused.statusCode, 400, code);
      assert.match(refused.body, new RegExp(`<code>${code}</code>`), code);
    }
    const detail = await w.readers.business.get(`/partnership/templates/${t2020}?lang=en`);
    assert.equal(detail.statusCode, 200);
    const rows = [...detail.body.matchAll(/<tr><td>(\d)<\/td><td class="wrap">([^<]+)</g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(rows, [['1', 'Problem resolution rule'], ['2', 'Problem resolution rule']]);
    const fileItem = await db.kysely.selectFrom('agreement_appendix_items').select(['id', 'file_path']).where('position', '=', 1).where('template_id', '=', t2020).executeTakeFirstOrThrow();
    assert.equal(fileItem.file_path, 'rules/quy-che-1095.pdf');
    const served = await w.readers.officer.get(`/partnership/appendix/${fileItem.id}`);
    assert.equal(served.statusCode, 200);
    assert.deepEqual(served.rawPayload, pdf('quy che'));
    assert.equal((await w.readers.officer.get(`/partnership/appendix/${Number(fileItem.id) + 1}`)).statusCode, 404, 'a link is not served');
    assert.equal((await w.readers.leader.get(page)).statusCode, 403);
  });
});

dbTest('the feed keeps each business\'s declarations per office in its transaction: a declaration moved to another office moves the business\'s main office', async (db) => {
  await withWorld(db, async (w) => {
    const counts = async () => (await db.kysely.selectFrom('business_offices as c').innerJoin('businesses as b', 'b.id', 'c.business_id')
      .innerJoin('units as u', 'u.id', 'c.office_id').select(['b.tax_code', 'u.code', 'c.declarations'])
      .where('b.tax_code', '=', '0301234562').orderBy('u.code').execute()).map((r) => [r.code, Number(r.declarations)]);
    assert.deepEqual(await counts(), [['03CC', 1], ['03EE', 2]]);
    const moved = (n: number) => declarationItem(n, { declarantTaxCode: '0301234562', declarantName: 'x', officeCode: '03CC', handlers: [{ step: 'reception', officerCode: 'CC001' }] });
    // Declarations 104 and 105 (0301234562 at 03EE) are corrected to 03CC; sending them again changes nothing more.
    for (let i = 0; i < 2; i++) await submitDeclarations(db, [moved(104), moved(105)], 'en');
    assert.deepEqual(await counts(), [['03CC', 3], ['03EE', 0]]);
    const leaderList = (await w.readers.leader.get('/partnership/agreements')).body;
    assert.match(leaderList, /0301234562/, 'now mainly at 03CC');
    assert.doesNotMatch((await w.readers.otherLeader.get('/partnership/agreements')).body, /0301234562/);
    assert.equal((await w.readers.leader.get(`/partnership/agreements/${w.ids.other}`)).statusCode, 200);
    assert.equal((await w.readers.otherLeader.get(`/partnership/agreements/${w.ids.other}`)).statusCode, 404);
    // hailong rollups rebuild recounts both tables from the declarations.
    const main = () => db.kysely.selectFrom('business_main_offices').select(['business_id', 'office_id']).orderBy('business_id').execute();
    const before = await main();
    await db.kysely.deleteFrom('business_main_offices').execute();
    await db.kysely.deleteFrom('business_offices').execute();
    await rebuildAllRollups(db.kysely);
    assert.deepEqual(await counts(), [['03CC', 3]]);
    assert.deepEqual(await main(), before);
  });
});

/** Each business's most frequent office computed from the declarations themselves (ties: the lower office id). */
async function mainOfficesFromDeclarations(db: Db): Promise<string[]> {
  const rows = await sql<{ business_id: number; office_id: number; n: number }>`select business_id, office_id, n from (
    select declarant_id as business_id, office_id, count(*) as n,
      row_number() over (partition by declarant_id order by count(*) desc, office_id) as rn
    from declarations group by declarant_id, office_id) ranked where rn = 1 order by business_id`.execute(db.kysely);
  return rows.rows.map((r) => `${r.business_id}:${r.office_id}:${r.n}`);
}

dbTest('whatever the feed sends — new declarations, corrections to another office or declarant, repeats — the kept main office is the one the declarations give', async (db) => {
  await loadOrganisation(db);
  const random = new Random(42);
  const taxCodes = ['0200123457', '0301234562', '0100109106'];
  const sent = new Map<number, { taxCode: string; office: string }>();
  for (let batch = 0; batch < 12; batch++) {
    const items: { n: number; taxCode: string; office: string }[] = [];
    for (let k = 0; k < 15; k++) {
      // New declarations, and corrections of ones sent before (another office, another declarant, or the same again).
      const n = sent.size > 0 && random.next() < 0.4 ? random.pick([...sent.keys()]) : 500 + sent.size;
      const declaration = { taxCode: random.pick(taxCodes), office: random.pick(['03CC', '03EE']) };
      if (items.some((i) => i.n === n)) continue;
      sent.set(n, declaration);
      items.push({ n, ...declaration });
    }
    await submitDeclarations(db, items.map((i) => declarationItem(i.n, {
      declarantTaxCode: i.taxCode, declarantName: i.taxCode, officeCode: i.office,
      handlers: [{ step: 'reception', officerCode: i.office === '03CC' ? 'CC001' : 'EE001' }],
    })), 'en');
    const kept = (await db.kysely.selectFrom('business_main_offices').select(['business_id', 'office_id', 'declarations']).orderBy('business_id').execute())
      .map((r) => `${r.business_id}:${r.office_id}:${r.declarations}`);
    assert.deepEqual(kept, await mainOfficesFromDeclarations(db), `after batch ${batch + 1}`);
  }
});

dbTest('migration 0007 seeds the declarations per business and office, and the main offices, from the declarations already stored', async (db) => {
  await withWorld(db, async () => {
    const expected = await mainOfficesFromDeclarations(db);
    assert.equal(expected.length, 2);
    await partnershipMigration.down(db.kysely);
    await partnershipMigration.up(db.kysely);
    const seeded = (await db.kysely.selectFrom('business_main_offices').select(['business_id', 'office_id', 'declarations']).orderBy('business_id').execute())
      .map((r) => `${r.business_id}:${r.office_id}:${r.declarations}`);
    assert.deepEqual(seeded, expected);
  });
});
