import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../src/db/database.js';
import { systemActor } from '../src/audit/audit.service.js';
import { verifyChains } from '../src/evaluations/chain-verify.service.js';
import { updateSettings } from '../src/settings/settings.js';
import { rankGroups } from '../src/stats/dashboard-ranking.js';
import { statOf } from '../src/stats/figures.js';
import { counterColumns, eligibleIndex, levelIndex } from '../src/stats/rollup-columns.js';
import { testApp } from './helpers/app.js';
import { dbTest } from './helpers/databases.js';
import { csvOf, page, tableRows } from './helpers/dashboard-pages.js';
import { importNo } from './helpers/fixtures.js';
import { buildWorld, type World } from './helpers/principals.js';
import { addRatedDeclarations, ratedBusinessName, ratedComment, ratedTaxCode, ratingSecret } from './helpers/rated-declarations.js';

/**
 * buildWorld's organisation and declaration, with the rated declarations of
 * helpers/rated-declarations.ts (its comment names the hand-computed figures).
 */
async function ratedWorld(db: Db): Promise<{ app: FastifyInstance; world: World }> {
  const app = await testApp(db);
  const world = await buildWorld(db, app);
  await addRatedDeclarations(db);
  return { app, world };
}

const headlineOf = (body: string, id: string) => /id="headline-([a-z]+)">([^<]*)</g.exec(body.slice(body.indexOf(`id="headline-${id}"`) - 30))?.[2];

