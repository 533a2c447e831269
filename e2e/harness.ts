/**
 * End-to-end harness: Vitest in Node drives Debian's Chromium (playwright-core) against the BUILT
 * site (dist/, served by Vite's programmatic preview server on a free port).
 *
 * Tests see the page only the way a learner does: they type through `page.keyboard` and read the
 * terminal from the DOM (`.xterm-rows`, i.e. the visible rows). They never call into the terminal
 * or the engine objects.
 *
 * Usage in a test file (call usePlayground inside describeE2E, so a skipped suite starts nothing):
 *   describeE2E('…', () => {
 *     const pg = usePlayground(import.meta.url);        // registers beforeAll/afterEach/afterAll
 *     it('…', async () => { const t = await pg.open(); await t.run('ls'); });
 *   });
 */
import { existsSync, mkdirSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = join(ROOT, 'test-results');
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const VIEWPORT = { width: 1600, height: 1100 };

const chromiumPresent = existsSync(CHROMIUM);
const inCI = process.env['CI'] === 'true';

/** Print the "how to enable" line once per Vitest run, not once per test file. */
function announceSkipOnce(): void {
  const marker = join(tmpdir(), `kmu-e2e-skip-notice-${process.ppid}`);
  try {
    closeSync(openSync(marker, 'wx'));
  } catch {
    return; // another test file of this run already said it
  }
  console.warn(
    `\n!!!!! END-TO-END TESTS SKIPPED: ${CHROMIUM} not found. Enable them with: apt-get install -y chromium (under CI=true they fail instead) !!!!!\n`,
  );
}

/**
 * `describe` for browser tests. Without Chromium it skips (one loud line per run), except under
 * CI=true, where the suite runs and `usePlayground`'s beforeAll fails with a clear message.
 */
export const describeE2E = describe.skipIf(!chromiumPresent && !inCI);
if (!chromiumPresent && !inCI) announceSkipOnce();

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

  constructor(readonly page: Page, private readonly transcript: TranscriptEntry[]) {}

  /** The visible rows, read from the DOM, right-trimmed. */
  async rows(): Promise<string[]> {
    return (await this.page.locator('.xterm-rows').evaluate((el) =>
      Array.from(el.children, (row) => (row as HTMLElement).innerText),
    )).map((r) => r.replace(nbsp, ' ').trimEnd());
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
    await this.page.click('.xterm');
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

  async screenshot(name: string): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = join(RESULTS_DIR, `${name}.png`);
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
  readonly origin: string;
  readonly context: BrowserContext;
  readonly transcript: TranscriptEntry[];
  /**
   * Open the playground in a new tab of this file's browser profile and wait for the first prompt.
   * `init` runs in the page before any of its scripts (e.g. to take a browser feature away).
   */
  open(opts?: { waitForPrompt?: boolean; init?: () => void }): Promise<Term>;
  /** Reload a tab (same profile, so IndexedDB survives) and wait for the first prompt again. */
  reload(term: Term): Promise<void>;
  /** Requests that left the page's origin (the afterEach hook fails the test on any). */
  readonly foreignRequests: string[];
}

/**
 * Register the hooks for one test file: a preview server over dist/, a fresh Chromium with a fresh
 * profile, a monitor that fails the test when any request leaves the page's origin or the page
 * throws, and (after all tests) the transcript in test-results/<file>.transcript.txt.
 */
export function usePlayground(fileUrl: string, outDir = 'dist'): Playground {
  const name = basename(fileURLToPath(fileUrl)).replace(/\.e2e\.ts$/, '');
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let origin = '';
  const foreign: string[] = [];
  const pageErrors: string[] = [];
  const transcript: TranscriptEntry[] = [];

  beforeAll(async () => {
    if (!chromiumPresent) {
      throw new Error(`${CHROMIUM} is missing and CI=true, so the end-to-end tests fail instead of skipping. ` +
        'Install it with: apt-get update && apt-get install -y chromium');
    }
    const dist = join(ROOT, outDir);
    if (!existsSync(join(dist, 'index.html'))) {
      throw new Error(`${outDir}/index.html is missing: build the site first (npm run build), or run npm test`);
    }
    server = await preview({
      root: ROOT, logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report a URL');
    origin = new URL(url).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] });
    context.on('request', (req) => {
      const u = req.url();
      if (u.startsWith('data:') || u.startsWith('blob:')) return;
      if (new URL(u).origin !== origin) foreign.push(`${req.method()} ${u}`);
    });
  });

  afterEach(() => {
    const leaked = foreign.splice(0);
    const errors = pageErrors.splice(0);
    if (leaked.length) throw new Error(`requests left the page's origin ${origin}:\n${leaked.join('\n')}`);
    if (errors.length) throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`);
  });

  afterAll(async () => {
    if (transcript.length) {
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeFileSync(join(RESULTS_DIR, `${name}.transcript.txt`), formatTranscript(transcript));
    }
    await browser?.close();
    await server?.close();
  });

  const waitForFirstPrompt = async (term: Term) => {
    term.prompt = '$ ';
    await term.page.waitForSelector('.xterm-rows', { timeout: DEFAULT_TIMEOUT });
    await term.waitForPrompt('$ ');
  };

  return {
    get origin() { return origin; },
    get context() {
      if (!context) throw new Error('the browser is not running (beforeAll failed?)');
      return context;
    },
    transcript,
    foreignRequests: foreign,
    async open(opts = {}) {
      const page = await this.context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
      page.on('console', (msg) => { if (msg.type() === 'error') console.warn(`[page console] ${msg.text()}`); });
      if (opts.init) await page.addInitScript(opts.init);
      await page.goto(`${origin}/`);
      const term = new Term(page, transcript);
      if (opts.waitForPrompt !== false) await waitForFirstPrompt(term);
      else term.prompt = '$ ';
      return term;
    },
    async reload(term) {
      await term.page.reload();
      await waitForFirstPrompt(term);
    },
  };
}
