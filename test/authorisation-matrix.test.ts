import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { testApp, type Client } from './helpers/app.js';
import { dbTest, freshDatabase } from './helpers/databases.js';
import { ratingToken } from '../src/evaluations/rating-token.js';
import { importNo } from './helpers/fixtures.js';
import { buildWorld, principalNames, type PrincipalName } from './helpers/principals.js';

/**
 * Record ids in the URLs are those buildWorld makes: users 1–7 in its order (5 = the business
 * account, 7 = the second business), API client 2 = the vendor key.
 *
 * Every route × every principal: allowed or denied. `public` routes answer anyone (sign-in forms,
 * health, API documentation, assets). The completeness test fails when a route has no entry.
 */
type Access = 'public' | PrincipalName[];
interface Entry {
  method: 'GET' | 'POST';
  route: string;
  /** The concrete request: a URL for the route pattern, and a body for a POST. */
  url: string;
  form?: Record<string, string>;
  json?: unknown;
  access: Access;
}

const staff: PrincipalName[] = ['admin', 'inspector', 'leader', 'officer'];
const signedIn: PrincipalName[] = [...staff, 'business'];
const declarationNo = importNo(1);
/** The rating token of that declaration under the test secret (test/helpers/app.ts). */
const token = ratingToken('k'.repeat(40), declarationNo, '0200123457');

