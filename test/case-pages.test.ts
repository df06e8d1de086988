import assert from 'node:assert/strict';
import type { Db } from '../src/db/database.js';
import { Client } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { importNo } from './helpers/fixtures.js';
import { ratingWorld, recentItem, type RatingWorld } from './helpers/ratings.js';
import { signedInReader } from './helpers/web-fixture.js';

// The case pages through app.inject(), as a browser without JavaScript uses them: staff read and
// move cases at /cases and /cases/:id; the business sees and answers the response on its rating
// link and on the portal. Cases are opened the real way: a low rating by link.

/** The page's <main>, where every assertion on content looks. */
const main = (body: string) => body.slice(body.indexOf('<main'), body.indexOf('</main>'));

interface CaseWorld {
  w: RatingWorld;
  db: Db;
  /** Leaders of the team the case is assigned to (03CC-T2), of its office (03CC) and of the other office (03EE). */
  team: Client;
  office: Client;
  otherOffice: Client;
  inspector: Client;
  admin: Client;
}

async function withCases(db: Db, body: (c: CaseWorld) => Promise<void>): Promise<void> {
  const w = await ratingWorld(db);
  try {
    const reader = (username: string, role: string, unitCode?: string) => signedInReader(db, w.app, { username, role, ...(unitCode ? { unitCode } : {}) });
    await body({
      w, db, team: await reader('lanhdao.t2', 'leader', '03CC-T2'), office: await reader('lanhdao.cc', 'leader', '03CC'),
      otherOffice: await reader('lanhdao.ee', 'leader', '03EE'), inspector: await reader('thanh.tra', 'inspector'), admin: await reader('quan.tri', 'admin'),
    });
  } finally {
    await w.app.close();
  }
}

/** Rates declaration n by its link (2 overall, officer CC002 1, unless told otherwise); returns its link and its case's id. */
async function rateLow(c: CaseWorld, n: number, form: Record<string, string> = {}, item: Record<string, unknown> = {}) {
  const [pushed] = await c.w.push([recentItem(n, 2, item)]);
  const link = `/r/${pushed!.ratingToken!}`;
  const rated = await new Client(c.w.app).request('POST', link, { overall: '2', level_officer_CC002: '1', reasons: 'attitude', ...form });
  assert.equal(rated.statusCode, 303, rated.body);
  const row = await c.db.kysely.selectFrom('cases').innerJoin('declarations as d', 'd.id', 'cases.declaration_id').select('cases.id')
    .where('d.declaration_no', '=', importNo(n)).executeTakeFirstOrThrow();
  return { link, id: Number(row.id) };
}

/** Posts a case form with the CSRF token of the case page, as the browser sends it. */
const act = (client: Client, id: number, path: string, form: Record<string, string> = {}) => client.post(`/cases/${id}/${path}`, form, `/cases/${id}`);

/** The assigned leader takes the case to "responded" through the forms. */
async function respond(leader: Client, id: number) {
  for (const [path, form] of [
    ['acknowledge', {}], ['verify', { note: 'Ghi chú nội bộ: đã xem camera ZQ-77' }],
    ['conclude', { finding: 'violation_confirmed', categories: 'attitude', officers: 'CC002', action: 'criticism', actionDetails: 'Phê bình nội bộ KX-42' }],
    ['respond', { response: 'Công chức đã được nhắc nhở; xin cảm ơn doanh nghiệp.' }],
  ] as const) {
    const sent = await act(leader, id, path, form);
    assert.equal(sent.statusCode, 303, `${path}: ${main(sent.body)}`);
  }
}

const caseLinks = (body: string) => [...main(body).matchAll(/<a href="\/cases\/(\d+)">/g)].map((m) => Number(m[1]));

