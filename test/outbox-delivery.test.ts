import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { createApiClient } from '../src/api-clients/api-clients.service.js';
import { systemActor, type Actor } from '../src/audit/audit.service.js';
import type { StaffTransition } from '../src/cases/case-rules.js';
import type { TransitionInput } from '../src/cases/cases.schema.js';
import { transitionCase } from '../src/cases/cases.service.js';
import type { Db } from '../src/db/database.js';
import { submitDeclarations } from '../src/declarations/declarations.service.js';
import type { EvaluationInput } from '../src/evaluations/evaluations.schema.js';
import { submitEvaluation } from '../src/evaluations/evaluation-submission.service.js';
import { ratingToken } from '../src/evaluations/rating-token.js';
import { createMailer, type Mailer } from '../src/mail/mailer.js';
import { deliverOutbox } from '../src/notifications/outbox-delivery.service.js';
import { enqueue } from '../src/notifications/outbox.repository.js';
import { disableWebhookEndpointOf, registerWebhookEndpoint } from '../src/notifications/webhook-endpoints.service.js';
import { verifyWebhookSignature, webhookSigningKey } from '../src/notifications/webhook-signature.js';
import { createUser } from '../src/users/users.service.js';
import { memoryMailer } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { declarationItem, importNo, loadOrganisation } from './helpers/fixtures.js';
import { deadSmtpUrl, SmtpInbox } from './helpers/smtp-inbox.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

const secret = 'w'.repeat(40);
const at = (day: string, time = '09:00') => Date.parse(`${day}T${time}:00+07:00`);
const minute = 60_000;
const quiet = { info() {} };
const smtpMailer = (smtpUrl: string): Mailer => createMailer({ smtpUrl, mailFrom: 'hailong@test.example' }, quiet);

let inbox: SmtpInbox;
before(async () => { inbox = await SmtpInbox.start(); });
after(() => inbox.close());

/** Declaration n cleared on `day` and rated there at 10:00 by `submittedBy` ('api_client:<id>' as the vendor API does); its case, if one opened. */
async function rated(db: Db, n: number, day: string, input: EvaluationInput, submittedBy = 'link') {
  await submitDeclarations(db, [declarationItem(n, { registeredAt: `${day}T08:00:00+07:00`, clearedAt: `${day}T08:30:00+07:00` })], 'en');
  await submitEvaluation(db.kysely, { secretKey: secret, ratingWindowDays: 30 }, { kind: 'token', token: ratingToken(secret, importNo(n), '0200123457') }, input,
    { channel: submittedBy === 'link' ? 'link' : 'software', submittedBy, ip: null, now: at(day, '10:00') });
  return db.kysely.selectFrom('cases').innerJoin('declarations as d', 'd.id', 'cases.declaration_id').selectAll('cases')
    .where('d.declaration_no', '=', importNo(n)).executeTakeFirstOrThrow();
}

const negative: EvaluationInput = { overall: 2, targets: [{ type: 'officer', code: 'CC002', level: 1 }], reasons: ['attitude'] };

async function leaderActor(db: Db, unitCode: string): Promise<Actor> {
  const unit = await db.kysely.selectFrom('units').select(['id', 'path']).where('code', '=', unitCode).executeTakeFirstOrThrow();
  return {
    principal: { kind: 'user', userId: 900, username: `leader.${unitCode}`, displayName: unitCode, role: 'leader', unitId: unit.id, unitPath: unit.path,
      officerId: null, businessIds: [], sessionId: '', csrfToken: '' },
    ip: null, requestId: null,
  };
}

function outboxRows(db: Db) {
  return db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute();
}

function attemptRows(db: Db) {
  return db.kysely.selectFrom('outbox_attempts').select(['outbox_id', 'at', 'ok', 'status_code', 'error']).orderBy('id').execute();
}

async function vendorWithEndpoint(db: Db, url: string): Promise<number> {
  const { id } = await createApiClient(db.kysely, 'vendor', 'ECUS');
  await registerWebhookEndpoint(db.kysely, id, url, systemActor);
  return id;
}

