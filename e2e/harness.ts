/**
 * End-to-end harness: Vitest in Node drives three browser engines — Chromium, Firefox ESR and
 * WebKitGTK, all from Debian packages — against the BUILT site (dist/, served by Vite's
 * programmatic preview server on a free port). Each test is written once against the driver
 * interface of driver.ts and page.ts and runs once per engine.
 *
 * Tests see the page only the way a learner does: they type through the keyboard and read the
 * terminal from the DOM (`.xterm-rows`, i.e. the visible rows). They never call into the terminal
 * or the engine objects.
 *
 * Usage in a test file (call usePlayground inside describeE2E, so a skipped engine starts nothing):
 *   describeE2E('…', (engine) => {
 *     const pg = usePlayground(import.meta.url, engine);   // registers beforeAll/afterEach/afterAll
 *     it('…', async () => { const t = await pg.open(); await t.run('ls'); });
 *   });
 *
 * Engines: E2E_ENGINES=chromium,firefox,webkit picks which run; the default (DEFAULT_ENGINES) is all
 * three. A missing engine's tests are skipped with one loud line per run, except under CI=true, where
 * they fail.
 *
 * What every engine gets the same way, through the preview server rather than the driver: a
 * script injected before the page's own scripts (it records uncaught errors and runs the long-task
 * monitor of longtask.ts, plus a test's `init`), and axe-core served from /__e2e/axe.min.js.
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { preview, type PreviewServer, type Plugin } from 'vite';
import { ENGINES, type BrowserDriver, type Engine, type LaunchOptions } from './driver';
import { CHROMIUM, launchChromium } from './engines/chromium';
import { FIREFOX, launchFirefox } from './engines/firefox';
import { MINIBROWSER, WEBKIT_DRIVER, XVFB, launchWebKit } from './engines/webkit';
import { LONG_TASK_MONITOR } from './longtask';
import { E2EPage } from './page';

export type { Engine } from './driver';
export { E2EPage, Locator } from './page';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = join(ROOT, 'test-results');
export const VIEWPORT = { width: 1600, height: 1100 };

/** What each engine needs on the machine, and the Debian package that brings it. */
const REQUIREMENTS: Record<Engine, { files: string[]; packages: string[]; launch: (o: LaunchOptions) => Promise<BrowserDriver> }> = {
  chromium: { files: [CHROMIUM], packages: ['chromium'], launch: launchChromium },
  firefox: { files: [FIREFOX], packages: ['firefox-esr'], launch: launchFirefox },
  webkit: { files: [WEBKIT_DRIVER, MINIBROWSER, XVFB], packages: ['webkit2gtk-driver', 'xvfb'], launch: launchWebKit },
};

const inCI = process.env['CI'] === 'true';

/** The engines a run without E2E_ENGINES tests (npm test, CI): all three, one after another. */
export const DEFAULT_ENGINES: readonly Engine[] = ENGINES;

/** The engines this run asks for (E2E_ENGINES, comma-separated; default DEFAULT_ENGINES). */
export const REQUESTED: readonly Engine[] = (() => {
  const raw = (process.env['E2E_ENGINES'] ?? '').trim();
  if (raw === '') return DEFAULT_ENGINES;
  const names = raw.split(/[\s,]+/).filter(Boolean);
  for (const n of names) {
    if (!(ENGINES as readonly string[]).includes(n)) throw new Error(`E2E_ENGINES: unknown engine ${n} (known: ${ENGINES.join(', ')})`);
  }
  return ENGINES.filter((e) => names.includes(e));
})();

const missingFiles = (e: Engine) => REQUIREMENTS[e].files.filter((f) => !existsSync(f));
export const isAvailable = (e: Engine) => missingFiles(e).length === 0;

