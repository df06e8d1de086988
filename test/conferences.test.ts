import assert from 'node:assert/strict';
import type { Actor } from '../src/audit/audit.service.js';
import type { Principal } from '../src/auth/principal.js';
import { addQuestion, createConference, invite, recordMinutes, splitInvitees } from '../src/conferences/conferences.service.js';
import type { Db } from '../src/db/database.js';
import { submitDeclarations } from '../src/declarations/declarations.service.js';
import { problemDetail } from '../src/problems/problem-views.service.js';
import { testApp, testConfig, Client } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { declarationItem, loadOrganisation } from './helpers/fixtures.js';
import { createUser } from '../src/users/users.service.js';
import { systemActor } from '../src/audit/audit.service.js';
import { test } from 'node:test';

const actor = (role: 'admin' | 'inspector' | 'leader', extra: Partial<Extract<Principal, { kind: 'user' }>> = {}): Actor => ({
  principal: { kind: 'user', userId: 1, username: `c.${role}`, displayName: role, role, unitId: null, unitPath: null, officerId: null, businessIds: [], sessionId: '', csrfToken: '', ...extra },
  ip: null, requestId: null,
});
const admin = actor('admin');
const at = (day: string) => Date.parse(`${day}T09:00:00+07:00`);

async function setUp(db: Db) {
  await loadOrganisation(db);
  await submitDeclarations(db, [declarationItem(1)], 'en');
  const now = Date.now();
  const [association] = await db.kysely.insertInto('associations').values({ code: 'VAMA', name: 'Hiệp hội các nhà sản xuất ô tô Việt Nam', rule_signed_on: '2019-05-20', created_at: now, updated_at: now }).returning('id').execute();
  const member = await db.kysely.selectFrom('businesses').select('id').where('tax_code', '=', '0301234562').executeTakeFirstOrThrow();
  await db.kysely.insertInto('association_members').values({ association_id: Number(association!.id), business_id: Number(member.id), created_at: now }).execute();
  return { ctx: { secretKey: 'k'.repeat(40), dataDir: testConfig().dataDir } };
}

test('invitees: tax codes invite businesses, other codes associations', () => {
  assert.deepEqual(splitInvitees(' 0200123457, VAMA\n0200123457-001;EuroCham 0200123457 '), { taxCodes: ['0200123457', '0200123457-001'], associationCodes: ['VAMA', 'EuroCham'] });
});

