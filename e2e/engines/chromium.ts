/** Chromium adapter: playwright-core over CDP, Debian's /usr/bin/chromium. */
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { BrowserDriver, LaunchOptions, PageDriver } from '../driver';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchChromium(opts: LaunchOptions): Promise<BrowserDriver> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const context: BrowserContext = await browser.newContext({
    viewport: opts.viewport, colorScheme: opts.colorScheme, acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const foreign: string[] = [];
  context.on('request', (req) => {
    const u = req.url();
    if (u.startsWith('data:') || u.startsWith('blob:')) return;
    const o = new URL(u).origin;
    if (o !== opts.origin && !(opts.alsoAllowed ?? []).includes(o)) foreign.push(`${req.method()} ${u}`);
  });
  return {
    engine: 'chromium',
    version: `Chromium ${browser.version()}`,
    canGoOffline: true,
    async newPage() {
      const page = await context.newPage();
      page.on('download', (d) => { void d.saveAs(join(opts.downloadDir, d.suggestedFilename())); });
      return chromiumPage(page, context);
    },
    takeForeignRequests: () => foreign.splice(0),
    async close() { await browser.close(); },
  };
}

function chromiumPage(page: Page, context: BrowserContext): PageDriver {
  return {
    async goto(url) { await page.goto(url); },
    async reload() { await page.reload(); },
    evaluate: (expression) => page.evaluate(expression),
    async type(text) { await page.keyboard.type(text); },
    async press(key) { await page.keyboard.press(key); },
    async mouseMove(x, y) { await page.mouse.move(x, y); },
    async mouseClick(x, y, clickCount) { await page.mouse.click(x, y, { clickCount }); },
    async wheel(x, y, deltaY) { await page.mouse.move(x, y); await page.mouse.wheel(0, deltaY); },
    async setViewport(size) { await page.setViewportSize(size); return page.viewportSize()!; },
    async screenshot(path) { await page.screenshot({ path }); },
    async setInputFile(selector, file) { await page.setInputFiles(selector, file); },
    // (the context holds the clipboard-read and clipboard-write permissions)
    async writeClipboard(text) { await page.evaluate((t) => navigator.clipboard.writeText(t), text); },
    readClipboard: () => page.evaluate(() => navigator.clipboard.readText()),
    async setOffline(offline) { await context.setOffline(offline); },
    async close() { await page.close(); },
  };
}
