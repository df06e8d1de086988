import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserUnavailable, launchBrowser, openPage, signIn } from './browser.js';
import { demoAccount, startDemoServer, type DemoServer } from './demo-server.js';

// The dashboard as the department's leader meets it in Chromium, over the demo's 2020 figures:
// clicking down the organisation, one row at a time, and reading it on a 360 px phone. Playwright
// waits for each navigation; there are no sleeps or timings here.

const headline = async (page: Page, figure: 'eligible' | 'evaluated' | 'share') => (await page.locator(`#headline-${figure}`).innerText()).trim();
const subject = async (page: Page) => (await page.locator('#headline-title .subject').innerText()).trim();
const drillRows = (page: Page) => page.locator('#drill-table tbody tr');

/** Clicks the drill-down row (the first, or the one with that name) and checks the page it opens is that row's: name and figures. */
async function drillInto(page: Page, url: RegExp, rowName?: string): Promise<string> {
  const row = rowName === undefined ? drillRows(page).first() : drillRows(page).filter({ has: page.getByRole('rowheader', { name: rowName, exact: true }) });
  const name = (await row.locator('th').innerText()).trim();
  const [eligible, evaluated] = [(await row.locator('td').nth(0).innerText()).trim(), (await row.locator('td').nth(1).innerText()).trim()];
  const before = await headline(page, 'eligible');
  await row.getByRole('link').click();
  await page.waitForURL(url);
  assert.equal(await subject(page), name, 'the headline names the row clicked');
  assert.equal(await headline(page, 'eligible'), eligible, `${name}: eligible as in its row`);
  assert.equal(await headline(page, 'evaluated'), evaluated, `${name}: rated as in its row`);
  assert.notEqual(await headline(page, 'eligible'), before, `${name}: the headline changed`);
  return name;
}

describe('dashboard in Chromium', { skip: browserUnavailable() }, () => {
  let server: DemoServer;
  let browser: Browser;
  let leader: Awaited<ReturnType<BrowserContext['storageState']>>;
  const leaderPage = (options: Parameters<typeof openPage>[1] = {}) => openPage(browser, { baseURL: server.url, storageState: leader, ...options });
  before(async () => {
    server = await startDemoServer({ declarations: 1500 });
    browser = await launchBrowser();
    const page = await openPage(browser, { baseURL: server.url });
    const account = demoAccount(server, 'lanhdao.cuc');
    await signIn(page, account.username, account.password);
    leader = await page.context().storageState();
    await page.context().close();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the department leader clicks down department → sub-department → team → officer, the headline following each click', async () => {
    const page = await leaderPage();
    try {
      await page.goto('/');
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Kết quả đánh giá', exact: true }).click();
      await page.waitForURL(/\/dashboard$/);
      assert.equal((await page.locator('h1').innerText()).trim(), 'Kết quả đánh giá sự hài lòng');
      assert.equal(await subject(page), 'Cục Hải quan thành phố Hải Phòng');
      assert.match(await page.locator('.period').innerText(), /01\/01\/2020 – 31\/12\/2020 \(mặc định: năm 2020/);
      assert.equal((await page.locator('#drill-title').innerText()).trim(), 'Theo đơn vị trực thuộc');
      assert.equal(await drillRows(page).count(), 9, 'nine sub-departments');

      const office = await drillInto(page, /unit=03CC&/, 'Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I');
      const team = await drillInto(page, /unit=03CC-TT&/, 'Đội Thủ tục hàng hóa xuất nhập khẩu');
      assert.equal((await page.locator('#drill-title').innerText()).trim(), 'Theo công chức', 'a team lists its officers');
      const officer = await drillInto(page, /unit=03CC-TT&officer=/);
      assert.match(officer, /\(CB\d+\)$/);
      assert.equal(await page.locator('#drill-table').count(), 0, 'nothing below an officer');
      const trail = page.getByRole('navigation', { name: 'Cấp đơn vị' });
      assert.deepEqual((await trail.getByRole('listitem').allInnerTexts()).map((t) => t.trim()), ['Cục Hải quan thành phố Hải Phòng', office, team, officer]);

      await trail.getByRole('link', { name: office }).click();
      await page.waitForURL(/unit=03CC&/);
      assert.equal(await subject(page), office, 'the trail leads back up');
    } finally {
      await page.context().close();
    }
  });

  test('the partnership programme sits on the dashboard itself, its heading and tables in Vietnamese and in English', async () => {
    const page = await leaderPage();
    try {
      await page.goto('/dashboard');
      assert.ok(await page.getByRole('heading', { level: 2, name: 'Chương trình đối tác', exact: true }).isVisible());
      const agreements = page.getByRole('table', { name: /^Cục Hải quan thành phố Hải Phòng: thỏa thuận hợp tác ký trong kỳ/ });
      assert.equal(await agreements.locator('tbody tr').count(), 10, 'the department, then its nine sub-departments');
      await page.goto('/dashboard?lang=en');
      assert.ok(await page.getByRole('heading', { level: 2, name: 'Partnership programme', exact: true }).isVisible());
      assert.ok(await page.getByRole('table', { name: /problems received in the period/ }).isVisible());
    } finally {
      await page.context().close();
    }
  });

  test('on a 360 px phone the dashboard does not scroll sideways; its chart fits and its tables scroll in their own regions', async () => {
    const page = await leaderPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    try {
      for (const url of ['/dashboard', '/dashboard?unit=03CC-TT&lang=en']) {
        await page.goto(url);
        const [scroll, client] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
        assert.ok(scroll <= client, `${url}: the page is ${scroll} px wide in a ${client} px window`);
        const chart = await page.locator('svg.trend-plot').boundingBox();
        assert.ok(chart && chart.x >= 0 && chart.x + chart.width <= 360 && chart.height > 100, `${url}: the chart fits (${JSON.stringify(chart)})`);
        assert.ok(await page.getByRole('region', { name: /Cục|Chi cục|Đội|figures of each/ }).first().isVisible(), `${url}: the drill-down table sits in a scrollable region`);
        assert.ok(await page.getByRole('button', { name: /Xem số liệu|Show figures/ }).isVisible());
      }
      await page.locator('summary', { hasText: 'Figures by month' }).click();
      assert.ok(await page.locator('#months-table').isVisible(), 'the chart\'s table opens beside it');
    } finally {
      await page.context().close();
    }
  });
});