dbTest('a conference: date and place, invited businesses and associations, questions collected beforehand become problems, minutes', async (db) => {
  const { ctx } = await setUp(db);
  await assert.rejects(createConference(db.kysely, admin, { title: 'Hội nghị', heldOn: '2018-02-30', place: 'Hải Phòng' }), { code: 'invalid_date' });
  await assert.rejects(createConference(db.kysely, admin, { title: ' ', heldOn: '2018-06-15', place: 'Hải Phòng' }), { code: 'missing_field' });
  await assert.rejects(createConference(db.kysely, actor('inspector'), { title: 'x', heldOn: '2018-06-15', place: 'y' }), { code: 'forbidden' });
  const id = await createConference(db.kysely, admin, { title: 'Hội nghị đối thoại Hải quan – Doanh nghiệp 2018', heldOn: '2018-06-15', place: 'Trung tâm Hội nghị thành phố Hải Phòng' });
  await assert.rejects(invite(db.kysely, admin, id, '0200123457 NOPE'), { code: 'unknown_association' });
  await assert.rejects(invite(db.kysely, admin, id, '0999999999'), { code: 'unknown_business' });
  assert.equal(await invite(db.kysely, admin, id, '0200123457, VAMA'), 2);
  assert.equal(await invite(db.kysely, admin, id, '0200123457'), 0, 'an invitation already there is kept');

  const direct = await addQuestion(db.kysely, ctx, admin, id, { taxCode: '0200123457', topic: 'origin', question: 'Thủ tục cấp C/O mẫu D?' }, at('2018-06-01'));
  assert.deepEqual([direct.channel, direct.conference_id, direct.routing, direct.due_day], ['conference', id, 'frequent_office', '2018-06-08']);
  const viaAssociation = await addQuestion(db.kysely, ctx, admin, id, { taxCode: '0301234562', topic: 'valuation', question: 'Tham vấn giá?' }, at('2018-06-01'));
  assert.equal(viaAssociation.routing, 'department', 'a member of an invited association, with no declaration: the department answers');
  const other = await db.kysely.insertInto('businesses').values({ tax_code: '0100109106', name: 'Công ty khác', address: null, email: null, phone: null, created_at: 0, updated_at: 0 }).returning('id').executeTakeFirstOrThrow();
  assert.ok(other);
  await assert.rejects(addQuestion(db.kysely, ctx, admin, id, { taxCode: '0100109106', topic: 'other', question: 'x' }), { code: 'not_invited' });
  await assert.rejects(addQuestion(db.kysely, ctx, admin, id, { taxCode: '0200123457', topic: 'x', question: 'x' }), { code: 'invalid_problem_topic' });
  await assert.rejects(addQuestion(db.kysely, ctx, admin, 999, { taxCode: '0200123457', topic: 'other', question: 'x' }), { code: 'conference_not_found' });

  await recordMinutes(db.kysely, admin, id, 'Hơn 400 doanh nghiệp tham dự; 35 câu hỏi đã được trả lời tại hội nghị.');
  const row = await db.kysely.selectFrom('conferences').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.match(row.minutes!, /400 doanh nghiệp/);
  const detail = await problemDetail(db.kysely, admin.principal, direct.id);
  assert.equal(detail.conference?.title, 'Hội nghị đối thoại Hải quan – Doanh nghiệp 2018');
  const audits = await db.kysely.selectFrom('audit_events').select('action').where('entity', '=', 'conference').execute();
  assert.deepEqual(audits.map((a) => a.action).sort(), ['create', 'invite', 'invite', 'minutes']);
});

dbTest('conference pages: inspectors read, administrators organise through forms; refusals beside their form', async (db) => {
  await setUp(db);
  const app = await testApp(db);
  try {
    const password = 'conference pages 2018';
    await createUser(db.kysely, { username: 'c.admin', password, role: 'admin' }, systemActor);
    await createUser(db.kysely, { username: 'c.inspector', password, role: 'inspector' }, systemActor);
    const organiser = new Client(app);
    await organiser.signIn('c.admin', password);
    const created = await organiser.post('/conferences', { title: 'Đối thoại <2018>', heldOn: '2018-06-15', place: 'Hải Phòng' }, '/conferences');
    assert.equal(created.statusCode, 303);
    const page = String(created.headers.location);
    assert.equal((await organiser.post('/conferences/1/invitations', { invitees: '0200123457 VAMA' }, page)).statusCode, 303);
    const refused = await organiser.post('/conferences/1/questions', { taxCode: '0100109106', topic: 'other', question: 'x' }, page);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /id="form-question-error"/);
    assert.match(refused.body, /unknown_business/);
    assert.equal((await organiser.post('/conferences/1/questions', { taxCode: '0200123457', topic: 'origin', question: 'C/O mẫu D?' }, page)).statusCode, 303);
    assert.equal((await organiser.post('/conferences/1/minutes', { minutes: 'Biên bản hội nghị' }, page)).statusCode, 303);
    const reader = new Client(app);
    await reader.signIn('c.inspector', password);
    const view = await reader.get('/conferences/1');
    assert.equal(view.statusCode, 200);
    assert.match(view.body, /Đối thoại &lt;2018&gt;/);
    assert.match(view.body, /C\/O mẫu D\?/);
    assert.match(view.body, /Biên bản hội nghị/);
    assert.match(view.body, /VAMA/);
    assert.doesNotMatch(view.body, /name="minutes"/, 'no forms for an inspector');
    assert.equal((await reader.post('/conferences/1/minutes', { minutes: 'x' }, '/conferences/1')).statusCode, 403);
    assert.equal((await reader.get('/conferences/9')).statusCode, 404);
    const list = await reader.get('/conferences?lang=en');
    assert.match(list.body, /Dialogue conferences with businesses/);
  } finally {
    await app.close();
  }
});
