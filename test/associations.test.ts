import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBusinessRows } from '../src/businesses/businesses.service.js';
import { demoBusinesses } from '../src/demo/demo-feed.js';
import { buildDemoPartnership } from '../src/demo/demo-partnership.js';
import { agreementsPerPage, browseAgreements } from '../src/partnership/agreements.service.js';
import { Random } from '../src/demo/random.js';
import type { Db } from '../src/db/database.js';
import { importAssociationFile, importAssociationMemberFile } from '../src/partnership/partnership-imports.js';
import { partnershipFigures } from '../src/partnership/partnership-figures.service.js';
import { before, test } from 'node:test';
import { buildCli, cliDataDir, hailong } from './helpers/cli.js';
import { dbTest, dialects, freshDatabase } from './helpers/databases.js';
import { csvFile, importWithErrors, loadOrganisation, readRejections, type CsvRow } from './helpers/fixtures.js';
import { createSourceTemplates, partnershipWorld } from './helpers/partnership.js';

const associationColumns = ['code', 'name', 'rule_signed_on'] as const;
const memberColumns = ['association_code', 'tax_code'] as const;

const sourceAssociations: CsvRow[] = [
  { code: 'VAMA', name: 'Hiệp hội các nhà sản xuất ô tô Việt Nam (VAMA)', rule_signed_on: '2019-06-12' },
  { code: 'EUROCHAM', name: 'Phòng Thương mại châu Âu tại Việt Nam (EuroCham)', rule_signed_on: '2019-09-20' },
  { code: 'VITAS', name: 'Hiệp hội Dệt may Việt Nam (VITAS)', rule_signed_on: '2020-05-08' },
  { code: 'KOCHAM', name: 'Hiệp hội Doanh nghiệp Hàn Quốc tại Việt Nam (KoCham)', rule_signed_on: '' },
];

function importAssociations(db: Db, rows: CsvRow[]) {
  return importWithErrors(importAssociationFile, db, csvFile('associations.csv', associationColumns, rows));
}

function importMembers(db: Db, rows: CsvRow[]) {
  return importWithErrors(importAssociationMemberFile, db, csvFile('association-members.csv', memberColumns, rows));
}

dbTest('associations import with their coordination rule; re-importing changes nothing, a renamed one is updated', async (db) => {
  assert.deepEqual((await importAssociations(db, sourceAssociations)).summary, { created: 4, updated: 0, unchanged: 0, rejected: 0 });
  assert.deepEqual((await importAssociations(db, sourceAssociations)).summary, { created: 0, updated: 0, unchanged: 4, rejected: 0 });
  const changed = sourceAssociations.map((a) => (a.code === 'KOCHAM' ? { ...a, rule_signed_on: '2020-10-15' } : a));
  assert.deepEqual((await importAssociations(db, changed)).summary, { created: 0, updated: 1, unchanged: 3, rejected: 0 });
  const kocham = await db.kysely.selectFrom('associations').selectAll().where('code', '=', 'KOCHAM').executeTakeFirstOrThrow();
  assert.equal(kocham.rule_signed_on, '2020-10-15');
});

dbTest('each bad association row is rejected with its code and line', async (db) => {
  const { summary, rejections } = await importAssociations(db, [
    sourceAssociations[0]!,
    { code: 'VAMA 2', name: 'x', rule_signed_on: '' },
    { code: 'VPA', name: '', rule_signed_on: '' },
    { code: 'VPA', name: 'Hiệp hội Xăng dầu Việt Nam', rule_signed_on: '2020-02-30' },
    { code: 'VAMA', name: 'again', rule_signed_on: '' },
    { code: 'VLA', name: 'x'.repeat(301), rule_signed_on: '' },
  ]);
  assert.deepEqual(rejections.map((r) => [r.line, r.code]), [
    [3, 'invalid_association_code'], [4, 'missing_field'], [5, 'invalid_date'], [6, 'duplicate_in_file'], [7, 'field_too_long'],
  ]);
  assert.deepEqual(summary, { created: 1, updated: 0, unchanged: 0, rejected: 5 });
});

