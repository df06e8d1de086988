import { existsSync } from 'node:fs';
import { AssertionError } from 'node:assert/strict';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/**
 * Browser tests drive Debian's Chromium (`apt-get install -y chromium`) through playwright-core;
 * no browser is ever downloaded. CHROMIUM_PATH points elsewhere if needed.
 */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run',
];

/** Why browser tests cannot run on this machine, or false when they can (for `{ skip }`). */
export function browserUnavailable(): string | false {
  return existsSync(chromiumPath) ? false : `browser tests skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium)`;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/**
 * A page in a fresh context (own cookies), closed with `page.context().close()`. The browser asks
 * for Vietnamese, as the department's staff would; pass `locale` to change that.
 */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', ...options });
  return context.newPage();
}

/** Fills in and sends the sign-in form on the page, and waits for the page that answers (whatever it says). */
export async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập hoặc thư điện tử').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
}

/** Signs in through the sign-in form (the one on the page, or /login's), as a reader would; fails if the form refuses. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  if ((await page.locator('form[action="/login"]').count()) === 0) await page.goto('/login');
  await submitSignIn(page, username, password);
  if (new URL(page.url()).pathname === '/login') throw new Error(`sign-in of ${username} refused: ${await page.getByRole('alert').innerText()}`);
}

/** The page is no wider than its window (nothing to scroll sideways on a phone). */
export async function assertFitsPhone(page: Page): Promise<void> {
  const [scroll, client] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
  if (scroll > client) throw new AssertionError({ message: `${page.url()}: the page is ${scroll}px wide in a ${client}px window`, actual: scroll, expected: client, operator: '<=' });
}
