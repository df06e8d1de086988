import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemActor, type Actor } from '../src/audit/audit.service.js';
import type { Principal } from '../src/auth/principal.js';
import { addWorkingDays } from '../src/calendar/working-days.js';
import { loadHolidays } from '../src/calendar/calendar.service.js';
import { runCaseJobs } from '../src/cases/case-jobs.service.js';
import { deadlinesFrom, responsibleUnit, type StaffTransition } from '../src/cases/case-rules.js';
import type { TransitionInput } from '../src/cases/cases.schema.js';
import { answerCase, transitionCase } from '../src/cases/cases.service.js';
import { caseDetail } from '../src/cases/case-views.service.js';
import type { Db } from '../src/db/database.js';
import { submitDeclarations } from '../src/declarations/declarations.service.js';
import type { EvaluationInput } from '../src/evaluations/evaluations.schema.js';
import { submitEvaluation } from '../src/evaluations/evaluation-submission.service.js';
import { ratingToken } from '../src/evaluations/rating-token.js';
import { dbTest } from './helpers/databases.js';
import { declarationItem, importNo, loadOrganisation, type LoadedOrganisation } from './helpers/fixtures.js';

const secret = 'c'.repeat(40);
const at = (day: string, time = '09:00') => Date.parse(`${day}T${time}:00+07:00`);

async function rated(db: Db, n: number, day: string, input: EvaluationInput) {
  await submitDeclarations(db, [declarationItem(n, { registeredAt: `${day}T08:00:00+07:00`, clearedAt: `${day}T08:30:00+07:00` })], 'en');
  await submitEvaluation(db.kysely, { secretKey: secret, ratingWindowDays: 30 }, { kind: 'token', token: ratingToken(secret, importNo(n), '0200123457') }, input,
    { channel: 'link', submittedBy: 'link', ip: null, now: at(day, '10:00') });
  return db.kysely.selectFrom('cases').innerJoin('declarations as d', 'd.id', 'cases.declaration_id').selectAll('cases')
    .where('d.declaration_no', '=', importNo(n)).executeTakeFirst();
}

function leaderOf(org: LoadedOrganisation, code: string, path = ''): Actor {
  const principal: Principal = {
    kind: 'user', userId: 900, username: `leader.${code}`, displayName: code, role: 'leader', unitId: org.unitId(code), unitPath: path,
    officerId: null, businessIds: [], sessionId: '', csrfToken: '',
  };
  return { principal, ip: null, requestId: null };
}

async function unitPath(db: Db, code: string): Promise<string> {
  return (await db.kysely.selectFrom('units').select('path').where('code', '=', code).executeTakeFirstOrThrow()).path;
}

const inspector: Actor = {
  principal: { kind: 'user', userId: 901, username: 'thanh.tra', displayName: 'TT', role: 'inspector', unitId: null, unitPath: null, officerId: null, businessIds: [], sessionId: '', csrfToken: '' },
  ip: null, requestId: null,
};

test('deadlines count Vietnamese working days across weekends and 30/4–1/5', () => {
  const holidays = new Set(['2020-04-30', '2020-05-01']);
  assert.deepEqual(deadlinesFrom('2020-04-29', 1, 10, holidays), { acknowledgeDue: '2020-05-04', concludeDue: '2020-05-15' });
  assert.equal(addWorkingDays('2020-04-24', 1, holidays), '2020-04-27');
});

test('a case is assigned to the team of the lowest-rated officer, else the office', () => {
  const handlers = [{ officerId: 1, unitId: 11 }, { officerId: 2, unitId: 12 }];
  assert.equal(responsibleUnit(10, [], handlers), 10);
  assert.equal(responsibleUnit(10, [{ type: 'officer', code: 'A', level: 3, id: 1 }, { type: 'officer', code: 'B', level: 1, id: 2 }], handlers), 12);
  assert.equal(responsibleUnit(10, [{ type: 'team', code: 'T', level: 1, id: 11 }], handlers), 10);
});

