import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataScope } from '../src/auth/scope.js';
import { submitDeclarations } from '../src/declarations/declarations.service.js';
import { splitPeriod, wilsonInterval } from '../src/stats/figures.js';
import type { StatsQuery } from '../src/stats/stats.schema.js';
import { computeStats } from '../src/stats/stats.service.js';
import { rebuildAllRollups } from '../src/stats/rollup-rebuild.service.js';
import { updateUnitRollout } from '../src/admin/organisation.service.js';
import { systemActor } from '../src/audit/audit.service.js';
import { updateSettings } from '../src/settings/settings.js';
import { dbTest } from './helpers/databases.js';
import { all, item, levelsOf, lv, rate, summer, summer2020 } from './helpers/summer.js';

test('the Wilson interval and the period split are computed as by hand', () => {
  const [lo, hi] = wilsonInterval(2, 3)!;
  assert.equal(lo.toFixed(4), '0.2077');
  assert.equal(hi.toFixed(4), '0.9385');
  assert.equal(wilsonInterval(0, 0), null);
  assert.deepEqual(splitPeriod('2020-04-01', '2020-12-31'), [{ grain: 'm', from: '2020-04', to: '2020-12' }]);
  assert.deepEqual(splitPeriod('2020-03-25', '2020-05-10'), [
    { grain: 'm', from: '2020-04', to: '2020-04' }, { grain: 'd', from: '2020-03-25', to: '2020-03-31' }, { grain: 'd', from: '2020-05-01', to: '2020-05-10' },
  ]);
  assert.deepEqual(splitPeriod('2020-02-03', '2020-02-29'), [{ grain: 'd', from: '2020-02-03', to: '2020-02-29' }]);
});

dbTest('figures of every unit and officer match the hand-computed attribution', async (db) => {
  await summer2020(db);
  assert.deepEqual(await levelsOf(db, { unit: 'HP' }), { eligible: 4, evaluated: 3, levels: lv({ 3: 1, 4: 1, 5: 1 }) });
  assert.deepEqual(await levelsOf(db, { unit: '03CC' }), { eligible: 3, evaluated: 2, levels: lv({ 3: 1, 5: 1 }) });
  assert.deepEqual(await levelsOf(db, { unit: '03CC-T1' }), { eligible: 2, evaluated: 1, levels: lv({ 5: 1 }) });
  assert.deepEqual(await levelsOf(db, { unit: '03CC-T2' }), { eligible: 2, evaluated: 1, levels: lv({ 1: 1 }) }, 'the team target, not the overall level');
  assert.deepEqual(await levelsOf(db, { unit: '03EE-T1' }), { eligible: 1, evaluated: 1, levels: lv({ 4: 1 }) });
  assert.deepEqual(await levelsOf(db, { officer: 'TR001' }), { eligible: 2, evaluated: 2, levels: lv({ 2: 1, 4: 1 }) }, 'the officer target on D1');
  assert.deepEqual(await levelsOf(db, { officer: 'CC002' }), { eligible: 2, evaluated: 1, levels: lv({ 3: 1 }) });
  const { total } = await computeStats(db.kysely, all, { ...summer, unit: 'HP' });
  assert.equal(total.evaluationRate, 0.75);
  assert.equal(total.satisfactionShare, 0.666667);
  assert.deepEqual(total.satisfactionCi?.map((x) => x.toFixed(4)), ['0.2077', '0.9385']);
  assert.equal(total.meanLevel, 4);
  assert.equal(total.rankable, false, 'under 30 evaluations');
  assert.deepEqual(total.reasons, { attitude: 1, delay: 1, harassment: 0, misconduct: 0, professional_error: 0, unclear_guidance: 0, other: 0 });
});

