import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeBusinessRows } from '../src/businesses/businesses.service.js';
import type { Db } from '../src/db/database.js';
import { AppError } from '../src/errors.js';
import { importBusinessFile, importOfficerFile } from '../src/imports/reference-imports.js';
import { SeenKeys } from '../src/imports/seen-keys.js';
import { dbTest, dialects, freshDatabase } from './helpers/databases.js';
import { businessColumns, csvFile, importWithErrors, loadOrganisation, officerColumns, type CsvRow } from './helpers/fixtures.js';

function business(tax_code: string, extra: Partial<CsvRow> = {}): CsvRow {
  return { tax_code, name: `Công ty ${tax_code}`, address: 'Hải Phòng', email: '', phone: '', ...extra };
}

function assignment(officer_code: string, unit_code: string, from: string, to = ''): CsvRow {
  return { officer_code, full_name: `Công chức ${officer_code}`, unit_code, from, to };
}

const importBusinesses = (db: Db, rows: CsvRow[]) => importWithErrors(importBusinessFile, db, csvFile('businesses.csv', businessColumns, rows));
const importOfficers = (db: Db, rows: CsvRow[]) => importWithErrors(importOfficerFile, db, csvFile('officers.csv', officerColumns, rows));

function storedBusiness(db: Db, taxCode: string) {
  return db.kysely.selectFrom('businesses').select(['name', 'address']).where('tax_code', '=', taxCode).executeTakeFirstOrThrow();
}

dbTest('a tax code repeated in businesses.csv is a duplicate of its first line, so a re-import changes nothing', async (db) => {
  const rows = [
    business('0100109106'),
    business('0100109106-001'),
    business('0100109106', { name: 'Tên khác', address: 'Hà Nội' }),
    business('0100109106-001', { phone: '0225 3000 000' }),
  ];

  const first = await importBusinesses(db, rows);

  assert.deepEqual(first.summary, { created: 2, updated: 0, unchanged: 0, rejected: 2 });
  assert.deepEqual(first.rejections, [
    { line: 4, code: 'duplicate_in_file', message: 'Giá trị "0100109106" đã có ở dòng 2 của cùng tệp / "0100109106" already appears at line 2 of the same file' },
    { line: 5, code: 'duplicate_in_file', message: 'Giá trị "0100109106-001" đã có ở dòng 3 của cùng tệp / "0100109106-001" already appears at line 3 of the same file' },
  ]);
  assert.deepEqual(await storedBusiness(db, '0100109106'), { name: 'Công ty 0100109106', address: 'Hải Phòng' }, 'the first row wins');

  const second = await importBusinesses(db, rows);

  assert.deepEqual(second.summary, { created: 0, updated: 0, unchanged: 2, rejected: 2 });
  assert.deepEqual(second.rejections, first.rejections);
});

dbTest('businesses written in several batches of one run share one set: a repeat in a later batch is a duplicate', async (db) => {
  const row = (line: number, name: string) => ({ line, value: { tax_code: '0100109106', name, address: null, email: null, phone: null } });
  const seen = new SeenKeys();
  assert.deepEqual(await writeBusinessRows(db.kysely, [row(2, 'Công ty A')], seen), ['created']);
  const [repeat] = await writeBusinessRows(db.kysely, [row(3, 'Công ty B')], seen);
  assert.ok(repeat instanceof AppError);
  assert.deepEqual([repeat.code, repeat.params], ['duplicate_in_file', { value: '0100109106', line: 2 }]);
  assert.equal((await storedBusiness(db, '0100109106')).name, 'Công ty A');
});

dbTest('the same officer with the same first day twice in officers.csv is a duplicate; another day or officer is not', async (db) => {
  await loadOrganisation(db);
  const rows = [
    assignment('NEW01', '03CC-T1', '2020-01-01', '2020-06-30'),
    assignment('NEW01', '03EE-T1', '2020-07-01'),
    assignment('NEW02', '03CC-T1', '2020-01-01'),
    assignment('NEW01', '03CC-T2', '2020-01-01', '2020-06-30'),
  ];

  const first = await importOfficers(db, rows);

  assert.deepEqual(first.summary, { created: 3, updated: 0, unchanged: 0, rejected: 1 });
  assert.deepEqual(first.rejections, [
    { line: 5, code: 'duplicate_in_file', message: 'Giá trị "NEW01, 2020-01-01" đã có ở dòng 2 của cùng tệp / "NEW01, 2020-01-01" already appears at line 2 of the same file' },
  ]);
  const firstUnit = await db.kysely.selectFrom('officer_assignments as a').innerJoin('officers as o', 'o.id', 'a.officer_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id').select('u.code').where('o.code', '=', 'NEW01').where('a.from_day', '=', '2020-01-01')
    .executeTakeFirstOrThrow();
  assert.equal(firstUnit.code, '03CC-T1', 'the first row wins');

  const second = await importOfficers(db, rows);

  assert.deepEqual(second.summary, { created: 0, updated: 0, unchanged: 3, rejected: 1 });
  assert.deepEqual(second.rejections, first.rejections);
});

// The reference imports keep one SeenKeys per run, so a repeat more than a write batch apart
// (businesses: 1,000 rows a batch) is still caught.
for (const dialect of dialects) {
  test(`a tax code repeated more than a write batch later in businesses.csv is still a duplicate [${dialect}]`, async () => {
    const fresh = await freshDatabase(dialect);
    try {
      // 1,000 rows fill the first write batch; the repeat of line 2 is on line 1002, in the second.
      const branches = Array.from({ length: 999 }, (_, i) => business(`0100109106-${String(i + 1).padStart(3, '0')}`));
      const { summary, rejections } = await importBusinesses(fresh.db, [business('0100109106'), ...branches, business('0100109106', { name: 'Tên khác' })]);
      assert.deepEqual(rejections.map((r) => [r.line, r.code]), [[1002, 'duplicate_in_file']]);
      assert.deepEqual(summary, { created: 1000, updated: 0, unchanged: 0, rejected: 1 });
    } finally {
      await fresh.drop();
    }
  });
}
