import assert from 'node:assert/strict';
import { Client } from '../../test/helpers/app.js';
import { declarantTaxCode, getPage, officerCount, signedInReader, webTest } from '../../test/helpers/web-fixture.js';

const cookieNames = (response: { cookies: unknown }) => (response.cookies as { name: string }[]).map((c) => c.name);

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

webTest('the header names who is signed in, with their role and a sign-out button that posts the CSRF token', async (_app, admin) => {
  const page = await getPage(admin, '/units');
  assert.match(page.body, /<span class="account-name">Người đọc thử<\/span>\s*<span class="account-role">Quản trị viên<\/span>/);
  const token = /<form method="post" action="\/logout"><input type="hidden" name="_csrf" value="([^"]+)">/.exec(page.body)?.[1];
  assert.ok(token, 'a sign-out form with the session\'s CSRF token');
  assert.match(page.body, /<button type="submit" class="sign-out">Đăng xuất<\/button>/);
  assert.match((await getPage(admin, '/units?lang=en')).body, /class="account-role">Administrator<\/span>[\s\S]*>Sign out<\/button>/);

  const signedOut = await admin.request('POST', '/logout', { _csrf: token });
  assert.equal(signedOut.statusCode, 303);
  assert.equal(admin.hasCookie('hl_session'), false);
  const login = await getPage(admin, '/login?lang=vi');
  assert.match(login.body, /<a class="sign-in" href="\/login">Đăng nhập<\/a>/);
  assert.doesNotMatch(login.body, /action="\/logout"/);
});

webTest('the navigation offers only what the reader may open', async (app, admin, db) => {
  const navLinks = async (reader: Client) => {
    const nav = /<nav aria-label="[^"]+">([\s\S]*?)<\/nav>/.exec((await getPage(reader, '/api/docs')).body)![1]!;
    return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
  };
  const staffCore = ['/', '/dashboard', '/units', '/officers', '/declarations'];
  assert.deepEqual(await navLinks(admin), [...staffCore, '/partnership', '/problems', '/conferences', '/qa', '/api/docs', '/admin']);
  const inspector = await signedInReader(db, app, { username: 'page.inspector', role: 'inspector' });
  assert.deepEqual(await navLinks(inspector), [...staffCore, '/cases', '/partnership', '/problems', '/conferences', '/qa', '/api/docs', '/admin']);
  const leader = await signedInReader(db, app, { username: 'page.leader', role: 'leader', unitCode: 'OF1' });
  assert.deepEqual(await navLinks(leader), [...staffCore, '/cases', '/partnership', '/problems', '/conferences', '/qa', '/api/docs']);
  const officer = await signedInReader(db, app, { username: 'page.officer', role: 'officer', officerCode: 'CB002' });
  assert.deepEqual(await navLinks(officer), [...staffCore, '/problems', '/qa', '/api/docs']);
  const business = await signedInReader(db, app, { username: 'page.business', role: 'business', taxCodes: [declarantTaxCode] });
  assert.deepEqual(await navLinks(business), ['/', '/declarations', '/partnership/agreement', '/problems', '/qa', '/api/docs']);
  assert.deepEqual(await navLinks(new Client(app)), ['/qa', '/api/docs']);

  const home = await getPage(business, '/');
  assert.equal(home.status, 200);
  assert.doesNotMatch(home.body, /tile-value/, 'organisation-wide counts are not a business\'s figures');
  assert.doesNotMatch(home.body, /href="\/units"|href="\/officers"/);
  assert.match(home.body, /<a href="\/declarations">Tờ khai<\/a><p>/);
  assert.doesNotMatch((await getPage(leader, '/')).body, /tile-value/, 'nor a leader\'s');
}, { declarations: 1 });

webTest('an anonymous visitor is sent to sign in and brought back to the page asked for', async (app) => {
  const visitor = new Client(app);
  for (const url of ['/', '/units', '/officers/CB001', '/declarations?kind=import']) {
    const answer = await visitor.get(url);
    assert.equal(answer.statusCode, 303, url);
    assert.equal(answer.headers.location, `/login?next=${encodeURIComponent(url)}`, url);
  }
  const login = await getPage(visitor, '/login?next=%2Fofficers');
  assert.match(login.body, /<a class="sign-in" href="\/login">Đăng nhập<\/a>/);
  assert.match((await getPage(visitor, '/api/docs')).body, /<a class="sign-in" href="\/login\?next=%2Fapi%2Fdocs">/);
});

webTest('?lang=en switches the page to English and remembers the choice in a cookie, alongside the session cookies', async (app, admin) => {
  const english = await admin.get('/?lang=en');
  assert.match(english.body, /<html lang="en">/);
  assert.match(english.body, /<h1>Overview<\/h1>/);
  assert.match(english.body, /href="\/\?lang=vi" hreflang="vi" lang="vi"/);
  assert.deepEqual(cookieNames(english), ['lang']);
  assert.match((await getPage(admin, '/units')).body, /<h1>Units<\/h1>/, 'the choice is remembered');

  const visitor = await new Client(app).get('/units?lang=en');
  assert.deepEqual(cookieNames(visitor).sort(), ['hl_anon', 'lang'], 'the language cookie does not replace the visitor\'s cookie');
});

webTest('the stylesheet is served from the app itself, and an unknown asset is a 404', async (app) => {
  const css = await app.inject({ url: '/assets/app.css' });
  assert.equal(css.statusCode, 200);
  assert.match(String(css.headers['content-type']), /text\/css/);
  assert.match(css.body, /:focus-visible/);
  assert.equal((await app.inject({ url: '/assets/evil.js' })).statusCode, 404);
});

webTest('the API documentation page is headed in the reader\'s language', async (_app, admin) => {
  assert.match((await getPage(admin, '/api/docs')).body, /<th scope="col">Phương thức<\/th><th scope="col">Đường dẫn<\/th>/);
  assert.match((await getPage(admin, '/api/docs?lang=en')).body, /<th scope="col">Method<\/th><th scope="col">Path<\/th><th scope="col">Description<\/th><th scope="col">Authentication<\/th>/);
});