dbTest('a case opening e-mails the assigned unit’s leaders and a response e-mails the business, Vietnamese with English below, through a real SMTP server', async (db) => {
  await loadOrganisation(db);
  for (const [username, unitCode, email] of [['team.a', '03CC-T2', 'a.team@hq.example'], ['team.b', '03CC-T2', 'b.team@hq.example'], ['office', '03CC', 'office@hq.example']]) {
    await createUser(db.kysely, { username: username!, email, password: 'leader password 2020', role: 'leader', unitCode }, systemActor);
  }
  const first = inbox.mails.length;
  const c = await rated(db, 1, '2020-05-05', negative);
  assert.equal(inbox.mails.length, first, 'the rating itself sends nothing');
  const mailer = smtpMailer(inbox.url);

  assert.deepEqual(await deliverOutbox(db.kysely, { mailer, secretKey: secret, now: at('2020-05-05', '10:01') }), { sent: 2, retrying: 0, failed: 0 });
  const opened = inbox.mails.slice(first);
  assert.deepEqual(opened.flatMap((m) => m.to).sort(), ['a.team@hq.example', 'b.team@hq.example'], 'the leaders of the assigned team, not of the office');
  for (const mail of opened) {
    assert.match(mail.subject, /Vụ việc mới cần xác minh \/ New case to verify #\d+/);
    assert.ok(mail.text.indexOf(`vụ việc #${c.id}, tờ khai ${importNo(1)}`) < mail.text.indexOf(`case #${c.id}, declaration ${importNo(1)}`), mail.text);
  }
  const sent = await outboxRows(db);
  assert.deepEqual(sent.map((r) => [r.status, r.attempts, r.sent_at]), [['sent', 1, at('2020-05-05', '10:01')], ['sent', 1, at('2020-05-05', '10:01')]]);
  assert.deepEqual((await attemptRows(db)).map((a) => a.ok), [1, 1]);

  const team = await leaderActor(db, '03CC-T2');
  const steps: [StaffTransition, TransitionInput][] = [['acknowledge', {}], ['verify', {}],
    ['conclude', { finding: 'violation_confirmed', categories: ['attitude'], officers: ['CC002'], action: 'reminder', actionDetails: 'Nhắc nhở' }],
    ['respond', { response: 'Công chức đã được nhắc nhở; xin cảm ơn Quý doanh nghiệp.' }]];
  for (const [transition, input] of steps) await transitionCase(db.kysely, team, c.id, transition, input, at('2020-05-06'));
  assert.deepEqual(await deliverOutbox(db.kysely, { mailer, secretKey: secret, now: at('2020-05-06', '09:05') }), { sent: 1, retrying: 0, failed: 0 });
  const response = inbox.mails.at(-1)!;
  assert.deepEqual(response.to, ['xnk@biendong.vn']);
  assert.match(response.subject, new RegExp(`Kết quả xác minh đánh giá tờ khai ${importNo(1)} / Outcome of your rating of declaration ${importNo(1)}`));
  const [vi, en] = response.text.split('\n---\n');
  assert.match(vi!, /Kính gửi Công ty TNHH Vận tải Biển Đông,[\s\S]*Công chức đã được nhắc nhở; xin cảm ơn Quý doanh nghiệp\.[\s\S]*đến hết ngày 2020-05-20/);
  assert.match(en!, /Customs has verified your rating[\s\S]*Công chức đã được nhắc nhở[\s\S]*until 2020-05-20/);

  assert.deepEqual(await deliverOutbox(db.kysely, { mailer, secretKey: secret, now: at('2020-05-07') }), { sent: 0, retrying: 0, failed: 0 });
  assert.equal(inbox.mails.length, first + 3, 'nothing is sent twice');
});

dbTest('with the mail server down a rating is stored and its case opened; the e-mails stay pending and go out when it is back', async (db) => {
  await loadOrganisation(db);
  await createUser(db.kysely, { username: 'team.a', email: 'a.team@hq.example', password: 'leader password 2020', role: 'leader', unitCode: '03CC-T2' }, systemActor);
  const down = smtpMailer(await deadSmtpUrl());
  const c = await rated(db, 1, '2020-05-05', negative);
  assert.equal(c.status, 'opened');
  const now = at('2020-05-05', '10:01');
  assert.deepEqual(await deliverOutbox(db.kysely, { mailer: down, secretKey: secret, now }), { sent: 0, retrying: 1, failed: 0 });
  const [row] = await outboxRows(db);
  assert.equal(row!.status, 'pending');
  assert.equal(row!.attempts, 1);
  assert.equal(row!.next_attempt_at, now + minute, 'retried after a minute');
  assert.match(row!.last_error!, /ECONNREFUSED/);
  assert.deepEqual((await attemptRows(db)).map((a) => [a.ok, a.at]), [[0, now]]);

  assert.deepEqual(await deliverOutbox(db.kysely, { mailer: smtpMailer(inbox.url), secretKey: secret, now: now + 59_000 }), { sent: 0, retrying: 0, failed: 0 }, 'not before the backoff');
  const before = inbox.mails.length;
  assert.deepEqual(await deliverOutbox(db.kysely, { mailer: smtpMailer(inbox.url), secretKey: secret, now: now + minute }), { sent: 1, retrying: 0, failed: 0 });
  assert.deepEqual(inbox.mails.slice(before).map((m) => m.to), [['a.team@hq.example']]);
  assert.deepEqual((await outboxRows(db)).map((r) => [r.status, r.attempts, r.last_error]), [['sent', 2, null]]);
});

dbTest('a delivery that keeps failing is retried after 1 min, 5 min, 30 min, 2 h, 12 h, 24 h, 24 h, then marked failed', async (db) => {
  await enqueue(db.kysely, [{ channel: 'email', target: 'x@hq.example', webhook_endpoint_id: null, subject: 's', body: 'b', event: 'opened', case_id: null,
    status: 'pending', next_attempt_at: 0, claimed_until: null, last_error: null, created_at: 0, sent_at: null }]);
  const down = smtpMailer(await deadSmtpUrl());
  const waits: number[] = [];
  let now = 1_600_000_000_000;
  for (let attempt = 1; attempt <= 8; attempt++) {
    const run = await deliverOutbox(db.kysely, { mailer: down, secretKey: secret, now });
    const [row] = await outboxRows(db);
    if (attempt < 8) {
      assert.deepEqual([run, row!.status], [{ sent: 0, retrying: 1, failed: 0 }, 'pending']);
      waits.push((row!.next_attempt_at - now) / minute);
      now = row!.next_attempt_at;
    } else assert.deepEqual([run, row!.status, row!.attempts], [{ sent: 0, retrying: 0, failed: 1 }, 'failed', 8]);
  }
  assert.deepEqual(waits, [1, 5, 30, 120, 720, 1440, 1440]);
  assert.equal((await attemptRows(db)).length, 8);
  assert.deepEqual(await deliverOutbox(db.kysely, { mailer: down, secretKey: secret, now: now + 100 * 24 * 60 * minute }), { sent: 0, retrying: 0, failed: 0 }, 'a failed row rests');
});

dbTest('a case event rated through the vendor API is POSTed to its endpoint, signed; a receiver that fails first gets it again after the backoff', async (db) => {
  await loadOrganisation(db);
  const receiver = await WebhookReceiver.start((n) => (n === 0 ? 500 : 200));
  try {
    const vendorId = await vendorWithEndpoint(db, receiver.url());
    const c = await rated(db, 1, '2020-05-05', negative, `api_client:${vendorId}`);
    const [row] = await outboxRows(db);
    assert.equal(row!.channel, 'webhook');
    const now = at('2020-05-05', '10:01');
    const options = { mailer: memoryMailer(), secretKey: secret };

    assert.deepEqual(await deliverOutbox(db.kysely, { ...options, now }), { sent: 0, retrying: 1, failed: 0 });
    assert.deepEqual((await outboxRows(db)).map((r) => [r.status, r.attempts, r.next_attempt_at, r.last_error]), [['pending', 1, now + minute, 'HTTP 500: receiver error']]);
    assert.deepEqual(await deliverOutbox(db.kysely, { ...options, now: now + 30_000 }), { sent: 0, retrying: 0, failed: 0 });
    assert.equal(receiver.received.length, 1);
    assert.deepEqual(await deliverOutbox(db.kysely, { ...options, now: now + minute }), { sent: 1, retrying: 0, failed: 0 });

    assert.equal(receiver.received.length, 2, 'the same delivery, twice');
    const key = webhookSigningKey(secret, vendorId);
    for (const hook of receiver.received) {
      assert.equal(hook.body, row!.body, 'the body exactly as stored');
      assert.equal(hook.headers['content-type'], 'application/json');
      assert.equal(hook.headers['x-hailong-event'], 'opened');
      assert.equal(hook.headers['x-hailong-delivery'], String(row!.id));
      assert.ok(verifyWebhookSignature(key, hook.body, hook.headers['x-hailong-signature'] as string), 'the signature verifies with the derived key');
      assert.equal(verifyWebhookSignature(webhookSigningKey(secret, vendorId + 1), hook.body, hook.headers['x-hailong-signature'] as string), false);
    }
    assert.deepEqual(JSON.parse(receiver.received[1]!.body), { event: 'case.opened', caseId: c.id, declarationNo: importNo(1), status: 'opened', at: new Date(at('2020-05-05', '10:00')).toISOString() });
    assert.deepEqual((await attemptRows(db)).map((a) => [a.outbox_id, a.ok, a.status_code, a.at]), [[row!.id, 0, 500, now], [row!.id, 1, 200, now + minute]]);
    assert.deepEqual((await outboxRows(db)).map((r) => [r.status, r.attempts, r.last_error, r.sent_at]), [['sent', 2, null, now + minute]]);
  } finally {
    await receiver.close();
  }
});

dbTest('a receiver that does not answer in time: the attempt is logged as a timeout and retried later', async (db) => {
  await loadOrganisation(db);
  const receiver = await WebhookReceiver.start((n) => (n === 0 ? 'hang' : 204));
  try {
    const vendorId = await vendorWithEndpoint(db, receiver.url());
    await rated(db, 1, '2020-05-05', negative, `api_client:${vendorId}`);
    const now = at('2020-05-05', '10:01');
    const options = { mailer: memoryMailer(), secretKey: secret, timeoutMs: 200 };
    assert.deepEqual(await deliverOutbox(db.kysely, { ...options, now }), { sent: 0, retrying: 1, failed: 0 });
    assert.deepEqual((await attemptRows(db)).map((a) => [a.ok, a.status_code, a.error]), [[0, null, 'timed out after 200 ms']]);
    assert.deepEqual((await outboxRows(db)).map((r) => [r.status, r.next_attempt_at]), [['pending', now + minute]]);
    assert.deepEqual(await deliverOutbox(db.kysely, { ...options, now: now + minute }), { sent: 1, retrying: 0, failed: 0 });
    assert.equal(receiver.received.length, 2);
  } finally {
    await receiver.close();
  }
});

dbTest('two workers running at once deliver each row exactly once', async (db) => {
  await loadOrganisation(db);
  const receiver = await WebhookReceiver.start(async () => { await new Promise((done) => setTimeout(done, 5)); return 200; });
  try {
    const vendorId = await vendorWithEndpoint(db, receiver.url());
    const endpoint = await db.kysely.selectFrom('webhook_endpoints').select('id').where('api_client_id', '=', vendorId).executeTakeFirstOrThrow();
    const base = { event: 'opened', case_id: null, status: 'pending' as const, next_attempt_at: 0, claimed_until: null, last_error: null, created_at: 0, sent_at: null };
    await enqueue(db.kysely, [
      ...Array.from({ length: 24 }, (_, i) => ({ ...base, channel: 'webhook' as const, target: receiver.url(), webhook_endpoint_id: endpoint.id, subject: null, body: JSON.stringify({ n: i }) })),
      ...Array.from({ length: 8 }, (_, i) => ({ ...base, channel: 'email' as const, target: `l${i}@hq.example`, webhook_endpoint_id: null, subject: 's', body: 'b' })),
    ]);
    const mailer = memoryMailer();
    // On PostgreSQL the pool runs the two workers on separate connections, as two server processes would.
    const runs = await Promise.all([1, 2].map(() => deliverOutbox(db.kysely, { mailer, secretKey: secret, now: 1_600_000_000_000, batchSize: 3 })));
    assert.equal(runs[0]!.sent + runs[1]!.sent, 32);
    assert.ok(runs.every((r) => r.sent > 0), `both workers took part: ${JSON.stringify(runs)}`);
    assert.equal(new Set(receiver.deliveryIds()).size, 24);
    assert.equal(receiver.received.length, 24, 'no webhook twice');
    assert.deepEqual(mailer.sent.map((m) => m.to).sort(), Array.from({ length: 8 }, (_, i) => `l${i}@hq.example`).sort(), 'no e-mail twice');
    assert.equal((await attemptRows(db)).length, 32);
  } finally {
    await receiver.close();
  }
});

dbTest('a disabled endpoint is not called: what waited for it is given up, and new events no longer target it', async (db) => {
  await loadOrganisation(db);
  const receiver = await WebhookReceiver.start();
  try {
    const vendorId = await vendorWithEndpoint(db, receiver.url());
    await rated(db, 1, '2020-05-05', negative, `api_client:${vendorId}`);
    const endpoint = await db.kysely.selectFrom('webhook_endpoints').select('id').executeTakeFirstOrThrow();
    await disableWebhookEndpointOf(db.kysely, vendorId, endpoint.id, systemActor);
    assert.deepEqual(await deliverOutbox(db.kysely, { mailer: memoryMailer(), secretKey: secret, now: at('2020-05-05', '10:01') }), { sent: 0, retrying: 0, failed: 1 });
    assert.equal(receiver.received.length, 0);
    assert.match((await outboxRows(db))[0]!.last_error!, /disabled/);
    await rated(db, 2, '2020-05-05', negative, `api_client:${vendorId}`);
    assert.equal((await outboxRows(db)).length, 1);
  } finally {
    await receiver.close();
  }
});
