import assert from 'node:assert/strict';
import type { Db } from '../src/db/database.js';
import { importOfficerFile } from '../src/imports/reference-imports.js';
import { unitOfOfficerOn } from '../src/officers/officers.repository.js';
import { dbTest } from './helpers/databases.js';
import { countRows, csvFile, importWithErrors, loadOrganisation, officerColumns, type CsvRow } from './helpers/fixtures.js';

function assignment(officer_code: string, unit_code: string, from: string, to = '', full_name = `Công chức ${officer_code}`): CsvRow {
  return { officer_code, full_name, unit_code, from, to };
}

function importOfficers(db: Db, rows: CsvRow[]) {
  return importWithErrors(importOfficerFile, db, csvFile('officers.csv', officerColumns, rows));
}

async function unitCodeOn(db: Db, officer: string, day: string): Promise<string | undefined> {
  return (await unitOfOfficerOn(db.kysely, officer, day))?.unitCode;
}

async function historyOf(db: Db, officer: string): Promise<string[]> {
  const rows = await db.kysely.selectFrom('officer_assignments as a').innerJoin('officers as o', 'o.id', 'a.officer_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id').select(['u.code', 'a.from_day', 'a.to_day'])
    .where('o.code', '=', officer).orderBy('a.from_day').execute();
  return rows.map((r) => `${r.code} ${r.from_day}..${r.to_day ?? ''}`);
}

dbTest('which unit an officer was in on a day follows the assignment history across a transfer', async (db) => {
  const org = await loadOrganisation(db);
  assert.deepEqual(await unitOfOfficerOn(db.kysely, 'TR001', '2020-06-30'), { unitId: org.unitId('03CC-T1'), unitCode: '03CC-T1' });
  assert.equal(await unitCodeOn(db, 'TR001', '2019-01-01'), '03CC-T1', 'the first day is inclusive');
  assert.equal(await unitCodeOn(db, 'TR001', '2020-07-01'), '03EE-T1');
  assert.equal(await unitCodeOn(db, 'TR001', '2031-12-31'), '03EE-T1', 'an open assignment runs on');
  assert.equal(await unitCodeOn(db, 'TR001', '2018-12-31'), undefined, 'before the first assignment');
  assert.equal(await unitCodeOn(db, 'NOBODY', '2020-07-01'), undefined);
  assert.equal(await unitCodeOn(db, 'CC002', '2020-07-01'), '03CC-T2');
});

dbTest('a gap between two assignments is a day in no unit', async (db) => {
  await loadOrganisation(db);
  await importOfficers(db, [assignment('GAP01', '03CC-T1', '2020-01-01', '2020-03-31'), assignment('GAP01', '03EE-T1', '2020-05-01')]);
  assert.equal(await unitCodeOn(db, 'GAP01', '2020-03-31'), '03CC-T1', 'the last day is inclusive');
  assert.equal(await unitCodeOn(db, 'GAP01', '2020-04-15'), undefined);
  assert.equal(await unitCodeOn(db, 'GAP01', '2020-05-01'), '03EE-T1');
});

dbTest('one row per assignment: an officer with two periods is one officer with a history', async (db) => {
  await loadOrganisation(db);
  assert.equal(await countRows(db, 'officers'), 4);
  assert.deepEqual(await historyOf(db, 'TR001'), ['03CC-T1 2019-01-01..2020-06-30', '03EE-T1 2020-07-01..']);
});

dbTest('a later file that closes the current assignment and opens a new one records the transfer', async (db) => {
  await loadOrganisation(db);
  const { summary, rejections } = await importOfficers(db, [
    assignment('CC002', '03CC-T2', '2019-01-01', '2020-09-30', 'Trần Thị Bình'),
    assignment('CC002', '03EE-T1', '2020-10-01', '', 'Trần Thị Bình'),
  ]);
  assert.deepEqual(rejections, []);
  assert.deepEqual(summary, { created: 1, updated: 1, unchanged: 0, rejected: 0 });
  assert.deepEqual(await historyOf(db, 'CC002'), ['03CC-T2 2019-01-01..2020-09-30', '03EE-T1 2020-10-01..']);
  assert.equal(await unitCodeOn(db, 'CC002', '2020-09-30'), '03CC-T2');
  assert.equal(await unitCodeOn(db, 'CC002', '2020-10-01'), '03EE-T1');
});