dbTest('an officer transferred mid-period counts for the team of each registration day', async (db) => {
  await summer2020(db);
  const byOfficer = async (unit: string) =>
    (await computeStats(db.kysely, all, { ...summer, unit, groupBy: 'officer' })).groups.map((g) => [g.key, g.eligible, g.evaluated, g.levels]);
  assert.deepEqual(await byOfficer('03CC'), [
    ['CC001', 2, 1, lv({ 5: 1 })], ['TR001', 1, 1, lv({ 2: 1 })], ['CC002', 2, 1, lv({ 3: 1 })],
  ].sort((a, b) => ({ CC001: 'Nguyễn', TR001: 'Phạm', CC002: 'Trần' }[a[0] as string]!).localeCompare({ CC001: 'Nguyễn', TR001: 'Phạm', CC002: 'Trần' }[b[0] as string]!, 'vi')));
  assert.deepEqual(await byOfficer('03EE'), [['EE001', 1, 1, lv({ 4: 1 })], ['TR001', 1, 1, lv({ 4: 1 })]]);
});

dbTest('groups by unit, month, week, channel, type code and level; partial months come from daily rows', async (db) => {
  await summer2020(db);
  const groups = async (query: StatsQuery) => (await computeStats(db.kysely, all, { ...summer, unit: 'HP', ...query }, 'en')).groups;
  assert.deepEqual((await groups({ groupBy: 'unit' })).map((g) => [g.key, g.label, g.eligible]), [
    ['03CC', 'Hai Phong Port Customs Office, Area I', 3], ['03EE', 'Hai Phong Port Customs Office, Area II', 1],
  ]);
  assert.deepEqual((await groups({ groupBy: 'month' })).map((g) => [g.key, g.eligible, g.evaluated]), [['2020-06', 1, 1], ['2020-07', 2, 1], ['2020-08', 1, 1]]);
  assert.deepEqual((await groups({ groupBy: 'week' })).map((g) => [g.key, g.eligible]), [['2020-W25', 1], ['2020-W28', 2], ['2020-W31', 1]]);
  assert.deepEqual((await groups({ groupBy: 'channel' })).map((g) => [g.key, g.label, g.eligible]), [['1', 'Green', 4]]);
  assert.deepEqual((await groups({ groupBy: 'typeCode' })).map((g) => [g.key, g.eligible]), [['A11', 4]]);
  assert.deepEqual((await groups({ groupBy: 'level' })).map((g) => [g.key, g.evaluated]), [['1', 0], ['2', 0], ['3', 1], ['4', 1], ['5', 1]]);
  const partial = await computeStats(db.kysely, all, { unit: 'HP', from: '2020-06-15', to: '2020-07-10' });
  assert.equal(partial.total.eligible, 2, 'D1 and D2; D3 was cleared on 11/7');
  // Three ranges at once (days of June, the month of July, days of August) in the fine table (a kind filter), by officer and unit.
  const spanning = { unit: 'HP', from: '2020-06-10', to: '2020-08-05', kind: 'import' } as const;
  const byOfficer = await computeStats(db.kysely, all, { ...spanning, groupBy: 'officer' });
  assert.equal(byOfficer.total.eligible, 4);
  assert.deepEqual(byOfficer.groups.map((g) => [g.key, g.eligible, g.evaluated]).sort(), [['CC001', 2, 1], ['CC002', 2, 1], ['EE001', 1, 1], ['TR001', 2, 2]]);
  assert.deepEqual((await computeStats(db.kysely, all, { ...spanning, groupBy: 'unit' })).groups.map((g) => [g.key, g.eligible, g.evaluated]), [['03CC', 3, 2], ['03EE', 1, 1]]);
  assert.deepEqual((await computeStats(db.kysely, all, { ...spanning, from: '2020-09-02', to: '2020-11-05' })).total.eligible, 0, 'no rows in any range');
  assert.equal((await computeStats(db.kysely, all, { unit: 'HP', ...summer, kind: 'export' })).total.eligible, 0);
  assert.equal((await computeStats(db.kysely, all, { unit: 'HP', ...summer, ratingChannel: 'link' })).total.evaluated, 0);
  assert.equal((await computeStats(db.kysely, all, { unit: 'HP', ...summer, ratingChannel: 'software' })).total.evaluated, 3);
});

