import assert from 'node:assert/strict';
import type { Actor } from '../src/audit/audit.service.js';
import type { Db } from '../src/db/database.js';
import type { UserRole } from '../src/db/schema.js';
import { importAssociationFile, importAssociationMemberFile } from '../src/partnership/partnership-imports.js';
import { moveProblem, rateAnswer } from '../src/problems/problem-workflow.service.js';
import { raiseProblem } from '../src/problems/problems.service.js';
import { dbTest } from './helpers/databases.js';
import { csvOf, page, tableRows } from './helpers/dashboard-pages.js';
import { csvFile, importNo } from './helpers/fixtures.js';
import { partnershipWorld, type PartnershipWorld } from './helpers/partnership.js';

/**
 * The partnership programme on /dashboard, over helpers/partnership.ts's world: 0200123457 lodges
 * most declarations at 03CC (agreements of 2018, terminated, and 2020), 0301234562 at 03EE (2020),
 * 0100109106 none (2020-11-05). Added here:
 * - associations VAMA (rule 2020-05-10: 0200123457, 0301234562), KOCHAM (rule 2019-09-01:
 *   0200123457, 0100109106), EUROCHAM (no rule, no member);
 * - problems (due 5 working days after receipt):
 *   P1 0200123457 → 03CC (its main office), 4/5/2020, answered 8/5 (on time), rated 5;
 *   P2 0200123457 about a declaration lodged at 03EE → 03EE, 4/5/2020, answered 15/5 (late), rated 2;
 *   P3 0301234562 → 03EE, 1/6/2020, not answered;
 *   P4 0100109106 → HP (no declaration), 1/7/2020, answered 3/7 (on time), rated 4;
 *   P5 0200123457 → 03CC, 20/12/2019, answered 23/12 (on time), rated 1.
 * In 2020 the department: 3 agreements signed, all active, 3 member businesses; 3 associations, 2
 * rules, 1 signed in 2020; problems received 4, answered 3, on time 2 of 3, rated 3, satisfied 2
 * of 3, mean (5 + 2 + 4) / 3. 03CC: 1, 1, 1 member; P1. 03EE: 1, 1, 1 member; P2 and P3.
 */
const at = (day: string) => Date.parse(`${day}T09:00:00+07:00`);
const HP = 'Cục Hải quan Hải Phòng';
const CC = 'Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I';
const EE = 'Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực II';
const pct = (number: string) => `${number}\u00a0%`;
const identities = ['0200123457', '0301234562', '0100109106', 'Công ty TNHH Vận tải Biển Đông', 'Thép Hải An', 'Viễn thông Quân đội', 'tạm nhập'];

function actor(role: UserRole, extra: { unitPath?: string; businessIds?: number[] }): Actor {
  return {
    principal: {
      kind: 'user', userId: 900, username: `t.${role}`, displayName: role, role, unitId: null, unitPath: extra.unitPath ?? null,
      officerId: null, businessIds: extra.businessIds ?? [], sessionId: '', csrfToken: '',
    },
    ip: null, requestId: null,
  };
}

async function programmeWorld(db: Db): Promise<PartnershipWorld> {
  const w = await partnershipWorld(db);
  await importAssociationFile(db, csvFile('associations.csv', ['code', 'name', 'rule_signed_on'], [
    { code: 'VAMA', name: 'Hiệp hội các nhà sản xuất ô tô Việt Nam', rule_signed_on: '2020-05-10' },
    { code: 'KOCHAM', name: 'Hiệp hội Doanh nghiệp Hàn Quốc', rule_signed_on: '2019-09-01' },
    { code: 'EUROCHAM', name: 'Hiệp hội Doanh nghiệp châu Âu', rule_signed_on: '' },
  ]));
  await importAssociationMemberFile(db, csvFile('association-members.csv', ['association_code', 'tax_code'], [
    { association_code: 'VAMA', tax_code: '0200123457' }, { association_code: 'VAMA', tax_code: '0301234562' },
    { association_code: 'KOCHAM', tax_code: '0200123457' }, { association_code: 'KOCHAM', tax_code: '0100109106' },
  ]));
  const businesses = new Map((await db.kysely.selectFrom('businesses').select(['id', 'tax_code']).execute()).map((b) => [b.tax_code, Number(b.id)]));
  const root = await db.kysely.selectFrom('units').select('path').where('code', '=', 'HP').executeTakeFirstOrThrow();
  const leader = actor('leader', { unitPath: root.path });
  const ctx = { secretKey: 'k'.repeat(40), dataDir: w.dataDir };
  const problem = async (taxCode: string, received: string, answered: string | null, rating: number | null, declarationNo?: string) => {
    const businessIds = [businesses.get(taxCode)!];
    const raised = await raiseProblem(db.kysely, ctx, actor('business', { businessIds }), { kind: 'business', businessIds },
      { topic: 'procedure', question: 'Thủ tục tạm nhập tái xuất thế nào?', declarationNo }, at(received));
    if (answered === null) return;
    await moveProblem(db.kysely, leader, raised.id, 'draft', { answer: 'Theo Thông tư 38/2015/TT-BTC.' }, at(answered));
    await moveProblem(db.kysely, leader, raised.id, 'approve', {}, at(answered));
    if (rating !== null) await rateAnswer(db.kysely, ctx, actor('business', { businessIds }), { kind: 'business', businessIds }, raised.id, { rating }, at(answered));
  };
  await problem('0200123457', '2020-05-04', '2020-05-08', 5);
  await problem('0200123457', '2020-05-04', '2020-05-15', 2, importNo(103));
  await problem('0301234562', '2020-06-01', null, null);
  await problem('0100109106', '2020-07-01', '2020-07-03', 4);
  await problem('0200123457', '2019-12-20', '2019-12-23', 1);
  return w;
}