dbTest('each staff role sees the dashboard of its own scope; another unit or officer is not found', async (db) => {
  const { app, world } = await ratedWorld(db);
  const { admin, inspector, leader, officer, business } = world.clients;
  for (const reader of [admin, inspector]) {
    const body = await page(reader, '/dashboard');
    assert.equal(headlineOf(body, 'eligible'), '7');
    assert.equal(headlineOf(body, 'evaluated'), '5');
    assert.deepEqual(tableRows(body, 'drill-table').map((r) => [r.name, r.cells[0], r.cells[1]]), [
      ['Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I', '6', '4'], ['Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực II', '1', '1'],
    ]);
  }
  const leaderPage = await page(leader, '/dashboard');
  assert.equal(headlineOf(leaderPage, 'eligible'), '6', 'the leader starts at the own unit');
  assert.deepEqual(tableRows(leaderPage, 'drill-table').map((r) => r.name), ['Đội Thủ tục hàng hóa xuất nhập khẩu', 'Đội Kiểm tra thực tế hàng hóa']);
  assert.ok(!leaderPage.includes('>Cục Hải quan Hải Phòng<'), 'nothing above the own unit is offered');
  for (const url of ['/dashboard?unit=03EE', '/dashboard?unit=HP', '/dashboard?officer=EE001', '/dashboard.csv?table=units&unit=03EE']) {
    assert.equal((await leader.get(url)).statusCode, 404, url);
    assert.equal((await world.otherLeader.get(url.replace('03EE', '03CC').replace('EE001', 'CC002'))).statusCode, 404, `other leader: ${url}`);
  }
  const officerPage = await page(officer, '/dashboard');
  assert.equal(headlineOf(officerPage, 'eligible'), '2', 'an officer sees the own figures: June (2 rated), not April or August (none rated)');
  assert.equal(headlineOf(officerPage, 'evaluated'), '2');
  assert.match(officerPage, /Nguyễn Văn An \(CC001\)/);
  assert.match(officerPage, /id="withheld-months">Không tính tháng 04\/2020, 08\/2020: tháng có dưới 2 đánh giá/, 'June has 2 evaluations, the minimum here');
  assert.ok(!officerPage.includes('id="unit"'), 'no unit to choose: the form would be refused');
  assert.equal(headlineOf(await page(officer, '/dashboard?officer=&from=2020-06-01&to=2020-06-30'), 'evaluated'), '2', 'the form as an officer submits it');
  const oneDay = await page(officer, '/dashboard?from=2020-06-15&to=2020-06-15');
  assert.match(oneDay, /Kỳ số liệu: 01\/06\/2020 – 30\/06\/2020/, 'the page names the period counted: the whole month');
  assert.equal(headlineOf(oneDay, 'evaluated'), '2');
  const thisMonth = new Date().toISOString().slice(0, 7);
  const open = await page(officer, `/dashboard?from=${thisMonth}-01&to=${thisMonth}-01`);
  assert.match(open, /id="period-not-closed">Chưa có tháng nào của kỳ này hết thời hạn đánh giá/);
  assert.equal(headlineOf(open, 'evaluated'), '0');
  assert.ok(!(await page(leader, '/dashboard?from=2020-06-15&to=2020-06-15')).includes('01/06/2020 – 30/06/2020'), 'a leader\'s period stays as asked');
  await updateSettings(db.kysely, { officer_min_evaluations: '3' }, systemActor);
  const withheld = await page(officer, '/dashboard');
  assert.equal(headlineOf(withheld, 'evaluated'), '0', 'June left out of the officer\'s own figures');
  assert.match(withheld, /id="withheld-months">Không tính tháng 04\/2020, 06\/2020, 08\/2020: tháng có dưới 3 đánh giá/);
  assert.equal(headlineOf(await page(admin, '/dashboard?officer=CC001'), 'evaluated'), '2', 'not out of a leader\'s');
  const api = (await officer.get('/api/v1/stats?from=2020-01-01&to=2020-12-31')).json<{ total: { evaluated: number }; withheld: unknown }>();
  assert.deepEqual([api.total.evaluated, api.withheld], [0, { months: ['2020-04', '2020-06', '2020-08'] }], 'the API says what it left out');
  const counted = (await officer.get('/api/v1/stats?from=2020-06-15&to=2020-07-03')).json<{ period: unknown }>();
  assert.deepEqual(counted.period, { from: '2020-06-01', to: '2020-07-31' }, 'and the period it counted');
  await updateSettings(db.kysely, { officer_min_evaluations: '2' }, systemActor);
  assert.ok(!officerPage.includes('id="drill-table"') && !officerPage.includes('id="ranking-title"'), 'nothing to drill into or rank');
  assert.equal((await officer.get('/dashboard?officer=CC002')).statusCode, 404);
  assert.ok(!officerPage.includes('id="kind"') && officerPage.includes('id="from-hint"'), 'an officer filters by period only, by whole months');
  assert.match(await page(leader, '/dashboard'), /id="kind"/);
  const narrowed = await officer.get('/dashboard?channel=3');
  assert.equal(narrowed.statusCode, 400);
  assert.match(narrowed.body, /<code>officer_figures_restricted<\/code>/);
  const emptyFilter = await officer.get('/api/v1/stats?typeCode=');
  assert.equal(emptyFilter.statusCode, 400, 'an empty type code is a filter too (declarations without one)');
  assert.equal(emptyFilter.json<{ error: { code: string } }>().error.code, 'officer_figures_restricted');
  assert.equal((await business.get('/dashboard')).statusCode, 403);
  const anonymous = await world.clients.anonymous.get('/dashboard');
  assert.equal(anonymous.statusCode, 303);
  assert.equal(anonymous.headers.location, '/login?next=%2Fdashboard');
  await app.close();
});