/** Print the "how to enable" line once per Vitest run, not once per test file. */
function announceSkipOnce(missing: Engine[]): void {
  const marker = join(tmpdir(), `kmu-e2e-skip-notice-${process.ppid}`);
  try {
    closeSync(openSync(marker, 'wx'));
  } catch {
    return; // another test file of this run already said it
  }
  const files = missing.flatMap(missingFiles).join(', ');
  const pkgs = missing.flatMap((e) => REQUIREMENTS[e].packages).join(' ');
  console.warn(
    `\n!!!!! END-TO-END TESTS SKIPPED in ${missing.join(', ')}: ${files} not found. Enable them with: ` +
      `apt-get install -y ${pkgs} (or pick engines with E2E_ENGINES=chromium,firefox,webkit; under CI=true they fail instead) !!!!!\n`,
  );
}

const missingEngines = REQUESTED.filter((e) => !isAvailable(e));
if (missingEngines.length && !inCI) announceSkipOnce(missingEngines);

/**
 * `describe` once per requested engine ("name [engine]"), the engines one after another. An
 * engine that is not installed is skipped (one loud line per run), except under CI=true, where
 * the suite runs and `usePlayground`'s beforeAll fails with a clear message.
 */
export function describeE2E(name: string, body: (engine: Engine) => void): void {
  for (const engine of REQUESTED) {
    describe.skipIf(!isAvailable(engine) && !inCI)(`${name} [${engine}]`, () => body(engine));
  }
}

/** One test file in one engine: its tests and its time from browser start to browser gone. */
export interface Timing { file: string; engine: Engine; version: string; tests: number; ms: number }
/** Where each file's timing goes; global-setup.ts empties it first and sums it up at the end. */
export const TIMINGS_FILE = join(RESULTS_DIR, 'e2e-timings.jsonl');

function recordTiming(t: Timing): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  appendFileSync(TIMINGS_FILE, `${JSON.stringify(t)}\n`);
}

export interface TranscriptEntry {
  prompt: string;
  command: string;
  output: string;
}

export interface RunOptions {
  /** Prompt the command is typed at (default: the current prompt, see `Term.prompt`). */
  prompt?: string;
  /** Prompt expected once the command has finished (default: same as `prompt`). */
  next?: string;
  /** Password-style input: nothing is echoed, so don't wait for the echo. */
  hidden?: boolean;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT = 15_000;
const nbsp = /\u00a0/g;

/** A learner's view of the terminal on one page. */
export class Term {
  /** Prompt the next command will be typed at; `run()` keeps it up to date. */
  prompt = '$ ';

  constructor(readonly page: E2EPage, private readonly transcript: TranscriptEntry[]) {}

  /** The visible rows, read from the DOM, right-trimmed. */
  async rows(): Promise<string[]> {
    const rows = await this.page.evaluate(() => {
      const el = document.querySelector('.xterm-rows');
      return el ? Array.from(el.children, (row) => (row as HTMLElement).innerText) : [];
    });
    return rows.map((r) => r.replace(nbsp, ' ').trimEnd());
  }

  async text(): Promise<string> {
    return (await this.rows()).join('\n');
  }

  /** Poll the screen until `check` returns a value (not undefined), or fail with the screen. */
  async waitFor<T>(what: string, check: (rows: string[]) => T | undefined, timeoutMs = DEFAULT_TIMEOUT): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let rows: string[] = [];
    for (;;) {
      rows = await this.rows();
      const v = check(rows);
      if (v !== undefined) return v;
      if (Date.now() > deadline) break;
      await this.page.waitForTimeout(40);
    }
    throw new Error(
      `timed out after ${timeoutMs} ms waiting for ${what}\n--- screen ---\n${rows.join('\n').trimEnd()}\n` +
        `--- transcript so far ---\n${formatTranscript(this.transcript)}`,
    );
  }

  async waitForText(needle: string | RegExp, timeoutMs?: number): Promise<string> {
    return this.waitFor(`text ${String(needle)}`, (rows) => {
      const t = rows.join('\n');
      return (typeof needle === 'string' ? t.includes(needle) : needle.test(t)) ? t : undefined;
    }, timeoutMs);
  }

  /** Wait until the last non-empty row is the bare prompt (the engine is waiting for input). */
  async waitForPrompt(prompt = this.prompt, timeoutMs?: number): Promise<void> {
    await this.waitFor(`the prompt ${JSON.stringify(prompt)}`, (rows) =>
      lastNonEmpty(rows)?.text === prompt.trimEnd() ? true : undefined, timeoutMs);
    this.prompt = prompt;
  }

