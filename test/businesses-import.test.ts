import assert from 'node:assert/strict';
import type { Db } from '../src/db/database.js';
import { importBusinessFile } from '../src/imports/reference-imports.js';
import { dbTest } from './helpers/databases.js';
import { businessColumns, countRows, csvFile, importWithErrors, type CsvRow } from './helpers/fixtures.js';

function business(tax_code: string, extra: Partial<CsvRow> = {}): CsvRow {
  return { tax_code, name: `Công ty ${tax_code}`, address: 'Hải Phòng', email: `xnk@${tax_code}.vn`, phone: '0225 3000 000', ...extra };
}

function importBusinesses(db: Db, rows: CsvRow[], options = {}) {
  return importWithErrors(importBusinessFile, db, csvFile('businesses.csv', businessColumns, rows, options));
}

function stored(db: Db, taxCode: string) {
  return db.kysely.selectFrom('businesses').select(['name', 'address', 'email', 'phone']).where('tax_code', '=', taxCode).executeTakeFirst();
}

dbTest('businesses with valid tax codes, branches included, are created with their contacts', async (db) => {
  const { summary, rejections } = await importBusinesses(db, [
    business('0100109106', { name: 'Tập đoàn Công nghiệp – Viễn thông Quân đội' }),
    business('0100109106-001', { email: '', phone: '', address: '' }),
  ], { bom: true, crlf: true });
  assert.deepEqual(rejections, []);
  assert.deepEqual(summary, { created: 2, updated: 0, unchanged: 0, rejected: 0 });
  assert.deepEqual(await stored(db, '0100109106'), {
    name: 'Tập đoàn Công nghiệp – Viễn thông Quân đội', address: 'Hải Phòng', email: 'xnk@0100109106.vn', phone: '0225 3000 000',
  });
  assert.deepEqual(await stored(db, '0100109106-001'), { name: 'Công ty 0100109106-001', address: null, email: null, phone: null });
});

dbTest('importing the same businesses again changes nothing; a changed contact updates the business', async (db) => {
  const rows = [business('0100109106'), business('0200123457'), business('0301234562')];
  await importBusinesses(db, rows);
  assert.deepEqual((await importBusinesses(db, rows)).summary, { created: 0, updated: 0, unchanged: 3, rejected: 0 });

  const changed = [business('0100109106', { email: 'haiquan@viettel.com.vn' }), business('0200123457', { name: 'Công ty mới' }), rows[2]!];
  assert.deepEqual((await importBusinesses(db, changed)).summary, { created: 0, updated: 2, unchanged: 1, rejected: 0 });
  assert.equal((await stored(db, '0100109106'))?.email, 'haiquan@viettel.com.vn');
  assert.equal((await stored(db, '0200123457'))?.name, 'Công ty mới');
  assert.equal(await countRows(db, 'businesses'), 3);
});

dbTest('each malformed business row is rejected with its code and line', async (db) => {
  const { summary, rejections } = await importBusinesses(db, [
    business('0100109106'),
    business('0100109107'), // wrong check digit
    business('1000000080'), // nine digits with no check digit at all
    business('010010910'),
    business('0100109106-01'),
    business('0200123457', { email: 'xnk@biendong' }),
    business('0200123457', { email: 'xnk biendong@vn.vn' }),
    business('0200123457', { name: '' }),
    business('', {}),
    business('0301234562', { address: 'x'.repeat(501) }),
  ]);
  assert.deepEqual(rejections.map((r) => [r.line, r.code]), [
    [3, 'invalid_tax_code'], [4, 'invalid_tax_code'], [5, 'invalid_tax_code'], [6, 'invalid_tax_code'],
    [7, 'invalid_email'], [8, 'invalid_email'], [9, 'missing_field'], [10, 'missing_field'], [11, 'field_too_long'],
  ]);
  assert.match(rejections[0]!.message, /Mã số thuế "0100109107" không hợp lệ \/ Invalid tax code "0100109107"/);
  assert.deepEqual(summary, { created: 1, updated: 0, unchanged: 0, rejected: 9 });
});

dbTest('a businesses file without the contract columns cannot be read at all', async (db) => {
  const path = csvFile('businesses.csv', ['tax_code', 'name'], [{ tax_code: '0100109106', name: 'Viettel' }]);
  await assert.rejects(importBusinessFile(db, path), /missing columns: address, email, phone/);
  assert.equal(await countRows(db, 'businesses'), 0);
});
