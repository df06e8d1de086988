import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { browserUnavailable, launchBrowser, openPage, signIn, submitSignIn } from './browser.js';
import { demoAccount, startDemoServer, type DemoServer } from './demo-server.js';

// Accounts as a reader meets them in Chromium: sign-in and sign-out, the lock-out after repeated
// failures, a tampered form refused, and a password reset through a real (local) SMTP server.
// Every wait is on a navigation or an arriving e-mail; there are no sleeps or timings here.

const heading = async (page: Page) => (await page.locator('h1').innerText()).trim();
const header = (page: Page) => page.locator('header.site-header');
/** Overwrites a form's hidden CSRF field, as a forged or stale form would carry (the test code has no DOM types: a script string). */
const tamperCsrf = (page: Page, form: string) => page.evaluate(`document.querySelector('${form} input[name="_csrf"]').value = 'forged'`);

/** A local SMTP server keeping each message; `next()` resolves with the next one to arrive. */
class Inbox {
  readonly server: SMTPServer;
  private waiting: ((text: string) => void)[] = [];
  private arrived: string[] = [];
  constructor() {
    this.server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'],
      onData: (stream, _session, callback) => {
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        stream.on('end', () => {
          const waiter = this.waiting.shift();
          if (waiter) waiter(text);
          else this.arrived.push(text);
          callback();
        });
      },
    });
  }

  async listen(): Promise<number> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server.server, 'listening');
    return (this.server.server.address() as { port: number }).port;
  }

  next(): Promise<string> {
    const text = this.arrived.shift();
    return text !== undefined ? Promise.resolve(text) : new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** The message body with quoted-printable soft breaks and `=3D` undone. */
const decoded = (mail: string) => mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

describe('accounts in Chromium', { skip: browserUnavailable() }, () => {
  let server: DemoServer;
  let browser: Browser;
  const inbox = new Inbox();
  before(async () => {
    const smtpPort = await inbox.listen();
    server = await startDemoServer({
      declarations: 50,
      env: { LOGIN_MAX_FAILURES: '3', SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'hailong@e2e.example' },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    inbox.server.close();
  });

  /** A test body run in a page of its own (fresh cookies), closed afterwards. */
  const inFreshPage = (body: (page: Page) => Promise<void>) => async () => {
    const page = await openPage(browser, { baseURL: server.url });
    try {
      await body(page);
    } finally {
      await page.context().close();
    }
  };

  test('a leader signs in from the page they asked for, sees who is signed in, and signs out', inFreshPage(async (page) => {
    const leader = demoAccount(server, 'lanhdao.03cc');
    await page.goto('/officers');
    await page.waitForURL(/\/login\?next=%2Fofficers$/);
    assert.equal(await heading(page), 'Đăng nhập');
    await signIn(page, leader.username, leader.password);
    assert.equal(new URL(page.url()).pathname, '/officers', 'brought back to the page asked for');
    assert.equal((await header(page).locator('.account-name').innerText()).trim(), 'Lãnh đạo Chi cục KV I');
    assert.equal((await header(page).locator('.account-role').innerText()).trim(), 'Lãnh đạo đơn vị');
    const nav = await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link').allInnerTexts();
    assert.deepEqual(nav.map((t) => t.trim()), ['Trang chủ', 'Kết quả đánh giá', 'Đơn vị', 'Công chức', 'Tờ khai', 'Vụ việc', 'Đối tác', 'Vướng mắc', 'Hội nghị đối thoại', 'Hỏi đáp', 'API'], 'no administration for a leader');

    await header(page).getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/login\?done=logout$/);
    assert.ok(await page.getByText('Bạn đã đăng xuất.').isVisible());
    assert.ok(await header(page).getByRole('link', { name: 'Đăng nhập' }).isVisible());
    await page.goto('/officers');
    await page.waitForURL(/\/login\?next=/);
    assert.equal(await heading(page), 'Đăng nhập', 'the session is gone');
  }));

  test('an account is locked after repeated failures, and stays locked for the right password', inFreshPage(async (page) => {
    const officer = demoAccount(server, 'congchuc');
    await page.goto('/login');
    for (let attempt = 1; attempt <= 3; attempt++) {
      await submitSignIn(page, officer.username, `wrong password ${attempt}`);
      const alert = (await page.getByRole('alert').innerText()).trim();
      if (attempt < 3) assert.match(alert, /Tên đăng nhập hoặc mật khẩu không đúng/, `attempt ${attempt}`);
      else assert.match(alert, /Tạm khoá/, 'the third failure locks the account');
    }
    await submitSignIn(page, officer.username, officer.password);
    assert.match(await page.getByRole('alert').innerText(), /Tạm khoá/);
    assert.equal(new URL(page.url()).pathname, '/login', 'still not signed in');
  }));

  test('a form whose CSRF token was tampered with is refused with an error page', inFreshPage(async (page) => {
    const business = demoAccount(server, 'doanhnghiep');
    await page.goto('/login');
    await tamperCsrf(page, 'form[action="/login"]');
    await submitSignIn(page, business.username, business.password);
    assert.equal(await heading(page), 'Có lỗi xảy ra');
    assert.match(await page.getByRole('alert').innerText(), /csrf_failed/);

    await signIn(page, business.username, business.password);
    await page.goto('/declarations');
    await tamperCsrf(page, 'form[action="/logout"]');
    await Promise.all([page.waitForEvent('load'), header(page).getByRole('button', { name: 'Đăng xuất' }).click()]);
    assert.equal(await heading(page), 'Có lỗi xảy ra');
    assert.match(await page.getByRole('alert').innerText(), /csrf_failed/);
    await page.goto('/declarations');
    assert.equal(await heading(page), 'Tờ khai', 'a forged sign-out leaves the session as it was');
    assert.equal((await header(page).locator('.account-role').innerText()).trim(), 'Doanh nghiệp');
  }));

  test('a forgotten password is reset through the link e-mailed to the account, once', inFreshPage(async (page) => {
    const inspector = demoAccount(server, 'thanhtra');
    await page.goto('/login');
    await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
    await page.waitForURL(/\/password\/forgot$/);
    await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill(inspector.username);
    const mail = inbox.next();
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Gửi liên kết' }).click()]);
    assert.match(await page.getByRole('status').innerText(), /liên kết đặt lại mật khẩu đã được gửi/);

    const message = decoded(await mail);
    assert.match(message, /^To: thanhtra@demo\.hailong\.vn/m);
    const link = new RegExp(`${server.url.replace(/[.:/]/g, '\\$&')}/password/reset\\?token=[A-Za-z0-9_%-]+`).exec(message)?.[0];
    assert.ok(link, 'the mail holds a link to this server');
    await page.goto(link);
    assert.equal(await heading(page), 'Đặt mật khẩu mới');
    const newPassword = 'một mật khẩu mới rất dài';
    await page.getByLabel('Mật khẩu mới (ít nhất 10 ký tự)').fill(newPassword);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(newPassword);
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await page.waitForURL(/\/login\?done=reset$/);
    assert.ok(await page.getByText('Đã đặt mật khẩu mới. Vui lòng đăng nhập.').isVisible());

    await submitSignIn(page, inspector.username, inspector.password);
    assert.match(await page.getByRole('alert').innerText(), /không đúng/, 'the old password no longer works');
    await signIn(page, inspector.username, newPassword);
    assert.equal((await header(page).locator('.account-name').innerText()).trim(), 'Thanh tra Cục');

    await page.goto(link);
    assert.match(await page.getByRole('alert').innerText(), /không hợp lệ hoặc đã hết hạn/, 'the link works once');
  }));
});
