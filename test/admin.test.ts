import assert from 'node:assert/strict';
import { systemActor } from '../src/audit/audit.service.js';
import type { Db } from '../src/db/database.js';
import { ratingWindowDays } from '../src/evaluations/rating-link.service.js';
import { createUser } from '../src/users/users.service.js';
import { Client, testApp } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { loadOrganisation, organisation } from './helpers/fixtures.js';
import { summer2020 } from './helpers/summer.js';

const password = 'admin password 2020';

async function adminClient(db: Db) {
  await createUser(db.kysely, { username: 'root', password, role: 'admin' }, systemActor);
  const app = await testApp(db);
  const client = new Client(app);
  assert.equal((await client.signIn('root', password)).statusCode, 303);
  return { app, client };
}

dbTest('an administrator creates an API key, sees it once, and revokes it', async (db) => {
  const { app, client } = await adminClient(db);
  const created = await client.post('/admin/api-clients', { name: 'ECUS5 <VNACCS>', role: 'vendor' }, '/admin/api-clients');
  assert.equal(created.statusCode, 200);
  const key = /hlk_\d+_[A-Za-z0-9_-]{43}/.exec(created.body)?.[0];
  assert.ok(key, 'the new key is on the page');
  assert.match(created.body, /ECUS5 &lt;VNACCS&gt;/, 'the name is escaped');
  const listed = await client.get('/admin/api-clients');
  assert.equal(listed.body.includes(key), false, 'the key is never shown again');
  const id = key.split('_')[1]!;
  const revoked = await client.post(`/admin/api-clients/${id}/revoke`, {}, '/admin/api-clients');
  assert.equal(revoked.statusCode, 303);
  const stored = await db.kysely.selectFrom('api_clients').select('revoked_at').where('id', '=', Number(id)).executeTakeFirstOrThrow();
  assert.notEqual(stored.revoked_at, null);
  const events = await db.kysely.selectFrom('audit_events').select(['action', 'entity']).where('entity', '=', 'api_client').orderBy('id').execute();
  assert.deepEqual(events.map((e) => e.action), ['create', 'revoke']);
  await app.close();
});

dbTest('an administrator creates a broker account and authorises a second business', async (db) => {
  await loadOrganisation(db);
  const { app, client } = await adminClient(db);
  const [first, second] = organisation.businesses.map((b) => b.tax_code!);
  const created = await client.post('/admin/users', { username: 'broker1', role: 'business', tax_codes: first!, password: 'broker password 1' }, '/admin/users');
  assert.equal(created.statusCode, 303);
  const page = created.headers.location as string;
  const added = await client.post(`${page}/businesses`, { tax_code: second! }, page);
  assert.equal(added.statusCode, 303);
  const detail = await client.get(page);
  assert.match(detail.body, new RegExp(first!));
  assert.match(detail.body, new RegExp(second!));
  const unknown = await client.post(`${page}/businesses`, { tax_code: '0100109106' }, page);
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.body, /unknown_business/);
  await app.close();
});

dbTest('the audit trail lists writes and exports them as CSV, for admins and inspectors only', async (db) => {
  const { app, client } = await adminClient(db);
  await createUser(db.kysely, { username: 'inspector1', password, role: 'inspector' }, systemActor);
  await client.post('/admin/settings', { rating_window_days: '20' }, '/admin/settings');
  const page = await client.get('/admin/audit?entity=setting');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /rating_window_days/);
  const csv = await client.get('/admin/audit.csv?entity=setting');
  assert.equal(csv.statusCode, 200);
  assert.match(csv.headers['content-type'] as string, /text\/csv/);
  assert.match(csv.body, /update,setting,rating_window_days,30,20/);
  const inspector = new Client(app);
  await inspector.signIn('inspector1', password);
  assert.equal((await inspector.get('/admin/audit')).statusCode, 200);
  assert.equal((await inspector.get('/admin/users')).statusCode, 403);
  const anonymous = await new Client(app).get('/admin/audit');
  assert.equal(anonymous.statusCode, 303);
  assert.match(anonymous.headers.location as string, /^\/login\?next=/);
  await app.close();
});

dbTest('the settings page shows the rating window RATING_WINDOW_DAYS sets, and a stored value replaces it even when it equals the built-in default', async (db) => {
  await createUser(db.kysely, { username: 'root', password, role: 'admin' }, systemActor);
  const app = await testApp(db, { env: { RATING_WINDOW_DAYS: '45' } });
  const client = new Client(app);
  assert.equal((await client.signIn('root', password)).statusCode, 303);
  const page = await client.get('/admin/settings');
  assert.match(page.body, /id="rating_window_days"[^>]*value="45"/, 'the environment\'s window is the one in force');
  assert.equal((await client.post('/admin/settings', { rating_window_days: '30' }, '/admin/settings')).statusCode, 303);
  assert.match((await client.get('/admin/settings')).body, /id="rating_window_days"[^>]*value="30"/);
  assert.equal(await ratingWindowDays(db.kysely, { secretKey: 'k'.repeat(40), ratingWindowDays: 45 }), 30, 'the stored 30 replaces the environment\'s 45');
  const events = await db.kysely.selectFrom('audit_events').select(['before_json', 'after_json']).where('entity', '=', 'setting').execute();
  assert.deepEqual(events.map((e) => [e.before_json, e.after_json]), [['45', '30']]);
  await app.close();
});

dbTest('an administrator records a late transfer on the officer page and is told how many declarations moved', async (db) => {
  await summer2020(db);
  const { app, client } = await adminClient(db);
  const page = '/admin/officers/CC002';
  assert.match((await client.get(page)).body, /aria-describedby="from-hint"/);
  const unknown = await client.post(`${page}/transfer`, { unit_code: 'NOPE', from: '2020-07-15' }, page);
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.body, /unknown_unit/);
  assert.match(unknown.body, /03CC-T2/, 'the page again, with its history');
  const done = await client.post(`${page}/transfer`, { unit_code: '03CC-T1', from: '2020-07-15' }, page);
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, `${page}?moved=1`);
  const shown = await client.get(`${page}?moved=1`);
  assert.match(shown.body, /role="status"><p>[^<]*: 1\.<\/p>/);
  assert.match(shown.body, /03CC-T1/);
  assert.equal((await client.get(`${page}?moved=x`)).statusCode, 400);
  const earlier = await client.post(`${page}/transfer`, { unit_code: '03EE-T1', from: '2020-07-01' }, page);
  assert.equal(earlier.statusCode, 409, 'before the last transfer');
  assert.match(earlier.body, /overlapping_assignment/);
  assert.match(earlier.body, /value="03EE-T1"/, 'what was typed stays in the form');
  assert.match(earlier.body, /value="2020-07-01"/);
  await app.close();
});
