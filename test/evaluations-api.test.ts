import assert from 'node:assert/strict';
import { dbTest } from './helpers/databases.js';
import type { RatingLink, StoredEvaluation } from '../src/evaluations/evaluations.schema.js';
import { importNo } from './helpers/fixtures.js';
import { daysAgo, errorCode, ratingWorld, recentItem } from './helpers/ratings.js';

dbTest('the feed returns a rating token and URL for every created or updated item, not for unchanged ones', async (db) => {
  const w = await ratingWorld(db);
  try {
    const item = recentItem(1);
    const [created] = await w.push([item]);
    assert.equal(created!.status, 'created');
    assert.match(created!.ratingToken!, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    assert.equal(created!.ratingUrl, `https://hailong.example/r/${created!.ratingToken}`);
    const [unchanged] = await w.push([item]);
    assert.equal(unchanged!.status, 'unchanged');
    assert.equal(unchanged!.ratingToken, undefined);
  } finally {
    await w.app.close();
  }
});

dbTest('a vendor rates a declaration with its token and gets the stored evaluation (201)', async (db) => {
  const w = await ratingWorld(db);
  try {
    const [item] = await w.push([recentItem(1)]);
    const response = await w.rate({
      token: item!.ratingToken, overall: 4,
      targets: [{ type: 'officer', code: 'CC002', level: 2 }, { type: 'step', code: 'reception', level: 5 }, { type: 'team', code: '03CC-T1', level: 5 }],
      reasons: ['delay'], comment: '<b>Chậm</b> kiểm tra',
    });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json<StoredEvaluation>();
    assert.equal(body.declarationNo, importNo(1));
    assert.equal(body.version, 1);
    assert.equal(body.overall, 4);
    assert.equal(body.ratingChannel, 'software');
    assert.equal(body.comment, '<b>Chậm</b> kiểm tra', 'stored as written');
    assert.deepEqual(body.targets.map((t) => t.code), ['CC002', 'reception', '03CC-T1']);
    assert.ok(Date.parse(body.revisableUntil) > Date.now());
  } finally {
    await w.app.close();
  }
});

dbTest('a second submission is a revision: every version kept, the latest counts', async (db) => {
  const w = await ratingWorld(db);
  try {
    const [item] = await w.push([recentItem(1)]);
    assert.equal((await w.rate({ token: item!.ratingToken, overall: 2, reasons: ['attitude'] })).statusCode, 201);
    const revised = await w.rate({ token: item!.ratingToken, overall: 5 });
    assert.equal(revised.statusCode, 201);
    assert.equal(revised.json<StoredEvaluation>().version, 2);
    const versions = await db.kysely.selectFrom('evaluation_versions').select(['version', 'overall']).orderBy('version').execute();
    assert.deepEqual(versions, [{ version: 1, overall: 2 }, { version: 2, overall: 5 }]);
    const current = await db.kysely.selectFrom('evaluations').select(['version', 'overall']).execute();
    assert.deepEqual(current, [{ version: 2, overall: 5 }]);
  } finally {
    await w.app.close();
  }
});

dbTest('every rule has its own error code, and a refused rating writes nothing', async (db) => {
  const w = await ratingWorld(db);
  try {
    const [ok, uncleared, old, early] = await w.push([
      recentItem(1),
      recentItem(2, 2, { clearedAt: null }),
      recentItem(3, 31),
      // cleared before its office started rating (the fixture's pilot begins 25/3/2020)
      recentItem(4, 0, { registeredAt: '2020-03-20T08:00:00+07:00', clearedAt: '2020-03-20T09:00:00+07:00' }),
    ]);
    const token = ok!.ratingToken!;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ token: `${token.slice(0, -2)}AA`, overall: 5 }, 404, 'rating_token_invalid'],
      [{ token: 'not-a-token', overall: 5 }, 404, 'rating_token_invalid'],
      [{ token: uncleared!.ratingToken, overall: 5 }, 409, 'declaration_not_cleared'],
      [{ token: old!.ratingToken, overall: 5 }, 409, 'rating_window_closed'],
      [{ token: early!.ratingToken, overall: 5 }, 409, 'unit_not_rating'],
      [{ token, overall: 0 }, 400, 'invalid_level'],
      [{ token, overall: 6 }, 400, 'invalid_level'],
      [{ token, overall: 5, targets: [{ type: 'officer', code: 'CC001', level: 9 }] }, 400, 'invalid_level'],
      [{ token, overall: 3 }, 400, 'reasons_required'],
      [{ token, overall: 5, targets: [{ type: 'officer', code: 'CC001', level: 1 }] }, 400, 'reasons_required'],
      [{ token, overall: 2, reasons: ['bribery'] }, 400, 'unknown_reason'],
      [{ token, overall: 2.5, reasons: ['delay'] }, 400, 'invalid_level'],
      [{ token, overall: 5, targets: [{ type: 'officer', code: 'CC001', level: 4.5 }] }, 400, 'invalid_level'],
      [{ token, overall: 5, comment: 'x'.repeat(2001) }, 400, 'comment_too_long'],
      [{ token, overall: 5, targets: [{ type: 'officer', code: 'EE001', level: 5 }] }, 400, 'target_not_in_declaration'],
      [{ token, overall: 5, targets: [{ type: 'office', code: '03EE', level: 5 }] }, 400, 'target_not_in_declaration'],
      [{ token, overall: 5, targets: [{ type: 'team', code: '03EE-T1', level: 5 }] }, 400, 'target_not_in_declaration'],
      [{ token, overall: 5, targets: [{ type: 'step', code: 'supervision', level: 5 }] }, 400, 'target_not_in_declaration'],
      [{ token, overall: 5, targets: [{ type: 'officer', code: 'CC001', level: 5 }, { type: 'officer', code: 'CC001', level: 4 }] }, 400, 'duplicate_target'],
      [{ overall: 5 }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const response = await w.rate(body);
      assert.equal(response.statusCode, status, `${JSON.stringify(body).slice(0, 120)} → ${response.body}`);
      assert.equal(errorCode(response), code, JSON.stringify(body).slice(0, 120));
      const { message } = response.json<{ error: { message: { vi: string; en: string } } }>().error;
      assert.ok(message.vi && message.en);
    }
    assert.equal((await db.kysely.selectFrom('evaluation_versions').select('id').execute()).length, 0);
    assert.equal((await db.kysely.selectFrom('stat_rollups').select('eligible').where('l5_software', '<>', 0).execute()).length, 0);
    const comment2000 = await w.rate({ token, overall: 5, comment: 'ư'.repeat(2000) });
    assert.equal(comment2000.statusCode, 201, 'exactly 2,000 characters is allowed');
  } finally {
    await w.app.close();
  }
});

