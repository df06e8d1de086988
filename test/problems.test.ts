import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiClient } from '../src/api-clients/api-clients.service.js';
import { systemActor, type Actor } from '../src/audit/audit.service.js';
import type { Principal } from '../src/auth/principal.js';
import type { Db } from '../src/db/database.js';
import type { UserRole } from '../src/db/schema.js';
import { submitDeclarations } from '../src/declarations/declarations.service.js';
import { ratingToken } from '../src/evaluations/rating-token.js';
import { sniffMediaType } from '../src/problems/attachment-types.js';
import { problemDueDay, routeProblem } from '../src/problems/problem-rules.js';
import { problemDetail, problemList } from '../src/problems/problem-views.service.js';
import { moveProblem, rateAnswer } from '../src/problems/problem-workflow.service.js';
import { raiseProblem, type ProblemContext } from '../src/problems/problems.service.js';
import { updateSettings } from '../src/settings/settings.js';
import { createUser } from '../src/users/users.service.js';
import { testApp, testConfig } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { declarationItem, importNo, loadOrganisation, type LoadedOrganisation } from './helpers/fixtures.js';

const secret = 'k'.repeat(40);
const at = (day: string, time = '09:00') => Date.parse(`${day}T${time}:00+07:00`);
const ownTaxCode = '0200123457';
const otherTaxCode = '0301234562';

function user(role: UserRole, extra: Partial<Extract<Principal, { kind: 'user' }>> = {}): Actor {
  return {
    principal: { kind: 'user', userId: 50, username: `u.${role}`, displayName: role, role, unitId: null, unitPath: null, officerId: null, businessIds: [], sessionId: '', csrfToken: '', ...extra },
    ip: null, requestId: null,
  };
}

interface World {
  org: LoadedOrganisation;
  ctx: ProblemContext;
  businessA: Actor;
  businessB: Actor;
  leader03CC: Actor;
  leader03EE: Actor;
  officerCC001: Actor;
  inspector: Actor;
  ctxDb?: Db['kysely'];
}

async function unitPath(db: Db, code: string): Promise<string> {
  return (await db.kysely.selectFrom('units').select('path').where('code', '=', code).executeTakeFirstOrThrow()).path;
}

/** The test organisation; business A lodged 1 declaration at 03CC and 2 at 03EE; business B none. */
async function world(db: Db): Promise<World> {
  const org = await loadOrganisation(db);
  await submitDeclarations(db, [declarationItem(1), declarationItem(2, { officeCode: '03EE', handlers: [{ step: 'reception', officerCode: 'EE001' }] }),
    declarationItem(3, { officeCode: '03EE', handlers: [{ step: 'reception', officerCode: 'EE001' }] })], 'en');
  const ids = new Map((await db.kysely.selectFrom('businesses').select(['id', 'tax_code']).execute()).map((b) => [b.tax_code, Number(b.id)]));
  return {
    org, ctx: { secretKey: secret, dataDir: testConfig().dataDir },
    businessA: user('business', { userId: 60, businessIds: [ids.get(ownTaxCode)!] }),
    businessB: user('business', { userId: 61, businessIds: [ids.get(otherTaxCode)!] }),
    leader03CC: user('leader', { userId: 70, unitId: org.unitId('03CC'), unitPath: await unitPath(db, '03CC') }),
    leader03EE: user('leader', { userId: 71, unitId: org.unitId('03EE'), unitPath: await unitPath(db, '03EE') }),
    officerCC001: user('officer', { userId: 80, officerId: org.officerId('CC001') }),
    inspector: user('inspector', { userId: 90 }),
  };
}

const ask = (w: World, who: Actor, input: Partial<{ topic: string; question: string; declarationNo: string; taxCode: string }> = {}, now = at('2020-05-04')) =>
  raiseProblem(w.ctxDb!, w.ctx, who, { kind: 'business', businessIds: (who.principal as { businessIds: number[] }).businessIds },
    { topic: 'procedure', question: 'Thủ tục tạm nhập tái xuất thế nào?', ...input }, now);


