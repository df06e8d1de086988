import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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

// The closed loop in Chromium, on a 360 × 740 phone: a business rates 2/5 by link, the leader of the
// team of the officer it rated lowest acknowledges, verifies, concludes and responds through the
// case page, the business reads the response on its link and disputes it, and the case turns up
// among the office leader's cases. Every wait is on a navigation; there are no sleeps or timings.

const secret = 'e'.repeat(40);
const password = 'mật khẩu lãnh đạo 2020';
const teamLeader = 'lanhdao.kttt';
const officeLeader = 'lanhdao.chicuc';
const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const link = `/r/${ratingToken(secret, importNo(1), '0200123457')}`;

interface CaseServer {
  url: string;
  close(): Promise<void>;
}

/** The app on a local port over a fresh SQLite database: the test organisation, one recent declaration, the two leaders. */
async function startCaseServer(): Promise<CaseServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-e2e-cases-'));
  const db = await openDatabase(`sqlite:${join(dir, 'cases.db')}`);
  await migrateToLatest(db);
  await loadOrganisation(db);
  const results = await submitDeclarations(db, [recentItem(1)], 'en');
  if (results.some((r) => r.status !== 'created')) throw new Error(`fixture: ${JSON.stringify(results)}`);
  await createUser(db.kysely, { username: teamLeader, password, role: 'leader', unitCode: '03CC-T2', displayName: 'Đội trưởng KTTT' }, systemActor);
  await createUser(db.kysely, { username: officeLeader, password, role: 'leader', unitCode: '03CC', displayName: 'Chi cục trưởng' }, systemActor);
  return serveApp(db, dir, secret);
}


/** Clicks a button and waits for the page the server answers with. */
async function press(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name, exact: true }).tap()]);
}

const status = async (page: Page) => (await page.locator('.case-facts .case-status').innerText()).trim();

