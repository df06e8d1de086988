import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../src/audit/audit.service.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { submitDeclarations } from '../../src/declarations/declarations.service.js';
import { createUser } from '../../src/users/users.service.js';
import { importNo, loadOrganisation } from '../helpers/fixtures.js';
import { recentItem } from '../helpers/ratings.js';
import { assertFitsPhone, browserUnavailable, launchBrowser, openPage, signIn } from './browser.js';
import { serveApp } from './served-app.js';

// Problem resolution in Chromium: a business raises a problem on the portal with a PDF attached (its
// text names the business, its tax code and the declaration), the office's leader drafts and approves
// the answer, the business reads it and rates it, an administrator publishes it after reviewing the
// anonymised texts, and a visitor finds it on the public Q&A by typing without diacritics. Business
// pages on a 360 × 740 phone. Every wait is on a navigation; no sleeps.

const password = 'mật khẩu vướng mắc 2020';
const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const taxCode = '0200123457';
const businessName = 'Công ty TNHH Vận tải Biển Đông';

interface Server {
  url: string;
  dir: string;
  close(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-e2e-problems-'));
  const db = await openDatabase(`sqlite:${join(dir, 'problems.db')}`);
  await migrateToLatest(db);
  await loadOrganisation(db);
  await submitDeclarations(db, [recentItem(1)], 'en');
  await createUser(db.kysely, { username: 'dn.biendong', password, role: 'business', taxCodes: [taxCode], displayName: 'Doanh nghiệp Biển Đông' }, systemActor);
  await createUser(db.kysely, { username: 'lanhdao.03cc', password, role: 'leader', unitCode: '03CC', displayName: 'Lãnh đạo Chi cục KV I' }, systemActor);
  await createUser(db.kysely, { username: 'quantri', password, role: 'admin', displayName: 'Quản trị' }, systemActor);
  return { ...await serveApp(db, dir, 'p'.repeat(40)), dir };
}


async function press(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name, exact: true }).click()]);
}

describe('raising, answering, rating and publishing a problem in Chromium', { skip: browserUnavailable() }, () => {
  let server: Server;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const inPage = async (options: object, body: (page: Page) => Promise<void>) => {
    const page = await openPage(browser, { baseURL: server.url, ...options });
    try {
      await body(page);
    } finally {
      await page.context().close();
    }
  };

  test('the whole loop, and the Q&A found without diacritics and without who asked', async () => {
    await inPage(phone, async (page) => {
      await signIn(page, 'dn.biendong', password);
      await page.goto('/problems');
      await page.getByRole('link', { name: 'Gửi vướng mắc mới' }).tap();
      await page.waitForURL(/\/problems\/new$/);
      await assertFitsPhone(page);
      await page.getByLabel('Lĩnh vực').selectOption({ label: 'Thủ tục hải quan' });
      await page.getByLabel('Nội dung vướng mắc, câu hỏi').fill(`${businessName} (MST ${taxCode}) hỏi: thủ tục tạm nhập tái xuất cho tờ khai ${importNo(1)} cần hồ sơ gì?`);
      await page.getByLabel('Số tờ khai liên quan (không bắt buộc)').fill(importNo(1));
      await page.getByLabel('Tệp đính kèm (không bắt buộc)').setInputFiles({ name: 'hop-dong.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% hợp đồng\n') });
      await press(page, 'Gửi vướng mắc');
      await page.waitForURL(/\/problems\/1\?done=raised$/);
      assert.match(await page.getByRole('status').innerText(), /Đã gửi vướng mắc số 1/);
      assert.match(await page.locator('.problem-facts').innerText(), /03CC/);
      assert.equal(await page.getByRole('link', { name: 'hop-dong.pdf' }).count(), 1);
      assert.deepEqual(readdirSync(join(server.dir, 'problems', '1')).length, 1, 'the file is kept under DATA_DIR');
      await assertFitsPhone(page);
    });

    await inPage({}, async (page) => {
      await signIn(page, 'lanhdao.03cc', password);
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Vướng mắc', exact: true }).click();
      await page.waitForURL(/\/problems$/);
      const row = page.locator('table.cases tbody tr');
      assert.equal(await row.count(), 1);
      await Promise.all([page.waitForEvent('load'), row.getByRole('link').first().click()]);
      await page.getByLabel('Nội dung trả lời').fill('Hồ sơ gồm tờ khai, hợp đồng sửa chữa và chứng từ vận tải; thời hạn tái xuất theo hợp đồng.');
      await press(page, 'Lưu dự thảo, trình duyệt');
      assert.match(await page.getByRole('status').innerText(), /Đã lưu dự thảo/);
      await press(page, 'Duyệt, gửi doanh nghiệp');
      assert.match(await page.getByRole('status').innerText(), /Đã duyệt và gửi câu trả lời/);
      assert.match(await page.locator('.problem-facts').innerText(), /Đã trả lời/);
    });

    await inPage(phone, async (page) => {
      await signIn(page, 'dn.biendong', password);
      await page.goto('/problems/1');
      assert.match(await page.locator('#answer').innerText(), /Hồ sơ gồm tờ khai, hợp đồng sửa chữa/);
      await page.getByRole('group', { name: 'Mức hài lòng với câu trả lời' }).getByLabel('5 Rất hài lòng').check();
      await press(page, 'Gửi đánh giá');
      assert.match(await page.getByRole('status').innerText(), /Đánh giá của Quý doanh nghiệp đã được ghi nhận/);
      await assertFitsPhone(page);
    });

    await inPage({}, async (page) => {
      await signIn(page, 'quantri', password);
      await page.goto('/problems/1');
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Công khai lên trang hỏi đáp' }).click()]);
      const question = await page.getByLabel('Câu hỏi công khai').inputValue();
      assert.match(question, /\[doanh nghiệp\] \(MST \[mã số thuế\]\) hỏi: thủ tục tạm nhập tái xuất cho tờ khai \[số tờ khai\]/);
      await page.getByLabel('Câu hỏi công khai').fill(`${question} Xin cảm ơn.`);
      await press(page, 'Công khai');
      assert.match(await page.getByRole('status').innerText(), /Đã công khai/);
    });

    await inPage(phone, async (page) => {
      await page.goto('/qa');
      await page.getByLabel('Tìm trong hỏi đáp').fill('thu tuc tam nhap');
      await press(page, 'Tìm kiếm');
      const entries = page.locator('.qa-list > li');
      assert.equal(await entries.count(), 1);
      await Promise.all([page.waitForEvent('load'), entries.getByRole('link').click()]);
      const text = await page.locator('main').innerText();
      assert.match(text, /thủ tục tạm nhập tái xuất[\s\S]*Hồ sơ gồm tờ khai/);
      for (const leaked of [taxCode, importNo(1), 'Biển Đông', 'Vận tải']) assert.ok(!text.includes(leaked), `the Q&A shows ${leaked}`);
      await assertFitsPhone(page);
    });
  });
});
