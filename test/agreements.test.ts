import assert from 'node:assert/strict';
import type { Db } from '../src/db/database.js';
import { importAgreementFile } from '../src/partnership/partnership-imports.js';
import { dbTest } from './helpers/databases.js';
import { csvText, importWithErrors, loadOrganisation, writeTemp, type CsvRow } from './helpers/fixtures.js';
import { createSourceTemplates } from './helpers/partnership.js';

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
