// Refreshes docs/screenshot.png: the home page over the default demo data, 1280×800, in Vietnamese.
// Run: node --import tsx test/e2e/screenshot.ts
import { fileURLToPath } from 'node:url';
import { browserUnavailable, launchBrowser, openPage } from './browser.js';
import { startDemoServer } from './demo-server.js';

const unavailable = browserUnavailable();
if (unavailable) throw new Error(unavailable);
const server = await startDemoServer(60_000);
const browser = await launchBrowser();
try {
  const page = await openPage(browser, { baseURL: server.url });
  await page.goto('/');
  await page.screenshot({ path: fileURLToPath(new URL('../../docs/screenshot.png', import.meta.url)) });
} finally {
  await browser.close();
  await server.close();
}
