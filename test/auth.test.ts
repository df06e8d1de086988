import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { systemActor } from '../src/audit/audit.service.js';
import type { Db } from '../src/db/database.js';
import { createMailer } from '../src/mail/mailer.js';
import { createUser } from '../src/users/users.service.js';
import { Client, testApp } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';

const password = 'correct horse battery';

async function withAdmin(db: Db) {
  await createUser(db.kysely, { username: 'admin.hp', email: 'admin@hq.example', password, role: 'admin' }, systemActor);
}

dbTest('a user signs in with username or e-mail and signs out', async (db) => {
  await withAdmin(db);
  const app = await testApp(db);
  const client = new Client(app);
  const signedIn = await client.signIn('ADMIN.HP', password);
  assert.equal(signedIn.statusCode, 303);
  assert.equal(signedIn.headers.location, '/');
  const cookie = (signedIn.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[]).find((c) => c.name === 'hl_session');
  assert.ok(cookie?.httpOnly, 'session cookie is httpOnly');
  assert.equal(cookie?.sameSite, 'Lax');
  const logout = await client.post('/logout', { _csrf: /name="_csrf" value="([^"]+)"/.exec((await client.get('/login')).body)![1]! });
  assert.equal(logout.statusCode, 303);
  assert.equal(client.hasCookie('hl_session'), false);
  const byEmail = await new Client(app).signIn('admin@hq.example', password);
  assert.equal(byEmail.statusCode, 303);
  await app.close();
});

dbTest('a wrong password is refused without saying which part was wrong', async (db) => {
  await withAdmin(db);
  const app = await testApp(db);
  const wrong = await new Client(app).signIn('admin.hp', 'not the password');
  const unknown = await new Client(app).signIn('nobody', 'not the password');
  assert.equal(wrong.statusCode, 401);
  assert.equal(unknown.statusCode, 401);
  assert.match(wrong.body, /Tên đăng nhập hoặc mật khẩu không đúng/);
  assert.match(unknown.body, /Tên đăng nhập hoặc mật khẩu không đúng/);
  await app.close();
});

dbTest('an account is locked after repeated failures, even for the right password', async (db) => {
  await withAdmin(db);
  const app = await testApp(db, { env: { LOGIN_MAX_FAILURES: '3' } });
  for (let i = 0; i < 2; i++) assert.equal((await new Client(app).signIn('admin.hp', 'bad password 1')).statusCode, 401);
  assert.equal((await new Client(app).signIn('admin.hp', 'bad password 1')).statusCode, 429);
  const locked = await new Client(app).signIn('admin.hp', password);
  assert.equal(locked.statusCode, 429);
  assert.match(locked.body, /Tạm khoá/);
  await app.close();
});

dbTest('a form posted without the CSRF token is rejected', async (db) => {
  await withAdmin(db);
  const app = await testApp(db);
  const client = new Client(app);
  await client.get('/login');
  const forged = await client.request('POST', '/login', { username: 'admin.hp', password });
  assert.equal(forged.statusCode, 403);
  assert.match(forged.body, /csrf_failed/);
  assert.equal(client.hasCookie('hl_session'), false);
  await app.close();
});

dbTest('an idle session expires', async (db) => {
  await withAdmin(db);
  const app = await testApp(db, { env: { SESSION_IDLE_MINUTES: '1' } });
  const client = new Client(app);
  await client.signIn('admin.hp', password);
  await db.kysely.updateTable('sessions').set({ last_seen_at: Date.now() - 5 * 60_000 }).execute();
  const later = await client.get('/logout-check-not-a-route');
  assert.equal(client.hasCookie('hl_session'), false, `session cookie cleared (${later.statusCode})`);
  assert.equal(Number((await db.kysely.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), 0);
  await app.close();
});

let smtp: SMTPServer;
let smtpPort = 0;
const inbox: string[] = [];
before(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      stream.on('end', () => { inbox.push(text); callback(); });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  smtpPort = (smtp.server.address() as { port: number }).port;
});
after(() => smtp.close());

dbTest('a password is reset through a one-time link sent by e-mail', async (db) => {
  await withAdmin(db);
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, mailFrom: 'hailong@test.example' }, console);
  const app = await testApp(db, { mailer });
  const client = new Client(app);
  const before = inbox.length;
  const asked = await client.post('/password/forgot', { login: 'admin.hp' }, '/password/forgot');
  assert.equal(asked.statusCode, 200);
  assert.equal(inbox.length, before + 1);
  const mail = inbox.at(-1)!.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const link = /http:\/\/localhost:3000(\/password\/reset\?token=[A-Za-z0-9_%-]+)/.exec(mail)?.[1];
  assert.ok(link, 'the mail holds the reset link');
  const token = decodeURIComponent(link.split('token=')[1]!);
  const reset = await client.post('/password/reset', { token, password: 'a brand new secret', confirm: 'a brand new secret' }, link);
  assert.equal(reset.statusCode, 303);
  assert.equal((await new Client(app).signIn('admin.hp', password)).statusCode, 401);
  assert.equal((await new Client(app).signIn('admin.hp', 'a brand new secret')).statusCode, 303);
  const again = await client.post('/password/reset', { token, password: 'another new secret', confirm: 'another new secret' }, '/login');
  assert.equal(again.statusCode, 400, 'the link works once');
  await app.close();
});
