/**
 * Firefox adapter: puppeteer-core over WebDriver BiDi (built into Firefox), Debian's
 * /usr/bin/firefox-esr, a fresh profile per launch (removed on close). Playwright's Firefox
 * needs a patched build and does not work with ESR 153 (toolchain notes, P19).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type KeyInput, type Page } from 'puppeteer-core';
import { parseChord, splitLines, type BrowserDriver, type LaunchOptions, type PageDriver } from '../driver';

export const FIREFOX = '/usr/bin/firefox-esr';

export async function launchFirefox(opts: LaunchOptions): Promise<BrowserDriver> {
  const profile = mkdtempSync(join(tmpdir(), 'kmu-e2e-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox', protocol: 'webDriverBiDi', executablePath: FIREFOX, headless: true,
    userDataDir: profile, defaultViewport: opts.viewport,
    extraPrefsFirefox: {
      // prefers-color-scheme: 0 dark, 1 light (BiDi has no media emulation)
      'layout.css.prefers-color-scheme.content-override': opts.colorScheme === 'dark' ? 0 : 1,
      // navigator.clipboard.readText/writeText without a gesture or Firefox's paste pop-up (Firefox's own test switch)
      'dom.events.testing.asyncClipboard': true,
      'browser.download.dir': opts.downloadDir,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      // nothing of Firefox's own goes out (puppeteer already turns off updates, telemetry, safe browsing)
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'browser.region.network.url': '',
      'extensions.getAddons.cache.enabled': false,
    },
  });
  const foreign: string[] = [];
  const version = (await browser.version()).replace(/^firefox\//i, 'Firefox ');
  return {
    engine: 'firefox',
    version,
    canGoOffline: true,
    async newPage() {
      // a window per page: a background tab is hidden and gets no animation frames, so its terminal
      // would not draw (a learner's two tabs side by side are two windows)
      const page = await browser.newPage({ type: 'window' });
      page.on('request', (req) => {
        const u = req.url();
        if (u.startsWith('data:') || u.startsWith('blob:') || u.startsWith('about:')) return;
        const o = new URL(u).origin;
        if (o !== opts.origin && !(opts.alsoAllowed ?? []).includes(o)) foreign.push(`${req.method()} ${u}`);
      });
      return firefoxPage(page);
    },
    takeForeignRequests: () => foreign.splice(0),
    async close() {
      try { await browser.close(); } finally { rmSync(profile, { recursive: true, force: true }); }
    },
  };
}

function firefoxPage(page: Page): PageDriver {
  return {
    async goto(url) { await page.goto(url); },
    async reload() { await page.reload(); },
    evaluate: (expression) => page.evaluate(expression) as never,
    async type(text) {
      for (const part of splitLines(text)) {
        if ('enter' in part) await page.keyboard.press('Enter');
        else await page.keyboard.type(part.text);
      }
    },
    async press(chord) {
      const { modifiers, key } = parseChord(chord);
      for (const m of modifiers) await page.keyboard.down(m as KeyInput);
      await page.keyboard.press((modifiers.length && key.length === 1 ? key.toLowerCase() : key) as KeyInput);
      for (const m of [...modifiers].reverse()) await page.keyboard.up(m as KeyInput);
    },
    async mouseMove(x, y) { await page.mouse.move(x, y); },
    async mouseClick(x, y, clickCount) { await page.mouse.click(x, y, { count: clickCount }); },
    async wheel(x, y, deltaY) { await page.mouse.move(x, y); await page.mouse.wheel({ deltaY }); },
    async setViewport(size) { await page.setViewport(size); return size; },
    async screenshot(path) { await page.screenshot({ path: path as `${string}.png` }); },
    async setInputFile(selector, file) {
      const input = await page.$(selector);
      if (!input) throw new Error(`no ${selector} on the page`);
      await (input as unknown as { uploadFile(...p: string[]): Promise<void> }).uploadFile(file);
    },
    // (dom.events.testing.asyncClipboard lets a script use the clipboard without a gesture or pop-up)
    async writeClipboard(text) { await page.evaluate((t) => navigator.clipboard.writeText(t), text); },
    readClipboard: () => page.evaluate(() => navigator.clipboard.readText()),
    async setOffline(offline) { await page.setOfflineMode(offline); },
    async close() { await page.close(); },
  };
}