  /** Click the terminal and wait until xterm's input element has the keyboard focus. */
  async focus(): Promise<void> {
    if (await this.hasFocus()) return;
    await this.page.locator('.xterm').click();
    await this.page.waitForFunction(
      () => document.activeElement?.classList.contains('xterm-helper-textarea') ?? false, undefined,
      { timeout: DEFAULT_TIMEOUT },
    );
  }

  async hasFocus(): Promise<boolean> {
    return this.page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea') ?? false);
  }

  /**
   * Type `text` through the keyboard, wait until its echo is on screen (unless hidden), then
   * press Enter. Does not wait for the command to finish (see `run`).
   */
  async typeLine(text: string, opts: { hidden?: boolean } = {}): Promise<void> {
    if (text.includes('\n')) throw new Error('typeLine: one line at a time');
    await this.focus();
    await this.page.keyboard.type(text);
    if (!opts.hidden && text !== '') {
      const echoed = (this.prompt + text).trimEnd();
      await this.waitFor(`the echo of ${JSON.stringify(text)}`, (rows) =>
        lastNonEmpty(rows)?.text === echoed ? true : undefined);
    }
    await this.page.keyboard.press('Enter');
  }

  /**
   * Run one command the way a learner does and return its output, read from the screen while it
   * is visible: the rows between the echoed command line and the next bare prompt. Each command
   * and its output are added to the transcript.
   */
  async run(command: string, opts: RunOptions = {}): Promise<string> {
    const prompt = opts.prompt ?? this.prompt;
    await this.waitForPrompt(prompt, opts.timeoutMs);
    await this.typeLine(command, opts.hidden ? { hidden: true } : {});
    return this.#collect(command, opts);
  }

  /**
   * Press Enter on whatever has been typed and edited so far; `expected` is the line the screen
   * must show after the prompt. Returns the output like `run`.
   */
  async enter(expected: string, opts: Omit<RunOptions, 'hidden'> = {}): Promise<string> {
    await this.focus();
    await this.page.keyboard.press('Enter');
    return this.#collect(expected, opts);
  }

