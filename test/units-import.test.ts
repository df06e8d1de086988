import assert from 'node:assert/strict';
import type { Db } from '../src/db/database.js';
import { importUnitFile } from '../src/imports/reference-imports.js';
import { dbTest } from './helpers/databases.js';
import { csvFile, importWithErrors, unitColumns, type CsvRow } from './helpers/fixtures.js';

function unit(code: string, parent: string, kind = 'team', extra: Partial<CsvRow> = {}): CsvRow {
  return { code, parent_code: parent, name_vi: `Đơn vị ${code}`, name_en: `Unit ${code}`, kind, ...extra };
}

function importUnits(db: Db, rows: CsvRow[]) {
  return importWithErrors(importUnitFile, db, csvFile('units.csv', unitColumns, rows));
}

/** code → { parent code, depth, path made of ancestor codes } as stored. */
async function tree(db: Db): Promise<Record<string, { parent: string | null; depth: number; path: string }>> {
  const units = await db.kysely.selectFrom('units').selectAll().execute();
  const codeOf = new Map(units.map((u) => [`${u.id}`, u.code]));
  return Object.fromEntries(units.map((u) => [u.code, {
    parent: u.parent_id === null ? null : codeOf.get(`${u.parent_id}`)!,
    depth: u.depth,
    path: u.path.split('/').filter(Boolean).map((id) => codeOf.get(id)).join('/'),
  }]));
}

// A five-level tree written deepest first: every parent comes after its child in the file.
const deepTree = [
  unit('03CC-T1-G1-X', '03CC-T1-G1', 'other'),
  unit('03CC-T1-G1', '03CC-T1', 'other'),
  unit('03CC-T1', '03CC'),
  unit('03EE', 'HP', 'office'),
  unit('03CC', 'HP', 'office', { pilot_from: '2020-03-25', pilot_to: '2020-03-31', live_from: '2020-04-01' }),
  unit('HP', '', 'department'),
];

dbTest('a tree of any depth imports even when children come before their parents', async (db) => {
  const { summary, rejections } = await importUnits(db, deepTree);
  assert.deepEqual(rejections, []);
  assert.deepEqual(summary, { created: 6, updated: 0, unchanged: 0, rejected: 0 });
  assert.deepEqual(await tree(db), {
    HP: { parent: null, depth: 0, path: 'HP' },
    '03CC': { parent: 'HP', depth: 1, path: 'HP/03CC' },
    '03EE': { parent: 'HP', depth: 1, path: 'HP/03EE' },
    '03CC-T1': { parent: '03CC', depth: 2, path: 'HP/03CC/03CC-T1' },
    '03CC-T1-G1': { parent: '03CC-T1', depth: 3, path: 'HP/03CC/03CC-T1/03CC-T1-G1' },
    '03CC-T1-G1-X': { parent: '03CC-T1-G1', depth: 4, path: 'HP/03CC/03CC-T1/03CC-T1-G1/03CC-T1-G1-X' },
  });
  const office = await db.kysely.selectFrom('units').selectAll().where('code', '=', '03CC').executeTakeFirstOrThrow();
  assert.deepEqual([office.kind, office.name_vi, office.name_en, office.pilot_from, office.pilot_to, office.live_from],
    ['office', 'Đơn vị 03CC', 'Unit 03CC', '2020-03-25', '2020-03-31', '2020-04-01']);
});

dbTest('importing the same units again changes nothing', async (db) => {
  await importUnits(db, deepTree);
  assert.deepEqual((await importUnits(db, deepTree)).summary, { created: 0, updated: 0, unchanged: 6, rejected: 0 });
});

dbTest('moving a unit to another parent updates the paths and depths of its whole subtree', async (db) => {
  await importUnits(db, deepTree);
  const moved = deepTree.map((row) => (row.code === '03CC-T1' ? unit('03CC-T1', '03EE') : row));
  assert.deepEqual((await importUnits(db, moved)).summary, { created: 0, updated: 1, unchanged: 5, rejected: 0 });
  let units = await tree(db);
  assert.equal(units['03CC-T1-G1-X']!.path, 'HP/03EE/03CC-T1/03CC-T1-G1/03CC-T1-G1-X');
  assert.equal(units['03CC-T1-G1']!.path, 'HP/03EE/03CC-T1/03CC-T1-G1');

  // Lifting the group straight under the department makes it and its child shallower.
  await importUnits(db, [unit('03CC-T1-G1', 'HP', 'other')]);
  units = await tree(db);
  assert.deepEqual(units['03CC-T1-G1'], { parent: 'HP', depth: 1, path: 'HP/03CC-T1-G1' });
  assert.deepEqual(units['03CC-T1-G1-X'], { parent: '03CC-T1-G1', depth: 2, path: 'HP/03CC-T1-G1/03CC-T1-G1-X' });
});

