import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemActor, type Actor } from '../src/audit/audit.service.js';
import type { DataScope } from '../src/auth/scope.js';
import { runCaseJobs } from '../src/cases/case-jobs.service.js';
import type { StaffTransition } from '../src/cases/case-rules.js';
import type { TransitionInput } from '../src/cases/cases.schema.js';
import { answerCase, transitionCase } from '../src/cases/cases.service.js';
import type { Db } from '../src/db/database.js';
import { submitDeclarations } from '../src/declarations/declarations.service.js';
import type { EvaluationInput } from '../src/evaluations/evaluations.schema.js';
import { submitEvaluation } from '../src/evaluations/evaluation-submission.service.js';
import { ratingToken } from '../src/evaluations/rating-token.js';
import { caseFiguresOf, isConcluded, median, medianOfCounts, shareOf, type CaseTiming } from '../src/stats/case-figures.service.js';
import { workingDaysBetween } from '../src/calendar/working-days.js';
import { updateSettings } from '../src/settings/settings.js';
import * as caseWorkingDaysMigration from '../src/db/migrations/0009_case_working_days.js';
import * as caseDimensionsMigration from '../src/db/migrations/0010_case_dimensions.js';
import type { CaseFigures, StatsQuery } from '../src/stats/stats.schema.js';
import { computeStatsWithCases } from '../src/stats/stats.service.js';
import { testApp } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { declarationItem, importNo, loadOrganisation } from './helpers/fixtures.js';
import { buildWorld } from './helpers/principals.js';
import { ratingSecret } from './helpers/rated-declarations.js';

const at = (day: string, time = '10:00') => Date.parse(`${day}T${time}:00+07:00`);
const holidays2020 = new Set(['2020-01-01', '2020-04-02', '2020-04-30', '2020-05-01', '2020-09-02']);

/** A case; a concluded one took the working days the conclusion transition would have stored. */
function timing(overrides: Partial<CaseTiming>): CaseTiming {
  const c = {
    status: 'opened' as const, opened_day: '2020-04-29', acknowledge_due: '2020-05-04', acknowledged_day: null, conclude_due: '2020-05-15',
    concluded_day: null, finding: null, business_answer: null, ...overrides,
  };
  return { ...c, conclude_working_days: c.concluded_day === null ? null : workingDaysBetween(c.opened_day, c.concluded_day, holidays2020) };
}

test('median and shares: the middle value or the mean of the two; null over nothing', () => {
  assert.equal(median([]), null);
  assert.equal(median([7]), 7);
  assert.equal(median([18, 3, 7]), 7);
  assert.equal(median([3, 8, 18, 7]), 7.5);
  assert.equal(medianOfCounts(new Map()), null);
  assert.equal(medianOfCounts(new Map([[7, 1]])), 7);
  assert.equal(medianOfCounts(new Map([[18, 1], [3, 1], [7, 1]])), 7);
  assert.equal(medianOfCounts(new Map([[3, 1], [8, 1], [18, 1], [7, 1]])), 7.5);
  assert.equal(medianOfCounts(new Map([[2, 3], [9, 1]])), 2, '2, 2, 2, 9');
  assert.equal(medianOfCounts(new Map([[2, 2], [9, 2]])), 5.5, '2, 2, 9, 9');
  assert.equal(shareOf(0, 0), null);
  assert.equal(shareOf(1, 3), 0.333333);
  assert.equal(shareOf(2, 3), 0.666667);
});

test('a deadline counts once met or missed: on its due day is on time, a case still within it is not counted', () => {
  const onDueDay = timing({ acknowledged_day: '2020-05-04' });
  const late = timing({ acknowledged_day: '2020-05-05' });
  const waiting = timing({});
  assert.equal(caseFiguresOf([onDueDay, late, waiting], '2020-05-04').acknowledgedOnTime, 0.5, 'not yet due: left out');
  assert.equal(caseFiguresOf([onDueDay, late, waiting], '2020-05-05').acknowledgedOnTime, 0.333333, 'past due, unacknowledged: late');
  assert.deepEqual(caseFiguresOf([], '2020-05-05'), {
    opened: 0, acknowledgedOnTime: null, concludedOnTime: null, medianDaysToConclude: null, violationsConfirmed: null, accepted: null, disputed: null,
  });
});