dbTest('the drill-down leads department → sub-department → team → officer, the headline following each row', async (db) => {
  const { app, world } = await ratedWorld(db);
  let body = await page(world.clients.admin, '/dashboard');
  assert.match(body, /Kỳ số liệu: 01\/01\/2020 – 31\/12\/2020<\/strong> \(mặc định: năm 2020, năm có số liệu gần nhất\)/);
  const path: string[] = [];
  for (const [table, name] of [['drill-table', 'Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I'], ['drill-table', 'Đội Thủ tục hàng hóa xuất nhập khẩu'], ['drill-table', 'Nguyễn Văn An (CC001)']] as const) {
    const row = tableRows(body, table).find((r) => r.name === name);
    assert.ok(row?.href, `${name} is a link`);
    assert.match(row.href, /from=2020-01-01&to=2020-12-31/, 'the period travels with the link');
    path.push(row.href);
    body = await page(world.clients.admin, row.href);
    assert.equal(headlineOf(body, 'eligible'), row.cells[0], `${name}: eligible`);
    assert.equal(headlineOf(body, 'evaluated'), row.cells[1], `${name}: evaluated`);
    assert.equal(headlineOf(body, 'share'), row.cells[3], `${name}: satisfaction share`);
  }
  assert.deepEqual(path, [
    '/dashboard?unit=03CC&from=2020-01-01&to=2020-12-31',
    '/dashboard?unit=03CC-T1&from=2020-01-01&to=2020-12-31',
    '/dashboard?unit=03CC-T1&officer=CC001&from=2020-01-01&to=2020-12-31',
  ]);
  const trail = /<nav class="trail"[\s\S]*?<\/nav>/.exec(body)![0];
  assert.deepEqual([...trail.matchAll(/<li>(?:<a [^>]*>|<span [^>]*>)([^<]+)</g)].map((m) => m[1]), [
    'Cục Hải quan Hải Phòng', 'Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I', 'Đội Thủ tục hàng hóa xuất nhập khẩu', 'Nguyễn Văn An (CC001)',
  ]);
  const team = await page(world.clients.admin, path[1]!);
  assert.match(team, /<h2 id="drill-title">Theo công chức<\/h2>/, 'a team has no sub-units: its officers');
  await app.close();
});

const figure = (text: string | undefined) => (text === '' || text === undefined ? null : Number(text));

dbTest('every CSV download parses and holds the figures of the API for the same filters', async (db) => {
  const { app, world } = await ratedWorld(db);
  const admin = world.clients.admin;
  const filters = 'unit=HP&from=2020-01-01&to=2020-12-31';
  for (const [table, groupBy] of [['units', 'unit'], ['officers', 'officer'], ['months', 'month'], ['levels', 'level']] as const) {
    const rows = await csvOf(admin, `/dashboard.csv?table=${table}&${filters}`);
    const api = (await admin.get(`/api/v1/stats?${filters}&groupBy=${groupBy}`)).json<{ groups: Record<string, unknown>[] }>();
    assert.deepEqual(rows.map((r) => ({
      key: r.key, label: r.label, eligible: figure(r.eligible), evaluated: figure(r.evaluated), evaluationRate: figure(r.evaluation_rate),
      levels: { 1: figure(r.level_1), 2: figure(r.level_2), 3: figure(r.level_3), 4: figure(r.level_4), 5: figure(r.level_5) },
      satisfactionShare: figure(r.satisfaction_share), satisfactionCi: r.satisfaction_ci_low === '' ? null : [figure(r.satisfaction_ci_low), figure(r.satisfaction_ci_high)],
      meanLevel: figure(r.mean_level), rankable: r.rankable === 'true',
    })), api.groups, table);
  }
  assert.deepEqual(await csvOf(admin, `/dashboard.csv?table=reasons&${filters}&lang=en`), [
    { reason: 'attitude', label: 'Attitude', count: '1' }, { reason: 'delay', label: 'Delay', count: '1' },
    { reason: 'harassment', label: 'Harassment', count: '0' }, { reason: 'misconduct', label: 'Misconduct', count: '0' },
    { reason: 'professional_error', label: 'Professional error', count: '0' }, { reason: 'unclear_guidance', label: 'Unclear guidance', count: '0' },
    { reason: 'other', label: 'Other', count: '0' },
  ]);
  const ranking = await csvOf(admin, `/dashboard.csv?table=ranking&${filters}`);
  assert.deepEqual(ranking.map((r) => [r.rank, r.key, r.satisfaction_share, r.rankable]), [['1', '03CC', '0.5', 'true'], ['', '03EE', '1', 'false']]);
  const page = await admin.get(`/dashboard?${filters}&lang=vi`);
  for (const table of ['units', 'months', 'levels', 'reasons', 'ranking', 'cases']) {
    assert.match(page.body, new RegExp(`href="/dashboard\\.csv\\?table=${table}&amp;unit=HP&amp;from=2020-01-01&amp;to=2020-12-31[^"]*" download>Tải CSV: `), table);
  }
  assert.equal((await admin.get(`/dashboard.csv?table=comments&${filters}`)).statusCode, 400);
  await app.close();
});