/** A test on both databases over the world above, closed after. */
function programmeTest(name: string, body: (w: PartnershipWorld) => Promise<void>): void {
  dbTest(name, async (db) => {
    const w = await programmeWorld(db);
    try {
      await body(w);
    } finally {
      await w.close();
    }
  });
}

const rowsOf = (body: string, id: string) => tableRows(body, id).map((r) => [r.name, ...r.cells]);
const agreementsOf = (body: string) => rowsOf(body, 'programme-agreements-table');
const problemsOf = (body: string) => rowsOf(body, 'programme-problems-table');
const associationsOf = (body: string) => rowsOf(body, 'programme-associations-table');

programmeTest('the dashboard shows the partnership programme of its unit and period, by sub-department, as counted by hand', async (w) => {
  for (const reader of [w.readers.admin, w.readers.inspector]) {
    const body = await page(reader, '/dashboard');
    assert.match(body, /<h2 id="programme-title">Chương trình đối tác<\/h2>/);
    assert.deepEqual(agreementsOf(body), [[HP, '3', '3', '3'], [CC, '1', '1', '1'], [EE, '1', '1', '1']]);
    assert.deepEqual(associationsOf(body), [['Toàn Cục', '3', '2', '1']]);
    assert.deepEqual(problemsOf(body), [
      [HP, '4', '3', pct('66,7'), '3', pct('66,7'), '3,67'],
      [CC, '1', '1', pct('100,0'), '1', pct('100,0'), '5,00'],
      [EE, '2', '1', pct('0,0'), '1', pct('0,0'), '2,00'],
    ]);
    assert.deepEqual(tableRows(body, 'programme-problems-table').map((r) => r.href), [null, '/dashboard?unit=03CC&from=2020-01-01&to=2020-12-31', '/dashboard?unit=03EE&from=2020-01-01&to=2020-12-31']);
    for (const table of ['partnership', 'associations', 'problems']) {
      assert.match(body, new RegExp(`href="/dashboard\\.csv\\?table=${table}&amp;from=2020-01-01&amp;to=2020-12-31" download>Tải CSV: `), table);
    }
    assert.match(body, /href="\/partnership\?from=2020-01-01&amp;to=2020-12-31"/);
    assert.match(body, /href="\/problems\/figures\?from=2020-01-01&amp;to=2020-12-31"/);
  }
  const earlier = await page(w.readers.admin, '/dashboard?from=2018-01-01&to=2019-12-31');
  assert.deepEqual(agreementsOf(earlier), [[HP, '1', '0', '3'], [CC, '1', '0', '1'], [EE, '0', '0', '1']], 'the 2018 agreement, since terminated; members whenever they joined');
  assert.deepEqual(associationsOf(earlier), [['Toàn Cục', '3', '2', '1']], 'KOCHAM\'s rule of 2019');
  assert.deepEqual(problemsOf(earlier), [[HP, '1', '1', pct('100,0'), '1', pct('0,0'), '1,00'], [CC, '1', '1', pct('100,0'), '1', pct('0,0'), '1,00'], [EE, '0', '0', '—', '0', '—', '—']]);

  const office = await page(w.readers.admin, '/dashboard?unit=03EE');
  assert.deepEqual(agreementsOf(office), [[EE, '1', '1', '1'], ['Đội Thủ tục', '0', '0', '0']]);
  assert.deepEqual(problemsOf(office), [[EE, '2', '1', pct('0,0'), '1', pct('0,0'), '2,00'], ['Đội Thủ tục', '0', '0', '—', '0', '—', '—']]);

  const filters = 'from=2020-01-01&to=2020-12-31';
  assert.deepEqual(await csvOf(w.readers.admin, `/dashboard.csv?table=partnership&${filters}`), [
    { key: 'HP', label: HP, agreements_signed: '3', agreements_active: '3', member_businesses: '3' },
    { key: '03CC', label: CC, agreements_signed: '1', agreements_active: '1', member_businesses: '1' },
    { key: '03EE', label: EE, agreements_signed: '1', agreements_active: '1', member_businesses: '1' },
  ]);
  assert.deepEqual(await csvOf(w.readers.admin, `/dashboard.csv?table=associations&${filters}`), [{ associations: '3', coordination_rules: '2', rules_signed_in_period: '1' }]);
  const problems = await csvOf(w.readers.admin, `/dashboard.csv?table=problems&${filters}`);
  assert.deepEqual(problems.map((r) => [r.key, r.received, r.answered, r.answered_on_time, r.rated, r.satisfied]),
    [['HP', '4', '3', '2', '3', '2'], ['03CC', '1', '1', '1', '1', '1'], ['03EE', '2', '1', '0', '1', '0']]);
  assert.deepEqual([Number(problems[0]!.on_time_share), Number(problems[0]!.satisfied_share), Number(problems[0]!.mean_rating)], [2 / 3, 2 / 3, 11 / 3]);
});