test('working days to conclude skip weekends and holidays; only violation_confirmed counts; a disputed case back in verification is not concluded', () => {
  const cases = [
    // Wed 29/4 → Tue 12/5 across 30/4–1/5 and two weekends: 4–8/5 and 11–12/5.
    timing({ status: 'closed', acknowledged_day: '2020-05-04', concluded_day: '2020-05-12', finding: 'violation_confirmed', business_answer: 'accepted' }),
    // Mon 31/8 → Fri 4/9 across 2/9: 1, 3 and 4/9.
    timing({ status: 'closed', opened_day: '2020-08-31', acknowledge_due: '2020-09-01', acknowledged_day: '2020-09-01', conclude_due: '2020-09-15',
      concluded_day: '2020-09-04', finding: 'not_confirmed', business_answer: 'auto_accepted' }),
    timing({ status: 'concluded', opened_day: '2020-05-08', acknowledge_due: '2020-05-11', acknowledged_day: '2020-05-12', conclude_due: '2020-05-22',
      concluded_day: '2020-05-25', finding: 'partly', business_answer: null }),
    // Disputed, its conclusion deadline renewed to 10/6: not concluded now, and not yet late on 10/6.
    timing({ status: 'verifying', opened_day: '2020-05-05', acknowledge_due: '2020-05-06', acknowledged_day: '2020-05-06', conclude_due: '2020-06-10',
      concluded_day: '2020-05-12', finding: 'violation_confirmed', business_answer: 'disputed' }),
  ];
  assert.deepEqual(caseFiguresOf(cases, '2020-06-10'), {
    opened: 4, acknowledgedOnTime: 0.75, concludedOnTime: 0.666667, medianDaysToConclude: 7, violationsConfirmed: 0.333333,
    accepted: 0.666667, disputed: 0.333333,
  });
  assert.equal(caseFiguresOf(cases, '2020-06-11').concludedOnTime, 0.5, 'the renewed deadline passed');
});

// ---------------------------------------------------------------------------------------------
// Five cases through the real services (the seeded 2020 calendar; 1 and 10 working days):
// A 03CC-T2 opened Wed 29/4: acknowledged Mon 4/5 (due 4/5, across 30/4–1/5 and the weekend),
//   concluded Tue 12/5 (due 15/5; 7 working days) violation_confirmed [CC002], accepted.
// B 03CC-T1 opened Fri 8/5: acknowledged Tue 12/5 (due Mon 11/5: late), concluded 25/5 partly
//   (due 22/5), disputed 27/5 (renewed due 10/6), concluded again by the office Wed 3/6 partly
//   [CC001] (18 working days from 8/5): on time against the renewed deadline; latest answer disputed.
// C 03CC opened Mon 31/8: acknowledged 1/9 (due 1/9), concluded Fri 4/9 (3 working days, 2/9 off)
//   not_confirmed, responded 7/9, unanswered → auto_accepted on 22/9.
// D 03EE-T1 opened Tue 5/5: never acknowledged (due 6/5, conclusion due 19/5).
// E 03CC-T2 opened Wed 23/9: acknowledgement due Thu 24/9.
// ---------------------------------------------------------------------------------------------

const inspector: Actor = {
  principal: { kind: 'user', userId: 901, username: 'thanh.tra', displayName: 'TT', role: 'inspector', unitId: null, unitPath: null, officerId: null, businessIds: [], sessionId: '', csrfToken: '' },
  ip: null, requestId: null,
};

/** A declaration of `office` handled by `officer`, cleared and rated on `day`. */
async function rated(db: Db, n: number, day: string, office: string, officer: string, input: EvaluationInput): Promise<void> {
  await submitDeclarations(db, [declarationItem(n, {
    officeCode: office, registeredAt: `${day}T08:00:00+07:00`, clearedAt: `${day}T08:30:00+07:00`, handlers: [{ step: 'reception', officerCode: officer }],
  })], 'en');
  await submitEvaluation(db.kysely, { secretKey: ratingSecret, ratingWindowDays: 30 }, { kind: 'token', token: ratingToken(ratingSecret, importNo(n), '0200123457') },
    input, { channel: 'link', submittedBy: 'link', ip: null, now: at(day) });
}