describe('the case life-cycle in Chromium', { skip: browserUnavailable() }, () => {
  let server: CaseServer;
  let browser: Browser;
  before(async () => {
    server = await startCaseServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const inPage = async (body: (page: Page) => Promise<void>) => {
    const page = await openPage(browser, { baseURL: server.url, ...phone });
    try {
      await body(page);
    } finally {
      await page.context().close();
    }
  };

  test('rated 2/5 by link, answered by the team, disputed by the business, then with the office', async () => {
    await inPage(async (page) => {
      await page.goto(link);
      await page.getByText('Đánh giá chi tiết: chi cục, đội, khâu nghiệp vụ, từng công chức').tap();
      await page.getByRole('group', { name: 'Mức hài lòng chung (bắt buộc)' }).getByLabel('2 Không hài lòng').check();
      await page.getByRole('group', { name: 'Công chức: Trần Thị Bình' }).getByLabel('1 Rất không hài lòng').check();
      await page.getByLabel('Thái độ phục vụ').check();
      await page.getByLabel('Ý kiến của doanh nghiệp (không bắt buộc)').fill('Kiểm tra viên quát tháo <b>doanh nghiệp</b>');
      await page.getByRole('button', { name: 'Gửi đánh giá' }).tap();
      await page.waitForURL(/\?saved=1#current$/);
      const followUp = page.locator('section#case');
      assert.match(await followUp.innerText(), /Kết quả xử lý đánh giá\s+[\s\S]*Đã chuyển đơn vị xử lý/, 'the case opened with the rating');
    });

    await inPage(async (page) => {
      await signIn(page, teamLeader, password);
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Vụ việc', exact: true }).tap();
      await page.waitForURL(/\/cases$/);
      assert.equal(await page.getByRole('link', { name: 'Vụ việc của đơn vị tôi' }).getAttribute('aria-current'), 'page');
      await assertFitsPhone(page);
      const row = page.locator('table.cases tbody tr');
      assert.equal(await row.count(), 1);
      assert.match(await row.innerText(), new RegExp(`Mới mở[\\s\\S]*${importNo(1)}`));
      await row.getByRole('link').tap();
      await page.waitForURL(/\/cases\/\d+$/);
      assert.equal(await status(page), 'Mới mở');
      assert.match(await page.locator('.comment').first().innerText(), /quát tháo <b>doanh nghiệp<\/b>/, 'the comment as written');
      await assertFitsPhone(page);

      await press(page, 'Tiếp nhận');
      assert.match(await page.getByRole('status').innerText(), /Đã tiếp nhận vụ việc/);
      assert.equal(await status(page), 'Đã tiếp nhận');
      await page.getByLabel('Ghi chú (không bắt buộc)').fill('Đã xem lại camera khu vực kiểm hoá');
      await press(page, 'Bắt đầu xác minh');
      assert.equal(await status(page), 'Đang xác minh');

      // A violation needs the officers involved: refused beside the form, what was entered kept.
      await page.getByLabel('Kết quả xác minh').selectOption({ label: 'Có vi phạm' });
      await page.getByRole('group', { name: /Nhóm lý do/ }).getByLabel('Thái độ phục vụ').check();
      await page.getByLabel('Hình thức xử lý').selectOption({ label: 'Phê bình' });
      await page.getByLabel('Nội dung xử lý').fill('Phê bình trong cuộc họp đội');
      await press(page, 'Ghi kết luận');
      assert.match(await page.locator('#form-conclude').getByRole('alert').innerText(), /công chức liên quan/);
      assert.equal(await page.getByLabel('Nội dung xử lý').inputValue(), 'Phê bình trong cuộc họp đội');
      await page.getByRole('checkbox', { name: 'Trần Thị Bình (CC002)' }).check();
      await press(page, 'Ghi kết luận');
      assert.equal(await status(page), 'Đã kết luận');

      await page.getByLabel('Nội dung trả lời').fill('Đơn vị đã xác minh và phê bình công chức; xin cảm ơn doanh nghiệp đã phản ánh.');
      await press(page, 'Gửi trả lời');
      assert.equal(await status(page), 'Đã trả lời');
      const timeline = (await page.locator('.timeline .event-head strong').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(timeline, ['Mở vụ việc', 'Tiếp nhận', 'Bắt đầu xác minh', 'Kết luận', 'Trả lời doanh nghiệp']);
      await assertFitsPhone(page);
    });

    await inPage(async (page) => {
      await page.goto(link);
      const followUp = page.locator('section#case');
      assert.match(await followUp.innerText(), /xin cảm ơn doanh nghiệp đã phản ánh/);
      assert.doesNotMatch(await followUp.innerText(), /Phê bình trong cuộc họp|camera/, 'nothing internal');
      await page.getByLabel('Lý do không đồng ý (bắt buộc)').fill('Công chức chưa xin lỗi doanh nghiệp');
      await page.getByRole('button', { name: 'Gửi ý kiến không đồng ý' }).tap();
      await page.waitForURL(/\?answered=1#case$/);
      assert.match(await page.getByRole('status').first().innerText(), /Ý kiến của doanh nghiệp đã được ghi nhận/);
      assert.match(await followUp.innerText(), /Doanh nghiệp đã không đồng ý[\s\S]*Công chức chưa xin lỗi doanh nghiệp/);
      await assertFitsPhone(page);
    });

    await inPage(async (page) => {
      await signIn(page, officeLeader, password);
      await page.goto('/cases');
      const row = page.locator('table.cases tbody tr');
      assert.equal(await row.count(), 1, 'the disputed case is now the office\'s');
      assert.match(await row.innerText(), /Doanh nghiệp không đồng ý/);
      await row.getByRole('link').tap();
      await page.waitForURL(/\/cases\/\d+$/);
      assert.match(await page.locator('.case-facts').innerText(), /03CC — Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I/);
      assert.ok(await page.getByRole('button', { name: 'Bắt đầu xác minh', exact: true }).isVisible(), 'the office verifies it again');
    });
  });
});