dbTest('a neutral or negative rating opens one case; a revision is added to it, even to level 5', async (db) => {
  const org = await loadOrganisation(db);
  assert.equal(await rated(db, 1, '2020-05-05', { overall: 4 }), undefined, 'no case for a satisfied rating');
  const c = await rated(db, 2, '2020-04-29', { overall: 4, targets: [{ type: 'officer', code: 'CC002', level: 2 }], reasons: ['delay'] });
  assert.ok(c);
  assert.equal(c.status, 'opened');
  assert.equal(c.assigned_unit_id, org.unitId('03CC-T2'));
  assert.equal(c.acknowledge_due, '2020-05-04');
  assert.equal(c.conclude_due, addWorkingDays('2020-04-29', 10, await loadHolidays(db.kysely)));
  await submitEvaluation(db.kysely, { secretKey: secret, ratingWindowDays: 30 }, { kind: 'token', token: ratingToken(secret, importNo(2), '0200123457') },
    { overall: 5 }, { channel: 'link', submittedBy: 'link', ip: null, now: at('2020-04-29', '11:00') });
  const cases = await db.kysely.selectFrom('cases').select(['id', 'status']).execute();
  assert.deepEqual(cases.map((x) => x.status), ['opened'], 'still one case, still open');
  const detail = await caseDetail(db.kysely, inspector, { kind: 'all' }, cases[0]!.id);
  assert.deepEqual(detail.timeline.map((e) => e.kind), ['opened', 'revised']);
});

dbTest('the full life-cycle: acknowledge, verify, conclude, respond, accept — only assignees or inspectors act', async (db) => {
  const org = await loadOrganisation(db);
  const c = (await rated(db, 1, '2020-05-05', { overall: 2, targets: [{ type: 'officer', code: 'CC002', level: 1 }], reasons: ['attitude'] }))!;
  const team = leaderOf(org, '03CC-T2', await unitPath(db, '03CC-T2'));
  const office = leaderOf(org, '03CC', await unitPath(db, '03CC'));
  const other = leaderOf(org, '03EE', await unitPath(db, '03EE'));
  await assert.rejects(transitionCase(db.kysely, office, c.id, 'acknowledge', {}, at('2020-05-05', '11:00')), { code: 'case_not_assignee' });
  await assert.rejects(transitionCase(db.kysely, other, c.id, 'acknowledge', {}, at('2020-05-05', '11:00')), { code: 'case_not_found' });
  await assert.rejects(transitionCase(db.kysely, team, c.id, 'conclude', {}, at('2020-05-05', '11:00')), { code: 'case_transition_not_allowed' });
  await transitionCase(db.kysely, team, c.id, 'acknowledge', {}, at('2020-05-05', '11:00'));
  await transitionCase(db.kysely, team, c.id, 'verify', { note: 'Đã gọi điện cho doanh nghiệp' }, at('2020-05-06'));
  await assert.rejects(transitionCase(db.kysely, team, c.id, 'conclude', { finding: 'violation_confirmed', categories: ['attitude'], action: 'criticism' }, at('2020-05-07')), { code: 'finding_required' });
  await assert.rejects(transitionCase(db.kysely, team, c.id, 'conclude', { finding: 'violation_confirmed', categories: ['attitude'], officers: ['CC002'], action: 'criticism' }, at('2020-05-07')), { code: 'action_details_required' });
  await transitionCase(db.kysely, inspector, c.id, 'conclude', {
    finding: 'violation_confirmed', categories: ['attitude'], officers: ['CC002'], action: 'criticism', actionDetails: 'Phê bình trước đội',
  }, at('2020-05-07'));
  await assert.rejects(transitionCase(db.kysely, team, c.id, 'respond', { response: '  ' }, at('2020-05-08')), { code: 'response_required' });
  const responded = await transitionCase(db.kysely, team, c.id, 'respond', { response: 'Công chức đã bị phê bình; xin cảm ơn doanh nghiệp.' }, at('2020-05-08'));
  assert.equal(responded.answer_due, '2020-05-22');
  const outbox = await db.kysely.selectFrom('outbox').select(['channel', 'event']).execute();
  assert.ok(outbox.every((o) => o.channel === 'email' || o.channel === 'webhook'));
  const closed = await answerCase(db.kysely, systemActor, c.declaration_id, 'accept', undefined, at('2020-05-09'));
  assert.equal(closed.status, 'closed');
  const detail = await caseDetail(db.kysely, inspector, { kind: 'all' }, c.id);
  assert.deepEqual(detail.timeline.map((e) => e.kind), ['opened', 'acknowledge', 'verify', 'conclude', 'respond', 'accepted']);
  assert.equal(detail.finding, 'violation_confirmed');
  assert.deepEqual(detail.officers, ['CC002']);
  const leaderView = await caseDetail(db.kysely, office, { kind: 'units', path: await unitPath(db, '03CC') }, c.id);
  assert.equal(leaderView.declaration?.declarationNo, importNo(1));
  assert.equal((leaderView.declaration as Record<string, unknown>).business, undefined, 'leaders do not see who rated');
});