/** A declaration of `office` handled by `officer`, rated 3 with the officer targeted at 1 (the officer's team is responsible), or overall 2 without targets (the office is). */
async function openCase(db: Db, n: number, day: string, office: string, officer: string, targeted = true): Promise<{ id: number; declarationId: number }> {
  await rated(db, n, day, office, officer, targeted
    ? { overall: 3, targets: [{ type: 'officer', code: officer, level: 1 }], reasons: ['attitude'] }
    : { overall: 2, reasons: ['delay'] });
  const c = await db.kysely.selectFrom('cases').innerJoin('declarations as d', 'd.id', 'cases.declaration_id')
    .select(['cases.id', 'cases.declaration_id']).where('d.declaration_no', '=', importNo(n)).executeTakeFirstOrThrow();
  return { id: c.id, declarationId: c.declaration_id };
}

async function steps(db: Db, caseId: number, list: [StaffTransition, string, TransitionInput?][]): Promise<void> {
  for (const [transition, day, input] of list) await transitionCase(db.kysely, inspector, caseId, transition, input ?? {}, at(day));
}

const conclusion = (finding: 'violation_confirmed' | 'not_confirmed' | 'partly', officers: string[]): TransitionInput =>
  ({ finding, categories: ['attitude'], officers, action: 'none' });

/** Cases A–E above; the organisation is loaded. */
async function fiveCases(db: Db): Promise<void> {
  const a = await openCase(db, 11, '2020-04-29', '03CC', 'CC002');
  await steps(db, a.id, [['acknowledge', '2020-05-04'], ['verify', '2020-05-05'], ['conclude', '2020-05-12', conclusion('violation_confirmed', ['CC002'])],
    ['respond', '2020-05-13', { response: 'Đã nhắc nhở.' }]]);
  await answerCase(db.kysely, systemActor, a.declarationId, 'accept', undefined, at('2020-05-14'));

  const b = await openCase(db, 12, '2020-05-08', '03CC', 'CC001');
  await steps(db, b.id, [['acknowledge', '2020-05-12'], ['verify', '2020-05-12'], ['conclude', '2020-05-25', conclusion('partly', ['CC001', 'CC002'])],
    ['respond', '2020-05-26', { response: 'Một phần.' }]]);
  await answerCase(db.kysely, systemActor, b.declarationId, 'dispute', 'Chưa thoả đáng', at('2020-05-27'));
  await steps(db, b.id, [['verify', '2020-05-28'], ['conclude', '2020-06-03', conclusion('partly', ['CC001'])]]);
  // A second rating of CC001's in May (satisfied: no case), so that the officer account sees May and B
  // (officer_min_evaluations 2: a month of one rating is withheld, its cases too — officer-withheld.test.ts).
  await rated(db, 16, '2020-05-20', '03CC', 'CC001', { overall: 5 });
  await updateSettings(db.kysely, { officer_min_evaluations: '2' }, systemActor);

  const d = await openCase(db, 14, '2020-05-05', '03EE', 'EE001');
  assert.ok(d.id > 0);

  const c = await openCase(db, 13, '2020-08-31', '03CC', 'CC001', false);
  await steps(db, c.id, [['acknowledge', '2020-09-01'], ['verify', '2020-09-01'], ['conclude', '2020-09-04', conclusion('not_confirmed', [])],
    ['respond', '2020-09-07', { response: 'Không có vi phạm.' }]]);
  assert.equal((await runCaseJobs(db.kysely, at('2020-09-22'))).autoClosed, 1);

  await openCase(db, 15, '2020-09-23', '03CC', 'CC002');
  const rows = await db.kysely.selectFrom('cases').select(['origin_unit_id', 'acknowledge_due', 'conclude_due', 'status']).orderBy('opened_day').execute();
  assert.deepEqual(rows.map((r) => [r.acknowledge_due, r.conclude_due, r.status]), [
    ['2020-05-04', '2020-05-15', 'closed'], ['2020-05-06', '2020-05-19', 'opened'], ['2020-05-11', '2020-06-10', 'concluded'],
    ['2020-09-01', '2020-09-15', 'closed'], ['2020-09-24', '2020-10-07', 'opened'],
  ], 'the deadlines the figures are computed against');
}

const year2020 = { from: '2020-01-01', to: '2020-12-31' };
const figures = (o: Partial<CaseFigures>): CaseFigures => ({
  opened: 0, acknowledgedOnTime: null, concludedOnTime: null, medianDaysToConclude: null, violationsConfirmed: null, accepted: null, disputed: null, ...o,
});

async function casesOf(db: Db, scope: DataScope, query: StatsQuery, day = '2020-09-24') {
  return (await computeStatsWithCases(db.kysely, scope, { ...year2020, ...query }, 'vi', { now: at(day) })).cases;
}

