import assert from 'node:assert/strict';
import { declarationItem, getPage, hostileName, linkedCodes, relLink, webTest } from '../../test/helpers/web-fixture.js';

const all = Array.from({ length: 120 }, (_, i) => declarationItem(i));
/** The list's order: cleared declarations newest first (later number first on the same day), then the uncleared, newest first. */
const expectedOrder = [
  ...all.map((d, i) => ({ d, i })).filter(({ d }) => d.clearedAt !== null).reverse(),
  ...all.map((d, i) => ({ d, i })).filter(({ d }) => d.clearedAt === null).reverse(),
].map(({ d }) => d.declarationNo);

async function walk(reader: Parameters<typeof getPage>[0], start: string, rel: 'next' | 'prev') {
  const pages: string[][] = [];
  let url: string | null = start;
  let last = '';
  while (url) {
    const page = await getPage(reader, url);
    assert.equal(page.status, 200, url);
    pages.push(linkedCodes(page.body, '/declarations'));
    last = url;
    url = relLink(page.body, rel);
  }
  return { pages, last };
}

webTest('/declarations pages forward and back through every declaration without counting them', async (_app, admin) => {
  const forward = await walk(admin, '/declarations', 'next');
  assert.deepEqual(forward.pages.map((p) => p.length), [50, 50, 20]);
  assert.deepEqual(forward.pages.flat(), expectedOrder);
  assert.doesNotMatch((await getPage(admin, '/declarations')).body, /Trang 1 \//, 'no page count is shown');

  const backward = await walk(admin, forward.last, 'prev');
  assert.deepEqual(backward.pages.reverse(), forward.pages, 'previous links retrace the same pages');
}, { declarations: all.length });

webTest('/declarations filters by office, kind, channel and clearance days, and keeps the filters while paging', async (_app, admin) => {
  const byOffice = await walk(admin, '/declarations?office=OF2&kind=&channel=&from=&to=', 'next');
  assert.deepEqual(byOffice.pages.flat(), expectedOrder.filter((no) => all.find((d) => d.declarationNo === no)!.officeCode === 'OF2'));

  const red = (await walk(admin, '/declarations?channel=3&kind=import', 'next')).pages.flat();
  assert.deepEqual(red.sort(), all.filter((d) => d.channel === '3' && d.kind === 'import').map((d) => d.declarationNo).sort());

  const may = (await walk(admin, '/declarations?from=2020-05-01&to=2020-05-03', 'next')).pages.flat();
  assert.deepEqual(may.sort(), all.filter((d) => d.clearedAt && d.clearedAt >= '2020-05-01' && d.clearedAt < '2020-05-04')
    .map((d) => d.declarationNo).sort());

  const dossiers = await getPage(admin, '/declarations?kind=dossier');
  assert.ok(linkedCodes(dossiers.body, '/declarations').every((no) => no.startsWith('HS/')));
  assert.match(dossiers.body, /<option value="dossier" selected>Hồ sơ<\/option>/, 'the form shows the filter in force');
}, { declarations: all.length });

webTest('/declarations?q= finds declarations by the whole number or its first digits, ordered by number', async (_app, admin) => {
  const exact = await getPage(admin, '/declarations?q=100000000120');
  assert.deepEqual(linkedCodes(exact.body, '/declarations'), ['100000000120']);
  const prefix = await walk(admin, '/declarations?q=+30000000', 'next');
  const exports = all.map((d) => d.declarationNo).filter((no) => no.startsWith('30000000')).sort();
  assert.deepEqual(prefix.pages.flat(), exports);
  const dossier = await getPage(admin, '/declarations?q=hs/00000001');
  assert.deepEqual(linkedCodes(dossier.body, '/declarations'), ['HS/000000013']);
  const none = await getPage(admin, '/declarations?q=999');
  assert.match(none.body, /Không có kết quả phù hợp/);
}, { declarations: all.length });

webTest('/declarations/:no shows the declaration and its handlers with the team credited on the registration day', async (_app, admin) => {
  const before = await getPage(admin, '/declarations/100000000140');
  assert.equal(before.status, 200);
  assert.match(before.body, /<h1>Tờ khai 100000000140<\/h1>/);
  assert.match(before.body, /Đăng ký<\/dt><dd>08\/04\/2020 08:00<\/dd>/);
  assert.match(before.body, /Luồng<\/dt><dd><span class="channel channel-3">Đỏ<\/span>/);
  assert.match(before.body, /Tiếp nhận<\/td>\s*<td><a href="\/officers\/CB001">Nguyễn Văn An<\/a>[^\n]*\n\s*<td>Đội Thủ tục <span class="code">OF1-T1/);
  // CB001 moved to OF2-T1 on 16/05/2020: a later declaration credits the new team
  const after = await getPage(admin, '/declarations/100000001000?lang=en');
  assert.match(after.body, /<h1>Declaration 100000001000<\/h1>/);
  assert.match(after.body, /Reception<\/td>\s*<td><a href="\/officers\/CB001">Nguyễn Văn An<\/a>[^\n]*\n\s*<td>Supervision Team <span class="code">OF2-T1/);

  const dossier = await getPage(admin, `/declarations/${encodeURIComponent('HS/000000006')}?lang=vi`);
  assert.equal(dossier.status, 200);
  assert.match(dossier.body, /Hồ sơ/);

  const missing = await getPage(admin, '/declarations/100000999990');
  assert.equal(missing.status, 404);
  assert.match(missing.body, /role="alert"/);
}, { declarations: all.length });

webTest('declarant and office names with markup are escaped in the list and on the declaration page', async (_app, admin) => {
  for (const url of ['/declarations?q=100000000000', '/declarations/100000000000', '/declarations/100000001000?lang=en']) {
    const page = await getPage(admin, url);
    assert.equal(page.status, 200, url);
    assert.ok(!page.body.includes(hostileName), url);
    assert.match(page.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/, url);
  }
}, { declarations: all.length });

webTest('/declarations answers bad filters with a 400 error page in the reader\'s language', async (_app, admin) => {
  const cases: [string, RegExp][] = [
    ['from=2020-02-30', /invalid_date/],
    ['to=31-12-2020', /validation_failed/],
    ['office=NOWHERE', /unknown_office/],
    ['channel=4', /validation_failed/],
    ['kind=car', /validation_failed/],
    ['q=%3Cscript%3E', /validation_failed/],
    ['after=2020-13-01_5', /validation_failed/],
    ['before=100000000000', /validation_failed/],
  ];
  for (const [query, code] of cases) {
    const page = await getPage(admin, `/declarations?${query}`);
    assert.equal(page.status, 400, query);
    assert.match(page.body, code, query);
    assert.match(page.body, /<html lang="vi">/, query);
  }
  const english = await getPage(admin, '/declarations?office=NOWHERE&lang=en');
  assert.match(english.body, /Unknown customs office &quot;NOWHERE&quot;/);
});