test('a problem goes to the declaration\'s office, else the business\'s most frequent office, else the department', () => {
  assert.deepEqual(routeProblem({ declarationOfficeId: 2, frequentOfficeId: 3, departmentId: 1 }), { unitId: 2, routing: 'declaration' });
  assert.deepEqual(routeProblem({ declarationOfficeId: null, frequentOfficeId: 3, departmentId: 1 }), { unitId: 3, routing: 'frequent_office' });
  assert.deepEqual(routeProblem({ declarationOfficeId: null, frequentOfficeId: null, departmentId: 1 }), { unitId: 1, routing: 'department' });
});

test('the answer is due a number of Vietnamese working days after receipt, across weekends and 30/4–1/5', () => {
  const holidays = new Set(['2020-04-30', '2020-05-01']);
  assert.equal(problemDueDay('2020-04-29', 5, holidays), '2020-05-08');
  assert.equal(problemDueDay('2020-05-29', 3, holidays), '2020-06-03', 'received on a Friday');
  assert.equal(problemDueDay('2020-05-30', 1, holidays), '2020-06-01', 'received on a Saturday');
});

test('an attachment\'s type is read from its first bytes, not its name', () => {
  assert.equal(sniffMediaType(Buffer.from('%PDF-1.7\n')), 'application/pdf');
  assert.equal(sniffMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])), 'image/png');
  assert.equal(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  assert.equal(sniffMediaType(Buffer.from('GIF89a....')), 'image/gif');
  assert.equal(sniffMediaType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ')), 'image/webp');
  for (const fake of ['MZ\x90\x00 an exe', '<html><script>', 'PK\x03\x04 a zip', '', 'RIFF\x10\x00\x00\x00WAVEfmt ']) assert.equal(sniffMediaType(Buffer.from(fake)), null, fake);
});

dbTest('routing: the declaration named, the most frequent office, the department; a declaration must be the business\'s own', async (db) => {
  const w = { ...(await world(db)), ctxDb: db.kysely };
  const named = await ask(w, w.businessA, { declarationNo: importNo(1) });
  assert.deepEqual([named.unit_id, named.routing], [w.org.unitId('03CC'), 'declaration']);
  const frequent = await ask(w, w.businessA);
  assert.deepEqual([frequent.unit_id, frequent.routing], [w.org.unitId('03EE'), 'frequent_office']);
  const none = await ask(w, w.businessB);
  assert.deepEqual([none.unit_id, none.routing], [w.org.unitId('HP'), 'department']);
  await assert.rejects(ask(w, w.businessB, { declarationNo: importNo(1) }), { code: 'declaration_not_found' });
  await assert.rejects(ask(w, w.businessA, { topic: 'tariffs' }), { code: 'invalid_problem_topic' });
  await assert.rejects(ask(w, w.businessA, { question: '   ' }), { code: 'missing_field' });
  const broker = user('business', { businessIds: [...(w.businessA.principal as { businessIds: number[] }).businessIds, ...(w.businessB.principal as { businessIds: number[] }).businessIds] });
  await assert.rejects(ask(w, broker), { code: 'business_required' });
  assert.equal((await ask(w, broker, { taxCode: otherTaxCode })).routing, 'department');
  const events = await db.kysely.selectFrom('problem_events').select('kind').where('problem_id', '=', named.id).execute();
  assert.deepEqual(events.map((e) => e.kind), ['received']);
});

dbTest('deadlines: the administrator\'s number of working days from the day received; overdue once that day has passed', async (db) => {
  const w = { ...(await world(db)), ctxDb: db.kysely };
  assert.equal((await ask(w, w.businessA, {}, at('2020-04-29'))).due_day, '2020-05-08', 'default 5 working days over 30/4–1/5 (shipped holidays)');
  await updateSettings(db.kysely, { problem_answer_working_days: '3' }, systemActor);
  const p = await ask(w, w.businessA, {}, at('2020-05-29', '16:30'));
  assert.equal(p.due_day, '2020-06-03');
  const onDueDay = await problemList(db.kysely, w.leader03EE.principal, { view: 'overdue' }, at('2020-06-03', '23:00'));
  assert.deepEqual(onDueDay.problems.map((x) => x.id).includes(p.id), false, 'not overdue on its due day');
  const after = await problemList(db.kysely, w.leader03EE.principal, { view: 'overdue' }, at('2020-06-04'));
  assert.ok(after.problems.some((x) => x.id === p.id && x.overdue));
  await moveProblem(db.kysely, w.leader03EE, p.id, 'draft', { answer: 'Trả lời muộn' }, at('2020-06-04'));
  const late = await moveProblem(db.kysely, w.leader03EE, p.id, 'approve', {}, at('2020-06-05'));
  assert.equal(late.answered_day, '2020-06-05');
  const detail = await problemDetail(db.kysely, w.inspector.principal, p.id, at('2020-06-06'));
  assert.deepEqual([detail.onTime, detail.overdue], [false, false]);
  await assert.rejects(updateSettings(db.kysely, { problem_answer_working_days: '0' }, systemActor), { code: 'validation_failed' });
});

