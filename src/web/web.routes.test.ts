import assert from 'node:assert/strict';
import { getPage, officerCount, webTest } from '../../test/helpers/web-fixture.js';

webTest('the home page shows the counts, the navigation and a skip link, in Vietnamese first', async (_app, admin) => {
  const page = await getPage(admin, '/');
  assert.equal(page.status, 200);
  assert.match(page.body, /<html lang="vi">/);
  assert.match(page.body, /<a class="skip-link" href="#main">/);
  assert.match(page.body, /<main id="main" tabindex="-1">/);
  assert.match(page.body, /<nav aria-label="Điều hướng chính">/);
  assert.match(page.body, /href="\/" aria-current="page">Trang chủ/);
  assert.match(page.body, new RegExp(`<span class="tile-value">${officerCount}</span>\\s*<span class="tile-label">Công chức`));
  assert.match(page.body, /<span class="tile-value">12<\/span>\s*<span class="tile-label">Tờ khai/);
}, { declarations: 12 });

webTest('?lang=en switches the page to English and remembers the choice in a cookie', async (app, admin) => {
  const response = await admin.get('/?lang=en');
  assert.match(response.body, /<html lang="en">/);
  assert.match(response.body, /<h1>Overview<\/h1>/);
  assert.match(response.body, /href="\/\?lang=vi" hreflang="vi" lang="vi"/);
  assert.match(String(response.headers['set-cookie']), /lang=en/);
  const next = await admin.get('/units');
  assert.match(next.body, /<h1>Units<\/h1>/);
});

webTest('the stylesheet is served from the app itself, and an unknown asset is a 404', async (app) => {
  const css = await app.inject({ url: '/assets/app.css' });
  assert.equal(css.statusCode, 200);
  assert.match(String(css.headers['content-type']), /text\/css/);
  assert.match(css.body, /:focus-visible/);
  assert.equal((await app.inject({ url: '/assets/evil.js' })).statusCode, 404);
});
