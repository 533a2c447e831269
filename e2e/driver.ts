/**
 * The end-to-end tests' own driver interface: the few things a test does to a browser, so each
 * test is written once and runs in every engine. One adapter per engine (e2e/engines/*.ts):
 *
 *   chromium  playwright-core (CDP) driving Debian's /usr/bin/chromium
 *   firefox   puppeteer-core over WebDriver BiDi driving Debian's /usr/bin/firefox-esr
 *   webkit    selenium-webdriver (classic W3C WebDriver) talking to Debian's /usr/bin/WebKitWebDriver,
 *             which starts WebKitGTK's MiniBrowser on an Xvfb display the adapter starts
 *
 * Every adapter is given the browser binary explicitly; none of them has a browser or driver
 * manager that downloads anything (puppeteer-core, not puppeteer; selenium's selenium-manager is
 * never reached because the harness starts WebKitWebDriver itself and connects to it by URL).
 *
 * Things the interface does NOT need from an engine, because the harness does them the same way
 * everywhere through the preview server and the page: init scripts before the page's own scripts,
 * capturing uncaught page errors, the long-task monitor, loading axe-core (see harness.ts).
 */

export type Engine = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly Engine[] = ['chromium', 'firefox', 'webkit'];

export interface LaunchOptions {
  /** CSS pixel size of the viewport of every new page. */
  viewport: { width: number; height: number };
  /** prefers-color-scheme for every page of this browser (set at launch: not every engine can change it later). */
  colorScheme: 'light' | 'dark';
  /** Origin of the site under test: requests anywhere else are recorded as foreign. */
  origin: string;
  /**
   * Further origins of the test's own servers whose requests are not foreign (the second origin of
   * usePlayground's `secondOrigin`, for the embed tests only); empty for every other test.
   */
  alsoAllowed?: readonly string[];
  /** Empty directory where downloads land. */
  downloadDir: string;
}

export interface BrowserDriver {
  readonly engine: Engine;
  /** e.g. "Chromium 156.0…", "Firefox 153.8.0", "WebKitGTK 2.50.6" */
  readonly version: string;
  /** Whether `PageDriver.setOffline` works in this engine. */
  readonly canGoOffline: boolean;
  /** A new tab in the same profile (same storage, cookies and cache as the others). */
  newPage(): Promise<PageDriver>;
  /** Requests that left `origin` since the last call (drained). */
  takeForeignRequests(): string[];
  /** Quit the browser and its driver, remove its temporary profile. */
  close(): Promise<void>;
}

export interface PageDriver {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /**
   * Evaluate a JavaScript expression in the page (a Promise is awaited) and return its value,
   * which must be JSON-serialisable (undefined comes back as null or undefined).
   */
  evaluate<R>(expression: string): Promise<R>;
  /** Type text through the keyboard into whatever has the focus; "\n" presses Enter. */
  type(text: string): Promise<void>;
  /** Press one key or chord: "Enter", "ArrowLeft", "Control+a", "Shift+Tab". */
  press(key: string): Promise<void>;
  /** Mouse, in CSS pixels relative to the viewport. */
  mouseMove(x: number, y: number): Promise<void>;
  mouseClick(x: number, y: number, clickCount: number): Promise<void>;
  /** Turn the wheel by deltaY pixels with the pointer at (x, y). */
  wheel(x: number, y: number, deltaY: number): Promise<void>;
  /** Resize the viewport; returns the size obtained (an engine may have a minimum window size). */
  setViewport(size: { width: number; height: number }): Promise<{ width: number; height: number }>;
  screenshot(path: string): Promise<void>;
  /** Choose `file` in the `<input type=file>` matched by the CSS selector. */
  setInputFile(selector: string, file: string): Promise<void>;
  /**
   * Put text on the browser's clipboard, as a copy in another program would (then Control+v
   * pastes it for real: a synthetic paste event carries no data in Firefox).
   */
  writeClipboard(text: string): Promise<void>;
  /** The text on the browser's clipboard (what a paste would insert). */
  readClipboard(): Promise<string>;
  /** Cut the page off the network (only where BrowserDriver.canGoOffline). */
  setOffline(offline: boolean): Promise<void>;
  close(): Promise<void>;
}

/** "Control+Shift+a" -> { modifiers: ['Control', 'Shift'], key: 'a' } ("+" alone is a key). */
export function parseChord(chord: string): { modifiers: string[]; key: string } {
  if (chord === '+' || !chord.includes('+')) return { modifiers: [], key: chord };
  const parts = chord.split('+');
  const key = parts.pop()!;
  return { modifiers: parts, key: key === '' ? '+' : key };
}

/** Split typed text into runs of characters and Enter presses. */
export function splitLines(text: string): Array<{ text: string } | { enter: true }> {
  const out: Array<{ text: string } | { enter: true }> = [];
  text.split('\n').forEach((run, i) => {
    if (i > 0) out.push({ enter: true });
    if (run !== '') out.push({ text: run });
  });
  return out;
}