dbTest('permissions: a business sees only its own problems, a leader its subtree\'s, an officer its unit\'s; inspectors all', async (db) => {
  const w = { ...(await world(db)), ctxDb: db.kysely };
  const atCC = await ask(w, w.businessA, { declarationNo: importNo(1) });
  const atEE = await ask(w, w.businessA);
  const atHP = await ask(w, w.businessB);
  const ids = async (who: Actor) => (await problemList(db.kysely, who.principal, { view: 'all' })).problems.map((p) => p.id).sort();
  assert.deepEqual(await ids(w.businessA), [atCC.id, atEE.id]);
  assert.deepEqual(await ids(w.businessB), [atHP.id]);
  assert.deepEqual(await ids(w.leader03CC), [atCC.id]);
  assert.deepEqual(await ids(w.leader03EE), [atEE.id]);
  assert.deepEqual(await ids(w.officerCC001), [atCC.id, atHP.id], 'CC001 works in 03CC-T1: its office and the department');
  assert.deepEqual(await ids(w.inspector), [atCC.id, atEE.id, atHP.id]);
  await assert.rejects(problemDetail(db.kysely, w.businessB.principal, atCC.id), { code: 'problem_not_found' });
  await assert.rejects(problemDetail(db.kysely, w.leader03EE.principal, atCC.id), { code: 'problem_not_found' });
  await assert.rejects(moveProblem(db.kysely, w.leader03EE, atCC.id, 'draft', { answer: 'x' }), { code: 'problem_not_found' });
  await assert.rejects(moveProblem(db.kysely, w.inspector, atCC.id, 'draft', { answer: 'x' }), { code: 'problem_not_assignee' });
  await assert.rejects(rateAnswer(db.kysely, w.ctx, w.businessB, { kind: 'business', businessIds: [999] }, atCC.id, { rating: 5 }), { code: 'problem_not_found' });
});

