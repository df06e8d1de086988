import assert from 'node:assert/strict';
import type { DataScope } from '../src/auth/scope.js';
import { systemActor, type Actor } from '../src/audit/audit.service.js';
import { submitDeclarations } from '../src/declarations/declarations.service.js';
import { settingDefaultsOf, updateSettings } from '../src/settings/settings.js';
import type { StatsQuery } from '../src/stats/stats.schema.js';
import { buildDashboard } from '../src/stats/dashboard-view.js';
import { computeStats, computeStatsWithCases } from '../src/stats/stats.service.js';
import { transitionCase } from '../src/cases/cases.service.js';
import { dbTest } from './helpers/databases.js';
import { all, item, lv, rate, summer2020 } from './helpers/summer.js';

// An officer's own figures leave out the months with a few evaluations (setting officer_min_evaluations,
// 5 by default), totals included: no month is told by difference.

const june2September = { from: '2020-06-01', to: '2020-09-30' };

dbTest('an officer\'s months with fewer evaluations than the minimum are left out of every figure the officer sees', async (db) => {
  const org = await summer2020(db); // CC002: D3 in July (not rated), D5 in August (rated 3, reason attitude)
  const officer: DataScope = { kind: 'officer', officerId: org.officerId('CC002') };
  const september = [5, 5, 4, 2, 1];
  const created = await submitDeclarations(db, september.map((_, i) => item(11 + i, '03CC', `2020-09-0${i + 1}`, [['physical_inspection', 'CC002']])), 'en');
  assert.ok(created.every((r) => r.status === 'created'));
  for (const [i, overall] of september.entries()) await rate(db, 11 + i, `2020-09-0${i + 2}`, { overall, ...(overall <= 3 ? { reasons: ['delay'] } : {}) });
  const own = (query: StatsQuery = {}) => computeStats(db.kysely, officer, { ...june2September, ...query });
  const figures = ({ total }: { total: { eligible: number; evaluated: number; levels: unknown } }) => ({ eligible: total.eligible, evaluated: total.evaluated, levels: total.levels });

  const whole = await own();
  assert.deepEqual(figures(whole), { eligible: 5, evaluated: 5, levels: lv({ 1: 1, 2: 1, 4: 1, 5: 2 }) }, 'September: not July (none rated), nor August (one)');
  assert.deepEqual(whole.withheld, { months: ['2020-07', '2020-08'] }, 'the months alone: not how many rated');
  assert.equal(whole.total.reasons.attitude, 0, 'August\'s reason is left out too');
  assert.equal(whole.total.reasons.delay, 2);
  assert.deepEqual(figures(await own({ to: '2020-08-31' })), { eligible: 0, evaluated: 0, levels: lv({}) }, 'June–August: nothing to subtract from June–September');
  assert.deepEqual((await own({ groupBy: 'month' })).groups.map((g) => [g.key, g.evaluated]), [['2020-09', 5]]);
  assert.deepEqual((await own({ groupBy: 'level' })).groups.map((g) => g.evaluated), [1, 1, 0, 1, 2]);

  const leader = await computeStats(db.kysely, all, { ...june2September, officer: 'CC002' });
  assert.deepEqual(figures(leader), { eligible: 7, evaluated: 6, levels: lv({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 2 }) }, 'a leader sees every month');
  assert.equal(leader.withheld, undefined);

  await updateSettings(db.kysely, { officer_min_evaluations: '6' }, systemActor);
  const stricter = await own();
  assert.deepEqual(stricter.withheld, { months: ['2020-07', '2020-08', '2020-09'] });
  assert.deepEqual(figures(stricter), { eligible: 0, evaluated: 0, levels: lv({}) });
  await assert.rejects(updateSettings(db.kysely, { officer_min_evaluations: '1' }, systemActor), (e: { code?: string }) => e.code === 'validation_failed', 'the rule cannot be switched off');
});

dbTest('an officer\'s dashboard defaults to the year of the last month the officer may see', async (db) => {
  const org = await summer2020(db);
  const officer: DataScope = { kind: 'officer', officerId: org.officerId('CC002') };
  const on = (day: string) => Date.parse(`${day}T12:00:00+07:00`);
  assert.equal((await buildDashboard(db.kysely, officer, {}, 'vi', on('2020-01-20'))).defaultYear, '2019', 'December 2019 is still being rated');
  assert.equal((await buildDashboard(db.kysely, officer, {}, 'vi', on('2020-03-01'))).defaultYear, '2019', 'January 2020 is rated until 1/3');
  assert.equal((await buildDashboard(db.kysely, officer, {}, 'vi', on('2020-03-02'))).defaultYear, '2020');
  assert.equal((await buildDashboard(db.kysely, all, {}, 'vi', on('2020-01-20'))).defaultYear, '2020', 'a leader: the year of the latest figures');
  // RATING_WINDOW_DAYS=60 (the environment's default for the setting): January 2020 is rated until 31/3.
  const sixtyDays = { settingDefaults: settingDefaultsOf({ ratingWindowDays: 60 }) };
  assert.equal((await buildDashboard(db.kysely, officer, {}, 'vi', on('2020-03-02'), sixtyDays)).defaultYear, '2019', 'the environment\'s window');
  assert.equal((await buildDashboard(db.kysely, officer, {}, 'vi', on('2020-04-01'), sixtyDays)).defaultYear, '2020');
  await updateSettings(db.kysely, { rating_window_days: '30' }, systemActor, { defaults: sixtyDays.settingDefaults });
  assert.equal((await buildDashboard(db.kysely, officer, {}, 'vi', on('2020-03-02'), sixtyDays)).defaultYear, '2020', 'a stored setting overrides it');
});