dbTest('a changed name, kind or roll-out date updates the unit', async (db) => {
  await importUnits(db, deepTree);
  const { summary } = await importUnits(db, [
    unit('03CC', 'HP', 'office', { name_vi: 'Chi cục Hải quan khu vực III', live_from: '2020-04-01' }),
    unit('03EE', 'HP', 'other'),
  ]);
  assert.deepEqual(summary, { created: 0, updated: 2, unchanged: 0, rejected: 0 });
  const office = await db.kysely.selectFrom('units').selectAll().where('code', '=', '03CC').executeTakeFirstOrThrow();
  assert.deepEqual([office.name_vi, office.pilot_from, office.live_from], ['Chi cục Hải quan khu vực III', null, '2020-04-01']);
});

dbTest('a unit whose parent is unknown is rejected, and so are the units below it', async (db) => {
  const { summary, rejections } = await importUnits(db, [
    unit('HP', '', 'department'),
    unit('03ZZ-T1', '03ZZ'),
    unit('03ZZ-T1-G1', '03ZZ-T1', 'other'),
    unit('03CC', 'HP', 'office'),
  ]);
  assert.deepEqual(rejections.map((r) => [r.line, r.code]), [[3, 'unknown_parent_unit'], [4, 'unknown_parent_unit']]);
  assert.match(rejections[0]!.message, /"03ZZ"/);
  assert.deepEqual(summary, { created: 2, updated: 0, unchanged: 0, rejected: 2 });
});

dbTest('a parent cycle is rejected, within the file or against the stored tree', async (db) => {
  const inFile = await importUnits(db, [
    unit('HP', '', 'department'),
    unit('A', 'B', 'other'),
    unit('B', 'A', 'other'),
    unit('SELF', 'SELF', 'other'),
  ]);
  assert.deepEqual(inFile.rejections.map((r) => [r.line, r.code]), [[3, 'unit_cycle'], [4, 'unit_cycle'], [5, 'unit_cycle']]);

  await importUnits(db, deepTree);
  const againstStored = await importUnits(db, [unit('03CC', '03CC-T1-G1', 'office')]);
  assert.deepEqual(againstStored.rejections.map((r) => [r.line, r.code]), [[2, 'unit_cycle']]);
  assert.equal((await tree(db))['03CC']!.parent, 'HP', 'the stored tree is untouched');
});

dbTest('each malformed unit row is rejected with its code and line', async (db) => {
  const { summary, rejections } = await importUnits(db, [
    unit('HP', '', 'department'),
    unit('03 CC', 'HP', 'office'),
    unit('03CC', 'HP', 'subdepartment'),
    unit('03EE', 'HP', 'office', { pilot_from: '2020-03-31', pilot_to: '2020-03-25' }),
    unit('03TG', 'HP', 'office', { pilot_from: '2020-03-25' }),
    unit('03PA', 'HP', 'office', { live_from: '01/04/2020' }),
    unit('03PL', 'HP', 'office', { live_from: '2020-02-30' }),
    unit('03PJ', 'HP', 'office', { name_vi: '' }),
    unit('', 'HP', 'office'),
    unit('HP', '', 'department', { name_en: 'Duplicate' }),
    unit('X'.repeat(41), 'HP', 'office'),
  ]);
  assert.deepEqual(rejections.map((r) => [r.line, r.code]), [
    [3, 'invalid_unit_code'], [4, 'invalid_unit_kind'], [5, 'invalid_pilot_window'], [6, 'invalid_pilot_window'],
    [7, 'invalid_date'], [8, 'invalid_date'], [9, 'missing_field'], [10, 'missing_field'], [11, 'duplicate_in_file'],
    [12, 'field_too_long'],
  ]);
  assert.deepEqual(summary, { created: 1, updated: 0, unchanged: 0, rejected: 10 });
});