programmeTest('the programme is shown to administrators, inspectors and leaders only, a leader\'s of the own subtree, never a business', async (w) => {
  const leader = await page(w.readers.leader, '/dashboard');
  const teams = ['Đội Thủ tục hàng hóa xuất nhập khẩu', 'Đội Kiểm tra thực tế hàng hóa'];
  assert.deepEqual(agreementsOf(leader), [[CC, '1', '1', '1'], ...teams.map((t) => [t, '0', '0', '0'])]);
  assert.deepEqual(problemsOf(leader), [[CC, '1', '1', pct('100,0'), '1', pct('100,0'), '5,00'], ...teams.map((t) => [t, '0', '0', '—', '0', '—', '—'])]);
  assert.deepEqual(associationsOf(leader), [['Toàn Cục', '3', '2', '1']], 'the associations are the department\'s');
  assert.deepEqual(agreementsOf(await page(w.readers.otherLeader, '/dashboard')), [[EE, '1', '1', '1'], ['Đội Thủ tục', '0', '0', '0']]);
  assert.equal((await w.readers.leader.get('/dashboard?unit=03EE')).statusCode, 404);
  assert.equal((await w.readers.leader.get('/dashboard.csv?table=problems&unit=HP')).statusCode, 404);
  const downloads = ['partnership', 'associations', 'problems'].map((table) => `/dashboard.csv?table=${table}`);
  for (const url of downloads) {
    const body = (await w.readers.leader.get(url)).body;
    for (const text of identities) assert.ok(!body.includes(text), `leader ${url} shows "${text}"`);
  }
  for (const text of identities) assert.ok(!leader.includes(text), `the leader's dashboard shows "${text}"`);
  assert.deepEqual((await csvOf(w.readers.leader, '/dashboard.csv?table=partnership')).map((r) => r.key), ['03CC', '03CC-T1', '03CC-T2']);

  const officer = await page(w.readers.officer, '/dashboard');
  assert.ok(!officer.includes('programme-title') && !officer.includes('Chương trình đối tác'), 'an officer sees no programme');
  for (const url of downloads) assert.equal((await w.readers.officer.get(url)).statusCode, 403, `officer ${url}`);
  assert.equal((await w.readers.business.get('/dashboard')).statusCode, 403);
});

programmeTest('the programme reads in Vietnamese and in English, every table with its caption and headers', async (w) => {
  const vi = await page(w.readers.admin, '/dashboard?lang=vi');
  assert.match(vi, /<caption>Cục Hải quan Hải Phòng: thỏa thuận hợp tác ký trong kỳ và doanh nghiệp là hội viên hiệp hội<\/caption>/);
  assert.match(vi, /<caption>Cục Hải quan Hải Phòng: vướng mắc nhận trong kỳ, trả lời đúng hạn và mức hài lòng với câu trả lời<\/caption>/);
  assert.match(vi, /<th scope="col">Đã nhận<\/th><th scope="col">Đã trả lời<\/th><th scope="col">Tỉ lệ đúng hạn<\/th>/);
  const en = await page(w.readers.admin, '/dashboard?lang=en');
  assert.match(en, /<h2 id="programme-title">Partnership programme<\/h2>/);
  assert.match(en, /<caption>Hai Phong Customs Department: partnership agreements signed in the period and businesses in an association<\/caption>/);
  assert.match(en, /<caption>Business associations and their coordination rules with the department \(whole department\)<\/caption>/);
  assert.match(en, /<th scope="col">Received<\/th><th scope="col">Answered<\/th><th scope="col">On-time share<\/th>/);
  assert.deepEqual(problemsOf(en)[0], ['Hai Phong Customs Department', '4', '3', '66.7%', '3', '66.7%', '3.67']);
  assert.deepEqual(associationsOf(en), [['Whole department', '3', '2', '1']]);
  assert.match(en, /download>Download CSV: Partnership agreements and association members</);
  assert.equal((await csvOf(w.readers.admin, '/dashboard.csv?table=partnership&lang=en'))[1]!.label, 'Hai Phong Port Customs Office, Area I');
});
