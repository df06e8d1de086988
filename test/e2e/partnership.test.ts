import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { demoPdf } from '../../src/demo/demo-pdf.js';
import { assertFitsPhone, browserUnavailable, launchBrowser, openPage, signIn } from './browser.js';
import { demoAccount, startDemoServer, type DemoServer } from './demo-server.js';

// The partnership pages in Chromium on a 360 × 740 phone, over the demo: an administrator finds the
// demo business's agreement by its tax code, uploads the signed scan (a text file is refused first),
// and the business opens its portal page and the PDF. Every wait is on a navigation.

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };


describe('partnership agreements in Chromium', { skip: browserUnavailable() }, () => {
  let server: DemoServer;
  let browser: Browser;
  before(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('an administrator uploads a business\'s signed agreement on a phone; the business reads it on its portal page', async () => {
    const business = demoAccount(server, 'doanhnghiep');
    const admin = await openPage(browser, { ...phone, baseURL: server.url });
    await admin.goto('/partnership');
    await signIn(admin, 'admin', demoAccount(server, 'admin').password);
    assert.equal(await admin.locator('h1').innerText(), 'Quan hệ đối tác Hải quan – Doanh nghiệp');
    assert.equal((await admin.locator('#figure-associations').innerText()).trim(), '21');
    await assertFitsPhone(admin);

    await admin.getByRole('link', { name: 'Bản thỏa thuận hợp tác' }).tap();
    await admin.getByLabel('Tìm theo mã số thuế hoặc tên doanh nghiệp').fill(business.scope);
    await Promise.all([admin.waitForEvent('load'), admin.getByRole('button', { name: 'Lọc' }).tap()]);
    await assertFitsPhone(admin);
    await Promise.all([admin.waitForEvent('load'), admin.getByRole('link', { name: business.scope }).first().tap()]);

    await admin.getByLabel('Tệp PDF').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
    await Promise.all([admin.waitForEvent('load'), admin.getByRole('button', { name: 'Tải lên' }).tap()]);
    assert.match(await admin.getByRole('alert').innerText(), /scan_not_pdf/);
    await admin.getByLabel('Tệp PDF').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: demoPdf(['Signed agreement']) });
    await Promise.all([admin.waitForEvent('load'), admin.getByRole('button', { name: 'Tải lên' }).tap()]);
    assert.match(await admin.getByRole('status').innerText(), /Đã lưu bản scan/);
    await assertFitsPhone(admin);
    await admin.context().close();

    const page = await openPage(browser, { ...phone, baseURL: server.url });
    await page.goto('/');
    await signIn(page, business.username, business.password);
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Thỏa thuận hợp tác' }).first().tap()]);
    assert.equal(await page.locator('h1').innerText(), 'Thỏa thuận hợp tác');
    await assertFitsPhone(page);
    const href = await page.getByRole('link', { name: /Bản thỏa thuận đã ký \(PDF/ }).getAttribute('href');
    const pdf = await page.request.get(href!);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.ok((await pdf.body()).subarray(0, 5).equals(Buffer.from('%PDF-')));
    await page.context().close();
  });
});