async function unitPath(db: Db, code: string): Promise<string> {
  return (await db.kysely.selectFrom('units').select('path').where('code', '=', code).executeTakeFirstOrThrow()).path;
}

dbTest('case figures as computed by hand: deadlines across weekends and holidays, disputes, findings and answers', async (db) => {
  await loadOrganisation(db);
  await fiveCases(db);
  const all: DataScope = { kind: 'all' };
  const whole = { opened: 5, medianDaysToConclude: 7, violationsConfirmed: 0.333333, accepted: 0.666667, disputed: 0.333333 };
  assert.deepEqual(await casesOf(db, all, {}), figures({ ...whole, acknowledgedOnTime: 0.5, concludedOnTime: 0.75 }), 'E is on its due day: not counted');
  assert.deepEqual(await casesOf(db, all, {}, '2020-09-25'), figures({ ...whole, acknowledgedOnTime: 0.4, concludedOnTime: 0.75 }), 'E is late to acknowledge');
  assert.deepEqual(await casesOf(db, all, { unit: '03CC-T2' }), figures({
    opened: 2, acknowledgedOnTime: 1, concludedOnTime: 1, medianDaysToConclude: 7, violationsConfirmed: 1, accepted: 1, disputed: 0,
  }));
  assert.deepEqual(await casesOf(db, all, { from: '2020-05-01', to: '2020-05-31' }), figures({
    opened: 2, acknowledgedOnTime: 0, concludedOnTime: 0.5, medianDaysToConclude: 18, violationsConfirmed: 0, accepted: 0, disputed: 1,
  }), 'B and D, by opening day');
  assert.deepEqual(await casesOf(db, all, { kind: 'export' }), figures({}), 'the declaration filters apply');
  assert.equal((await casesOf(db, all, { typeCode: 'A11', channel: '1', kind: 'import' })).opened, 5);
  assert.equal((await casesOf(db, all, { ratingChannel: 'software' })).opened, 0, 'every rating came by link');
});

dbTest('migration 0009 counts the working days to conclude of the cases concluded before it, as the conclusion does', async (db) => {
  await loadOrganisation(db);
  await fiveCases(db);
  const days = () => db.kysely.selectFrom('cases').select(['id', 'conclude_working_days']).orderBy('id').execute();
  const stored = await days();
  assert.deepEqual(stored.map((c) => c.conclude_working_days), [7, 18, null, 3, null], 'A 7, B 18 (concluded again), D open, C 3, E open (in the order opened)');
  await caseWorkingDaysMigration.down(db.kysely);
  await caseWorkingDaysMigration.up(db.kysely);
  assert.deepEqual(await days(), stored);
});

dbTest('the database keeps each case\'s "concluded now" through every transition, a dispute that sends it back included (migration 0012)', async (db) => {
  await loadOrganisation(db);
  const stored = async (id: number) => {
    const c = await db.kysely.selectFrom('cases').select(['status', 'concluded_day', 'concluded_now']).where('id', '=', id).executeTakeFirstOrThrow();
    return { status: c.status, now: Number(c.concluded_now), expected: Number(isConcluded(c)) };
  };
  const b = await openCase(db, 12, '2020-05-08', '03CC', 'CC001');
  const seen = [await stored(b.id)];
  const transitions: Parameters<typeof steps>[2] = [['acknowledge', '2020-05-12'], ['verify', '2020-05-12'],
    ['conclude', '2020-05-25', conclusion('partly', ['CC001'])], ['respond', '2020-05-26', { response: 'Một phần.' }]];
  for (const step of transitions) {
    await steps(db, b.id, [step]);
    seen.push(await stored(b.id));
  }
  await answerCase(db.kysely, systemActor, b.declarationId, 'dispute', 'Chưa thoả đáng', at('2020-05-27'));
  seen.push(await stored(b.id));
  await steps(db, b.id, [['verify', '2020-05-28'], ['conclude', '2020-06-03', conclusion('partly', ['CC001'])]]);
  // A second rating of CC001's in May (satisfied: no case), so that the officer account sees May and B
  // (officer_min_evaluations 2: a month of one rating is withheld, its cases too — officer-withheld.test.ts).
  await rated(db, 16, '2020-05-20', '03CC', 'CC001', { overall: 5 });
  await updateSettings(db.kysely, { officer_min_evaluations: '2' }, systemActor);
  seen.push(await stored(b.id));
  assert.deepEqual(seen.map((s) => s.now), seen.map((s) => s.expected), JSON.stringify(seen));
  assert.deepEqual(seen.map((s) => s.now), [0, 0, 0, 1, 1, 0, 1], 'concluded by the conclusion, not after the dispute, again after the second conclusion');
});