dbTest('the ranking numbers only groups with enough evaluations and lists the others apart, unnumbered', async (db) => {
  const { app, world } = await ratedWorld(db);
  const body = await page(world.clients.admin, '/dashboard?from=2020-01-01&to=2020-12-31');
  assert.deepEqual(tableRows(body, 'ranking-table').map((r) => [r.cells[0], r.name, r.cells[2]]), [['1', 'Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I', '50,0\u00a0%']]);
  assert.deepEqual(tableRows(body, 'unranked-table').map((r) => [r.name, r.cells.at(-1)]), [['Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực II', 'không xếp hạng']]);
  assert.match(body, /<h3 id="unranked">Không xếp hạng \(dưới 2 đánh giá\)<\/h3>/);
  const officers = await page(world.clients.admin, '/dashboard?from=2020-01-01&to=2020-12-31&rank=officers');
  assert.deepEqual(tableRows(officers, 'ranking-table').map((r) => [r.cells[0], r.name]), [['1', 'Nguyễn Văn An (CC001)'], ['2', 'Trần Thị Bình (CC002)']]);
  assert.deepEqual(tableRows(officers, 'unranked-table').map((r) => r.name), ['Lê Văn Cường (EE001)']);
  await app.close();
});

function stat(key: string, satisfied: number, unsatisfied: number, min = 30) {
  const counters = new Array<number>(counterColumns.length).fill(0);
  counters[eligibleIndex] = satisfied + unsatisfied;
  counters[levelIndex('software', 5)] = satisfied;
  counters[levelIndex('software', 1)] = unsatisfied;
  return { key, ...statOf(counters, null, min) };
}

test('equal shares share a rank; a group under the minimum is never ranked however high its share', () => {
  const { ranked, unranked } = rankGroups([stat('a', 30, 10), stat('b', 29, 1), stat('c', 3, 1), stat('d', 60, 20), stat('e', 1, 0), stat('f', 20, 20)]);
  assert.deepEqual(ranked.map((r) => [r.rank, r.group.key]), [[1, 'b'], [2, 'd'], [2, 'a'], [4, 'f']], 'd before a: the same share, a narrower interval');
  assert.deepEqual(unranked.map((g) => g.key), ['c', 'e']);
});

dbTest('the dashboard reads in Vietnamese and in English, numbers written as each language writes them', async (db) => {
  const { app, world } = await ratedWorld(db);
  const admin = world.clients.admin;
  const vi = await page(admin, '/dashboard');
  assert.match(vi, /<html lang="vi">/);
  assert.equal(headlineOf(vi, 'rate'), '71,4\u00a0%');
  assert.equal(headlineOf(vi, 'share'), '60,0\u00a0%');
  assert.equal(headlineOf(vi, 'mean'), '3,80');
  assert.match(vi, /khoảng tin cậy 95 %: 23,1\u00a0% – 88,2\u00a0%/);
  const en = await page(admin, '/dashboard?lang=en');
  assert.match(en, /<html lang="en">/);
  assert.match(en, /<h1>Satisfaction dashboard<\/h1>/);
  assert.equal(headlineOf(en, 'rate'), '71.4%');
  assert.equal(headlineOf(en, 'mean'), '3.80');
  assert.match(en, /95% interval: 23.1% – 88.2%/);
  assert.match(en, /Period: 01\/01\/2020 – 31\/12\/2020<\/strong> \(default: 2020, the year of the latest figures\)/);
  const drilled = tableRows(en, 'drill-table')[0]!;
  assert.match(await page(admin, drilled.href!), /<html lang="en">/, 'the language stays chosen down the drill-down');
  await app.close();
});