dbTest('members join an association by code and tax code; bad rows are rejected with their codes; a second import is unchanged', async (db) => {
  await loadOrganisation(db);
  await importAssociations(db, sourceAssociations);
  const rows = [
    { association_code: 'VAMA', tax_code: '0200123457' },
    { association_code: 'VAMA', tax_code: '0301234562' },
    { association_code: 'KOCHAM', tax_code: '0200123457' },
    { association_code: 'VCCI', tax_code: '0200123457' }, // 5: no such association
    { association_code: 'VAMA', tax_code: '0100109106' }, // 6: no such business
    { association_code: 'VAMA', tax_code: '0100109107' }, // 7: invalid tax code
    { association_code: 'VAMA', tax_code: '0200123457' }, // 8: repeated
    { association_code: '', tax_code: '0200123457' }, // 9
  ];
  const first = await importMembers(db, rows);
  assert.deepEqual(first.rejections.map((r) => [r.line, r.code]), [
    [5, 'unknown_association'], [6, 'unknown_business'], [7, 'invalid_tax_code'], [8, 'duplicate_in_file'], [9, 'missing_field'],
  ]);
  assert.match(first.rejections[0]!.message, /Không có hiệp hội mã "VCCI" \/ No association with code "VCCI"/);
  assert.deepEqual(first.summary, { created: 3, updated: 0, unchanged: 0, rejected: 5 });
  assert.deepEqual((await importMembers(db, rows.slice(0, 3))).summary, { created: 0, updated: 0, unchanged: 3, rejected: 0 });
  const members = await db.kysely.selectFrom('association_members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(members.n), 3);
});

dbTest('association pages and figures: every association for staff, members within the reader\'s scope, a business its own memberships', async (db) => {
  const w = await partnershipWorld(db);
  try {
    await importAssociations(db, sourceAssociations);
    await importMembers(db, [
      { association_code: 'VAMA', tax_code: '0200123457' }, { association_code: 'VAMA', tax_code: '0301234562' },
      { association_code: 'KOCHAM', tax_code: '0200123457' }, { association_code: 'EUROCHAM', tax_code: '0100109106' },
    ]);
    const all = await partnershipFigures(db.kysely, { kind: 'all' }, {});
    assert.deepEqual(all.associations, {
      associations: 4, rules: 3, memberships: 4, memberBusinesses: 3,
      rulesPerYear: [{ year: '2019', rules: 2 }, { year: '2020', rules: 1 }],
    });
    const path = (await db.kysely.selectFrom('units').select('path').where('code', '=', '03CC').executeTakeFirstOrThrow()).path;
    const leader = await partnershipFigures(db.kysely, { kind: 'units', path }, {});
    assert.deepEqual([leader.associations.associations, leader.associations.memberships, leader.associations.memberBusinesses], [4, 2, 1]);

    const adminVama = await w.readers.admin.get('/partnership/associations/VAMA');
    assert.equal(adminVama.statusCode, 200);
    assert.match(adminVama.body, /0200123457[\s\S]*0301234562/);
    const leaderVama = await w.readers.leader.get('/partnership/associations/VAMA?lang=en');
    assert.match(leaderVama.body, /1 members, by tax code/);
    assert.doesNotMatch(leaderVama.body, /0301234562/);
    const list = await w.readers.leader.get('/partnership/associations?lang=vi');
    assert.match(list.body, /EuroCham/);
    assert.match(list.body, /Chưa ký/, 'KoCham has no coordination rule yet');
    assert.equal((await w.readers.admin.get('/partnership/associations/VCCI')).statusCode, 404);
    assert.equal((await w.readers.officer.get('/partnership/associations')).statusCode, 403);
    assert.equal((await w.readers.business.get('/partnership/associations/VAMA')).statusCode, 403);
    const portal = await w.readers.business.get('/partnership/agreement');
    assert.match(portal.body, /KoCham[\s\S]*VAMA/);
    assert.doesNotMatch(portal.body, /EuroCham/);
  } finally {
    await w.close();
  }
});

dbTest('the demo programme: the 2018 and 17/2/2020 templates (with its six rules), agreements for about 70 % of the businesses, 21 associations with members', async (db) => {
  const random = new Random(7);
  const businesses = demoBusinesses(random, 300);
  await writeBusinessRows(db.kysely, businesses);
  const taxCodes = businesses.map((b) => b.value.tax_code);
  const dataDir = mkdtempSync(join(tmpdir(), 'hailong-demo-partnership-'));
  try {
    const result = await buildDemoPartnership(db, random, taxCodes, dataDir);
    assert.equal(result.associations, 21);
    const templates = await db.kysely.selectFrom('agreement_templates as t').leftJoin('agreement_appendix_items as i', 'i.template_id', 't.id')
      .select(['t.version', 't.effective_on']).select((eb) => eb.fn.count<number>('i.id').as('items')).groupBy(['t.version', 't.effective_on']).orderBy('t.version').execute();
    assert.deepEqual(templates.map((t) => [t.version, t.effective_on, Number(t.items)]), [['2018', '2018-03-01', 0], ['2020', '2020-02-17', 6]]);
    const files = await db.kysely.selectFrom('agreement_appendix_items').select('file_path').execute();
    assert.ok(files.every((f) => f.file_path && existsSync(join(dataDir, f.file_path))));
    const signers = await db.kysely.selectFrom('agreements').select((eb) => eb.fn.count<number>('business_id').distinct().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(signers.n), Math.round(300 * 17_447 / 25_000));
    const own = await db.kysely.selectFrom('agreements as a').innerJoin('businesses as b', 'b.id', 'a.business_id')
      .select(['a.status', 'a.scan_path']).where('b.tax_code', '=', taxCodes[0]!).execute();
    assert.equal(own.length, 1);
    assert.equal(own[0]!.status, 'active');
    assert.ok(own[0]!.scan_path && existsSync(join(dataDir, own[0]!.scan_path)));
    const rules = await db.kysely.selectFrom('associations').select('code').where('rule_signed_on', 'is', null).execute();
    assert.deepEqual(rules, [], 'every association has signed its coordination rule');
    const members = await db.kysely.selectFrom('association_members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(members.n), result.memberships);
    // The list pages through them: every agreement once, newest signature first.
    const first = await browseAgreements(db.kysely, { kind: 'all' }, {});
    assert.equal(first.total, result.agreements);
    assert.equal(first.pages, Math.ceil(result.agreements / agreementsPerPage));
    const seen = new Set<number>();
    let previous = '9999-12-31';
    for (let page = 1; page <= first.pages; page++) {
      for (const a of (await browseAgreements(db.kysely, { kind: 'all' }, { page })).agreements) {
        seen.add(Number(a.id));
        assert.ok(a.signed_on <= previous);
        previous = a.signed_on;
      }
    }
    assert.equal(seen.size, result.agreements);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

before(buildCli);

for (const dialect of dialects) {
  test(`hailong import agreements|associations|association-members: --json prints the summary, --errors the rejected lines, exit codes as for every import [${dialect}]`, async () => {
    const fresh = await freshDatabase(dialect);
    try {
      await loadOrganisation(fresh.db);
      await createSourceTemplates(fresh.db);
      const env = { DATABASE_URL: fresh.url };
      const dir = cliDataDir('hailong-cli-partnership-');
      const errors = join(dir, 'errors.csv');
      const agreements = csvFile('agreements.csv', ['tax_code', 'template', 'signed_on', 'signatory', 'status'], [
        { tax_code: '0200123457', template: 'HQHP-DN/2020', signed_on: '2020-03-02', signatory: 'Nguyễn Văn Hải', status: 'active' },
        { tax_code: '0301234562', template: 'HQHP-DN/2018', signed_on: '2019-01-15', signatory: 'Trần Thị Lan', status: 'active' },
        { tax_code: '0301234562', template: 'HQHP-DN/2021', signed_on: '2021-01-15', signatory: 'Trần Thị Lan', status: 'active' },
      ]);
      const first = await hailong(['import', 'agreements', agreements, '--json', '--errors', errors], env, dir);
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(JSON.parse(first.stdout), { created: 2, updated: 0, unchanged: 0, rejected: 1 });
      assert.deepEqual(readRejections(errors).map((r) => [r.line, r.code]), [[4, 'unknown_agreement_template']]);
      const again = await hailong(['import', 'agreements', agreements, '--json'], env, dir);
      assert.deepEqual(JSON.parse(again.stdout), { created: 0, updated: 0, unchanged: 2, rejected: 1 });

      const associations = await hailong(['import', 'associations', csvFile('associations.csv', associationColumns, sourceAssociations)], env, dir);
      assert.equal(associations.code, 0, associations.stderr);
      assert.match(associations.stdout, /Tạo mới 4 .*\nCreated 4 /);
      const members = csvFile('association-members.csv', memberColumns, [{ association_code: 'VAMA', tax_code: '0200123457' }, { association_code: 'VCCI', tax_code: '0200123457' }]);
      const joined = await hailong(['import', 'association-members', members, '--json', '--errors', errors], env, dir);
      assert.deepEqual(JSON.parse(joined.stdout), { created: 1, updated: 0, unchanged: 0, rejected: 1 });
      assert.deepEqual(readRejections(errors).map((r) => [r.line, r.code]), [[3, 'unknown_association']]);

      assert.equal((await hailong(['import', 'agreement', agreements], env, dir)).code, 64, 'an unknown kind is a usage error');
      const lacking = await hailong(['import', 'association-members', csvFile('m.csv', ['tax_code'], [{ tax_code: '0200123457' }])], env, dir);
      assert.equal(lacking.code, 2);
      assert.match(lacking.stderr, /missing columns: association_code/);
    } finally {
      await fresh.drop();
    }
  });
}