export const matrix: Entry[] = [
  { method: 'GET', route: '/', url: '/', access: signedIn },
  { method: 'GET', route: '/assets/:file', url: '/assets/app.css', access: 'public' },
  { method: 'GET', route: '/healthz', url: '/healthz', access: 'public' },
  { method: 'GET', route: '/api/openapi.json', url: '/api/openapi.json', access: 'public' },
  { method: 'GET', route: '/api/docs', url: '/api/docs', access: 'public' },
  { method: 'GET', route: '/login', url: '/login', access: 'public' },
  { method: 'POST', route: '/login', url: '/login', form: { username: 'nobody', password: 'x' }, access: 'public' },
  { method: 'GET', route: '/password/forgot', url: '/password/forgot', access: 'public' },
  { method: 'POST', route: '/password/forgot', url: '/password/forgot', form: { login: 'nobody' }, access: 'public' },
  { method: 'GET', route: '/password/reset', url: '/password/reset?token=x', access: 'public' },
  { method: 'POST', route: '/password/reset', url: '/password/reset', form: { token: 'x', password: 'y', confirm: 'y' }, access: 'public' },
  { method: 'GET', route: '/dashboard', url: '/dashboard', access: staff },
  { method: 'GET', route: '/dashboard.csv', url: '/dashboard.csv?table=ranking', access: staff },
  { method: 'GET', route: '/units', url: '/units', access: staff },
  { method: 'GET', route: '/officers', url: '/officers', access: staff },
  { method: 'GET', route: '/officers/:code', url: '/officers/CC001', access: staff },
  { method: 'GET', route: '/declarations', url: '/declarations', access: signedIn },
  { method: 'GET', route: '/declarations/:no', url: `/declarations/${declarationNo}`, access: signedIn },
  { method: 'POST', route: '/api/v1/declarations', url: '/api/v1/declarations', json: { declarations: [] }, access: ['feed'] },
  // Allowed here means "past the gate": the fixture's declaration was cleared in 2020, so the vendor gets 409.
  { method: 'POST', route: '/api/v1/evaluations', url: '/api/v1/evaluations', json: { token, overall: 5 }, access: ['vendor'] },
  { method: 'GET', route: '/api/v1/declarations/:no/rating-link', url: `/api/v1/declarations/${declarationNo}/rating-link`, access: ['feed', 'vendor', 'business'] },
  { method: 'GET', route: '/evaluations', url: '/evaluations?low=1', access: ['admin', 'inspector'] },
  { method: 'GET', route: '/api/v1/cases', url: '/api/v1/cases?overdue=true', access: ['admin', 'inspector', 'leader'] },
  // No case exists in the world: readers get 404 like everyone else, so only the gate is checked (401/403 for the others).
  { method: 'GET', route: '/api/v1/cases/:id', url: '/api/v1/cases/1', access: [] },
  { method: 'POST', route: '/api/v1/cases/:id/:transition', url: '/api/v1/cases/1/acknowledge', json: {}, access: [] },
  { method: 'POST', route: '/api/v1/cases/:id/notes', url: '/api/v1/cases/1/notes', json: { note: 'x' }, access: [] },
  { method: 'POST', route: '/api/v1/cases/answer', url: '/api/v1/cases/answer', json: { token, answer: 'accept' }, access: [] },
  { method: 'GET', route: '/api/v1/stats', url: '/api/v1/stats?groupBy=month', access: staff },
  // Problems (vướng mắc): the business of the world raises problem 1 through the API, the vendor problem 2 with the token, the portal 3;
  // all three go to 03CC (the business's only office), so every signed-in reader's scope holds problem 1.
  { method: 'POST', route: '/api/v1/problems', url: '/api/v1/problems', json: { token, topic: 'procedure', question: 'Thủ tục?' }, access: ['business', 'vendor'] },
  { method: 'GET', route: '/api/v1/problems', url: '/api/v1/problems?view=all', access: signedIn },
  { method: 'GET', route: '/api/v1/problems/:id', url: '/api/v1/problems/1', access: signedIn },
  // Past the gate: not answered yet, 409.
  { method: 'POST', route: '/api/v1/problems/:id/rating', url: '/api/v1/problems/1/rating', json: { token, rating: 5 }, access: ['business', 'vendor'] },
  { method: 'GET', route: '/api/v1/qa', url: '/api/v1/qa?q=thu+tuc', access: 'public' },
  { method: 'GET', route: '/api/v1/qa/:id', url: '/api/v1/qa/1', access: 'public' },
  { method: 'GET', route: '/problems', url: '/problems', access: signedIn },
  { method: 'GET', route: '/problems/new', url: '/problems/new', access: ['business'] },
  { method: 'POST', route: '/problems', url: '/problems', form: { topic: 'other', question: 'Câu hỏi' }, access: ['business'] },
  { method: 'GET', route: '/problems/figures', url: '/problems/figures', access: ['admin', 'inspector', 'leader'] },
  { method: 'GET', route: '/problems/:id', url: '/problems/1', access: signedIn },
  // In this order: the leader and the officer draft, the leader approves (then returning is refused, 409), the business rates, a publisher publishes.
  { method: 'POST', route: '/problems/:id/draft', url: '/problems/1/draft', form: { answer: 'Trả lời' }, access: ['leader', 'officer'] },
  { method: 'POST', route: '/problems/:id/approve', url: '/problems/1/approve', form: {}, access: ['leader'] },
  { method: 'POST', route: '/problems/:id/return', url: '/problems/1/return', form: {}, access: ['leader'] },
  { method: 'POST', route: '/problems/:id/rating', url: '/problems/1/rating', form: { rating: '4' }, access: ['business'] },
  { method: 'GET', route: '/problems/:id/publish', url: '/problems/1/publish', access: ['admin', 'leader'] },
  { method: 'POST', route: '/problems/:id/publish', url: '/problems/1/publish', form: { question: 'Hỏi', answer: 'Đáp' }, access: ['admin', 'leader'] },
  { method: 'POST', route: '/problems/:id/unpublish', url: '/problems/1/unpublish', form: {}, access: ['admin', 'leader'] },
  // No attachment exists in the world: 404 for everyone, only the gate is checked.
  { method: 'GET', route: '/problem-attachments/:id', url: '/problem-attachments/1', access: [] },
  { method: 'GET', route: '/qa', url: '/qa?q=thu+tuc', access: 'public' },
  { method: 'GET', route: '/qa/:id', url: '/qa/1', access: 'public' },
  // Dialogue conferences: administrators and leaders organise (conference 1 made by the admin; the leader adds 2), inspectors read.
  { method: 'GET', route: '/conferences', url: '/conferences', access: ['admin', 'inspector', 'leader'] },
  { method: 'POST', route: '/conferences', url: '/conferences', form: { title: 'Hội nghị đối thoại 2018', heldOn: '2018-06-15', place: 'Hải Phòng' }, access: ['admin', 'leader'] },
  { method: 'GET', route: '/conferences/:id', url: '/conferences/1', access: ['admin', 'inspector', 'leader'] },
  { method: 'POST', route: '/conferences/:id/invitations', url: '/conferences/1/invitations', form: { invitees: '0200123457' }, access: ['admin', 'leader'] },
  { method: 'POST', route: '/conferences/:id/questions', url: '/conferences/1/questions', form: { taxCode: '0200123457', topic: 'origin', question: 'C/O mẫu D?' }, access: ['admin', 'leader'] },
  { method: 'POST', route: '/conferences/:id/minutes', url: '/conferences/1/minutes', form: { minutes: 'Biên bản' }, access: ['admin', 'leader'] },
  // — end of the problem and conference entries —
  { method: 'GET', route: '/cases', url: '/cases?view=all', access: ['admin', 'inspector', 'leader'] },
  // As for the API: no case exists in the world, so readers get 404 like everyone else and only the gates are checked.
  { method: 'GET', route: '/cases/:id', url: '/cases/1', access: [] },
  { method: 'POST', route: '/cases/:id/:transition', url: '/cases/1/acknowledge', form: {}, access: [] },
  { method: 'POST', route: '/cases/:id/notes', url: '/cases/1/notes', form: { note: 'x' }, access: [] },
  { method: 'GET', route: '/r/:token/qr.svg', url: `/r/${token}/qr.svg`, access: 'public' },
  // The token is the credential: the rating page answers anyone holding it (the fixture's window has closed: 200 with that message, 409 on a post).
  { method: 'GET', route: '/r/:token', url: `/r/${token}`, access: 'public' },
  { method: 'POST', route: '/r/:token', url: `/r/${token}`, form: { overall: '5' }, access: 'public' },
  // The business's answer to its case: by link for anyone holding it (404 here: the declaration has no case), on the portal for its business.
  { method: 'POST', route: '/r/:token/answer', url: `/r/${token}/answer`, form: { answer: 'accept' }, access: 'public' },
  { method: 'GET', route: '/declarations/:no/rate', url: `/declarations/${declarationNo}/rate`, access: ['business'] },
  { method: 'POST', route: '/declarations/:no/rate', url: `/declarations/${declarationNo}/rate`, form: { overall: '5' }, access: ['business'] },
  { method: 'POST', route: '/declarations/:no/rate/answer', url: `/declarations/${declarationNo}/rate/answer`, form: { answer: 'accept' }, access: [] },
  // Partnership (before the account changes below sign the business out): the world holds no agreement or association, so those records answer 404 to everyone and only the gates are checked.
  { method: 'GET', route: '/partnership', url: '/partnership?group=month', access: ['admin', 'inspector', 'leader'] },
  { method: 'GET', route: '/partnership/agreements', url: '/partnership/agreements?status=active', access: ['admin', 'inspector', 'leader'] },
  { method: 'GET', route: '/partnership/agreements/:id', url: '/partnership/agreements/1', access: [] },
  { method: 'GET', route: '/partnership/agreements/:id/scan.pdf', url: '/partnership/agreements/1/scan.pdf', access: [] },
  { method: 'POST', route: '/partnership/agreements/:id/scan', url: '/partnership/agreements/1/scan', form: {}, access: [] },
  { method: 'GET', route: '/partnership/agreement', url: '/partnership/agreement', access: ['business'] },
  { method: 'GET', route: '/partnership/associations', url: '/partnership/associations', access: ['admin', 'inspector', 'leader'] },
  { method: 'GET', route: '/partnership/associations/:code', url: '/partnership/associations/VAMA', access: [] },
  // The administrator creates template 1 and its first document (a link) here; the pages below then show them.
  { method: 'POST', route: '/admin/partnership/templates', url: '/admin/partnership/templates', form: { code: 'HQHP-DN', version: '2020', effective_on: '2020-02-17', title_vi: 'Mẫu 2020', title_en: '2020 template' }, access: ['admin'] },
  { method: 'GET', route: '/admin/partnership', url: '/admin/partnership', access: ['admin'] },
  { method: 'GET', route: '/admin/partnership/templates/:id', url: '/admin/partnership/templates/1', access: ['admin'] },
  { method: 'POST', route: '/admin/partnership/templates/:id/items', url: '/admin/partnership/templates/1/items', form: { title_vi: 'Quy chế giải quyết vướng mắc', title_en: 'Problem resolution rule', link: 'https://example.vn/quy-che' }, access: ['admin'] },
  { method: 'GET', route: '/partnership/templates', url: '/partnership/templates', access: signedIn },
  { method: 'GET', route: '/partnership/templates/:id', url: '/partnership/templates/1', access: signedIn },
  // Document 1 is a link, not a file: 404 to every reader, so only the gate is checked.
  { method: 'GET', route: '/partnership/appendix/:id', url: '/partnership/appendix/1', access: [] },
  { method: 'GET', route: '/admin', url: '/admin', access: ['admin', 'inspector'] },
  { method: 'GET', route: '/admin/audit', url: '/admin/audit', access: ['admin', 'inspector'] },
  { method: 'GET', route: '/admin/audit.csv', url: '/admin/audit.csv', access: ['admin', 'inspector'] },
  { method: 'GET', route: '/admin/users', url: '/admin/users', access: ['admin'] },
  { method: 'POST', route: '/admin/users', url: '/admin/users', form: { username: '', role: 'admin', password: '' }, access: ['admin'] },
  { method: 'GET', route: '/admin/users/:id', url: '/admin/users/5', access: ['admin'] },
  { method: 'POST', route: '/admin/users/:id/businesses', url: '/admin/users/5/businesses', form: { tax_code: '0301234562' }, access: ['admin'] },
  { method: 'POST', route: '/admin/users/:id/businesses/:taxCode/revoke', url: '/admin/users/5/businesses/0301234562/revoke', form: {}, access: ['admin'] },
  { method: 'POST', route: '/admin/users/:id/disable', url: '/admin/users/7/disable', form: {}, access: ['admin'] },
  { method: 'POST', route: '/admin/users/:id/enable', url: '/admin/users/7/enable', form: {}, access: ['admin'] },
  { method: 'GET', route: '/admin/api-clients', url: '/admin/api-clients', access: ['admin'] },
  { method: 'POST', route: '/admin/api-clients', url: '/admin/api-clients', form: { name: '', role: 'x' }, access: ['admin'] },
  // Before the vendor key (client 2) is revoked below: the admin registers endpoint 1, then disables it.
  { method: 'GET', route: '/admin/api-clients/:id/webhooks', url: '/admin/api-clients/2/webhooks', access: ['admin'] },
  { method: 'POST', route: '/admin/api-clients/:id/webhooks', url: '/admin/api-clients/2/webhooks', form: { url: 'https://vendor.example/hooks' }, access: ['admin'] },
  { method: 'POST', route: '/admin/api-clients/:id/webhooks/:endpointId/disable', url: '/admin/api-clients/2/webhooks/1/disable', form: {}, access: ['admin'] },
  { method: 'GET', route: '/admin/deliveries', url: '/admin/deliveries?status=pending', access: ['admin'] },
  { method: 'POST', route: '/admin/api-clients/:id/revoke', url: '/admin/api-clients/2/revoke', form: {}, access: ['admin'] },
  { method: 'GET', route: '/admin/units', url: '/admin/units', access: ['admin'] },
  { method: 'POST', route: '/admin/units/:code/rollout', url: '/admin/units/03EE/rollout', form: {}, access: ['admin'] },
  { method: 'GET', route: '/admin/officers/:code', url: '/admin/officers/CC001', access: ['admin'] },
  { method: 'POST', route: '/admin/officers/:code/transfer', url: '/admin/officers/EE001/transfer', form: { unit_code: 'X', from: 'x' }, access: ['admin'] },
  { method: 'GET', route: '/admin/settings', url: '/admin/settings', access: ['admin'] },
  { method: 'POST', route: '/admin/settings', url: '/admin/settings', form: {}, access: ['admin'] },
  { method: 'GET', route: '/admin/calendar', url: '/admin/calendar?year=2026', access: ['admin'] },
  { method: 'POST', route: '/admin/calendar', url: '/admin/calendar', form: { day: '', name_vi: '', name_en: '' }, access: ['admin'] },
  { method: 'POST', route: '/admin/calendar/:day/delete', url: '/admin/calendar/2030-09-03/delete', form: {}, access: ['admin'] },
  // Last: it ends the session of the principal that calls it.
  { method: 'POST', route: '/logout', url: '/logout', form: {}, access: 'public' },
];

