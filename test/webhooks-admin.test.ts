import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemActor } from '../src/audit/audit.service.js';
import type { Db } from '../src/db/database.js';
import { deliverOutbox } from '../src/notifications/outbox-delivery.service.js';
import { enqueue } from '../src/notifications/outbox.repository.js';
import { checkWebhookUrl, registerWebhookEndpoint } from '../src/notifications/webhook-endpoints.service.js';
import { webhookSigningKey } from '../src/notifications/webhook-signature.js';
import { memoryMailer, testApp } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { buildWorld } from './helpers/principals.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

/** buildWorld's API clients: 1 = feed, 2 = vendor ('matrix vendor'); testApp's SECRET_KEY. */
const feedId = 1;
const vendorId = 2;
const secretKey = 'k'.repeat(40);
const page = `/admin/api-clients/${vendorId}/webhooks`;

const errorCodeOf = (body: string) => /<code>([a-z_]+)<\/code>/.exec(body)?.[1];

test('a webhook URL is absolute http(s) without credentials or fragment, stored normalised', () => {
  assert.equal(checkWebhookUrl(' https://Vendor.example:8443/hooks?x=1 '), 'https://vendor.example:8443/hooks?x=1');
  assert.equal(checkWebhookUrl('http://10.0.0.5'), 'http://10.0.0.5/');
  for (const bad of ['ftp://vendor.example/hooks', 'vendor.example/hooks', '/hooks', 'https://user:pw@vendor.example/', 'https://vendor.example/#x', 'javascript:alert(1)', 'https://vendor example/']) {
    assert.throws(() => checkWebhookUrl(bad), { code: 'invalid_webhook_url' }, bad);
  }
  assert.throws(() => checkWebhookUrl('  '), { code: 'missing_field' });
  assert.throws(() => checkWebhookUrl(`https://vendor.example/${'a'.repeat(500)}`), { code: 'field_too_long' });
});

async function audited(db: Db) {
  return db.kysely.selectFrom('audit_events').select(['action', 'entity_id']).where('entity', '=', 'webhook_endpoint').orderBy('id').execute();
}

dbTest('an administrator registers a vendor’s webhook URL, is shown its signing key, and disables it; every change audited', async (db) => {
  const app = await testApp(db);
  const { clients } = await buildWorld(db, app);
  const admin = clients.admin;
  const list = await admin.get('/admin/api-clients');
  assert.ok(list.body.includes(`href="${page}"`), 'the vendor’s row links to its webhooks');
  assert.ok(!list.body.includes(`/admin/api-clients/${feedId}/webhooks`), 'a feed client has none');

  const empty = await admin.get(page);
  assert.equal(empty.statusCode, 200);
  assert.ok(empty.body.includes(webhookSigningKey(secretKey, vendorId)), 'the derived signing key is shown');
  assert.equal(empty.headers['cache-control'], 'no-store');

  for (const [url, code] of [['ftp://vendor.example/hooks', 'invalid_webhook_url'], ['https://user:pw@vendor.example/', 'invalid_webhook_url'], ['', 'missing_field']]) {
    const refused = await admin.post(page, { url: url! }, page);
    assert.deepEqual([refused.statusCode, errorCodeOf(refused.body)], [400, code], url);
  }
  const script = await admin.post(page, { url: '"><script>alert(1)</script>' }, page);
  assert.equal(script.statusCode, 400);
  assert.ok(!script.body.includes('<script>alert(1)'), 'what was typed is shown escaped');

  const registered = await admin.post(page, { url: 'https://Vendor.example/hooks' }, page);
  assert.deepEqual([registered.statusCode, registered.headers.location], [303, `${page}?registered=1`]);
  const shown = await admin.get(`${page}?registered=1`);
  assert.ok(shown.body.includes('https://vendor.example/hooks'));
  assert.ok(shown.body.includes('Đã đăng ký địa chỉ mới.'));
  const again = await admin.post(page, { url: 'https://vendor.example/hooks' }, page);
  assert.deepEqual([again.statusCode, errorCodeOf(again.body)], [409, 'webhook_exists']);

  const endpoint = await db.kysely.selectFrom('webhook_endpoints').selectAll().executeTakeFirstOrThrow();
  assert.deepEqual([endpoint.api_client_id, endpoint.url, endpoint.disabled_at], [vendorId, 'https://vendor.example/hooks', null]);
  const wrongClient = await admin.post(`/admin/api-clients/${feedId}/webhooks/${endpoint.id}/disable`, {}, page);
  assert.equal(wrongClient.statusCode, 404);
  const disabled = await admin.post(`${page}/${endpoint.id}/disable`, {}, page);
  assert.deepEqual([disabled.statusCode, disabled.headers.location], [303, `${page}?disabled=${endpoint.id}`]);
  assert.notEqual((await db.kysely.selectFrom('webhook_endpoints').select('disabled_at').executeTakeFirstOrThrow()).disabled_at, null);
  assert.equal((await admin.post(page, { url: 'https://vendor.example/hooks' }, page)).statusCode, 303, 'a disabled URL can be registered anew');
  assert.deepEqual((await audited(db)).map((a) => a.action), ['create', 'disable', 'create']);

  const english = await admin.get(`${page}?lang=en`);
  assert.ok(english.body.includes('Webhooks of API client matrix vendor'));
  assert.ok(english.body.includes('X-Hailong-Signature'));
  await app.close();
});

