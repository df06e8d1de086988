import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { systemActor } from '../src/audit/audit.service.js';
import type { Db } from '../src/db/database.js';
import { createUser } from '../src/users/users.service.js';
import { Client } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { importNo } from './helpers/fixtures.js';
import { ratingWorld, recentItem, type RatingWorld } from './helpers/ratings.js';
import { linkedCodes } from './helpers/web-fixture.js';

// The rating pages through app.inject(), as a browser without JavaScript uses them: the link page
// /r/:token (anonymous, the token is the credential) and the portal's /declarations/:no/rate.

/** The page's <main>, where every assertion on content looks. */
const main = (body: string) => body.slice(body.indexOf('<main'), body.indexOf('</main>'));

async function withWorld(db: Db, body: (w: RatingWorld) => Promise<void>): Promise<void> {
  const w = await ratingWorld(db);
  try {
    await body(w);
  } finally {
    await w.app.close();
  }
}

/** Pushes recent declarations of the business 0200123457 (the fixture's declarant) and returns each one's link path. */
async function rateablePaths(w: RatingWorld, ...numbers: number[]): Promise<string[]> {
  const results = await w.push(numbers.map((n) => recentItem(n)));
  return results.map((r) => `/r/${r.ratingToken!}`);
}

async function versions(db: Db) {
  return db.kysely.selectFrom('evaluation_versions').select(['version', 'overall', 'rating_channel', 'submitted_by', 'targets_json', 'reasons_json', 'comment'])
    .orderBy('id').execute();
}

const password = 'business test password';

async function businessClient(db: Db, app: FastifyInstance, username: string, taxCode: string): Promise<{ client: Client; userId: number }> {
  const userId = await createUser(db.kysely, { username, password, role: 'business', taxCodes: [taxCode], displayName: 'Phòng XNK' }, systemActor);
  const client = new Client(app);
  assert.equal((await client.signIn(username, password)).statusCode, 303);
  return { client, userId };
}

dbTest('one tap on the rating link stores the overall level through the link channel, and the page then shows it', async (db) => {
  await withWorld(db, async (w) => {
    const [path] = await rateablePaths(w, 1);
    const visitor = new Client(w.app);
    const page = await visitor.get(path!);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="vi">/);
    assert.match(main(page.body), /<button type="submit" name="overall" value="5" class="level-button">/);
    assert.match(main(page.body), /Nguyễn Văn An/, 'the officers who handled it, by name');

    const tap = await visitor.request('POST', path!, { overall: '5' });
    assert.equal(tap.statusCode, 303);
    assert.equal(tap.headers.location, `${path}?saved=1#current`, 'back to the page, at the stored rating');
    assert.deepEqual((await versions(db)).map((v) => [v.version, v.overall, v.rating_channel, v.submitted_by]), [[1, 5, 'link', 'link']]);

    const after = main((await visitor.get(`${path}?saved=1`)).body);
    assert.match(after, /role="status" id="rating-saved"/);
    assert.match(after, /Lần gửi thứ 1, lúc [0-9/: ]+, qua liên kết đánh giá\./);
    assert.match(after, /<dt>Mức chung<\/dt><dd><span class="level-mark level-5">5<\/span> Rất hài lòng<\/dd>/);
    assert.match(after, /Có thể gửi hoặc sửa đánh giá đến \d\d\/\d\d\/\d{4}/, 'the date until which it can be revised');
  });
});