dbTest('only a vendor key may submit ratings through the API', async (db) => {
  const w = await ratingWorld(db);
  try {
    const [item] = await w.push([recentItem(1)]);
    const asFeed = await w.app.inject({ method: 'POST', url: '/api/v1/evaluations', headers: { authorization: `Bearer ${w.feedKey}` }, payload: { token: item!.ratingToken, overall: 5 } });
    assert.equal(asFeed.statusCode, 403);
    const anonymous = await w.app.inject({ method: 'POST', url: '/api/v1/evaluations', payload: { token: item!.ratingToken, overall: 5 } });
    assert.equal(anonymous.statusCode, 401);
  } finally {
    await w.app.close();
  }
});

dbTest('an Idempotency-Key makes a retry return the first answer without a second version', async (db) => {
  const w = await ratingWorld(db);
  try {
    const [item] = await w.push([recentItem(1)]);
    const body = { token: item!.ratingToken, overall: 4 };
    const first = await w.rate(body, { 'idempotency-key': 'req-1' });
    const retry = await w.rate(body, { 'idempotency-key': 'req-1' });
    assert.equal(first.statusCode, 201);
    assert.equal(retry.statusCode, 201);
    assert.deepEqual(retry.json<StoredEvaluation>(), first.json<StoredEvaluation>());
    assert.equal((await db.kysely.selectFrom('evaluation_versions').select('id').execute()).length, 1);
    const reused = await w.rate({ ...body, overall: 2, reasons: ['delay'] }, { 'idempotency-key': 'req-1' });
    assert.equal(reused.statusCode, 422);
    assert.equal(errorCode(reused), 'idempotency_key_reused');
  } finally {
    await w.app.close();
  }
});

dbTest('the rating link: feed and vendor keys get it, the declarant signed in gets its own only', async (db) => {
  const w = await ratingWorld(db);
  try {
    const [item] = await w.push([recentItem(1), recentItem(2, 2, { clearedAt: null })]);
    for (const key of [w.feedKey, w.vendorKey]) {
      const response = await w.app.inject({ method: 'GET', url: `/api/v1/declarations/${importNo(1)}/rating-link`, headers: { authorization: `Bearer ${key}` } });
      assert.equal(response.statusCode, 200);
      const link = response.json<RatingLink>();
      assert.equal(link.token, item!.ratingToken);
      assert.equal(link.url, item!.ratingUrl);
      assert.equal(link.qrSvgUrl, `${item!.ratingUrl}/qr.svg`);
      assert.ok(Math.abs(Date.parse(link.expiresAt ?? "") - (Date.parse(daysAgo(2, 1)) + 30 * 86_400_000)) < 5_000);
    }
    const uncleared = await w.app.inject({ method: 'GET', url: `/api/v1/declarations/${importNo(2)}/rating-link`, headers: { authorization: `Bearer ${w.feedKey}` } });
    assert.equal(uncleared.json<RatingLink>().expiresAt, null);
    const missing = await w.app.inject({ method: 'GET', url: `/api/v1/declarations/${importNo(9)}/rating-link`, headers: { authorization: `Bearer ${w.feedKey}` } });
    assert.equal(missing.statusCode, 404);
    assert.equal(errorCode(missing), 'declaration_not_found');
    const qr = await w.app.inject({ method: 'GET', url: `/r/${item!.ratingToken}/qr.svg` });
    assert.equal(qr.statusCode, 200);
    assert.match(qr.headers['content-type'] as string, /^image\/svg\+xml/);
    assert.match(qr.body, /^<svg[^>]*>.*<path/s);
    assert.equal((await w.app.inject({ method: 'GET', url: `/r/${item!.ratingToken!.slice(0, -1)}A/qr.svg` })).statusCode, 404);
  } finally {
    await w.app.close();
  }
});

dbTest('RATING_WINDOW_DAYS sets how long a declaration can be rated', async (db) => {
  const w = await ratingWorld(db, { RATING_WINDOW_DAYS: '3' });
  try {
    const [fresh, stale] = await w.push([recentItem(1, 2), recentItem(2, 4)]);
    assert.equal((await w.rate({ token: fresh!.ratingToken, overall: 5 })).statusCode, 201);
    assert.equal(errorCode(await w.rate({ token: stale!.ratingToken, overall: 5 })), 'rating_window_closed');
  } finally {
    await w.app.close();
  }
});
