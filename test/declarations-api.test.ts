import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createApiClient, revokeApiClientById } from '../src/api-clients/api-clients.service.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/database.js';
import { dbTest } from './helpers/databases.js';
import { countRows, declarationItem, handlersOf, importNo, loadOrganisation } from './helpers/fixtures.js';

type Reply = Awaited<ReturnType<FastifyInstance['inject']>>;

interface Feed {
  app: FastifyInstance;
  db: Db;
  /** POST /api/v1/declarations with the feed client's key (or the given headers). */
  push: (payload: unknown, headers?: Record<string, string>) => Promise<Reply>;
  feedKey: string;
  vendorKey: string;
}

/** A fresh app on a fresh database holding the organisation, a feed key and a vendor key. */
function apiTest(name: string, body: (feed: Feed) => Promise<void>): void {
  dbTest(name, async (db) => {
    await loadOrganisation(db);
    const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'hailong-api-')), SECRET_KEY: 'x'.repeat(32) });
    const app = await buildApp({ config, db, logger: false });
    try {
      const feedKey = (await createApiClient(db.kysely, 'feed', 'VNACCS')).key;
      const vendorKey = (await createApiClient(db.kysely, 'vendor', 'ECUS')).key;
      const push = (payload: unknown, headers: Record<string, string> = { authorization: `Bearer ${feedKey}` }) => {
        const request: InjectOptions = { method: 'POST', url: '/api/v1/declarations', headers };
        if (typeof payload === 'string') request.body = payload;
        else request.payload = payload as InjectOptions['payload'];
        return app.inject(request);
      };
      await body({ app, db, push, feedKey, vendorKey });
    } finally {
      await app.close();
    }
  });
}

function errorCode(response: Reply): string {
  return response.json<{ error: { code: string } }>().error.code;
}

apiTest('the feed needs a key: none, a malformed header or an unknown key is 401', async ({ push, feedKey }) => {
  const batch = { declarations: [declarationItem(1)] };
  const none = await push(batch, {});
  assert.equal(none.statusCode, 401);
  assert.equal(errorCode(none), 'unauthenticated');
  assert.equal(errorCode(await push(batch, { authorization: `Basic ${feedKey}` })), 'unauthenticated');
  const guessed = await push(batch, { authorization: `Bearer ${feedKey.slice(0, -4)}AAAA` });
  assert.equal(guessed.statusCode, 401);
  assert.equal(errorCode(guessed), 'invalid_api_key');
  assert.equal(errorCode(await push(batch, { authorization: 'Bearer hlk_999_' + 'A'.repeat(43) })), 'invalid_api_key');
  const body = none.json<{ error: { message: { vi: string; en: string }; requestId: string } }>();
  assert.ok(body.error.message.vi && body.error.message.en && body.error.requestId, JSON.stringify(body));
});

apiTest('a vendor key may not push declarations (403)', async ({ push, vendorKey, db }) => {
  const response = await push({ declarations: [declarationItem(1)] }, { authorization: `Bearer ${vendorKey}` });
  assert.equal(response.statusCode, 403);
  assert.equal(errorCode(response), 'forbidden');
  assert.equal(await countRows(db, 'declarations'), 0);
});

apiTest('a revoked key is refused (401 invalid_api_key)', async ({ push, feedKey, db }) => {
  await revokeApiClientById(db.kysely, Number(feedKey.split('_')[1]));
  const response = await push({ declarations: [declarationItem(1)] });
  assert.equal(response.statusCode, 401);
  assert.equal(errorCode(response), 'invalid_api_key');
});

apiTest('each item gets its result in input order; a rejected item never rejects the others', async ({ push, db }) => {
  const response = await push({
    declarations: [
      declarationItem(1),
      declarationItem(2, { officeCode: '03XX' }),
      declarationItem(3, { channel: 'vàng', handlers: [{ step: 'supervision', officerCode: 'TR001' }] }),
      declarationItem(4, { channel: 'tím' }),
      declarationItem(1, { channel: 3 }),
      null,
    ],
  });
  assert.equal(response.statusCode, 200);
  // Each written item carries its rating link (test/evaluations-api.test.ts checks them); compared without here.
  const results = response.json<{ results: Record<string, unknown>[] }>().results;
  assert.ok(typeof results[0]!.ratingToken === 'string' && typeof results[2]!.ratingUrl === 'string');
  const withoutLinks = results.map(({ ratingToken: _t, ratingUrl: _u, ...rest }) => rest);
  assert.deepEqual({ results: withoutLinks }, {
    results: [
      { declarationNo: importNo(1), status: 'created' },
      { declarationNo: importNo(2), status: 'rejected', code: 'unknown_office', message: 'Không có chi cục hải quan mã "03XX"' },
      { declarationNo: importNo(3), status: 'created' },
      { declarationNo: importNo(4), status: 'rejected', code: 'invalid_channel', message: 'Luồng "tím" không hợp lệ (1/2/3, xanh/vàng/đỏ)' },
      { declarationNo: importNo(1), status: 'rejected', code: 'duplicate_in_file', message: `Giá trị "${importNo(1)}" đã có ở dòng 1 của cùng tệp` },
      { declarationNo: '', status: 'rejected', code: 'missing_field', message: 'Thiếu trường bắt buộc "kind"' },
    ],
  });
  assert.equal(await countRows(db, 'declarations'), 2);
  assert.deepEqual(await handlersOf(db, importNo(3)), [{ step: 'supervision', officer: 'TR001', unit: '03CC-T1' }]);
});

