import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildApp } from '../src/app.js';
import { toAppError } from '../src/http/error-handler.js';
import { unstorableValue } from '../src/http/input-guard.js';
import { memoryMailer, testConfig } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { declarationItem } from './helpers/fixtures.js';
import { multipartBody } from './helpers/partnership.js';
import { buildWorld } from './helpers/principals.js';

// What schemas let through but no database stores, and other requests that once answered 500
// (found by fuzzing every route): each now gets a catalogue error, and nothing is left half-written.

test('unstorable values: NUL, unpaired surrogates, numbers that are not finite or not exact — wherever they sit', () => {
  const code = (value: unknown) => unstorableValue(value, '')?.code ?? null;
  assert.equal(code({ q: 'Hải Phòng 😀', n: 42, list: ['a', 1], nested: { ok: true, at: 1_700_000_000_000 } }), null);
  assert.equal(code({ q: 'a\u0000b' }), 'invalid_text');
  assert.equal(code({ comment: 'x\ud800y' }), 'invalid_text');
  assert.equal(code({ comment: 'x\udc00' }), 'invalid_text');
  assert.equal(code({ ['k\u0000']: 'v' }), 'invalid_text', 'a key too');
  assert.equal(code({ page: Infinity }), 'number_out_of_range');
  assert.equal(code({ id: 1e20 }), 'number_out_of_range');
  assert.equal(code({ items: [{ level: Number.NaN }] }), 'number_out_of_range');
  assert.equal(unstorableValue({ items: [{ name: '\u0000' }] }, '')?.params.field, 'items[0].name');
  assert.equal(code({ scan: Buffer.from([0, 0, 0]) }), null, 'an upload\'s bytes are not text');
  const deep = JSON.parse(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`) as unknown;
  assert.equal(code(deep), 'validation_failed', 'nesting deeper than any form of ours: refused, not a stack overflow');
});

test('what PostgreSQL refuses to store, and a malformed multipart body, are the client\'s errors', () => {
  const refusal = (code: string) => toAppError(Object.assign(new Error('refused'), { code }), 'r1').code;
  assert.equal(refusal('22021'), 'invalid_text');
  assert.equal(refusal('22003'), 'number_out_of_range');
  assert.equal(refusal('22P02'), 'number_out_of_range');
  assert.equal(refusal('23505'), 'internal_error', 'a conflict the code did not expect stays a 500');
  assert.equal(toAppError(new Error('Unexpected end of multipart data'), 'r1').code, 'invalid_multipart');
  assert.equal(toAppError(new Error('Multipart: Boundary not found'), 'r1').code, 'invalid_multipart');
});

dbTest('odd paths, repeated or non-finite query values and NUL are refused with a catalogue code, never a 500', async (db) => {
  const config = testConfig();
  const app = await buildApp({ config, db, logger: false, mailer: memoryMailer() });
  try {
    const { clients } = await buildWorld(db, app);
    const { admin, anonymous, business, feed, vendor } = clients;
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      assert.equal((await anonymous.get(`/assets/${name}`)).statusCode, 404, name);
    }
    assert.equal((await anonymous.get('/assets/app.css')).statusCode, 200);
    assert.equal((await anonymous.get('/password/reset?token=a&token=b')).statusCode, 400);
    const codeOf = (body: string) => /"code":"([a-z_]+)"/.exec(body)?.[1];
    const refused = async (url: string, code: string) => {
      const response = await admin.request('GET', url);
      assert.equal(response.statusCode, 400, `${url}: ${response.statusCode}`);
      assert.equal(codeOf((await admin.request('GET', url, undefined, 'application/json')).body), code, url);
    };
    for (const url of ['/officers?page=Infinity', '/officers?page=1e400', '/admin/calendar?year=-Infinity', '/api/v1/cases/99999999999999999999', '/api/v1/cases?before=9223372036854775808']) {
      await refused(url, 'number_out_of_range');
    }
    for (const url of ['/units?q=%00', '/declarations/%00', '/api/v1/stats?officer=%00', '/admin/audit?actor=a%00']) await refused(url, 'invalid_text');

    // The vendor API: an unpaired surrogate would be stored as U+FFFD, and the chain's hash made of the text received.
    const surrogate = await vendor.json('POST', '/api/v1/evaluations', { token: 'x.y', overall: 5, comment: 'x\ud800y' });
    assert.equal(surrogate.statusCode, 400);
    assert.equal(codeOf(surrogate.body), 'invalid_text');
    // The feed: one item with a NUL is rejected alone, its neighbour written.
    const items = [declarationItem(2, { declarantName: 'Công ty\u0000 A' }), declarationItem(3)];
    const fed = await feed.json('POST', '/api/v1/declarations', { declarations: items });
    assert.equal(fed.statusCode, 200, fed.body);
    assert.deepEqual(fed.json<{ results: { status: string; code?: string }[] }>().results.map((r) => [r.status, r.code]), [['rejected', 'invalid_text'], ['created', undefined]]);

    // Multipart: a body without its boundary, or cut short, is a 400 — and leaves no file behind.
    const incoming = join(config.dataDir, 'problems', 'incoming');
    const leftovers = () => (existsSync(incoming) ? readdirSync(incoming) : []);
    const noBoundary = await business.upload('/problems', Buffer.from('garbage'), 'multipart/form-data');
    assert.equal(noBoundary.statusCode, 400);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);
    const whole = multipartBody({ _csrf: await business.csrfFrom('/problems/new'), topic: 'procedure', question: 'Hỏi?' }, { field: 'attachments', name: 'a.png', type: 'image/png', data: png });
    const cut = whole.payload.subarray(0, whole.payload.length - 1200);
    const truncated = await business.upload('/problems', cut, whole.contentType);
    assert.equal(truncated.statusCode, 400, truncated.body);
    assert.deepEqual(leftovers(), [], 'the part received is removed');
    // Who may post is checked before the body is read: an anonymous upload to a step writes nothing.
    const anonymousStep = await anonymous.upload('/problems/1/draft', cut, whole.contentType);
    assert.ok([303, 401, 403].includes(anonymousStep.statusCode), String(anonymousStep.statusCode));
    assert.deepEqual(leftovers(), []);
  } finally {
    await app.close();
  }
});