dbTest('no retaliation: leader and officer dashboards and downloads show no business, tax code, declaration or comment', async (db) => {
  const { app, world } = await ratedWorld(db);
  const forbidden = [ratedComment, 'ZX-9137', ratedBusinessName, 'Bí Ẩn', ratedTaxCode, ...[1, 2, 3, 4, 5, 6, 7].map(importNo)];
  const urls = ['/dashboard', '/dashboard?unit=03CC-T1', '/dashboard?unit=03CC-T2&officer=CC002', '/dashboard?rank=officers',
    ...['units', 'officers', 'months', 'levels', 'reasons', 'ranking', 'cases'].map((t) => `/dashboard.csv?table=${t}`)];
  for (const [role, client] of [['leader', world.clients.leader], ['officer', world.clients.officer]] as const) {
    for (const url of urls) {
      const response = await client.get(url);
      if (role === 'officer' && (url.includes('unit=') || url.endsWith('table=units'))) {
        assert.equal(response.statusCode, 400, `an officer's figures are not narrowed to a unit: ${url}`);
        continue;
      }
      assert.equal(response.statusCode, 200, `${role} ${url}`);
      for (const text of forbidden) assert.ok(!response.body.includes(text), `${role} ${url} shows "${text}"`);
    }
  }
  await app.close();
});

dbTest('filters narrow the figures; a bad filter is a catalogue error', async (db) => {
  const { app, world } = await ratedWorld(db);
  const admin = world.clients.admin;
  const july = await page(admin, '/dashboard?from=2020-07-01&to=2020-07-31&kind=&typeCode=&channel=&ratingChannel=');
  assert.equal(headlineOf(july, 'eligible'), '2');
  assert.doesNotMatch(july, /mặc định: năm/, 'a chosen period is not the default');
  assert.match(july, /<input id="from" name="from" type="date" value="2020-07-01">/);
  const byLink = await page(admin, '/dashboard?ratingChannel=link');
  assert.equal(headlineOf(byLink, 'evaluated'), '0');
  assert.match(byLink, /id="reasons-all-channels"/, 'the reasons table says the rating-channel filter does not apply to it');
  assert.doesNotMatch(july, /id="reasons-all-channels"/);
  assert.equal(headlineOf(await page(admin, '/dashboard?kind=export'), 'eligible'), '0');
  for (const [query, code] of [['kind=car', 'validation_failed'], ['from=2020-13-01', 'invalid_date'], ['from=2020-09-01&to=2020-08-01', 'invalid_period'], ['unit=NOPE', 'unit_not_found']]) {
    const response = await admin.get(`/dashboard?${query}`);
    assert.ok(response.statusCode >= 400 && response.statusCode < 500, query);
    assert.match(response.body, new RegExp(`<code>${code}</code>`), query);
  }
  await app.close();
});

dbTest('the dashboard says when the ratings were last verified and whether the chain held', async (db) => {
  const { app, world } = await ratedWorld(db);
  assert.match(await page(world.clients.leader, '/dashboard'), /Kiểm tra toàn vẹn dữ liệu đánh giá:<\/strong> chưa kiểm tra lần nào/);
  await verifyChains(db.kysely, ratingSecret, Date.parse('2026-03-02T09:30:00+07:00'));
  assert.match(await page(world.clients.leader, '/dashboard'), /class="tamper tamper-held"><strong>Kiểm tra toàn vẹn dữ liệu đánh giá:<\/strong> lần kiểm tra gần nhất 02\/03\/2026 09:30: chuỗi băm nguyên vẹn \(5 bản ghi\)\./);
  await db.kysely.updateTable('evaluations').set({ overall: 1 }).where('overall', '=', 5).execute();
  await verifyChains(db.kysely, ratingSecret, Date.parse('2026-03-03T09:30:00+07:00'));
  const failed = await page(world.clients.admin, '/dashboard?lang=en');
  assert.match(failed, /class="tamper tamper-failed" role="alert"><strong>Tamper check of the ratings:<\/strong> last verified 03\/03\/2026 09:30: FAILED — a current rating differs from its recorded version/);
  await app.close();
});
