import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { systemActor } from '../../src/audit/audit.service.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { submitDeclarations } from '../../src/declarations/declarations.service.js';
import { ratingToken } from '../../src/evaluations/rating-token.js';
import { createUser } from '../../src/users/users.service.js';
import { importNo, loadOrganisation } from '../helpers/fixtures.js';
import { recentItem } from '../helpers/ratings.js';
import { assertFitsPhone, browserUnavailable, launchBrowser, openPage, signIn } from './browser.js';
import { serveApp } from './served-app.js';

// Rating as a declarant meets it in Chromium: by link on a 360 × 740 phone, with JavaScript on and
// off, and from the portal after signing in. Declarations cleared two days ago, so their window is
// open. Every wait is on a navigation; there are no sleeps or timings here.

const secret = 'r'.repeat(40);
const declarantTaxCode = '0200123457';
const business = { username: 'dn.biendong', password: 'mật khẩu doanh nghiệp' };
const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

interface RatingServer {
  url: string;
  close(): Promise<void>;
}

/** The app on a local port over a fresh SQLite database: the test organisation, four recent declarations, a business account. */
async function startRatingServer(): Promise<RatingServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-e2e-rating-'));
  const db = await openDatabase(`sqlite:${join(dir, 'rating.db')}`);
  await migrateToLatest(db);
  await loadOrganisation(db);
  const results = await submitDeclarations(db, [1, 2, 3, 4].map((n) => recentItem(n)), 'en');
  if (results.some((r) => r.status !== 'created')) throw new Error(`fixture: ${JSON.stringify(results)}`);
  await createUser(db.kysely, { ...business, role: 'business', taxCodes: [declarantTaxCode], displayName: 'Phòng XNK Biển Đông' }, systemActor);
  return serveApp(db, dir, secret);
}

const linkOf = (n: number) => `/r/${ratingToken(secret, importNo(n), declarantTaxCode)}`;
const heading = async (page: Page) => (await page.locator('h1').innerText()).trim();
const current = (page: Page) => page.locator('section.current-rating');
/** A level button by its number and words, e.g. "5 Rất hài lòng" (its name also carries the English words). */
const levelButton = (page: Page, name: string) => page.getByRole('button', { name: new RegExp(`^${name}\\b`) });

async function submitAndLoad(page: Page, click: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), click()]);
}


/** The element is within the window as the page opened (the browser scrolled to it), not somewhere below. */
async function assertOnScreen(page: Page, element: Locator, what: string): Promise<void> {
  const box = await element.boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  assert.ok(box && box.y >= -1 && box.y + box.height <= height, `${what} is on screen (at y=${box?.y} in a ${height}px window)`);
}