dbTest('leaders list the cases of their scope by tab, unit and status; another office\'s leader gets 404', async (db) => {
  await withCases(db, async (c) => {
    const team = await rateLow(c, 1);
    const office = await rateLow(c, 2, { level_officer_CC002: '' });
    const other = await rateLow(c, 3, { level_officer_CC002: '' }, { officeCode: '03EE', handlers: [{ step: 'reception', officerCode: 'EE001' }] });

    const mine = await c.team.get('/cases');
    assert.equal(mine.statusCode, 200);
    assert.match(main(mine.body), /<a href="\/cases\?view=mine&amp;status=open" aria-current="page">Vụ việc của đơn vị tôi<\/a>/);
    assert.deepEqual(caseLinks(mine.body), [team.id], 'a team leader: the case assigned to the team');
    assert.match(main(mine.body), /Đang xác minh|Mới mở/);
    assert.deepEqual(caseLinks((await c.office.get('/cases')).body), [office.id], 'the office leader\'s own: the office\'s case');
    assert.deepEqual(caseLinks((await c.office.get('/cases?view=all')).body), [office.id, team.id], 'all within the office, newest first');
    assert.deepEqual(caseLinks((await c.office.get('/cases?view=all&unit=03CC-T2')).body), [team.id], 'by unit');
    assert.deepEqual(caseLinks((await c.otherOffice.get('/cases?view=all')).body), [other.id]);
    assert.deepEqual(caseLinks((await c.inspector.get('/cases')).body), [other.id, office.id, team.id], 'inspectors: all');
    assert.doesNotMatch(main((await c.inspector.get('/cases')).body), /Vụ việc của đơn vị tôi/, 'no "mine" tab without a unit');
    assert.deepEqual(caseLinks((await c.inspector.get('/cases?status=closed')).body), []);

    const outside = await c.otherOffice.get('/cases?view=all&unit=03CC');
    assert.equal(outside.statusCode, 404);
    assert.match(main(outside.body), /role="alert"><p>Không có đơn vị &quot;03CC&quot;<\/p>/);
    assert.equal((await c.otherOffice.get(`/cases/${team.id}`)).statusCode, 404, 'a case outside the scope is not found');
    assert.doesNotMatch(main((await c.otherOffice.get('/cases?view=all')).body), /03CC-T2/, 'the select lists only units in scope');

    // The team's acknowledgement deadline passes: overdue, said in words.
    await db.kysely.updateTable('cases').set({ acknowledge_due: '2020-01-02' }).where('id', '=', team.id).execute();
    const overdue = await c.office.get('/cases?view=overdue');
    assert.deepEqual(caseLinks(overdue.body), [team.id]);
    assert.match(main(overdue.body), /02\/01\/2020 <strong class="overdue">\(quá hạn\)<\/strong>/);
    const page = main((await c.team.get(`/cases/${team.id}`)).body);
    assert.match(page, /<dt>Hạn tiếp nhận<\/dt><dd>02\/01\/2020 <strong class="overdue">\(quá hạn\)<\/strong><\/dd>/);
  });
});

dbTest('cases are listed 50 to a page, with a link to the older ones and back to the newest', async (db) => {
  await withCases(db, async (c) => {
    const items = Array.from({ length: 51 }, (_, i) => recentItem(i + 1));
    const pushed = await c.w.push(items);
    for (const p of pushed) assert.equal((await new Client(c.w.app).request('POST', `/r/${p.ratingToken!}`, { overall: '1', reasons: 'delay' })).statusCode, 303);
    const first = await c.inspector.get('/cases?view=all');
    assert.equal(caseLinks(first.body).length, 50);
    const older = /<a rel="next" href="([^"]+)">Cũ hơn ›<\/a>/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(older, 'a link to the older cases');
    const second = await c.inspector.get(older);
    assert.equal(caseLinks(second.body).length, 1);
    assert.ok(!caseLinks(first.body).includes(caseLinks(second.body)[0]!));
    assert.match(main(second.body), /<a href="\/cases\?view=all&amp;status=open">« Mới nhất<\/a>/);
  });
});