apiTest('messages follow the reader’s language', async ({ push, feedKey }) => {
  const response = await push({ declarations: [declarationItem(1, { declarantTaxCode: '0200123450' })] },
    { authorization: `Bearer ${feedKey}`, 'accept-language': 'en-GB,en;q=0.9' });
  const [result] = response.json<{ results: { message: string }[] }>().results;
  assert.equal(result!.message, 'Invalid tax code "0200123450"');
});

apiTest('submitting the same declarations again reports them unchanged; a changed one is updated', async ({ push }) => {
  const batch = { declarations: [declarationItem(1), declarationItem(2)] };
  await push(batch);
  const statuses = async (payload: unknown) => (await push(payload)).json<{ results: { status: string }[] }>().results.map((r) => r.status);
  assert.deepEqual(await statuses(batch), ['unchanged', 'unchanged']);
  assert.deepEqual(await statuses({ declarations: [declarationItem(1), declarationItem(2, { clearedAt: null })] }), ['unchanged', 'updated']);
});

apiTest('at most 1,000 items per request', async ({ push }) => {
  const tooMany = await push({ declarations: Array.from({ length: 1001 }, () => ({})) });
  assert.equal(tooMany.statusCode, 400);
  assert.equal(errorCode(tooMany), 'too_many_items');
  const full = await push({ declarations: Array.from({ length: 1000 }, () => ({})) });
  assert.equal(full.statusCode, 200);
  assert.equal(full.json<{ results: unknown[] }>().results.length, 1000);
});

apiTest('a malformed body is a 4xx with a catalogue code, never a 500', async ({ push, feedKey }) => {
  const auth = { authorization: `Bearer ${feedKey}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const cases: [string, unknown, Record<string, string>, number, string][] = [
    ['malformed JSON', '{"declarations": [', json, 400, 'invalid_json'],
    ['an empty JSON body', '', json, 400, 'invalid_json'],
    ['a body that is an array', [], auth, 400, 'validation_failed'],
    ['declarations that are not an array', { declarations: { a: 1 } }, auth, 400, 'validation_failed'],
    ['no declarations at all', { items: [] }, auth, 400, 'validation_failed'],
    ['a plain-text body', 'declarations', { ...auth, 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
    ['an XML body', '<declarations/>', { ...auth, 'content-type': 'application/xml' }, 415, 'unsupported_media_type'],
  ];
  for (const [what, payload, headers, status, code] of cases) {
    const response = await push(payload, headers);
    assert.equal(response.statusCode, status, `${what}: ${response.body}`);
    assert.equal(errorCode(response), code, what);
  }
  const strange = await push({ declarations: [5, 'x', [], { kind: ['import'] }, { handlers: 'reception' }] });
  assert.equal(strange.statusCode, 200);
  assert.deepEqual(strange.json<{ results: { status: string }[] }>().results.map((r) => r.status), Array(5).fill('rejected'));
});

apiTest('GET /healthz answers ok and the OpenAPI document describes the feed', async ({ app }) => {
  const health = await app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(health.statusCode, 200);
  assert.deepEqual(health.json(), { status: 'ok' });
  const openapi = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(openapi.statusCode, 200);
  const document = openapi.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
  assert.match(document.openapi, /^3\./);
  assert.ok(document.paths['/api/v1/declarations']?.post, Object.keys(document.paths).join(', '));
});

apiTest('a URL whose escapes do not decode gets a catalogue code and, in a browser, the error page', async ({ app, feedKey }) => {
  const api = await app.inject({ method: 'GET', url: '/api/v1/declarations/%E0%A4', headers: { authorization: `Bearer ${feedKey}` } });
  assert.equal(api.statusCode, 400);
  assert.equal(errorCode(api), 'validation_failed');
  assert.equal(typeof api.json<{ error: { requestId?: string } }>().error.requestId, 'string');
  const page = await app.inject({ method: 'GET', url: '/r/%ZZ', headers: { accept: 'text/html' } });
  assert.equal(page.statusCode, 400);
  assert.match(String(page.headers['content-type']), /text\/html/);
  assert.match(page.body, /<code>validation_failed<\/code>/);
});
