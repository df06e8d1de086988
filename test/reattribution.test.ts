import assert from 'node:assert/strict';
import type { Db } from '../src/db/database.js';
import { transferOfficer } from '../src/admin/organisation.service.js';
import { systemActor } from '../src/audit/audit.service.js';
import { importDeclarationFile, submitDeclarations } from '../src/declarations/declarations.service.js';
import { importOfficerFile } from '../src/imports/reference-imports.js';
import { listAssignments, updateAssignment } from '../src/officers/officers.repository.js';
import { reattributeHandlings } from '../src/officers/reattribution.service.js';
import { rebuildAllRollups } from '../src/stats/rollup-rebuild.service.js';
import { dbTest } from './helpers/databases.js';
import { csvFile, declarationRow, declarationsCsv, handlersOf, importNo, importWithErrors, officerColumns } from './helpers/fixtures.js';
import { rollupSnapshot } from './helpers/rollups.js';
import { item, levelsOf, lv, summer2020 } from './helpers/summer.js';

// A rating counts for the team the officer was in when the declaration was registered — also when
// that was recorded late: a backdated transfer or a corrected assignment moves the declarations.

const teamOf = async (db: Db, n: number, officer: string) => (await handlersOf(db, importNo(n))).find((h) => h.officer === officer)?.unit;

/** The incremental moves left the roll-ups as a recount from the facts makes them. */
async function assertRollupsEqualRebuild(db: Db) {
  const moved = await rollupSnapshot(db);
  await rebuildAllRollups(db.kysely);
  assert.deepEqual(moved, await rollupSnapshot(db));
}

function importOfficers(db: Db, rows: Record<string, string>[]) {
  return importWithErrors(importOfficerFile, db, csvFile('officers.csv', officerColumns, rows));
}

dbTest('a backdated transfer credits the new team with what the officer handled from that day, ratings included', async (db) => {
  await summer2020(db);
  // D7: registered on 14/7 at 23:30 Vietnam time (16:30 UTC), the day before the transfer; D8 on its first day.
  await submitDeclarations(db, [
    item(7, '03CC', '2020-07-20', [['supervision', 'CC002']], { registeredAt: '2020-07-14T23:30:00+07:00' }),
    item(8, '03CC', '2020-07-20', [['supervision', 'CC002']], { registeredAt: '2020-07-15T00:00:00+07:00' }),
  ], 'en');
  assert.deepEqual(await levelsOf(db, { unit: '03CC-T2' }), { eligible: 4, evaluated: 1, levels: lv({ 1: 1 }) });
  const officerBefore = await levelsOf(db, { officer: 'CC002' });
  // CC002 (03CC-T2) handled D3 on 11/7 and D5 on 1/8 (rated 3, the team 03CC-T2 targeted 1); the move to T1 is recorded from 15/7.
  assert.equal(await transferOfficer(db.kysely, 'CC002', '03CC-T1', '2020-07-15', systemActor), 2);
  assert.equal(await teamOf(db, 3, 'CC002'), '03CC-T2', 'registered before the transfer');
  assert.equal(await teamOf(db, 7, 'CC002'), '03CC-T2', 'the day before');
  assert.equal(await teamOf(db, 8, 'CC002'), '03CC-T1', 'the first day');
  assert.equal(await teamOf(db, 5, 'CC002'), '03CC-T1');
  assert.deepEqual(await levelsOf(db, { unit: '03CC-T2' }), { eligible: 2, evaluated: 0, levels: lv({}) }, 'D3 and D7');
  assert.deepEqual(await levelsOf(db, { unit: '03CC-T1' }), { eligible: 4, evaluated: 2, levels: lv({ 3: 1, 5: 1 }) }, 'D5 at its overall level: T1 was not targeted');
  assert.deepEqual(await levelsOf(db, { unit: '03CC' }), { eligible: 5, evaluated: 2, levels: lv({ 3: 1, 5: 1 }) }, 'the sub-department counts D5 once, as before');
  assert.deepEqual(await levelsOf(db, { officer: 'CC002' }), officerBefore, 'the officer\'s own figures do not move');
  const event = await db.kysely.selectFrom('audit_events').select('after_json').where('action', '=', 'transfer').executeTakeFirstOrThrow();
  assert.equal((JSON.parse(event.after_json!) as { declarationsMoved: number }).declarationsMoved, 2);
  await assertRollupsEqualRebuild(db);
});

dbTest('a transfer from today or later moves nothing', async (db) => {
  await summer2020(db);
  const before = await rollupSnapshot(db);
  assert.equal(await transferOfficer(db.kysely, 'CC002', '03CC-T1', '2030-01-01', systemActor), 0);
  assert.deepEqual(await rollupSnapshot(db), before);
  assert.equal(await teamOf(db, 5, 'CC002'), '03CC-T2');
});