dbTest('the assigned team\'s leader moves the case through each form; a refusal shows beside its form with the values kept', async (db) => {
  await withCases(db, async (c) => {
    const { id } = await rateLow(c, 1);
    const opened = main((await c.team.get(`/cases/${id}`)).body);
    assert.match(opened, new RegExp(`<form method="post" action="/cases/${id}/acknowledge#form-acknowledge">`));
    assert.doesNotMatch(opened, /action="\/cases\/\d+\/(verify|conclude|respond)/, 'only the step allowed now');
    assert.equal((await c.team.request('POST', `/cases/${id}/acknowledge`, {})).statusCode, 403, 'no CSRF token: refused');

    const ack = await act(c.team, id, 'acknowledge');
    assert.equal(ack.headers.location, `/cases/${id}?done=acknowledge`);
    const acknowledged = main((await c.team.get(ack.headers.location)).body);
    assert.match(acknowledged, /role="status" id="case-done"><p>Đã tiếp nhận vụ việc\.<\/p>/);
    assert.match(acknowledged, /action="\/cases\/\d+\/verify#form-verify"/);

    const early = await act(c.team, id, 'conclude', { finding: 'partly' });
    assert.equal(early.statusCode, 409);
    assert.match(main(early.body), /Không thể &quot;conclude&quot; vụ việc đang ở trạng thái &quot;acknowledged&quot;/);
    assert.equal((await act(c.team, id, 'verify', { note: 'Đã gọi điện cho doanh nghiệp' })).statusCode, 303);

    const noOfficers = await act(c.team, id, 'conclude', { finding: 'violation_confirmed', categories: 'attitude', action: 'criticism', actionDetails: 'Phê bình trước đội' });
    assert.equal(noOfficers.statusCode, 400);
    const refused = main(noOfficers.body);
    assert.match(refused, /<section class="case-form" id="form-conclude"[^>]*>\s*<h3[^>]*>Kết luận xác minh<\/h3>\s*<div class="alert" role="alert" id="form-conclude-error"><p>Kết luận cần: kết quả xác minh/);
    assert.match(refused, /<option value="violation_confirmed" selected>Có vi phạm<\/option>/, 'the finding kept');
    assert.match(refused, /<input type="checkbox" name="categories" value="attitude" checked> Thái độ phục vụ/, 'the categories kept');
    assert.match(refused, /<input type="checkbox" name="officers" value="CC002"> Trần Thị Bình \(CC002\)/, 'officers offered from the handlers');
    assert.match(refused, /<textarea id="conclude-actionDetails" name="actionDetails"[^>]*>Phê bình trước đội<\/textarea>/);
    const noDetails = await act(c.team, id, 'conclude', { finding: 'partly', categories: 'attitude', officers: 'CC002', action: 'reminder' });
    assert.match(main(noDetails.body), /Cần ghi rõ nội dung xử lý &quot;reminder&quot;/);
    const concluded = await act(c.team, id, 'conclude', { finding: 'partly', categories: 'attitude', officers: 'CC002', action: 'reminder', actionDetails: 'Nhắc nhở công chức' });
    assert.equal(concluded.statusCode, 303);

    const empty = await act(c.team, id, 'respond', { response: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.match(main(empty.body), /id="form-respond-error"><p>Cần nội dung trả lời doanh nghiệp<\/p>/);
    assert.equal((await act(c.team, id, 'respond', { response: 'Đã nhắc nhở công chức.' })).statusCode, 303);
    assert.equal((await act(c.team, id, 'notes', { note: ' ' })).statusCode, 400);
    const note = await act(c.team, id, 'notes', { note: 'Lưu hồ sơ' });
    assert.equal(note.headers.location, `/cases/${id}?done=note`);

    const page = main((await c.team.get(`/cases/${id}`)).body);
    assert.match(page, /<dt>Tình trạng<\/dt><dd><span class="case-status case-status-responded">Đã trả lời<\/span><\/dd>/);
    assert.match(page, /<dt>Kết quả xác minh<\/dt><dd>Có vi phạm một phần<\/dd>/);
    assert.match(page, /<dt>Công chức liên quan<\/dt><dd>Trần Thị Bình \(CC002\)<\/dd>/);
    assert.match(page, /<dt>Hạn doanh nghiệp phản hồi<\/dt><dd>\d\d\/\d\d\/\d{4}<\/dd>/);
    assert.match(page, /Không còn bước nào để thực hiện ở tình trạng này\./);
    const events = [...page.matchAll(/<strong>([^<]+)<\/strong> — <span class="event-actor">([^<]+)<\/span>/g)].map((m) => `${m[1]} — ${m[2]}`);
    assert.deepEqual(events, ['Mở vụ việc — Doanh nghiệp', 'Tiếp nhận — lanhdao.t2', 'Bắt đầu xác minh — lanhdao.t2', 'Kết luận — lanhdao.t2',
      'Trả lời doanh nghiệp — lanhdao.t2', 'Ghi chú — lanhdao.t2']);
    assert.match(page, /<dt>Ghi chú<\/dt><dd><span class="comment">Đã gọi điện cho doanh nghiệp<\/span><\/dd>/);
    assert.match(page, /<p class="event-move">Đang xác minh → Đã kết luận<\/p>/);

    const english = main((await c.team.get(`/cases/${id}?lang=en`)).body);
    assert.match(english, /<h1>Case \d+ — declaration 100000000001<\/h1>/);
    assert.match(english, /<strong>Concluded<\/strong>/);
  });
});

dbTest('only the assignees see the forms: an ancestor leader and an administrator read the case without them', async (db) => {
  await withCases(db, async (c) => {
    const { id } = await rateLow(c, 1);
    for (const reader of [c.office, c.admin]) {
      const page = await reader.get(`/cases/${id}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(main(page.body), /<form method="post" action="\/cases\//, 'no forms');
      assert.match(main(page.body), /Chỉ lãnh đạo đơn vị đang xử lý \(03CC-T2 — Đội Kiểm tra thực tế hàng hóa\) hoặc thanh tra/);
    }
    const refused = await act(c.office, id, 'acknowledge');
    assert.equal(refused.statusCode, 403);
    assert.match(main(refused.body), /Chỉ lãnh đạo đơn vị được giao hoặc thanh tra mới xử lý vụ việc này/);
    assert.match(main((await c.inspector.get(`/cases/${id}`)).body), /action="\/cases\/\d+\/acknowledge#form-acknowledge"/, 'inspectors act on any case');
    assert.equal((await act(c.admin, id, 'acknowledge')).statusCode, 403);
    const leaderView = main((await c.team.get(`/cases/${id}`)).body);
    assert.doesNotMatch(leaderView, /0200123457|Công ty TNHH Vận tải Biển Đông/, 'leaders do not see who rated');
    assert.match(main((await c.inspector.get(`/cases/${id}`)).body), /<dt>Doanh nghiệp<\/dt><dd><span class="code">0200123457<\/span> Công ty TNHH Vận tải Biển Đông<\/dd>/);
  });
});

dbTest('the comment, the notes and the response are shown escaped', async (db) => {
  await withCases(db, async (c) => {
    const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const { id, link } = await rateLow(c, 1, { comment: hostile });
    assert.equal((await act(c.team, id, 'notes', { note: hostile })).statusCode, 303);
    for (const [path, form] of [['acknowledge', {}], ['verify', {}], ['conclude', { finding: 'not_confirmed', categories: 'attitude', action: 'none' }],
      ['respond', { response: hostile }]] as const) assert.equal((await act(c.team, id, path, form)).statusCode, 303);
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;';
    for (const page of [(await c.team.get(`/cases/${id}`)).body, (await new Client(c.w.app).get(link)).body]) {
      assert.ok(!page.includes('<script>alert') && !page.includes('<img src=x'), 'no markup from what people wrote');
      assert.ok(page.includes(escaped));
    }
    assert.match(main((await c.team.get(`/cases/${id}`)).body), new RegExp(`<dt>Ý kiến</dt><dd><p class="comment">${escaped.replace(/[()]/g, '\\$&')}</p></dd>`));
  });
});

dbTest('the business accepts the response on its rating link, and sees the outcome but never the internal details', async (db) => {
  await withCases(db, async (c) => {
    const { id, link } = await rateLow(c, 1);
    const visitor = new Client(c.w.app);
    const waiting = main((await visitor.get(link)).body);
    assert.match(waiting, /<section class="follow-up" id="case"/);
    assert.match(waiting, /<strong class="biz-status">Đã chuyển đơn vị xử lý<\/strong>/);
    assert.doesNotMatch(waiting, /name="answer"/, 'nothing to answer yet');
    assert.equal((await visitor.request('POST', `${link}/answer`, { answer: 'accept' })).statusCode, 409);

    await respond(c.team, id);
    const responded = main((await visitor.get(link)).body);
    assert.match(responded, /Công chức đã được nhắc nhở; xin cảm ơn doanh nghiệp\./);
    assert.match(responded, /đến hết ngày \d\d\/\d\d\/\d{4}/);
    assert.match(responded, new RegExp(`<form method="post" action="${link}/answer#case" class="answer-accept"`));
    for (const internal of [/ZQ-77/, /KX-42/, /Có vi phạm/, /Phê bình/, /lanhdao/]) assert.doesNotMatch(responded, internal, `hidden: ${internal}`);

    const accepted = await visitor.request('POST', `${link}/answer`, { answer: 'accept' });
    assert.equal(accepted.statusCode, 303);
    assert.equal(accepted.headers.location, `${link}?answered=1#case`);
    const after = main((await visitor.get(`${link}?answered=1`)).body);
    assert.match(after, /role="status" id="answer-saved"/);
    assert.match(after, /Doanh nghiệp đã đồng ý với kết quả\. Vụ việc đã kết thúc\./);
    assert.doesNotMatch(after, /name="answer"/);
    const stored = await db.kysely.selectFrom('cases').select(['status', 'business_answer']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { status: 'closed', business_answer: 'accepted' });
    assert.match(main((await c.team.get(`/cases/${id}`)).body), /<strong>Doanh nghiệp đồng ý<\/strong> — <span class="event-actor">Doanh nghiệp \(qua liên kết đánh giá\)<\/span>/);
  });
});

dbTest('the business disputes from the portal with a reason it must give; the case then belongs to the office\'s leaders', async (db) => {
  await withCases(db, async (c) => {
    const { id } = await rateLow(c, 1);
    await respond(c.team, id);
    const business = await signedInReader(db, c.w.app, { username: 'dn.biendong', role: 'business', taxCodes: ['0200123457'] });
    const rival = await signedInReader(db, c.w.app, { username: 'dn.haian', role: 'business', taxCodes: ['0301234562'] });
    const page = `/declarations/${importNo(1)}/rate`;
    assert.match(main((await business.get(page)).body), new RegExp(`action="${page}/answer#case" class="answer-dispute"`));
    assert.equal((await business.request('POST', `${page}/answer`, { answer: 'dispute', reason: 'x' })).statusCode, 403, 'no CSRF token: refused');
    assert.equal((await rival.post(`${page}/answer`, { answer: 'accept' }, '/declarations')).statusCode, 404, 'another business\'s declaration');

    const noReason = await business.post(`${page}/answer`, { answer: 'dispute', reason: '  ' }, page);
    assert.equal(noReason.statusCode, 400);
    assert.match(main(noReason.body), /<div class="alert" role="alert" id="answer-error"><p>Cần nêu lý do không đồng ý<\/p><\/div>/);
    const disputed = await business.post(`${page}/answer`, { answer: 'dispute', reason: 'Công chức vẫn chưa <b>xin lỗi</b>' }, page);
    assert.equal(disputed.statusCode, 303);
    assert.equal(disputed.headers.location, `${page}?answered=1#case`);
    const after = main((await business.get(`${page}?answered=1`)).body);
    assert.match(after, /Doanh nghiệp đã không đồng ý với trả lời trước/);
    assert.match(after, /<p class="comment">Công chức vẫn chưa &lt;b&gt;xin lỗi&lt;\/b&gt;<\/p>/);

    assert.deepEqual(caseLinks((await c.office.get('/cases')).body), [id], 'now the office\'s case');
    assert.deepEqual(caseLinks((await c.team.get('/cases')).body), [], 'no longer the team\'s');
    const officePage = main((await c.office.get(`/cases/${id}`)).body);
    assert.match(officePage, /action="\/cases\/\d+\/verify#form-verify"/, 'the office verifies again');
    assert.match(officePage, /<strong>Doanh nghiệp không đồng ý<\/strong> — <span class="event-actor">Doanh nghiệp<\/span>/);
  });
});