  async #collect(command: string, opts: RunOptions): Promise<string> {
    const prompt = opts.prompt ?? this.prompt;
    const next = opts.next ?? prompt;
    const echoed = (prompt + (opts.hidden ? '' : command)).trimEnd();
    const output = await this.waitFor(
      `the line ${JSON.stringify(echoed)}, its output, then the prompt ${JSON.stringify(next)}`,
      (rows) => {
        const last = lastNonEmpty(rows);
        if (!last || last.text !== next.trimEnd()) return undefined;
        for (let i = last.index - 1; i >= 0; i--) {
          if (rows[i] === echoed) return trimBlankLines(rows.slice(i + 1, last.index)).join('\n');
        }
        return undefined; // (or the echo scrolled off: the output is longer than the window)
      }, opts.timeoutMs);
    this.prompt = next;
    this.transcript.push({ prompt, command: opts.hidden ? '********' : command, output });
    return output;
  }

  /** Text above the first prompt after a (re)load: the engine's welcome text. */
  async welcome(prompt = '$ '): Promise<string> {
    await this.waitForPrompt(prompt);
    const rows = await this.rows();
    const last = lastNonEmpty(rows)!;
    return trimBlankLines(rows.slice(0, last.index)).join('\n');
  }

  /** test-results/<name>-<engine>.png */
  async screenshot(name: string): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = join(RESULTS_DIR, `${name}-${this.page.engine}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}

function lastNonEmpty(rows: string[]): { index: number; text: string } | undefined {
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i] !== '') return { index: i, text: rows[i]! };
  return undefined;
}

function trimBlankLines(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return lines.slice(a, b);
}

export function formatTranscript(entries: readonly TranscriptEntry[]): string {
  return entries.map((e) => `${e.prompt}${e.command}\n${e.output ? `${e.output}\n` : ''}`).join('');
}

export interface Playground {
  readonly engine: Engine;
  /** The browser's name and version, e.g. "Firefox 153.8.0". */
  readonly version: string;
  readonly origin: string;
  readonly transcript: TranscriptEntry[];
  /** Whether `setOffline` works in this engine. */
  readonly canGoOffline: boolean;
  /**
   * Open the playground in a new tab of this file's browser profile and wait for the first prompt.
   * `init` runs in the page before any of its scripts (e.g. to take a browser feature away), on
   * every load of that tab.
   */
  open(opts?: {
    waitForPrompt?: boolean; init?: () => void;
    /** Another page than the playground's (e.g. '/docs/embeds.html'; give waitForPrompt: false), and on `origin` (default this site's). */
    path?: string; origin?: string;
  }): Promise<Term>;
  /** Reload a tab (same profile, so IndexedDB survives) and wait for the first prompt again. */
  reload(term: Term): Promise<void>;
  /** Cut a tab off the network, or reconnect it (only where canGoOffline). */
  setOffline(term: Term, offline: boolean): Promise<void>;
  /** Requests that left the page's origin (the afterEach hook fails the test on any). */
  readonly foreignRequests: string[];
  /**
   * The second origin (usePlayground's `secondOrigin`; embed tests only): another preview server on
   * another port — same site, another origin — over the same build, which serves the built files and
   * the pages given to `serveOnSecond`. Its requests are not foreign.
   */
  readonly secondOrigin: string;
  /** Serve `html` at `path` on the second origin (with the harness's init script first). */
  serveOnSecond(path: string, html: string): void;
  /** Register a script to run first in a page loaded with `?e2e=<the id returned>` (what `open({ init })` does). */
  addInit(init: () => void): number;
}

/** The script the preview server puts first in the page: error and CSP-violation capture, long tasks, a test's init. */
const BASE_INIT = `(() => {
  const e2e = (window.__e2e = window.__e2e || {});
  e2e.errors = [];
  addEventListener('error', (e) => { e2e.errors.push(e.error && e.error.stack ? String(e.error.stack) : e.message + ' at ' + e.filename + ':' + e.lineno); });
  addEventListener('unhandledrejection', (e) => { e2e.errors.push('unhandled rejection: ' + (e.reason && e.reason.stack ? e.reason.stack : String(e.reason))); });
  // anything the page's Content-Security-Policy blocks fails the test like an uncaught error
  e2e.csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    const v = 'Content-Security-Policy violation: ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)') +
      ' at ' + (e.sourceFile || '?') + ':' + e.lineNumber + (e.sample ? ' sample ' + JSON.stringify(e.sample) : '');
    e2e.csp.push(v);
    e2e.errors.push(v);
  });
})();
${LONG_TASK_MONITOR}
`;

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** asciinema's player (a devDependency of the tests only), for the transcript test's .cast. */
const PLAYER_FILES: Record<string, [path: string, type: string]> = {
  '/__e2e/asciinema-player.min.js': [createRequire(import.meta.url).resolve('asciinema-player/dist/bundle/asciinema-player.min.js'), 'text/javascript'],
  '/__e2e/asciinema-player.css': [createRequire(import.meta.url).resolve('asciinema-player/dist/bundle/asciinema-player.css'), 'text/css'],
};

/**
 * Preview-server middleware: /__e2e/init.js?id=N, /__e2e/axe.min.js, asciinema's player, and index.html with the init script first
 * (and the other built pages a test lists in `pages`, e.g. /docs/embeds.html); `extra`: pages a test serves itself (path → HTML,
 * the second origin's pages), also with the init script first.
 */
function e2ePlugin(distDir: string, inits: string[], pages: readonly string[] = [], extra: ReadonlyMap<string, string> = new Map()): Plugin {
  const withInit = (html: string, id: number) => html.replace(/<head>/i, `<head><script src="/__e2e/init.js?id=${id}"></script>`);
  return {
    name: 'kmu-e2e',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname === '/__e2e/init.js') {
          const id = Number(url.searchParams.get('id') ?? '0');
          res.setHeader('Content-Type', 'text/javascript');
          res.setHeader('Cache-Control', 'no-store');
          res.end(`${BASE_INIT}\n${inits[id] ?? ''}`);
          return;
        }
        if (url.pathname === '/__e2e/axe.min.js') {
          res.setHeader('Content-Type', 'text/javascript');
          res.end(readFileSync(AXE_PATH));
          return;
        }
        const player = Object.hasOwn(PLAYER_FILES, url.pathname) ? PLAYER_FILES[url.pathname]! : null;
        if (player) {
          res.setHeader('Content-Type', player[1]);
          res.end(readFileSync(player[0]));
          return;
        }
        const page = url.pathname === '/' || url.pathname === '/index.html' ? 'index.html'
          : pages.includes(url.pathname) ? url.pathname.slice(1) : null;
        const own = extra.get(url.pathname);
        if ((page !== null || own !== undefined) && (req.method === 'GET' || req.method === 'HEAD')) {
          const id = Number(url.searchParams.get('e2e') ?? '0');
          const html = withInit(own ?? readFileSync(join(distDir, page!), 'utf8'), id);
          res.setHeader('Content-Type', 'text/html');
          res.setHeader('Cache-Control', 'no-store');
          res.end(html);
          return;
        }
        next();
      });
    },
  };
}

/**
 * Register the hooks for one test file in one engine: a preview server over dist/, a fresh
 * browser with a fresh profile, a monitor that fails the test when any request leaves the page's
 * origin or the page throws, and (after all tests) the transcript in
 * test-results/<file>-<engine>.transcript.txt.
 */
export function usePlayground(
  fileUrl: string, engine: Engine,
  opts: {
    outDir?: string; colorScheme?: 'light' | 'dark';
    /** Built pages besides index.html that get the init script (error capture), e.g. '/docs/embeds.html'. */
    pages?: readonly string[];
    /**
     * Start a second preview server (another origin) for tests of what another site's page may do; a
     * number: on that port (an origin the embed-test build's allow-list names, embed-origins.test.json).
     */
    secondOrigin?: boolean | number;
  } = {},
): Playground {
  const outDir = opts.outDir ?? 'dist';
  const name = basename(fileURLToPath(fileUrl)).replace(/\.e2e\.ts$/, '');
  let server: PreviewServer | undefined;
  let second: PreviewServer | undefined;
  let secondOrigin = '';
  const secondPages = new Map<string, string>();
  let browser: BrowserDriver | undefined;
  let downloadDir = '';
  let origin = '';
  const foreign: string[] = [];
  const pageErrors: string[] = [];
  const transcript: TranscriptEntry[] = [];
  const inits: string[] = [''];
  const open = new Set<E2EPage>();

  const drainErrors = async (page: E2EPage) => {
    try {
      const errors = await page.evaluate(() => {
        const e = (window as unknown as { __e2e?: { errors: string[] } }).__e2e;
        return e ? e.errors.splice(0) : [];
      });
      pageErrors.push(...errors);
    } catch { /* (the page is navigating or gone) */ }
  };

  let started = 0;
  let tests = 0;
  let version: string = engine;
  beforeAll(async () => {
    started = performance.now();
    const missing = missingFiles(engine);
    if (missing.length) {
      throw new Error(`${missing.join(', ')} missing and CI=true, so the ${engine} end-to-end tests fail instead of skipping. ` +
        `Install with: apt-get update && apt-get install -y ${REQUIREMENTS[engine].packages.join(' ')}`);
    }
    const dist = join(ROOT, outDir);
    if (!existsSync(join(dist, 'index.html'))) {
      throw new Error(`${outDir}/index.html is missing: build the site first (npm run build), or run npm test`);
    }
    server = await preview({
      root: ROOT, logLevel: 'warn', configFile: false,
      plugins: [e2ePlugin(dist, inits, opts.pages ?? [])],
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report a URL');
    origin = new URL(url).origin;
    if (opts.secondOrigin) {
      second = await preview({
        root: ROOT, logLevel: 'warn', configFile: false,
        plugins: [e2ePlugin(dist, inits, opts.pages ?? [], secondPages)],
        build: { outDir },
        preview: { host: '127.0.0.1', ...(typeof opts.secondOrigin === 'number' ? { port: opts.secondOrigin, strictPort: true } : { port: 0, strictPort: false }), open: false },
      });
      const url2 = second.resolvedUrls?.local[0];
      if (!url2) throw new Error('vite preview (second origin) did not report a URL');
      secondOrigin = new URL(url2).origin;
    }
    downloadDir = mkdtempSync(join(tmpdir(), `kmu-e2e-downloads-${engine}-`));
    browser = await REQUIREMENTS[engine].launch({
      viewport: VIEWPORT, colorScheme: opts.colorScheme ?? 'light', origin, downloadDir,
      ...(secondOrigin ? { alsoAllowed: [secondOrigin] } : {}),
    });
    version = browser.version;
  });

  afterEach(async () => {
    tests++;
    for (const p of open) await drainErrors(p);
    // a test that stopped half-way (or never closed its tabs) leaves pages open: close them, so the
    // next test starts with none
    for (const p of [...open]) { try { await p.close(); } catch { /* gone already */ } }
    foreign.push(...(browser?.takeForeignRequests() ?? []));
    const leaked = foreign.splice(0);
    const errors = pageErrors.splice(0);
    if (leaked.length) throw new Error(`requests left the page's origin ${origin}:\n${leaked.join('\n')}`);
    if (errors.length) throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`);
  });

  afterAll(async () => {
    if (transcript.length) {
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeFileSync(join(RESULTS_DIR, `${name}-${engine}.transcript.txt`), formatTranscript(transcript));
    }
    try {
      await browser?.close();
    } finally {
      await server?.close();
      await second?.close();
      if (downloadDir) rmSync(downloadDir, { recursive: true, force: true });
      if (started) recordTiming({ file: name, engine, version, tests, ms: Math.round(performance.now() - started) });
    }
  });

  const waitForFirstPrompt = async (term: Term) => {
    term.prompt = '$ ';
    try {
      await term.page.locator('.xterm-rows').waitFor(DEFAULT_TIMEOUT);
    } catch (err) {
      // say where the tab is and what it shows, and what it threw
      const state = await term.page.evaluate(() => ({
        url: location.href, readyState: document.readyState, text: document.body?.innerText.slice(0, 500) ?? '',
        errors: (window as unknown as { __e2e?: { errors: string[] } }).__e2e?.errors ?? [],
      })).catch((e: unknown) => String(e));
      throw new Error(`${(err as Error).message}; the tab: ${JSON.stringify(state)}`);
    }
    await term.waitForPrompt('$ ');
  };

  const running = () => {
    if (!browser) throw new Error('the browser is not running (beforeAll failed?)');
    return browser;
  };

  return {
    engine,
    get version() { return running().version; },
    get origin() { return origin; },
    get canGoOffline() { return running().canGoOffline; },
    transcript,
    get foreignRequests() {
      foreign.push(...running().takeForeignRequests());
      return foreign;
    },
    get secondOrigin() {
      if (!secondOrigin) throw new Error('no second origin: usePlayground(…, { secondOrigin: true })');
      return secondOrigin;
    },
    serveOnSecond(path, html) { secondPages.set(path, html); },
    addInit(init) {
      inits.push(`(${init.toString()})();`);
      return inits.length - 1;
    },
    async open(o = {}) {
      const driver = await running().newPage();
      let id = 0;
      if (o.init) { inits.push(`(${o.init.toString()})();`); id = inits.length - 1; }
      const page = new E2EPage(engine, driver, VIEWPORT, async (p) => {
        await drainErrors(p);
        open.delete(p);
        await driver.close();
      });
      page.downloadDir = downloadDir;
      open.add(page);
      const path = o.path ?? '/';
      await driver.goto(`${o.origin ?? origin}${path}${id ? `${path.includes('?') ? '&' : '?'}e2e=${id}` : ''}`);
      const term = new Term(page, transcript);
      if (o.waitForPrompt !== false) await waitForFirstPrompt(term);
      else term.prompt = '$ ';
      return term;
    },
    async reload(term) {
      await drainErrors(term.page);
      await term.page.driver.reload();
      await waitForFirstPrompt(term);
    },
    async setOffline(term, offline) {
      if (!running().canGoOffline) throw new Error(`${engine} cannot take a page offline`);
      await term.page.driver.setOffline(offline);
    },
  };
}