dbTest('a revision moves the figures; the feed updating a declaration moves its contribution', async (db) => {
  await summer2020(db);
  await rate(db, 2, '2020-07-12', { overall: 2, reasons: ['delay'] });
  assert.deepEqual(await levelsOf(db, { unit: 'HP' }), { eligible: 4, evaluated: 3, levels: lv({ 2: 1, 3: 1, 5: 1 }) });
  assert.deepEqual(await levelsOf(db, { unit: '03EE-T1' }), { eligible: 1, evaluated: 1, levels: lv({ 2: 1 }) });
  // The feed corrects D1: cleared in September and handled by CC002 instead of TR001.
  await submitDeclarations(db, [item(1, '03CC', '2020-09-02', [['reception', 'CC001'], ['document_check', 'CC002']])], 'en');
  assert.deepEqual(await levelsOf(db, { unit: 'HP' }), { eligible: 3, evaluated: 2, levels: lv({ 2: 1, 3: 1 }) });
  assert.deepEqual(await levelsOf(db, { officer: 'TR001' }), { eligible: 1, evaluated: 1, levels: lv({ 2: 1 }) });
  assert.deepEqual(await levelsOf(db, { officer: 'CC002', from: '2020-09-01', to: '2020-09-30' }), { eligible: 1, evaluated: 1, levels: lv({ 5: 1 }) });
  // Uncleared again: it leaves the figures altogether.
  await submitDeclarations(db, [item(1, '03CC', '2020-09-02', [['reception', 'CC001']], { clearedAt: null })], 'en');
  assert.deepEqual(await levelsOf(db, { unit: 'HP', from: '2020-01-01', to: '2020-12-31' }), { eligible: 3, evaluated: 2, levels: lv({ 2: 1, 3: 1 }) });
});