describe('rating in Chromium', { skip: browserUnavailable() }, () => {
  let server: RatingServer;
  let browser: Browser;
  before(async () => {
    server = await startRatingServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const inPage = (options: Parameters<typeof openPage>[1], body: (page: Page) => Promise<void>) => async () => {
    const page = await openPage(browser, { baseURL: server.url, ...options });
    try {
      await body(page);
    } finally {
      await page.context().close();
    }
  };

  test('on a phone with JavaScript on, one tap rates the declaration, and a detailed revision asks for reasons first', inPage(phone, async (page) => {
    await page.goto(linkOf(1));
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    assert.equal(await heading(page), `Đánh giá tờ khai ${importNo(1)}`);
    assert.ok(await page.getByText('Trần Thị Bình').first().isVisible(), 'the officers who handled it, by name');
    await assertFitsPhone(page);
    for (const button of await page.locator('.level-button').all()) {
      const box = await button.boundingBox();
      assert.ok(box && box.height >= 44 && box.width >= 300, `a level button is ${box?.width}×${box?.height}`);
    }

    // Keyboard: the skip link, then the first control of the page is the first level button, its focus visible.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.match(await page.locator('main :focus').innerText(), /^5\s+Rất hài lòng/);
    assert.notEqual(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle'), 'none', 'keyboard focus is visible');

    await levelButton(page, '5 Rất hài lòng').tap();
    await page.waitForURL(/\?saved=1#current$/);
    assert.match(await page.getByRole('status').first().innerText(), /Đánh giá của doanh nghiệp đã được ghi nhận/);
    await assertOnScreen(page, page.getByRole('status').first(), 'the thank-you note, above the stored rating');
    assert.match(await current(page).innerText(), /Lần gửi thứ 1/);
    assert.match(await current(page).innerText(), /Mức chung\s+5\s+Rất hài lòng/);

    await page.getByText('Đánh giá chi tiết: chi cục, đội, khâu nghiệp vụ, từng công chức').tap();
    const officer = page.getByRole('group', { name: 'Công chức: Trần Thị Bình' });
    await officer.getByLabel('2 Không hài lòng').check();
    for (const option of await officer.locator('label').all()) {
      assert.ok(((await option.boundingBox())?.height ?? 0) >= 44, 'each level choice is at least 44 px tall');
    }
    await page.getByLabel('Ý kiến của doanh nghiệp (không bắt buộc)').fill('Kiểm tra thực tế chậm');
    await submitAndLoad(page, () => page.getByRole('button', { name: 'Gửi đánh giá' }).tap());
    assert.match(await page.getByRole('alert').innerText(), /Cần chọn ít nhất một lý do/);
    await assertOnScreen(page, page.getByRole('alert'), 'the error, beside the form');
    assert.ok(await page.getByRole('group', { name: 'Công chức: Trần Thị Bình' }).getByLabel('2 Không hài lòng').isChecked(), 'the level entered is kept');
    assert.equal(await page.getByLabel('Ý kiến của doanh nghiệp (không bắt buộc)').inputValue(), 'Kiểm tra thực tế chậm');

    await page.getByLabel('Chậm trễ').check();
    await page.getByRole('button', { name: 'Gửi đánh giá' }).tap();
    await page.waitForURL(/\?saved=1#current$/);
    const rating = await current(page).innerText();
    assert.match(rating, /Lần gửi thứ 2/);
    assert.match(rating, /Công chức: Trần Thị Bình — 2 Không hài lòng/);
    assert.match(rating, /Lý do\s+Chậm trễ/);
    assert.match(rating, /Kiểm tra thực tế chậm/);
    await assertFitsPhone(page);
  }));

  test('on a phone with JavaScript off, the detail form opens, rates and shows the comment as written', inPage({ ...phone, javaScriptEnabled: false }, async (page) => {
    await page.goto(linkOf(2));
    const unlabelled = await page.evaluate<number>(
      "[...document.querySelectorAll('main input:not([type=hidden]), main textarea, main select')].filter((c) => c.labels.length === 0).length");
    assert.equal(unlabelled, 0, 'every control has a label');
    await page.getByText('Đánh giá chi tiết: chi cục, đội, khâu nghiệp vụ, từng công chức').click();
    await page.getByRole('group', { name: 'Mức hài lòng chung (bắt buộc)' }).getByLabel('4 Hài lòng').check();
    await page.getByRole('group', { name: 'Công chức: Nguyễn Văn An' }).getByLabel('5 Rất hài lòng').check();
    await page.getByRole('group', { name: 'Khâu: Kiểm tra thực tế hàng hóa' }).getByLabel('3 Bình thường').check();
    await page.getByLabel('Hướng dẫn không rõ ràng').check();
    const comment = 'Cán bộ nhiệt tình <script>alert(1)</script>';
    await page.getByLabel('Ý kiến của doanh nghiệp (không bắt buộc)').fill(comment);
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.waitForURL(/\?saved=1#current$/);
    const rating = current(page);
    assert.match(await rating.innerText(), /Lần gửi thứ 1, lúc .+, qua liên kết đánh giá\./);
    assert.match(await rating.innerText(), /Mức chung\s+4\s+Hài lòng/);
    assert.match(await rating.innerText(), /Công chức: Nguyễn Văn An — 5 Rất hài lòng/);
    assert.match(await rating.innerText(), /Khâu: Kiểm tra thực tế hàng hóa — 3 Bình thường/);
    assert.equal((await rating.locator('.comment').innerText()).trim(), comment, 'shown as text, not run');
    assert.ok(await page.getByText(/Có thể gửi hoặc sửa đánh giá đến \d\d\/\d\d\/\d{4}/).isVisible());
    await assertFitsPhone(page);

    await page.getByRole('link', { name: 'Switch to English' }).click();
    await page.waitForURL(/lang=en/);
    assert.equal(await heading(page), `Rate declaration ${importNo(2)}`);
    assert.match(await current(page).innerText(), /Overall\s+4\s+Satisfied/);
  }));

  test('a business signs in, lists its declarations not yet rated and rates one from the portal', inPage({}, async (page) => {
    await signIn(page, business.username, business.password);
    await page.goto('/declarations');
    await page.getByLabel('Chỉ tờ khai chưa đánh giá').check();
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL(/unrated=1/);
    const listed = async () => (await page.locator('table.data tbody tr td:first-child').allInnerTexts()).map((no) => no.trim()).sort();
    const before = await listed();
    assert.ok(before.includes(importNo(3)) && !before.includes(importNo(1)), `not yet rated: ${before.join(', ')}`);

    await page.getByRole('link', { name: `Đánh giá tờ khai ${importNo(3)}` }).click();
    await page.waitForURL(new RegExp(`/declarations/${importNo(3)}/rate$`));
    assert.equal(await heading(page), `Đánh giá tờ khai ${importNo(3)}`);
    await levelButton(page, '4 Hài lòng').click();
    await page.waitForURL(/\?saved=1#current$/);
    assert.match(await page.getByRole('status').first().innerText(), /đã được ghi nhận/);
    assert.match(await current(page).innerText(), /Lần gửi thứ 1, lúc .+, qua cổng thông tin\./);

    await page.getByRole('link', { name: 'Tất cả tờ khai' }).click();
    await page.waitForURL(/\/declarations$/);
    const row = page.locator('table.data tbody tr', { hasText: importNo(3) });
    assert.match(await row.innerText(), /Đã đánh giá: 4 Hài lòng/);
    await page.goto('/declarations?unrated=1');
    assert.deepEqual(await listed(), before.filter((no) => no !== importNo(3)), 'no longer listed as not yet rated');
  }));
});