async function send(client: Client, entry: Entry): Promise<LightMyRequestResponse> {
  if (entry.method === 'GET') return client.get(entry.url);
  if (entry.json !== undefined) return client.json('POST', entry.url, entry.json);
  const token = /name="_csrf" value="([^"]+)"/.exec((await client.get('/login')).body)?.[1] ?? '';
  return client.request('POST', entry.url, { _csrf: token, ...entry.form });
}

/** Denied: sent to sign in, unauthenticated, forbidden, or (for scoped records) not found. */
function denied(response: LightMyRequestResponse): boolean {
  if (response.statusCode === 303 && String(response.headers.location).startsWith('/login')) return true;
  return [401, 403, 404].includes(response.statusCode);
}

test('every route has an entry in the authorisation matrix', async () => {
  const fresh = await freshDatabase('sqlite');
  try {
    const app = await testApp(fresh.db);
    await app.ready();
    const known = new Set(matrix.map((e) => `${e.method} ${e.route}`));
    const missing = app.routeList.filter((r) => !known.has(`${r.method} ${r.url}`)).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(missing, [], 'routes without an entry');
    await app.close();
  } finally {
    await fresh.drop();
  }
});

dbTest('the authorisation matrix holds for every route and principal', async (db) => {
  const app = await testApp(db);
  const world = await buildWorld(db, app);
  const failures: string[] = [];
  for (const entry of matrix) {
    for (const name of principalNames) {
      const response = await send(world.clients[name], entry);
      if (response.statusCode >= 500) failures.push(`${entry.method} ${entry.url} as ${name}: ${response.statusCode}`);
      if (entry.access === 'public') continue;
      const allowed = entry.access.includes(name);
      if (allowed === denied(response)) {
        failures.push(`${entry.method} ${entry.url} as ${name}: expected ${allowed ? 'allowed' : 'denied'}, got ${response.statusCode}`);
      }
    }
  }
  assert.deepEqual(failures, []);
  await app.close();
});