const inspector: Actor = {
  principal: { kind: 'user', userId: 901, username: 'thanh.tra', displayName: 'TT', role: 'inspector', unitId: null, unitPath: null, officerId: null, businessIds: [], sessionId: '', csrfToken: '' },
  ip: null, requestId: null,
};

dbTest('an officer\'s case figures leave out the cases of declarations cleared in its withheld months, opened in the period or not', async (db) => {
  const org = await summer2020(db); // D5 cleared 1/8, CC002, rated 3 on 2/8: a case opened in August
  const officer: DataScope = { kind: 'officer', officerId: org.officerId('CC002') };
  const cc002 = [['physical_inspection', 'CC002']] satisfies [string, string][];
  // D10 cleared 30/8, rated 2 on 3/9: a case opened in September about an August declaration.
  const september = [5, 5, 4, 2, 1];
  const created = await submitDeclarations(db, [
    item(10, '03CC', '2020-08-30', cc002), ...september.map((_, i) => item(11 + i, '03CC', `2020-09-0${i + 1}`, cc002)),
  ], 'en');
  assert.ok(created.every((r) => r.status === 'created'));
  await rate(db, 10, '2020-09-03', { overall: 2, reasons: ['delay'] });
  for (const [i, overall] of september.entries()) await rate(db, 11 + i, `2020-09-0${i + 2}`, { overall, ...(overall <= 3 ? { reasons: ['delay'] } : {}) });
  // June's case is TR001's (D1).
  const cases = await db.kysely.selectFrom('cases').select(['id', 'opened_day']).where('opened_day', '>', '2020-07-01').orderBy('id').execute();
  assert.deepEqual(cases.map((c) => c.opened_day), ['2020-08-02', '2020-09-03', '2020-09-05', '2020-09-06']);
  const at = (day: string) => Date.parse(`${day}T09:00:00+07:00`);
  for (const c of cases) {
    await transitionCase(db.kysely, inspector, c.id, 'acknowledge', {}, at('2020-09-07'));
    await transitionCase(db.kysely, inspector, c.id, 'verify', { note: 'Đã xác minh' }, at('2020-09-08'));
    await transitionCase(db.kysely, inspector, c.id, 'conclude', {
      finding: 'violation_confirmed', categories: ['delay'], officers: ['CC002'], action: 'reminder', actionDetails: 'Nhắc nhở',
    }, at('2020-09-09'));
  }
  const september2020 = { from: '2020-09-01', to: '2020-09-30' };
  const own = await computeStatsWithCases(db.kysely, officer, september2020);
  assert.equal(own.cases.opened, 2, 'September\'s two; not the one opened on 3/9 about a declaration of August (2 evaluations: withheld)');
  assert.deepEqual(own.withheld, { months: [] }, 'September itself is shown');
  assert.equal((await computeStatsWithCases(db.kysely, officer, june2September)).cases.opened, 2, 'nor the one opened in August');
  const leader = await computeStatsWithCases(db.kysely, all, { ...september2020, officer: 'CC002' });
  assert.equal(leader.cases.opened, 3, 'a leader sees every case opened in September');
  await updateSettings(db.kysely, { officer_min_evaluations: '6' }, systemActor);
  assert.equal((await computeStatsWithCases(db.kysely, officer, september2020)).cases.opened, 0, 'September withheld: its cases too');
});

dbTest('an officer\'s case about a declaration of a withheld month stays out, however long ago the rating window opened it', async (db) => {
  const org = await summer2020(db); // CC002: D5 cleared 1/8, rated 3 on 2/8
  const officer: DataScope = { kind: 'officer', officerId: org.officerId('CC002') };
  await updateSettings(db.kysely, { officer_min_evaluations: '2', rating_window_days: '60' }, systemActor);
  const cc002 = [['physical_inspection', 'CC002']] satisfies [string, string][];
  // D20: CC002's only declaration of June, rated 2 on 5/8 (a 60-day window); D21: a second rating in August.
  assert.ok((await submitDeclarations(db, [item(20, '03CC', '2020-06-10', cc002), item(21, '03CC', '2020-08-10', cc002)], 'en')).every((r) => r.status === 'created'));
  await rate(db, 20, '2020-08-05', { overall: 2, reasons: ['delay'] });
  await rate(db, 21, '2020-08-11', { overall: 5 });
  const [june] = await db.kysely.selectFrom('cases').innerJoin('declarations as d', 'd.id', 'cases.declaration_id')
    .select(['cases.id', 'cases.opened_day']).where('d.cleared_day', '=', '2020-06-10').execute();
  assert.equal(june?.opened_day, '2020-08-05');
  const at = (day: string) => Date.parse(`${day}T09:00:00+07:00`);
  await transitionCase(db.kysely, inspector, june.id, 'acknowledge', {}, at('2020-08-06'));
  await transitionCase(db.kysely, inspector, june.id, 'verify', { note: 'Đã xác minh' }, at('2020-08-07'));
  await transitionCase(db.kysely, inspector, june.id, 'conclude', { finding: 'not_confirmed', categories: ['delay'], officers: ['CC002'], action: 'none' }, at('2020-08-10'));
  const august = { from: '2020-08-01', to: '2020-08-31' };
  const own = await computeStatsWithCases(db.kysely, officer, august);
  assert.deepEqual([own.total.evaluated, own.withheld], [2, { months: [] }], 'August is shown');
  assert.equal(own.cases.opened, 0, 'its case opened in August is about June (one evaluation): left out');
  assert.equal((await computeStatsWithCases(db.kysely, all, { ...august, officer: 'CC002' })).cases.opened, 1, 'a leader sees it');
  await updateSettings(db.kysely, { rating_window_days: '30' }, systemActor);
  assert.equal((await computeStatsWithCases(db.kysely, officer, august)).cases.opened, 0, 'a shorter window since changes nothing');
});