dbTest('a leader sees the own subtree only; an officer account only its own figures', async (db) => {
  const org = await summer2020(db);
  const unitsScope: DataScope = { kind: 'units', path: (await db.kysely.selectFrom('units').select('path').where('code', '=', '03CC').executeTakeFirstOrThrow()).path };
  assert.deepEqual(await levelsOf(db, {}, unitsScope), { eligible: 3, evaluated: 2, levels: lv({ 3: 1, 5: 1 }) }, 'defaults to the own unit');
  for (const query of [{ unit: '03EE' }, { unit: 'HP' }, { officer: 'EE001' }, { unit: 'NOPE' }]) {
    await assert.rejects(computeStats(db.kysely, unitsScope, { ...summer, ...query }), (e: { status?: number }) => e.status === 404, JSON.stringify(query));
  }
  assert.deepEqual(await levelsOf(db, { officer: 'TR001' }, unitsScope), { eligible: 1, evaluated: 1, levels: lv({ 2: 1 }) }, 'only what TR001 did in 03CC');
  const officerScope: DataScope = { kind: 'officer', officerId: org.officerId('CC002') };
  // CC002's only evaluation (D5, August) is alone in its month, and July's D3 is not rated: both months
  // are left out of the officer's own figures (officer-withheld.test.ts).
  assert.deepEqual(await levelsOf(db, {}, officerScope), { eligible: 0, evaluated: 0, levels: lv({}) });
  assert.deepEqual((await computeStats(db.kysely, officerScope, summer)).withheld, { months: ['2020-07', '2020-08'] });
  // Two more of CC002's in July, rated: July shows (officer_min_evaluations 2).
  await submitDeclarations(db, [item(6, '03CC', '2020-07-20', [['reception', 'CC002']]), item(7, '03CC', '2020-07-21', [['reception', 'CC002']])], 'en');
  await rate(db, 6, '2020-07-21', { overall: 4 });
  await rate(db, 7, '2020-07-22', { overall: 5 });
  await updateSettings(db.kysely, { officer_min_evaluations: '2' }, systemActor);
  await assert.rejects(computeStats(db.kysely, officerScope, { ...summer, officer: 'CC001' }), (e: { status?: number }) => e.status === 404);
  // An officer's own figures never single out one declaration: whole months, no narrowing filter or grouping.
  const july = { eligible: 3, evaluated: 2, levels: lv({ 4: 1, 5: 1 }) };
  assert.deepEqual(await levelsOf(db, { from: '2020-07-15', to: '2020-07-15' }, officerScope), july, 'a day widens to its month (D3, D6, D7)');
  assert.deepEqual(await levelsOf(db, { from: '2020-07-01', to: '2020-07-05' }, officerScope), july, 'the end widens too');
  assert.deepEqual(await levelsOf(db, { from: '2020-08-02', to: '2020-08-20' }, officerScope), { eligible: 0, evaluated: 0, levels: lv({}) }, 'D5, 1/8: its month, left out');
  assert.deepEqual(await levelsOf(db, { from: '2020-08-02', to: '2020-08-20' }, unitsScope), { eligible: 0, evaluated: 0, levels: lv({}) }, 'a leader\'s period stays as asked');
  assert.deepEqual((await computeStats(db.kysely, officerScope, { ...summer, groupBy: 'month' })).groups.map((g) => g.key), ['2020-07']);
  assert.equal((await computeStats(db.kysely, unitsScope, { ...summer, officer: 'CC002' })).withheld, undefined, 'a leader sees every month');
  for (const query of [{ unit: '03CC' }, { groupBy: 'unit' }, { kind: 'import' }, { typeCode: 'A11' }, { channel: '1' }, { ratingChannel: 'link' }, { groupBy: 'week' }, { groupBy: 'typeCode' }, { groupBy: 'channel' }]) {
    await assert.rejects(computeStats(db.kysely, officerScope, { ...summer, ...query }), (e: { code?: string; status?: number }) => e.code === 'officer_figures_restricted' && e.status === 400, JSON.stringify(query));
  }
  await assert.rejects(computeStats(db.kysely, { kind: 'businesses', businessIds: [1] }, summer), (e: { status?: number }) => e.status === 403);
  await assert.rejects(computeStats(db.kysely, all, { from: '2020-13-01' }), (e: { code?: string }) => e.code === 'invalid_date');
  await assert.rejects(computeStats(db.kysely, all, { from: '2020-09-01', to: '2020-08-01' }), (e: { code?: string }) => e.code === 'invalid_period');
});

dbTest('a roll-out change recounts the office\'s eligible declarations; a full rebuild gives the same figures', async (db) => {
  await summer2020(db);
  const figures = async () => [await levelsOf(db, { unit: 'HP' }), await levelsOf(db, { officer: 'TR001' }), await levelsOf(db, { unit: '03CC-T2' })];
  const before = await figures();
  await updateUnitRollout(db.kysely, '03CC', { live_from: '2020-07-01' }, systemActor);
  assert.deepEqual(await levelsOf(db, { unit: 'HP' }), { eligible: 3, evaluated: 2, levels: lv({ 3: 1, 4: 1 }) }, 'D1 (15/6) no longer counts');
  assert.deepEqual(await levelsOf(db, { officer: 'TR001' }), { eligible: 1, evaluated: 1, levels: lv({ 4: 1 }) });
  await updateUnitRollout(db.kysely, '03CC', { pilot_from: '2020-03-25', pilot_to: '2020-03-31', live_from: '2020-04-01' }, systemActor);
  assert.deepEqual(await figures(), before);
  assert.equal(await rebuildAllRollups(db.kysely), 5, 'every cleared declaration walked (D4 too, which counts nowhere)');
  assert.deepEqual(await figures(), before);
});