dbTest('overlapping assignments of one officer are rejected, in the file or against the stored history', async (db) => {
  await loadOrganisation(db);
  const { summary, rejections } = await importOfficers(db, [
    assignment('NEW01', '03CC-T1', '2020-01-01', '2020-06-30'),
    assignment('NEW01', '03CC-T2', '2020-06-30'), // shares 30 June with the row above
    assignment('NEW01', '03EE-T1', '2020-07-01'),
    assignment('CC001', '03EE-T1', '2020-07-01', '', 'Nguyễn Văn An'), // CC001's stored assignment is still open
    assignment('TR001', '03CC-T2', '2020-06-01', '2020-06-15', 'Phạm Thị Dung'), // inside a closed period
  ]);
  assert.deepEqual(rejections.map((r) => [r.line, r.code]), [[3, 'overlapping_assignment'], [5, 'overlapping_assignment'], [6, 'overlapping_assignment']]);
  assert.match(rejections[0]!.message, /"NEW01"/);
  assert.deepEqual(summary, { created: 2, updated: 0, unchanged: 0, rejected: 3 });
  assert.deepEqual(await historyOf(db, 'NEW01'), ['03CC-T1 2020-01-01..2020-06-30', '03EE-T1 2020-07-01..']);
  assert.deepEqual(await historyOf(db, 'CC001'), ['03CC-T1 2019-01-01..']);
});

dbTest('importing the same officers again changes nothing; a new name updates the officer', async (db) => {
  await loadOrganisation(db);
  const rows = [assignment('NEW01', '03CC-T1', '2020-01-01', '2020-06-30'), assignment('NEW01', '03EE-T1', '2020-07-01')];
  await importOfficers(db, rows);
  assert.deepEqual((await importOfficers(db, rows)).summary, { created: 0, updated: 0, unchanged: 2, rejected: 0 });
  const renamed = await importOfficers(db, [assignment('NEW01', '03EE-T1', '2020-07-01', '', 'Vũ Thị Hoa')]);
  assert.deepEqual(renamed.summary, { created: 0, updated: 1, unchanged: 0, rejected: 0 });
  const officer = await db.kysely.selectFrom('officers').select('full_name').where('code', '=', 'NEW01').executeTakeFirstOrThrow();
  assert.equal(officer.full_name, 'Vũ Thị Hoa');
});

dbTest('each malformed officer row is rejected with its code and line; unknown units are never created', async (db) => {
  await loadOrganisation(db);
  const units = await countRows(db, 'units');
  const { summary, rejections } = await importOfficers(db, [
    assignment('BAD01', '03XX-T9', '2020-01-01'),
    assignment('BAD 02', '03CC-T1', '2020-01-01'),
    assignment('BAD03', '03CC-T1', ''),
    assignment('BAD04', '03CC-T1', '2020-07-01', '2020-06-30'),
    assignment('BAD05', '03CC-T1', '2020-02-30'),
    assignment('BAD06', '03CC-T1', '01/01/2020'),
    assignment('BAD07', '', '2020-01-01'),
    assignment('BAD08', '03CC-T1', '2020-01-01', '', ''),
  ]);
  assert.deepEqual(rejections.map((r) => [r.line, r.code]), [
    [2, 'unknown_unit'], [3, 'invalid_officer_code'], [4, 'missing_field'], [5, 'invalid_assignment_period'],
    [6, 'invalid_date'], [7, 'invalid_date'], [8, 'missing_field'], [9, 'missing_field'],
  ]);
  assert.equal(summary.rejected, 8);
  assert.equal(await countRows(db, 'units'), units);
  assert.equal(await countRows(db, 'officers'), 4, 'no officer is created from a rejected row');
});