dbTest('the workflow: an officer drafts, a leader approves (the answer is sent) or returns it; the business sees no draft and rates the answer', async (db) => {
  const w = { ...(await world(db)), ctxDb: db.kysely };
  const p = await ask(w, w.businessA, { declarationNo: importNo(1) }, at('2020-05-04'));
  await assert.rejects(moveProblem(db.kysely, w.officerCC001, p.id, 'draft', { answer: '  ' }, at('2020-05-05')), { code: 'problem_answer_required' });
  await moveProblem(db.kysely, w.officerCC001, p.id, 'draft', { answer: 'Bản nháp đầu' }, at('2020-05-05'));
  await assert.rejects(moveProblem(db.kysely, w.officerCC001, p.id, 'approve', {}, at('2020-05-05')), { code: 'problem_approver_required' });
  const seenByBusiness = await problemDetail(db.kysely, w.businessA.principal, p.id);
  assert.deepEqual([seenByBusiness.status, seenByBusiness.answer, seenByBusiness.timeline], ['received', null, []], 'a draft is internal');
  await assert.rejects(rateAnswer(db.kysely, w.ctx, w.businessA, { kind: 'business', businessIds: (w.businessA.principal as { businessIds: number[] }).businessIds }, p.id, { rating: 5 }), { code: 'problem_not_answered' });
  await moveProblem(db.kysely, w.leader03CC, p.id, 'return', { note: 'Cần dẫn căn cứ pháp lý' }, at('2020-05-06'));
  await moveProblem(db.kysely, w.officerCC001, p.id, 'draft', { answer: 'Theo Điều 86 Thông tư 38/2015/TT-BTC, ...' }, at('2020-05-07'));
  const answered = await moveProblem(db.kysely, w.leader03CC, p.id, 'approve', {}, at('2020-05-08'));
  assert.deepEqual([answered.status, answered.answered_day, answered.due_day], ['answered', '2020-05-08', '2020-05-11']);
  await assert.rejects(moveProblem(db.kysely, w.leader03CC, p.id, 'approve', {}, at('2020-05-08')), { code: 'problem_transition_not_allowed' });
  const businessIds = (w.businessA.principal as { businessIds: number[] }).businessIds;
  await assert.rejects(rateAnswer(db.kysely, w.ctx, w.businessA, { kind: 'business', businessIds }, p.id, { rating: 6 }), { code: 'invalid_level' });
  await rateAnswer(db.kysely, w.ctx, w.businessA, { kind: 'business', businessIds }, p.id, { rating: 2, comment: 'Chưa rõ' }, at('2020-05-09'));
  await rateAnswer(db.kysely, w.ctx, w.businessA, { kind: 'business', businessIds }, p.id, { rating: 4 }, at('2020-05-10'));
  const view = await problemDetail(db.kysely, w.businessA.principal, p.id);
  assert.deepEqual([view.status, view.answer, view.rating, view.onTime], ['answered', 'Theo Điều 86 Thông tư 38/2015/TT-BTC, ...', 4, true]);
  const officerView = await problemDetail(db.kysely, w.officerCC001.principal, p.id);
  assert.equal(officerView.rating, null, 'an officer does not see how the business rated the answer');
  assert.ok(!officerView.timeline.some((e) => e.kind === 'rated'));
  const timeline = (await problemDetail(db.kysely, w.inspector.principal, p.id)).timeline.map((e) => e.kind);
  assert.deepEqual(timeline, ['received', 'drafted', 'returned', 'drafted', 'answered', 'rated', 'rated']);
  const mail = await db.kysely.selectFrom('outbox').select(['event', 'target']).where('event', '=', 'problem.answered').execute();
  assert.deepEqual(mail, [{ event: 'problem.answered', target: 'xnk@biendong.vn' }], 'the answer is e-mailed to the business through the outbox');
});

// — over HTTP: the API with a vendor key and the business's rating token; attachments —

function multipart(fields: Record<string, string>, files: { filename: string; content: Buffer; type?: string }[]) {
  const boundary = `----hailong${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/pdf'}\r\n\r\n`), f.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(Math.max(0, size - 9), 0x20)]);
const MB = 1024 * 1024;

async function apiWorld(db: Db): Promise<{ app: FastifyInstance; vendorKey: string; dataDir: string; token: string }> {
  await loadOrganisation(db);
  await submitDeclarations(db, [declarationItem(1)], 'en');
  const dataDir = testConfig().dataDir;
  const app = await testApp(db, { env: { DATA_DIR: dataDir } });
  const vendorKey = (await createApiClient(db.kysely, 'vendor', 'ECUS')).key;
  return { app, vendorKey, dataDir, token: ratingToken(secret, importNo(1), ownTaxCode) };
}