dbTest('a dispute sends the case back to verification by the parent unit; an unanswered response closes as accepted', async (db) => {
  const org = await loadOrganisation(db);
  const team = leaderOf(org, '03CC-T2', await unitPath(db, '03CC-T2'));
  const office = leaderOf(org, '03CC', await unitPath(db, '03CC'));
  const move = async (n: number) => {
    const c = (await rated(db, n, '2020-05-05', { overall: 1, targets: [{ type: 'officer', code: 'CC002', level: 1 }], reasons: ['misconduct'] }))!;
    const steps: [StaffTransition, TransitionInput][] = [['acknowledge', {}], ['verify', {}],
      ['conclude', { finding: 'not_confirmed', categories: ['misconduct'], action: 'none' }], ['respond', { response: 'Không có vi phạm.' }]];
    for (const [t, input] of steps) await transitionCase(db.kysely, team, c.id, t, input, at('2020-05-06'));
    return c;
  };
  const disputed = await move(1);
  await assert.rejects(answerCase(db.kysely, systemActor, disputed.declaration_id, 'dispute', ' ', at('2020-05-07')), { code: 'dispute_reason_required' });
  const back = await answerCase(db.kysely, systemActor, disputed.declaration_id, 'dispute', 'Chưa thoả đáng', at('2020-05-07'));
  assert.equal(back.status, 'disputed');
  assert.equal(back.assigned_unit_id, org.unitId('03CC'));
  await assert.rejects(transitionCase(db.kysely, team, disputed.id, 'verify', {}, at('2020-05-08')), { code: 'case_not_assignee' });
  assert.equal((await transitionCase(db.kysely, office, disputed.id, 'verify', {}, at('2020-05-08'))).status, 'verifying');

  const silent = await move(2);
  await assert.rejects(answerCase(db.kysely, systemActor, silent.declaration_id, 'dispute', 'muộn', at('2020-05-25')), { code: 'answer_window_closed' });
  assert.equal(silent.id > 0, true);
  assert.deepEqual(await runCaseJobs(db.kysely, at('2020-05-20', '23:00')), { escalated: 0, autoClosed: 0 }, 'the answer day (20/5) is over only after it');
  assert.deepEqual(await runCaseJobs(db.kysely, at('2020-05-21')), { escalated: 0, autoClosed: 1 });
  const closed = await db.kysely.selectFrom('cases').select(['status', 'business_answer']).where('id', '=', silent.id).executeTakeFirstOrThrow();
  assert.deepEqual(closed, { status: 'closed', business_answer: 'auto_accepted' });
});

dbTest('an overdue case is escalated to the parent unit exactly once per deadline, even with two runners at once', async (db) => {
  const org = await loadOrganisation(db);
  const c = (await rated(db, 1, '2020-05-05', { overall: 3, targets: [{ type: 'officer', code: 'CC002', level: 2 }], reasons: ['delay'] }))!;
  assert.equal(c.acknowledge_due, '2020-05-06');
  assert.deepEqual(await runCaseJobs(db.kysely, at('2020-05-06', '17:00')), { escalated: 0, autoClosed: 0 }, 'not overdue on its due day');
  const runs = await Promise.all([runCaseJobs(db.kysely, at('2020-05-07')), runCaseJobs(db.kysely, at('2020-05-07'))]);
  assert.equal(runs[0].escalated + runs[1].escalated, 1);
  assert.deepEqual(await runCaseJobs(db.kysely, at('2020-05-08')), { escalated: 0, autoClosed: 0 });
  const after = await db.kysely.selectFrom('cases').select(['assigned_unit_id', 'status']).where('id', '=', c.id).executeTakeFirstOrThrow();
  assert.deepEqual(after, { assigned_unit_id: org.unitId('03CC'), status: 'opened' });
  // The conclusion deadline passes too: a second, separate escalation, to the department.
  assert.equal((await runCaseJobs(db.kysely, at('2020-05-20'))).escalated, 1);
  const escalations = await db.kysely.selectFrom('case_escalations').select(['deadline', 'to_unit_id']).orderBy('at').execute();
  assert.deepEqual(escalations, [{ deadline: 'acknowledge', to_unit_id: org.unitId('03CC') }, { deadline: 'conclude', to_unit_id: org.unitId('HP') }]);
});