dbTest('a case follows its declaration and its rating: the feed changes the kind, a revision the rating channel', async (db) => {
  await loadOrganisation(db);
  const day = '2020-06-03';
  const a = await openCase(db, 1, day, '03CC', 'CC002');
  await openCase(db, 2, day, '03CC', 'CC001');
  const june = { from: '2020-06-01', to: '2020-06-30' };
  const all: DataScope = { kind: 'all' };
  assert.equal((await casesOf(db, all, { ...june, kind: 'export' })).opened, 0);
  const [updated] = await submitDeclarations(db, [declarationItem(1, {
    kind: 'export', typeCode: 'B11', officeCode: '03CC', registeredAt: `${day}T08:00:00+07:00`, clearedAt: `${day}T08:30:00+07:00`, handlers: [{ step: 'reception', officerCode: 'CC002' }],
  })], 'en');
  assert.equal(updated!.status, 'updated');
  assert.equal((await casesOf(db, all, { ...june, kind: 'export' })).opened, 1, 'the updated declaration took its case along');
  assert.equal((await casesOf(db, all, { ...june, kind: 'import' })).opened, 1);

  assert.equal((await casesOf(db, all, { ...june, ratingChannel: 'software' })).opened, 0);
  await submitEvaluation(db.kysely, { secretKey: ratingSecret, ratingWindowDays: 30 }, { kind: 'token', token: ratingToken(ratingSecret, importNo(1), '0200123457') },
    { overall: 4 }, { channel: 'software', submittedBy: 'api_client:1', ip: null, now: at(day, '11:00') });
  assert.equal((await casesOf(db, all, { ...june, ratingChannel: 'software' })).opened, 1, 'revised through the software');
  assert.equal((await casesOf(db, all, { ...june, ratingChannel: 'link' })).opened, 1);

  const dimensions = () => db.kysely.selectFrom('cases').select(['id', 'kind', 'type_code', 'channel', 'rating_channel']).orderBy('id').execute();
  const kept = await dimensions();
  assert.deepEqual(kept.find((c) => c.id === a.id), { id: a.id, kind: 'export', type_code: 'B11', channel: 1, rating_channel: 'software' });
  await caseDimensionsMigration.down(db.kysely);
  await caseDimensionsMigration.up(db.kysely);
  assert.deepEqual(await dimensions(), kept, 'migration 0010 copies the same values onto existing cases');
});

dbTest('case figures follow the scope: a leader sees the own subtree, an officer the cases naming the officer', async (db) => {
  const org = await loadOrganisation(db);
  await fiveCases(db);
  const leader: DataScope = { kind: 'units', path: await unitPath(db, '03CC') };
  assert.deepEqual(await casesOf(db, leader, {}), figures({
    opened: 4, acknowledgedOnTime: 0.666667, concludedOnTime: 1, medianDaysToConclude: 7, violationsConfirmed: 0.333333, accepted: 0.666667, disputed: 0.333333,
  }), 'A, B, C and E — not D of 03EE');
  await assert.rejects(casesOf(db, leader, { unit: '03EE' }), { code: 'unit_not_found' });
  const other: DataScope = { kind: 'units', path: await unitPath(db, '03EE') };
  assert.deepEqual(await casesOf(db, other, {}), figures({ opened: 1, acknowledgedOnTime: 0, concludedOnTime: 0 }));
  const cc001: DataScope = { kind: 'officer', officerId: org.officerId('CC001') };
  assert.deepEqual(await casesOf(db, cc001, {}), figures({
    opened: 1, acknowledgedOnTime: 0, concludedOnTime: 1, medianDaysToConclude: 18, violationsConfirmed: 0, accepted: 0, disputed: 1,
  }), 'B only: its latest conclusion names CC001; C (not confirmed) names nobody');
  assert.equal((await casesOf(db, { kind: 'all' }, { officer: 'CC002' })).opened, 1, 'A: B\'s latest conclusion no longer names CC002');
  await assert.rejects(casesOf(db, leader, { officer: 'EE001' }), { code: 'officer_not_found' });
  const byUnit = await computeStatsWithCases(db.kysely, { kind: 'all' }, year2020, 'en', { now: at('2020-09-24'), byChildUnit: true });
  assert.deepEqual(byUnit.caseGroups.map((g) => [g.key, g.label, g.opened, g.acknowledgedOnTime]), [
    ['03CC', 'Hai Phong Port Customs Office, Area I', 4, 0.666667], ['03EE', 'Hai Phong Port Customs Office, Area II', 1, 0],
  ]);
});