dbTest('the API: a vendor raises a problem with the business\'s rating token and relays the business\'s rating of the answer', async (db) => {
  const { app, vendorKey, token } = await apiWorld(db);
  try {
    const post = (url: string, payload: unknown, key = vendorKey) => app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${key}` }, payload: payload as object });
    const created = await post('/api/v1/problems', { token, topic: 'valuation', question: 'Xác định trị giá thế nào?', declarationNo: importNo(1) });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.json(), { id: 1, status: 'received', unit: '03CC', routing: 'declaration', dueDay: created.json<{ dueDay: string }>().dueDay, attachments: 0 });
    assert.equal((await post('/api/v1/problems', { topic: 'valuation', question: 'x' })).json<{ error: { code: string } }>().error.code, 'missing_field');
    const forged = await post('/api/v1/problems', { token: ratingToken('z'.repeat(40), importNo(1), ownTaxCode), topic: 'valuation', question: 'x' });
    assert.deepEqual([forged.statusCode, forged.json<{ error: { code: string } }>().error.code], [404, 'rating_token_invalid']);
    assert.equal((await post('/api/v1/problems', { token, topic: 'tariffs', question: 'x' })).statusCode, 400);
    assert.equal((await post('/api/v1/problems', { token, topic: 'valuation', question: 'x' }, 'hlk_1_wrong')).statusCode, 401);
    const feedKey = (await createApiClient(db.kysely, 'feed', 'VNACCS')).key;
    assert.equal((await post('/api/v1/problems', { token, topic: 'valuation', question: 'x' }, feedKey)).statusCode, 403);
    assert.equal((await post('/api/v1/problems/1/rating', { token, rating: 5 })).json<{ error: { code: string } }>().error.code, 'problem_not_answered');
    await db.kysely.updateTable('problems').set({ status: 'answered', answer: 'Theo phương pháp trị giá giao dịch.', answered_at: Date.now(), answered_day: '2020-05-05' }).execute();
    const rated = await post('/api/v1/problems/1/rating', { token, rating: 4, comment: 'Rõ ràng' });
    assert.deepEqual(rated.json(), { id: 1, rating: 4 });
    const otherToken = ratingToken(secret, importNo(1), otherTaxCode);
    assert.equal((await post('/api/v1/problems/1/rating', { token: otherToken, rating: 1 })).statusCode, 404);
  } finally {
    await app.close();
  }
});

dbTest('attachments: PDF or images by their content, at most 10 MB each and 5 per problem, stored under DATA_DIR, never in the database', async (db) => {
  const { app, vendorKey, dataDir, token } = await apiWorld(db);
  try {
    const raise = (files: { filename: string; content: Buffer; type?: string }[]) => {
      const body = multipart({ token, topic: 'procedure', question: 'Hồ sơ kèm theo' }, files);
      return app.inject({ method: 'POST', url: '/api/v1/problems', headers: { authorization: `Bearer ${vendorKey}`, ...body.headers }, payload: body.payload });
    };
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
    const ok = await raise([{ filename: 'to-khai.pdf', content: pdf(10 * MB) }, { filename: 'anh chup.png', content: png, type: 'application/octet-stream' }]);
    assert.equal(ok.statusCode, 201, ok.body);
    const id = ok.json<{ id: number; attachments: number }>().id;
    assert.equal(ok.json<{ attachments: number }>().attachments, 2);
    const stored = await db.kysely.selectFrom('problem_attachments').selectAll().where('problem_id', '=', id).orderBy('id').execute();
    assert.deepEqual(stored.map((a) => [a.file_name, a.media_type, Number(a.size)]), [['to-khai.pdf', 'application/pdf', 10 * MB], ['anh chup.png', 'image/png', png.length]]);
    const folder = join(dataDir, 'problems', String(id));
    assert.deepEqual(readdirSync(folder).sort(), stored.map((a) => a.stored_name).sort());
    assert.ok(readFileSync(join(folder, stored[1]!.stored_name)).equals(png));

    const tooBig = await raise([{ filename: 'lon.pdf', content: pdf(10 * MB + 1) }]);
    assert.deepEqual([tooBig.statusCode, tooBig.json<{ error: { code: string } }>().error.code], [413, 'attachment_too_large']);
    const disguised = await raise([{ filename: 'hoa-don.pdf', content: Buffer.from('MZ\x90\x00 not a pdf at all'), type: 'application/pdf' }]);
    assert.deepEqual([disguised.statusCode, disguised.json<{ error: { code: string } }>().error.code], [415, 'attachment_type_not_allowed']);
    const many = await raise(Array.from({ length: 6 }, (_, i) => ({ filename: `${i}.pdf`, content: pdf(20) })));
    assert.deepEqual([many.statusCode, many.json<{ error: { code: string } }>().error.code], [400, 'too_many_attachments']);
    assert.equal(await db.kysely.selectFrom('problems').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n)), 1, 'refused problems are not stored');
    const incoming = join(dataDir, 'problems', 'incoming');
    assert.deepEqual(existsSync(incoming) ? readdirSync(incoming) : [], [], 'no upload is left behind');
    const columns = Object.keys(stored[0]!);
    assert.ok(!columns.some((c) => /content|data|blob/.test(c)), 'no file content in the database');
  } finally {
    await app.close();
  }
});

/** A business session over inject(): its cookie, and the CSRF token its forms carry. */
async function businessSession(db: Db, app: FastifyInstance): Promise<{ cookie: string; csrf: string }> {
  const password = 'portal password 2020';
  await createUser(db.kysely, { username: 'dn.portal', password, role: 'business', taxCodes: [ownTaxCode] }, systemActor);
  const login = await app.inject({ method: 'GET', url: '/login' });
  const anon = login.cookies.find((c) => c.name === 'hl_anon')!.value;
  const token = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!;
  const signedIn = await app.inject({
    method: 'POST', url: '/login', headers: { cookie: `hl_anon=${anon}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, username: 'dn.portal', password }).toString(),
  });
  const cookie = `hl_session=${signedIn.cookies.find((c) => c.name === 'hl_session')!.value}`;
  const form = await app.inject({ method: 'GET', url: '/problems/new', headers: { cookie } });
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(form.body)![1]! };
}