dbTest('webhooks are for active vendor clients only', async (db) => {
  const app = await testApp(db);
  const { clients } = await buildWorld(db, app);
  const feedPage = `/admin/api-clients/${feedId}/webhooks`;
  const feed = await clients.admin.get(feedPage);
  assert.equal(feed.statusCode, 200);
  assert.ok(!feed.body.includes('name="url"'), 'no form for a feed client');
  assert.ok(!feed.body.includes(webhookSigningKey(secretKey, feedId)), 'no signing key either');
  const refused = await clients.admin.post(feedPage, { url: 'https://vendor.example/hooks' }, feedPage);
  assert.deepEqual([refused.statusCode, errorCodeOf(refused.body)], [409, 'webhook_client_not_vendor']);
  assert.equal((await clients.admin.get('/admin/api-clients/999/webhooks')).statusCode, 404);
  assert.equal((await clients.admin.post('/admin/api-clients/999/webhooks', { url: 'https://vendor.example/hooks' }, page)).statusCode, 404);
  await clients.admin.post(`/admin/api-clients/${vendorId}/revoke`, {}, '/admin/api-clients');
  const revoked = await clients.admin.post(page, { url: 'https://vendor.example/hooks' }, page);
  assert.deepEqual([revoked.statusCode, errorCodeOf(revoked.body)], [409, 'webhook_client_not_vendor']);
  await app.close();
});

dbTest('the delivery log lists outbox rows newest first with their attempts, filtered by status, page by page', async (db) => {
  const app = await testApp(db);
  const { clients } = await buildWorld(db, app);
  const receiver = await WebhookReceiver.start(() => 503);
  try {
    await registerWebhookEndpoint(db.kysely, vendorId, receiver.url(), systemActor);
    const endpoint = await db.kysely.selectFrom('webhook_endpoints').select('id').executeTakeFirstOrThrow();
    const base = { event: 'opened', case_id: 7, status: 'pending' as const, next_attempt_at: 0, claimed_until: null, last_error: null, created_at: 0, sent_at: null };
    await enqueue(db.kysely, [
      { ...base, channel: 'email', target: 'leader@hq.example', webhook_endpoint_id: null, subject: 's', body: 'b' },
      { ...base, channel: 'webhook', target: receiver.url(), webhook_endpoint_id: endpoint.id, subject: null, body: '{}' },
    ]);
    const now = Date.parse('2020-05-05T10:00:00+07:00');
    assert.deepEqual(await deliverOutbox(db.kysely, { mailer: memoryMailer(), secretKey, now }), { sent: 1, retrying: 1, failed: 0 });

    const log = await clients.admin.get('/admin/deliveries');
    assert.equal(log.statusCode, 200);
    assert.deepEqual([...log.body.matchAll(/<tr><td>(\d+)<\/td>/g)].map((m) => Number(m[1])), [2, 1], 'newest first');
    assert.ok(log.body.includes('1 chờ gửi · 1 đã gửi · 0 thất bại'));
    assert.ok(log.body.includes('HTTP 503: receiver error'), 'the last error');
    assert.ok(log.body.includes('05/05/2020 10:01'), 'the next attempt, a minute later');
    assert.ok(log.body.includes('(HTTP 503)'), 'the attempt with its status code');

    const pending = await clients.admin.get('/admin/deliveries?status=pending&lang=en');
    assert.ok(pending.body.includes(receiver.url()) && !pending.body.includes('leader@hq.example'));
    assert.ok(pending.body.includes('Notification deliveries'));
    assert.equal((await clients.admin.get('/admin/deliveries?status=lost')).statusCode, 400);

    await enqueue(db.kysely, Array.from({ length: 50 }, (_, i) => ({ ...base, channel: 'email' as const, target: `p${i}@hq.example`, webhook_endpoint_id: null, subject: 's', body: 'b' })));
    const first = await clients.admin.get('/admin/deliveries');
    const older = /href="(\/admin\/deliveries\?before=\d+)"/.exec(first.body)?.[1];
    assert.equal(older, '/admin/deliveries?before=3');
    assert.deepEqual([...(await clients.admin.get(older)).body.matchAll(/<tr><td>(\d+)<\/td>/g)].map((m) => Number(m[1])), [2, 1]);
    assert.ok((await clients.admin.get('/admin')).body.includes('href="/admin/deliveries"'), 'linked from the administration index');
  } finally {
    await receiver.close();
    await app.close();
  }
});