dbTest('GET /api/v1/stats answers the case figures beside the total; the dashboard shows them in both languages', async (db) => {
  const app = await testApp(db);
  try {
    const { clients } = await buildWorld(db, app);
    await fiveCases(db);
    const response = await clients.admin.get('/api/v1/stats?from=2020-01-01&to=2020-12-31&groupBy=unit');
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<{ total: unknown; cases: CaseFigures; groups: unknown[] }>();
    assert.deepEqual(Object.keys(body), ['total', 'cases', 'groups']);
    // Today every 2020 deadline has passed: E is late on both.
    assert.deepEqual(body.cases, figures({
      opened: 5, acknowledgedOnTime: 0.4, concludedOnTime: 0.6, medianDaysToConclude: 7, violationsConfirmed: 0.333333, accepted: 0.666667, disputed: 0.333333,
    }));
    const leader = (await clients.leader.get('/api/v1/stats?from=2020-01-01&to=2020-12-31')).json<{ cases: CaseFigures }>();
    assert.equal(leader.cases.opened, 4);
    const officer = (await clients.officer.get('/api/v1/stats?from=2020-01-01&to=2020-12-31')).json<{ cases: CaseFigures }>();
    assert.equal(officer.cases.opened, 1, 'CC001: case B only');

    const vi = (await clients.admin.get('/dashboard?from=2020-01-01&to=2020-12-31')).body;
    assert.match(vi, /<h2 id="cases-title">Xử lý phản hồi<\/h2>/);
    // Cell texts, tags dropped; the no-break space before % is kept.
    const rows = (page: string) => [...page.slice(page.indexOf('<tbody>', page.indexOf('id="cases-table"'))).split('</tbody>')[0]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
      .map(([, row]) => row!.replace(/<[^>]+>/g, ' ').replace(/[ \n]+/g, ' ').trim());
    assert.deepEqual(rows(vi), [
      'Cục Hải quan Hải Phòng 5 40,0\u00a0% 60,0\u00a0% 7 33,3\u00a0% 66,7\u00a0% 33,3\u00a0%',
      'Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I 4 50,0\u00a0% 75,0\u00a0% 7 33,3\u00a0% 66,7\u00a0% 33,3\u00a0%',
      'Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực II 1 0,0\u00a0% 0,0\u00a0% — — — —',
    ]);
    assert.match(vi, /href="\/dashboard\?unit=03CC&amp;from=2020-01-01&amp;to=2020-12-31">Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I<\/a><\/th>\n<td class="num">4</, 'a child unit leads to its own dashboard');
    const en = (await clients.admin.get('/dashboard?from=2020-01-01&to=2020-12-31&lang=en')).body;
    assert.match(en, /<h2 id="cases-title">Closed loop<\/h2>/);
    assert.match(en, /<th scope="col">Median working days to conclude<\/th>/);
    assert.equal(rows(en)[0], 'Hai Phong Customs Department 5 40.0% 60.0% 7 33.3% 66.7% 33.3%');
    const csv = await clients.admin.get('/dashboard.csv?table=cases&from=2020-01-01&to=2020-12-31&lang=en');
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.body, '\uFEFFkey,label,opened,acknowledged_on_time,concluded_on_time,median_days_to_conclude,violations_confirmed,accepted,disputed\r\n'
      + 'HP,Hai Phong Customs Department,5,0.4,0.6,7,0.333333,0.666667,0.333333\r\n'
      + '03CC,"Hai Phong Port Customs Office, Area I",4,0.5,0.75,7,0.333333,0.666667,0.333333\r\n'
      + '03EE,"Hai Phong Port Customs Office, Area II",1,0,0,,,,\r\n');
    const officerPage = (await clients.officer.get('/dashboard?from=2020-01-01&to=2020-12-31')).body;
    assert.match(officerPage, /Chỉ gồm vụ việc có kết luận nêu tên công chức này\./);
    assert.equal(rows(officerPage).length, 1, 'an officer: the own row only');
  } finally {
    await app.close();
  }
});
