import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserUnavailable, launchBrowser, openPage, signIn } from './browser.js';
import { demoAccount, startDemoServer, type DemoServer } from './demo-server.js';

// The web shell as a reader meets it in Chromium: the lists in both languages, by keyboard, and
// without JavaScript, signed in as the administrator (who sees everything). Playwright waits for
// each navigation; there are no sleeps or timings here.

const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');
const heading = async (page: Page) => (await page.locator('h1').innerText()).trim();
/** The focused element, found by CSS (the test code has no DOM types). */
const focused = (page: Page) => page.locator(':focus');

async function follow(page: Page, navName: string, linkName: string, url: RegExp) {
  await page.getByRole('navigation', { name: navName }).getByRole('link', { name: linkName, exact: true }).click();
  await page.waitForURL(url);
}

describe('web shell in Chromium', { skip: browserUnavailable() }, () => {
  let server: DemoServer;
  let browser: Browser;
  let administrator: Awaited<ReturnType<BrowserContext['storageState']>>;
  /** A page in a fresh context holding the administrator's session. */
  const adminPage = (options: Parameters<typeof openPage>[1] = {}) => openPage(browser, { baseURL: server.url, storageState: administrator, ...options });
  before(async () => {
    server = await startDemoServer({ declarations: 500 });
    browser = await launchBrowser();
    const page = await openPage(browser, { baseURL: server.url });
    const admin = demoAccount(server, 'admin');
    await signIn(page, admin.username, admin.password);
    administrator = await page.context().storageState();
    await page.context().close();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a reader walks home, units, officers and declarations in Vietnamese, then reads them in English', async () => {
    const page = await adminPage();
    try {
      await page.goto('/');
      assert.equal(await htmlLang(page), 'vi');
      assert.equal(await heading(page), 'Tổng quan');

      await follow(page, 'Điều hướng chính', 'Đơn vị', /\/units$/);
      assert.equal(await heading(page), 'Đơn vị');
      await page.getByLabel('Tìm đơn vị theo mã hoặc tên').fill('Đình Vũ');
      await page.getByLabel('Tìm đơn vị theo mã hoặc tên').press('Enter');
      await page.waitForURL(/\/units\?q=/);
      assert.deepEqual(await page.locator('mark.unit-name').allInnerTexts(), ['Chi cục Hải quan cửa khẩu cảng Đình Vũ']);

      await follow(page, 'Điều hướng chính', 'Công chức', /\/officers$/);
      assert.equal(await heading(page), 'Công chức');
      await page.getByLabel('Tìm công chức theo mã hoặc họ tên').fill('cb1001');
      await page.getByRole('button', { name: 'Tìm kiếm' }).click();
      await page.waitForURL(/\/officers\?q=cb1001/);
      const rows = page.locator('table.data tbody tr');
      assert.equal(await rows.count(), 10);
      const name = (await rows.first().locator('td').nth(1).innerText()).trim();
      await rows.first().getByRole('link').click();
      await page.waitForURL(/\/officers\/CB10010$/);
      assert.equal(await heading(page), name);
      assert.ok(await page.getByRole('heading', { name: 'Quá trình công tác' }).isVisible());

      await follow(page, 'Điều hướng chính', 'Tờ khai', /\/declarations$/);
      assert.equal(await heading(page), 'Tờ khai');
      await page.getByLabel('Chi cục').selectOption('03NK');
      await page.getByLabel('Luồng').selectOption('2');
      await page.getByRole('button', { name: 'Lọc' }).click();
      await page.waitForURL(/office=03NK/);
      const found = page.locator('table.data tbody tr');
      assert.ok((await found.count()) > 0);
      for (const row of await found.all()) {
        assert.equal((await row.locator('td').nth(2).innerText()).trim(), '03NK');
        assert.equal((await row.locator('td').nth(6).innerText()).trim(), 'Vàng');
      }
      const number = (await found.first().getByRole('link').innerText()).trim();
      await found.first().getByRole('link').click();
      await page.waitForURL(/\/declarations\/\d{12}$/);
      assert.equal(await heading(page), `Tờ khai ${number}`);
      assert.ok((await page.locator('table.data tbody tr').count()) > 0, 'the handlers are listed');

      await page.getByRole('link', { name: 'Switch to English' }).click();
      await page.waitForURL(/lang=en/);
      assert.equal(await htmlLang(page), 'en');
      assert.equal(await heading(page), `Declaration ${number}`);
      assert.equal(await page.getByRole('heading', { level: 2 }).innerText(), 'Handled by');
      for (const [link, url, title] of [['Units', /\/units$/, 'Units'], ['Officers', /\/officers$/, 'Officers'],
        ['Declarations', /\/declarations$/, 'Declarations'], ['Home', /\/$/, 'Overview']] as const) {
        await follow(page, 'Main navigation', link, url);
        assert.equal(await htmlLang(page), 'en', link);
        assert.equal(await heading(page), title);
      }
      await page.getByRole('link', { name: 'Chuyển sang tiếng Việt' }).click();
      await page.waitForURL(/lang=vi/);
      assert.equal(await heading(page), 'Tổng quan');
    } finally {
      await page.context().close();
    }
  });

  test('the first Tab reaches a visible skip link that moves focus to the main content', async () => {
    const page = await adminPage();
    try {
      await page.goto('/officers');
      await page.keyboard.press('Tab');
      assert.equal(await focused(page).getAttribute('class'), 'skip-link');
      const box = await focused(page).boundingBox();
      assert.ok(box && box.y >= 0 && box.x >= 0, 'the focused skip link is on screen');
      const ring = await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle');
      assert.notEqual(ring, 'none', 'keyboard focus is visible');

      await page.keyboard.press('Enter');
      await page.waitForURL(/#main$/);
      assert.equal(await focused(page).getAttribute('id'), 'main');
      await page.keyboard.press('Tab');
      assert.equal(await page.locator('main :focus').getAttribute('name'), 'q', 'the next Tab reaches the search box in the main content');
    } finally {
      await page.context().close();
    }
  });

  test('search, filters, paging and the language switch work with JavaScript disabled', async () => {
    const page = await adminPage({ javaScriptEnabled: false });
    try {
      await page.goto('/declarations');
      const firstPage = await page.locator('table.data tbody tr').first().innerText();
      await page.getByRole('link', { name: /Trang sau/ }).click();
      await page.waitForURL(/after=/);
      assert.notEqual(await page.locator('table.data tbody tr').first().innerText(), firstPage);
      await page.getByRole('link', { name: /Trang trước/ }).click();
      await page.waitForURL(/before=/);
      assert.equal(await page.locator('table.data tbody tr').first().innerText(), firstPage);

      await page.getByLabel('Loại').selectOption('dossier');
      await page.getByRole('button', { name: 'Lọc' }).click();
      await page.waitForURL(/kind=dossier/);
      const numbers = await page.locator('table.data tbody tr td:first-child').allInnerTexts();
      assert.ok(numbers.length > 0 && numbers.every((no) => no.startsWith('HS/')));

      await page.goto('/officers');
      await page.getByLabel('Tìm công chức theo mã hoặc họ tên').fill('CB10300');
      await page.getByLabel('Tìm công chức theo mã hoặc họ tên').press('Enter');
      await page.waitForURL(/q=CB10300/);
      assert.deepEqual(await page.locator('table.data tbody td:first-child').allInnerTexts(), ['CB10300']);

      await page.getByRole('link', { name: 'Switch to English' }).click();
      await page.waitForURL(/lang=en/);
      assert.equal(await htmlLang(page), 'en');
      assert.equal(await heading(page), 'Officers');
    } finally {
      await page.context().close();
    }
  });

  test('on a 360 px wide screen no page scrolls sideways', async () => {
    const page = await adminPage({ viewport: { width: 360, height: 740 } });
    try {
      for (const path of ['/login?lang=vi', '/', '/units', '/officers', '/officers/CB10001', '/declarations', '/declarations?q=10']) {
        await page.goto(path);
        const [scroll, client] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
        assert.ok(scroll <= client, `${path}: page is ${scroll}px wide in a ${client}px window`);
      }
    } finally {
      await page.context().close();
    }
  });
});