dbTest('rating in detail stores a level for the office, a team, a step and an officer, with reasons and a comment', async (db) => {
  await withWorld(db, async (w) => {
    const [path] = await rateablePaths(w, 1);
    const visitor = new Client(w.app);
    const form = new URLSearchParams([
      ['overall', '4'], ['level_office', '5'], ['level_team_03CC-T1', '4'], ['level_team_03CC-T2', ''], ['level_step_reception', '5'],
      ['level_step_physical_inspection', ''], ['level_officer_CC001', ''], ['level_officer_CC002', '2'],
      ['reasons', 'delay'], ['reasons', 'professional_error'], ['comment', 'Kiểm tra thực tế chậm\r\nhai giờ'],
    ]);
    const sent = await w.app.inject({ method: 'POST', url: path!, headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    assert.equal(sent.statusCode, 303, sent.body);
    const [stored] = await versions(db);
    const targets = JSON.parse(stored!.targets_json) as { type: string; code: string; level: number }[];
    assert.deepEqual(targets.map((t) => `${t.type}:${t.code}=${t.level}`),
      ['office:03CC=5', 'team:03CC-T1=4', 'step:reception=5', 'officer:CC002=2']);
    assert.deepEqual(JSON.parse(stored!.reasons_json), ['delay', 'professional_error']);
    assert.equal(stored!.comment, 'Kiểm tra thực tế chậm\nhai giờ');

    const page = main((await visitor.get(path!)).body);
    assert.match(page, /<li>Công chức: Trần Thị Bình — 2 Không hài lòng<\/li>/);
    assert.match(page, /<li>Khâu: Tiếp nhận — 5 Rất hài lòng<\/li>/);
    assert.match(page, /<dt>Lý do<\/dt><dd>Chậm trễ, Sai sót nghiệp vụ<\/dd>/);
    assert.match(page, /<input type="radio" name="level_officer_CC002" value="2" checked>/, 'the revision form starts from the current rating');
  });
});

dbTest('a level of 3 or lower without a reason is refused beside the form, the values kept, and nothing is stored', async (db) => {
  await withWorld(db, async (w) => {
    const [path] = await rateablePaths(w, 1);
    const visitor = new Client(w.app);
    const oneTap = await visitor.request('POST', path!, { overall: '2' });
    assert.equal(oneTap.statusCode, 400);
    assert.match(main(oneTap.body), /<div class="alert" role="alert" id="rating-error"><p>Cần chọn ít nhất một lý do khi có mức đánh giá từ 3 trở xuống<\/p><\/div>/);
    assert.match(main(oneTap.body), /<details class="rating-detail" id="detail" open>/, 'the detail form is opened to pick reasons');
    assert.match(main(oneTap.body), /<input type="radio" name="overall" value="2" checked required>/);

    const detailed = await visitor.request('POST', `${path}?lang=en`, { overall: '5', level_officer_CC001: '3', comment: 'Giữ lại <b>ý kiến</b>' });
    assert.equal(detailed.statusCode, 400);
    const page = main(detailed.body);
    assert.match(page, /role="alert" id="rating-error"><p>Give at least one reason when any level is 3 or lower<\/p>/);
    assert.match(page, /<input type="radio" name="level_officer_CC001" value="3" checked>/);
    assert.match(page, /<textarea [^>]*>Giữ lại &lt;b&gt;ý kiến&lt;\/b&gt;<\/textarea>/);
    assert.match(page, new RegExp(`action="${path}\\?lang=en#detail"`), 'the form keeps the language, and brings the reader back to its error');
    assert.deepEqual(await versions(db), []);
  });
});

dbTest('a second rating is a revision: the page shows version 2 and every version is kept', async (db) => {
  await withWorld(db, async (w) => {
    const [path] = await rateablePaths(w, 1);
    const visitor = new Client(w.app);
    assert.equal((await visitor.request('POST', path!, { overall: '3', reasons: 'unclear_guidance' })).statusCode, 303);
    const before = main((await visitor.get(path!)).body);
    assert.match(before, /<h2 id="quick-title">Sửa đánh giá<\/h2>/);
    assert.equal((await visitor.request('POST', path!, { overall: '5' })).statusCode, 303);
    const page = main((await visitor.get(path!)).body);
    assert.match(page, /Lần gửi thứ 2/);
    assert.match(page, /<span class="level-mark level-5">5<\/span> Rất hài lòng/);
    assert.doesNotMatch(page, /<dt>Lý do<\/dt>/, 'the latest version counts');
    assert.deepEqual((await versions(db)).map((v) => [v.version, v.overall]), [[1, 3], [2, 5]]);
  });
});

dbTest('when the declaration cannot be rated, the page says why instead of offering the form', async (db) => {
  await withWorld(db, async (w) => {
    const [old, uncleared, early] = await w.push([
      recentItem(1, 31),
      recentItem(2, 2, { clearedAt: null }),
      recentItem(3, 0, { registeredAt: '2020-03-20T08:00:00+07:00', clearedAt: '2020-03-20T09:00:00+07:00' }),
    ]);
    const visitor = new Client(w.app);
    const cases: [string, RegExp][] = [
      [old!.ratingToken!, /Đã hết thời hạn đánh giá tờ khai \(ngày \d{4}-\d\d-\d\d\)/],
      [uncleared!.ratingToken!, /Tờ khai chưa được thông quan nên chưa thể đánh giá/],
      [early!.ratingToken!, /Chi cục chưa áp dụng đánh giá vào ngày thông quan 2020-03-20/],
    ];
    for (const [token, message] of cases) {
      const page = await visitor.get(`/r/${token}`);
      assert.equal(page.statusCode, 200);
      assert.match(main(page.body), message);
      assert.doesNotMatch(main(page.body), /name="overall"/, 'no form');
      const post = await visitor.request('POST', `/r/${token}`, { overall: '5' });
      assert.equal(post.statusCode, 409);
      assert.match(main(post.body), message);
    }
    assert.deepEqual(await versions(db), []);
  });
});

dbTest('an unknown or altered rating token is a 404 page', async (db) => {
  await withWorld(db, async (w) => {
    const [path] = await rateablePaths(w, 1);
    const visitor = new Client(w.app);
    for (const bad of ['/r/not-a-token', `${path!.slice(0, -2)}AA`]) {
      const page = await visitor.get(bad);
      assert.equal(page.statusCode, 404, bad);
      assert.match(page.body, /Liên kết đánh giá không hợp lệ hoặc không thuộc tờ khai này/);
      assert.equal((await visitor.request('POST', bad, { overall: '5' })).statusCode, 404);
    }
    assert.deepEqual(await versions(db), []);
  });
});

dbTest('a comment is stored as written and always shown escaped', async (db) => {
  await withWorld(db, async (w) => {
    const [path] = await rateablePaths(w, 1);
    const visitor = new Client(w.app);
    const comment = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    assert.equal((await visitor.request('POST', path!, { overall: '4', comment })).statusCode, 303);
    assert.equal((await versions(db))[0]!.comment, comment);
    const page = (await visitor.get(path!)).body;
    assert.ok(!page.includes('<script>alert'), 'no markup from the comment');
    assert.ok(!page.includes('<img src=x'), 'no markup from the comment');
    assert.match(page, /<p class="comment">&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &lt;img src=x onerror=alert\(1\)&gt;<\/p>/);
  });
});

dbTest('the link page reads in English, the levels labelled in both languages', async (db) => {
  await withWorld(db, async (w) => {
    const [path] = await rateablePaths(w, 1);
    const page = await new Client(w.app).get(`${path}?lang=en`);
    assert.match(page.body, /<html lang="en">/);
    assert.match(main(page.body), /<h1>Rate declaration 100000000001<\/h1>/);
    assert.match(main(page.body), /<span>Very satisfied<\/span> <span class="level-other" lang="vi">Rất hài lòng<\/span>/);
    assert.match(main(page.body), /<img src="[^"]+\/qr\.svg" alt="QR code of this rating link"/);
  });
});

dbTest('a signed-in visitor rates by link with the CSRF field the page carries, and without it is refused', async (db) => {
  await withWorld(db, async (w) => {
    const [path] = await rateablePaths(w, 1);
    const { client } = await businessClient(db, w.app, 'dn.biendong', '0200123457');
    assert.equal((await client.request('POST', path!, { overall: '5' })).statusCode, 403);
    assert.equal((await client.post(path!, { overall: '5' }, path)).statusCode, 303);
    assert.equal((await versions(db)).length, 1);
  });
});

dbTest('a business lists its declarations not yet rated and rates one from the portal (channel portal)', async (db) => {
  await withWorld(db, async (w) => {
    const [rated] = await rateablePaths(w, 1, 2, 3);
    await w.push([recentItem(4, 2, { declarantTaxCode: '0301234562', declarantName: 'Công ty Cổ phần Thép Hải An' })]);
    assert.equal((await new Client(w.app).request('POST', rated!, { overall: '4' })).statusCode, 303);
    const { client, userId } = await businessClient(db, w.app, 'dn.biendong', '0200123457');

    const all = await client.get('/declarations');
    assert.deepEqual(linkedCodes(all.body, '/declarations').filter((no) => !no.endsWith('/rate')).sort(), [importNo(1), importNo(2), importNo(3)]);
    assert.match(all.body, /Đã đánh giá: 4 Hài lòng/);
    const unrated = await client.get('/declarations?unrated=1');
    assert.equal(unrated.statusCode, 200);
    assert.match(unrated.body, /<input type="checkbox" name="unrated" value="1" checked>/);
    assert.deepEqual(linkedCodes(unrated.body, '/declarations').filter((no) => !no.endsWith('/rate')).sort(), [importNo(2), importNo(3)]);
    assert.ok(unrated.body.includes(`href="/declarations/${importNo(2)}/rate"`), 'a rate link per rateable row');

    const form = await client.get(`/declarations/${importNo(2)}/rate`);
    assert.equal(form.statusCode, 200);
    assert.match(main(form.body), /<button type="submit" name="overall" value="4" class="level-button">/);
    const sent = await client.post(`/declarations/${importNo(2)}/rate`, { overall: '4', level_officer_CC001: '5' }, `/declarations/${importNo(2)}/rate`);
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `/declarations/${importNo(2)}/rate?saved=1#current`);
    const stored = (await versions(db)).at(-1)!;
    assert.deepEqual([stored.rating_channel, stored.submitted_by, stored.overall], ['portal', `user:${userId}`, 4]);
    assert.match(main((await client.get(`/declarations/${importNo(2)}/rate?saved=1`)).body), /qua cổng thông tin/);

    const left = await client.get('/declarations?unrated=1');
    assert.deepEqual(linkedCodes(left.body, '/declarations').filter((no) => !no.endsWith('/rate')), [importNo(3)]);
  });
});

dbTest("a business cannot open or rate another business's declaration: 404", async (db) => {
  await withWorld(db, async (w) => {
    await w.push([recentItem(4, 2, { declarantTaxCode: '0301234562', declarantName: 'Công ty Cổ phần Thép Hải An' })]);
    const { client } = await businessClient(db, w.app, 'dn.biendong', '0200123457');
    const url = `/declarations/${importNo(4)}/rate`;
    const page = await client.get(url);
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /Không có tờ khai/);
    const token = /name="_csrf" value="([^"]+)"/.exec((await client.get('/declarations')).body)![1]!;
    assert.equal((await client.request('POST', url, { _csrf: token, overall: '5' })).statusCode, 404);
    assert.deepEqual(await versions(db), []);
  });
});

dbTest('staff lists show neither the rating column nor the not-yet-rated filter', async (db) => {
  await withWorld(db, async (w) => {
    const [path] = await rateablePaths(w, 1, 2);
    assert.equal((await new Client(w.app).request('POST', path!, { overall: '5' })).statusCode, 303);
    await createUser(db.kysely, { username: 'staff.admin', password, role: 'admin' }, systemActor);
    const admin = new Client(w.app);
    await admin.signIn('staff.admin', password);
    const list = await admin.get('/declarations?unrated=1');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(linkedCodes(list.body, '/declarations').sort(), [importNo(1), importNo(2)], 'the filter is ignored for staff');
    assert.doesNotMatch(list.body, /name="unrated"|\/rate"|Đã đánh giá/);
  });
});