dbTest('the portal form: multipart with its CSRF token; a refused file shows the form again with the error and the text kept; vi and en', async (db) => {
  const { app, dataDir } = await apiWorld(db);
  try {
    const { cookie, csrf } = await businessSession(db, app);
    const post = (fields: Record<string, string>, files: { filename: string; content: Buffer }[]) => {
      const body = multipart(fields, files);
      return app.inject({ method: 'POST', url: '/problems', headers: { cookie, accept: 'text/html', ...body.headers }, payload: body.payload });
    };
    const fields = { topic: 'procedure', question: 'Hồ sơ <b>tạm nhập</b>?', declarationNo: importNo(1) };
    assert.equal((await post(fields, [])).statusCode, 403, 'no CSRF token, no problem');
    const refused = await post({ _csrf: csrf, ...fields }, [{ filename: 'bang-ke.pdf', content: Buffer.from('not a pdf') }]);
    assert.equal(refused.statusCode, 415);
    assert.match(refused.body, /role="alert"[\s\S]*attachment_type_not_allowed/);
    assert.match(refused.body, /Hồ sơ &lt;b&gt;tạm nhập&lt;\/b&gt;\?<\/textarea>/, 'the text as entered, escaped');
    const raised = await post({ _csrf: csrf, ...fields }, [{ filename: 'bang-ke.pdf', content: pdf(2048) }, { filename: '', content: Buffer.alloc(0) }]);
    assert.equal(raised.statusCode, 303);
    assert.equal(raised.headers.location, '/problems/1?done=raised');
    const page = await app.inject({ method: 'GET', url: '/problems/1?done=raised', headers: { cookie } });
    assert.match(page.body, /Đã gửi vướng mắc số 1/);
    assert.match(page.body, /href="\/problem-attachments\/1"/);
    const file = await app.inject({ method: 'GET', url: '/problem-attachments/1', headers: { cookie } });
    assert.deepEqual([file.statusCode, file.headers['content-type'], file.headers['x-content-type-options'], file.rawPayload.length], [200, 'application/pdf', 'nosniff', 2048]);
    assert.match(String(file.headers['content-disposition']), /^attachment; filename\*=UTF-8''bang-ke\.pdf$/);
    assert.equal((await app.inject({ method: 'GET', url: '/problem-attachments/1' })).statusCode, 303, 'anonymous: sign in first');
    const english = await app.inject({ method: 'GET', url: '/problems/1?lang=en', headers: { cookie } });
    assert.match(english.body, /<h1>Problem 1<\/h1>/);
    assert.match(english.body, /Customs procedures/);
    const list = await app.inject({ method: 'GET', url: '/problems', headers: { cookie } });
    assert.match(list.body, /Gửi vướng mắc mới/);
    assert.deepEqual(readdirSync(join(dataDir, 'problems', 'incoming')), []);
  } finally {
    await app.close();
  }
});
