import assert from 'node:assert/strict';
import { getPage, hostileName, webTest } from '../../test/helpers/web-fixture.js';

webTest('/units shows the whole unit tree as nested lists, with codes, kinds, pilot window and live-from date', async (_app, admin) => {
  const page = await getPage(admin, '/units');
  assert.equal(page.status, 200);
  assert.match(page.type, /text\/html/);
  assert.match(page.body, /<html lang="vi">/);
  assert.match(page.body, /<h1>Đơn vị<\/h1>/);
  // department > office > team: the team's list sits inside the office's item, inside the department's
  assert.match(page.body, /HQ<\/span>[\s\S]*<ul><li>[\s\S]*OF1<\/span>[\s\S]*<ul><li>[\s\S]*OF1-T1<\/span>/);
  assert.match(page.body, /Chi cục Hải quan Đình Vũ/);
  assert.match(page.body, /Thí điểm<\/dt><dd>25\/03\/2020 – 31\/03\/2020/);
  assert.match(page.body, /Áp dụng từ<\/dt><dd>01\/04\/2020/);
  assert.match(page.body, /<label for="q">/);
});

webTest('/units?q= keeps the matching units and their ancestors, whatever the case of the search', async (_app, admin) => {
  const byName = await getPage(admin, '/units?q=' + encodeURIComponent('đình vũ'));
  assert.equal(byName.status, 200);
  assert.match(byName.body, /<mark class="unit-name">Chi cục Hải quan Đình Vũ<\/mark>/);
  assert.match(byName.body, />HQ<\/span>/, 'the ancestor stays, to show where the unit sits');
  assert.doesNotMatch(byName.body, />OF2<\/span>/);
  assert.match(byName.body, /Đơn vị khớp với “đình vũ”: 1/);

  const byCode = await getPage(admin, '/units?q=of2-t1');
  assert.match(byCode.body, /<mark class="unit-name">Đội Giám sát<\/mark>/);
  assert.doesNotMatch(byCode.body, />OF1<\/span>/);

  const none = await getPage(admin, '/units?q=zzz');
  assert.match(none.body, /Không có kết quả phù hợp/);
});

webTest('/units?lang=en shows English names and labels, and escapes markup in unit names', async (_app, admin) => {
  const page = await getPage(admin, '/units?lang=en');
  assert.match(page.body, /<html lang="en">/);
  assert.match(page.body, /<h1>Units<\/h1>/);
  assert.match(page.body, /Dinh Vu Customs Sub-department/);
  assert.match(page.body, /Live from<\/dt><dd>01\/04\/2020/);
  assert.ok(!page.body.includes(hostileName), 'raw markup from data never reaches the page');
  assert.match(page.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; Đội &amp; Co/);
});

webTest('/units with a search longer than allowed answers a 400 error page, not a crash', async (_app, admin) => {
  const page = await getPage(admin, `/units?q=${'a'.repeat(101)}`);
  assert.equal(page.status, 400);
  assert.match(page.body, /role="alert"/);
  assert.match(page.body, /validation_failed/);
});