dbTest('an officers file that corrects a unit, or closes and reopens an assignment, moves the declarations of the changed days', async (db) => {
  await summer2020(db);
  await submitDeclarations(db, [item(9, '03EE', '2020-06-30', [['supervision', 'TR001']])], 'en');
  // TR001 was in 03CC-T2, not T1, until 30/6: D1 (15/6, TR001 targeted 2, overall 5) and D9 (30/6, the last day) move.
  const corrected = await importOfficers(db, [{ officer_code: 'TR001', full_name: 'Phạm Thị Dung', unit_code: '03CC-T2', from: '2019-01-01', to: '2020-06-30' }]);
  assert.deepEqual(corrected.summary, { created: 0, updated: 1, unchanged: 0, rejected: 0 });
  assert.equal(await teamOf(db, 1, 'TR001'), '03CC-T2');
  assert.equal(await teamOf(db, 9, 'TR001'), '03CC-T2');
  assert.equal(await teamOf(db, 2, 'TR001'), '03EE-T1', 'D2 (10/7): the next assignment');
  const event = await db.kysely.selectFrom('audit_events').select(['entity_id', 'after_json']).where('action', '=', 'reattribute').executeTakeFirstOrThrow();
  assert.deepEqual([event.entity_id, JSON.parse(event.after_json!)], ['TR001', { declarationsMoved: 2 }]);
  assert.equal(await teamOf(db, 1, 'CC001'), '03CC-T1', 'another officer of the same declaration keeps their team');
  assert.deepEqual(await levelsOf(db, { unit: '03CC-T2' }), { eligible: 4, evaluated: 2, levels: lv({ 1: 1, 5: 1 }) }, 'D1 at the overall level, and D9');
  assert.deepEqual(await levelsOf(db, { unit: '03CC-T1' }), { eligible: 2, evaluated: 1, levels: lv({ 5: 1 }) }, 'CC001 still brings D1');
  await assertRollupsEqualRebuild(db);

  // EE001's assignment closes on 30/6, before D2 (10/7): a day in no unit keeps the team credited…
  const closed = await importOfficers(db, [{ officer_code: 'EE001', full_name: 'Lê Văn Cường', unit_code: '03EE-T1', from: '2019-01-01', to: '2020-06-30' }]);
  assert.deepEqual(closed.rejections, []);
  assert.equal(await teamOf(db, 2, 'EE001'), '03EE-T1');
  // …until a later file says where EE001 was: D2 moves to that team (and, through it, counts for 03CC too).
  await importOfficers(db, [{ officer_code: 'EE001', full_name: 'Lê Văn Cường', unit_code: '03CC-T1', from: '2020-07-01', to: '' }]);
  assert.equal(await teamOf(db, 2, 'EE001'), '03CC-T1');
  assert.equal(await teamOf(db, 2, 'TR001'), '03EE-T1');
  assert.deepEqual(await levelsOf(db, { unit: '03CC-T1' }), { eligible: 3, evaluated: 2, levels: lv({ 4: 1, 5: 1 }) });
  await assertRollupsEqualRebuild(db);

  // The same file again changes nothing.
  const before = await rollupSnapshot(db);
  const again = await importOfficers(db, [{ officer_code: 'EE001', full_name: 'Lê Văn Cường', unit_code: '03CC-T1', from: '2020-07-01', to: '' }]);
  assert.deepEqual(again.summary, { created: 0, updated: 0, unchanged: 1, rejected: 0 });
  assert.deepEqual(await rollupSnapshot(db), before);
});

dbTest('the declarations move page by page, an officer named in two steps of one declaration once', async (db) => {
  const org = await summer2020(db);
  await submitDeclarations(db, [item(6, '03CC', '2020-07-20', [['reception', 'CC001'], ['document_check', 'CC001'], ['supervision', 'CC002']])], 'en');
  const id = org.officerId('CC001');
  const [before] = await listAssignments(db.kysely, [id]);
  const original = await rollupSnapshot(db);
  const moveTo = (unit: string, pageSize: number) => db.kysely.transaction().execute(async (trx) => {
    const [stored] = await listAssignments(trx, [id]);
    await updateAssignment(trx, before!.id, org.unitId(unit), null);
    return reattributeHandlings(trx, id, [stored!], [{ ...before!, unit_id: org.unitId(unit) }], pageSize);
  });
  for (const pageSize of [1, 2, 3]) {
    assert.equal(await moveTo('03CC-T2', pageSize), 4, `D1, D3, D4 (cleared before the pilot: its handlers move, its figures stay out) and D6, by ${pageSize}`);
    assert.equal(await moveTo('03CC-T1', 1000), 4);
    assert.deepEqual(await rollupSnapshot(db), original, 'back where it was');
  }
  assert.equal(await moveTo('03CC-T2', 1000), 4);
  for (const n of [1, 3, 4]) assert.equal(await teamOf(db, n, 'CC001'), '03CC-T2');
  assert.deepEqual((await handlersOf(db, importNo(6))).map((h) => h.unit), ['03CC-T2', '03CC-T2', '03CC-T2']);
  assert.deepEqual(await levelsOf(db, { unit: '03CC-T1' }), { eligible: 1, evaluated: 1, levels: lv({ 5: 1 }) }, 'D1 through TR001 only');
  await assertRollupsEqualRebuild(db);
});

dbTest('a transfer recorded while a declarations import runs moves the rows the import writes after it too', async (db) => {
  await summer2020(db);
  const numbers = [10, 11, 12, 13];
  const rows = numbers.map((n) => declarationRow(n, { registered_at: '20/07/2020 08:00', cleared_at: '20/07/2020 10:00', handlers: 'supervision:CC002' }));
  let moved: number | undefined;
  // One row a batch and a transaction: the transfer commits after the first row, the import validated every row with the history it read first.
  const summary = await importDeclarationFile(db, declarationsCsv(rows), {
    batchSize: 1, rowsPerTransaction: 1, useWorker: false,
    afterBatch: async () => { moved ??= await transferOfficer(db.kysely, 'CC002', '03CC-T1', '2020-07-15', systemActor); },
  });
  assert.equal(summary.created, 4);
  assert.ok(moved !== undefined && moved >= 1, 'D5 at least');
  for (const n of numbers) assert.equal(await teamOf(db, n, 'CC002'), '03CC-T1', `row ${n}`);
  await assertRollupsEqualRebuild(db);
});
