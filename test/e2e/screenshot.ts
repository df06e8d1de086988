// Refreshes docs/screenshot.png: the home page over the default demo data, 1280×800, in Vietnamese, as the administrator.
// Run: node --import tsx test/e2e/screenshot.ts
import { fileURLToPath } from 'node:url';
import { browserUnavailable, launchBrowser, openPage, signIn } from './browser.js';
import { demoAccount, startDemoServer } from './demo-server.js';

const unavailable = browserUnavailable();
if (unavailable) throw new Error(unavailable);
const server = await startDemoServer({ declarations: 60_000 });
const browser = await launchBrowser();
try {
  const page = await openPage(browser, { baseURL: server.url });
  const admin = demoAccount(server, 'admin');
  await signIn(page, admin.username, admin.password);
  await page.goto('/');
  await page.screenshot({ path: fileURLToPath(new URL('../../docs/screenshot.png', import.meta.url)) });
} finally {
  await browser.close();
  await server.close();
}
