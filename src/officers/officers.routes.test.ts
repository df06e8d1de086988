import assert from 'node:assert/strict';
import { getPage, hostileName, linkedCodes, officerCount, relLink, webTest } from '../../test/helpers/web-fixture.js';

webTest('/officers pages through every officer, 50 a page, in code order, with the unit each is in today', async (_app, admin) => {
  const first = await getPage(admin, '/officers');
  assert.equal(first.status, 200);
  assert.match(first.body, /<caption>120 công chức, xếp theo mã<\/caption>/);
  assert.match(first.body, /Trang 1 \/ 3/);
  assert.equal(relLink(first.body, 'prev'), null);
  const seen = linkedCodes(first.body, '/officers');
  assert.equal(seen.length, 50);
  assert.deepEqual(seen.slice(0, 2), ['CB001', 'CB002']);
  // CB001 moved to OF2-T1 on 16/05/2020: today they are there
  assert.match(first.body, /CB001<\/a><\/td>\s*<td>Nguyễn Văn An<\/td>\s*<td>Đội Giám sát <span class="code">OF2-T1<\/span>/);

  let url = relLink(first.body, 'next');
  while (url) {
    const page = await getPage(admin, url);
    seen.push(...linkedCodes(page.body, '/officers'));
    url = relLink(page.body, 'next');
  }
  assert.equal(seen.length, officerCount);
  assert.equal(new Set(seen).size, officerCount);
  assert.deepEqual(seen, [...seen].sort());

  const last = await getPage(admin, '/officers?page=3');
  assert.match(last.body, /Trang 3 \/ 3/);
  assert.equal(relLink(last.body, 'prev'), '/officers?page=2');
  assert.equal(relLink(last.body, 'next'), null);
});

webTest('/officers?q= finds officers by code or by name as typed, in any letter case', async (_app, admin) => {
  const byName = await getPage(admin, '/officers?q=' + encodeURIComponent('đỗ thị'));
  assert.deepEqual(linkedCodes(byName.body, '/officers'), ['CB002']);
  const byCode = await getPage(admin, '/officers?q=cb11');
  assert.deepEqual(linkedCodes(byCode.body, '/officers'), Array.from({ length: 10 }, (_, i) => `CB11${i}`));
  const wildcard = await getPage(admin, '/officers?q=%25');
  assert.match(wildcard.body, /Không có kết quả phù hợp/, 'a % is searched for literally, not as a wildcard');
  const paged = await getPage(admin, '/officers?q=' + encodeURIComponent('Trần Văn'));
  assert.equal(relLink(paged.body, 'next'), '/officers?q=Tr%E1%BA%A7n+V%C4%83n&page=2', 'paging keeps the search');
});

webTest('/officers/:code shows the assignment history; an unknown officer is a 404 page', async (_app, admin) => {
  const page = await getPage(admin, '/officers/CB001');
  assert.equal(page.status, 200);
  assert.match(page.body, /<h1>Nguyễn Văn An<\/h1>/);
  assert.match(page.body, /Đội Thủ tục<\/a> <span class="code">OF1-T1<\/span><\/td>\s*<td>01\/01\/2018<\/td>\s*<td>15\/05\/2020<\/td>/);
  assert.match(page.body, /Đội Giám sát<\/a> <span class="code">OF2-T1<\/span><\/td>\s*<td>16\/05\/2020<\/td>\s*<td>nay<\/td>/);
  assert.match(page.body, /aria-current="true">Công chức/, 'the Officers section is marked current');

  const english = await getPage(admin, '/officers/CB001?lang=en');
  assert.match(english.body, /<h2 id="assignments">Assignment history<\/h2>/);
  assert.match(english.body, /<td>present<\/td>/);

  const missing = await getPage(admin, '/officers/NOBODY?lang=vi');
  assert.equal(missing.status, 404);
  assert.match(missing.body, /Không tìm thấy/);
});

webTest('officer names with markup are escaped in the list and on their page', async (_app, admin) => {
  for (const url of ['/officers?q=CB003', '/officers/CB003', '/officers/CB003?lang=en']) {
    const page = await getPage(admin, url);
    assert.equal(page.status, 200);
    assert.ok(!page.body.includes(hostileName), url);
    assert.match(page.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/, url);
  }
});

webTest('/officers rejects a page number that is not a positive whole number with a 400 page', async (_app, admin) => {
  for (const page of ['0', '-1', 'abc', '1.5']) {
    const answer = await getPage(admin, `/officers?page=${page}&lang=en`);
    assert.equal(answer.status, 400, page);
    assert.match(answer.body, /Invalid input/, page);
  }
});
