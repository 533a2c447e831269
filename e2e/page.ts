/**
 * What a test holds of a page: keyboard, mouse, evaluate, a few element queries — the same in
 * every engine, built on the engine's PageDriver (driver.ts). The element queries (`locator`,
 * `getByRole`, `getByTestId`) are resolved in the page on every call, like Playwright's
 * locators; actions on elements are real mouse clicks at the element's centre.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, PageDriver } from './driver';

const WAIT = 15_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Box { x: number; y: number; width: number; height: number }

/** What a guarded click reached: the element, something else (stopped), nothing in this page, or — the element holds a frame — possibly that frame. */
type ClickSeen = 'hit' | 'missed' | 'unseen' | 'framed';

/**
 * In the page: guard the next click on `el` (Locator.click). Until CLICK_SEEN ends it, every
 * pointer and mouse event of a click whose target is not `el` or inside it is stopped in the
 * capture phase, and marked.
 */
const GUARD_CLICK = (el: Element): void => {
  const w = window as unknown as { __e2eClick?: { el: Element; hit: boolean; missed: boolean; off(): void } };
  w.__e2eClick?.off();
  const types = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click', 'dblclick', 'auxclick', 'contextmenu'];
  const g = {
    el, hit: false, missed: false,
    off: () => { for (const t of types) removeEventListener(t, on, true); },
  };
  const on = (e: Event) => {
    const target = e.target as Node | null;
    if (target && (target === el || el.contains(target))) { g.hit = true; return; }
    if (g.hit && !el.isConnected) return; // (the element went away when pressed: the page's own doing, the rest of the click is not ours)
    g.missed = true;
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  for (const t of types) addEventListener(t, on, true);
  w.__e2eClick = g;
};

/** In the page: what the guarded click reached; `end`: stop guarding whatever it saw (else only once it saw something). */
const CLICK_SEEN = (end: boolean): ClickSeen => {
  const w = window as unknown as { __e2eClick?: { el: Element; hit: boolean; missed: boolean; off(): void } };
  const g = w.__e2eClick;
  if (!g) return 'hit';
  const seen: ClickSeen = g.missed ? 'missed' : g.hit ? 'hit' : (g.el.tagName === 'IFRAME' || g.el.querySelector('iframe') !== null) ? 'framed' : 'unseen';
  if (seen !== 'unseen' || end) { g.off(); w.__e2eClick = undefined; }
  return seen;
};

/** One step of an element query, resolved in the page by RESOLVE. */
type Step =
  | { css: string }
  | { role: string; name?: string }
  | { hasText: string }
  | { nth: number };

/**
 * Runs in the page: the elements a list of steps selects. Roles cover what the tests ask for
 * (explicit role attributes and the implicit roles of the few elements used), names are the
 * accessible name's usual sources, matched as a case-insensitive substring (as Playwright does).
 */
const RESOLVE = (steps: Step[]): Element[] => {
  const implicit: Record<string, string> = {
    button: 'button, input[type=button], input[type=submit], input[type=reset]',
    checkbox: 'input[type=checkbox]', status: 'output', link: 'a[href]', textbox: 'input:not([type]), input[type=text], textarea',
    combobox: 'select', dialog: 'dialog', alert: '',
  };
  const visible = (el: Element) => {
    if (el.closest('[aria-hidden="true"]')) return false;
    const s = getComputedStyle(el);
    return el.getClientRects().length > 0 && s.visibility !== 'hidden';
  };
  const nameOf = (el: Element): string => {
    const label = el.getAttribute('aria-label');
    if (label) return label;
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    const labels = (el as HTMLInputElement).labels;
    if (labels && labels.length) return Array.from(labels, (l) => l.textContent ?? '').join(' ');
    return (el as HTMLElement).innerText ?? el.textContent ?? '';
  };
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  let set: Element[] = [document.documentElement];
  let first = true;
  for (const step of steps) {
    if ('css' in step) {
      const out: Element[] = [];
      for (const root of set) {
        const found = first ? document.querySelectorAll(step.css) : root.querySelectorAll(step.css);
        for (const el of Array.from(found)) if (!out.includes(el)) out.push(el);
      }
      set = out;
    } else if ('role' in step) {
      const sel = [`[role="${step.role}"]`, implicit[step.role] ?? ''].filter(Boolean).join(', ');
      const out: Element[] = [];
      for (const root of set) {
        const found = first ? document.querySelectorAll(sel) : root.querySelectorAll(sel);
        for (const el of Array.from(found)) {
          if (out.includes(el) || !visible(el)) continue;
          if (el.getAttribute('role') && el.getAttribute('role') !== step.role) continue;
          if (step.name !== undefined && !norm(nameOf(el)).includes(norm(step.name))) continue;
          out.push(el);
        }
      }
      set = out;
    } else if ('hasText' in step) {
      set = set.filter((el) => norm(el.textContent ?? '').includes(norm(step.hasText)));
    } else {
      set = step.nth < 0 ? set.slice(step.nth).slice(0, 1) : set.slice(step.nth, step.nth + 1);
    }
    first = false;
  }
  return set;
};

export class Locator {
  constructor(private readonly page: E2EPage, private readonly steps: Step[], private readonly what: string) {}

  locator(css: string, opts: { hasText?: string } = {}): Locator {
    return new Locator(this.page, [...this.steps, { css }, ...(opts.hasText ? [{ hasText: opts.hasText }] : [])], `${this.what} ${css}`);
  }
  getByRole(role: string, opts: { name?: string } = {}): Locator {
    return new Locator(this.page, [...this.steps, { role, ...opts }], `${this.what} role=${role}${opts.name ? `[${opts.name}]` : ''}`);
  }
  filter(opts: { hasText: string }): Locator {
    return new Locator(this.page, [...this.steps, { hasText: opts.hasText }], `${this.what} with text ${opts.hasText}`);
  }
  first(): Locator { return this.nth(0); }
  nth(i: number): Locator { return new Locator(this.page, [...this.steps, { nth: i }], `${this.what} #${i}`); }

  /** Evaluate `fn(elements, arg)` in the page on what this locator selects now. */
  #all<R, A>(fn: (els: Element[], arg: A) => R, arg?: A): Promise<R> {
    return this.page.evaluateSource<R>(`((steps, arg) => (${fn.toString()})((${RESOLVE.toString()})(steps), arg))`, [this.steps, arg]);
  }

  /** Like `#all` on the first match, after waiting for there to be one. */
  async #one<R, A>(fn: (el: Element, arg: A) => R, arg?: A): Promise<R> {
    await this.waitFor();
    return this.page.evaluateSource<R>(
      `((steps, arg) => { const el = (${RESOLVE.toString()})(steps)[0]; if (!el) throw new Error('gone'); return (${fn.toString()})(el, arg); })`,
      [this.steps, arg]);
  }

  count(): Promise<number> { return this.#all((els) => els.length); }
  async waitFor(timeoutMs = WAIT): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.count()) === 0) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${this.what}`);
      await sleep(50);
    }
  }
  innerText(): Promise<string> { return this.#one((el) => (el as HTMLElement).innerText); }
  allInnerTexts(): Promise<string[]> { return this.#all((els) => els.map((el) => (el as HTMLElement).innerText)); }
  getAttribute(name: string): Promise<string | null> { return this.#one((el, n) => el.getAttribute(n), name); }
  isVisible(): Promise<boolean> {
    return this.#all((els) => els.length > 0 && els[0]!.getClientRects().length > 0 && getComputedStyle(els[0]!).visibility !== 'hidden');
  }
  boundingBox(): Promise<Box> {
    return this.#one((el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; });
  }
  evaluate<R, A>(fn: (el: Element, arg: A) => R, arg?: A): Promise<R> { return this.#one(fn, arg); }

  /**
   * A real click at the centre of the element, once it can take one (as Playwright's actionability
   * checks): scrolled into view, enabled, in the same place over two animation frames, and the
   * element a click there hits (itself or a descendant). A click computed before the layout settled
   * (a panel opening, a list re-rendering) would land on whatever moved there instead.
   *
   * The layout can still move between that check and the click: an embed above reports its height
   * and its iframe grows or shrinks (seen in Firefox: the press hit the button, the release landed
   * 19 px off, on <main>, and no click reached the button). So the click is guarded: until it is
   * done, a pointer or mouse event in the page that is not for the element is stopped in the
   * capture phase (it reaches nothing), and a click that did not reach the element — stopped, or
   * gone to another frame — is made again where the element now is.
   */
  async click(opts: { clickCount?: number } = {}): Promise<void> {
    const deadline = Date.now() + WAIT;
    let why = '';
    for (;;) {
      await this.waitFor(Math.max(0, deadline - Date.now()));
      const at = await this.page.evaluateSource<{ x: number; y: number } | { wait: string }>(
        `(async (steps) => {
          const el = (${RESOLVE.toString()})(steps)[0];
          if (!el) return { wait: 'it is gone' };
          if (el.disabled || el.getAttribute('aria-disabled') === 'true') return { wait: 'it is disabled' };
          const r0 = el.getBoundingClientRect();
          if (r0.top < 0 || r0.left < 0 || r0.bottom > innerHeight || r0.right > innerWidth) el.scrollIntoView({ block: 'center', inline: 'center' });
          const frame = () => new Promise((r) => { requestAnimationFrame(() => r()); setTimeout(r, 100); });
          const a = el.getBoundingClientRect();
          await frame(); await frame();
          const b = el.getBoundingClientRect();
          if (a.x !== b.x || a.y !== b.y || a.width !== b.width || a.height !== b.height) return { wait: 'it is moving' };
          if (b.width === 0 || b.height === 0) return { wait: 'it has no size' };
          const x = b.x + b.width / 2, y = b.y + b.height / 2;
          const hit = document.elementFromPoint(x, y);
          if (!hit || !(hit === el || el.contains(hit))) return { wait: 'another element would take the click: ' + (hit ? hit.outerHTML.slice(0, 120) : 'none') };
          (${GUARD_CLICK.toString()})(el);
          return { x, y };
        })`, [this.steps]);
      if ('x' in at) {
        await this.page.mouse.click(at.x, at.y, opts);
        // what the guard saw (the events may still be on their way: a short wait for the click)
        let seen: ClickSeen = 'unseen';
        for (let i = 0; i < 10 && seen === 'unseen'; i++) {
          if (i > 0) await sleep(30);
          try {
            seen = await this.page.evaluateSource<ClickSeen>(`(() => (${CLICK_SEEN.toString()})(${i === 9}))`, []);
          } catch {
            seen = 'hit'; // (the page is navigating away: the click reached what navigates it)
          }
        }
        if (seen === 'hit' || seen === 'framed') return;
        why = seen === 'missed' ? 'the layout moved under the click (it reached another element; stopped)' : 'the click reached no element of the page (another frame took it)';
        if (Date.now() > deadline) throw new Error(`timed out after ${WAIT} ms trying to click ${this.what}: ${why}`);
        continue;
      }
      why = at.wait;
      if (Date.now() > deadline) throw new Error(`timed out after ${WAIT} ms waiting to click ${this.what}: ${why}`);
      await sleep(50);
    }
  }
  async check(): Promise<void> {
    if (!(await this.#one((el) => (el as HTMLInputElement).checked))) await this.click();
  }
}

export class E2EPage {
  readonly keyboard = {
    type: (text: string) => this.driver.type(text),
    press: (key: string) => this.driver.press(key),
    /** Paste as a learner does: the text on the clipboard, then Control+v into whatever has the focus. */
    paste: async (text: string) => {
      await this.driver.writeClipboard(text);
      await this.driver.press('Control+v');
    },
  };
  /** The browser's clipboard: what a paste would insert now. */
  readonly clipboard = {
    readText: () => this.driver.readClipboard(),
    writeText: (text: string) => this.driver.writeClipboard(text),
  };
  readonly mouse = {
    x: 0, y: 0,
    move: async (x: number, y: number, opts: { steps?: number } = {}) => {
      const steps = opts.steps ?? 1;
      const [x0, y0] = [this.mouse.x, this.mouse.y];
      for (let i = 1; i <= steps; i++) await this.driver.mouseMove(x0 + ((x - x0) * i) / steps, y0 + ((y - y0) * i) / steps);
      [this.mouse.x, this.mouse.y] = [x, y];
    },
    click: async (x: number, y: number, opts: { clickCount?: number } = {}) => {
      await this.driver.mouseClick(x, y, opts.clickCount ?? 1);
      [this.mouse.x, this.mouse.y] = [x, y];
    },
    wheel: (_dx: number, dy: number) => this.driver.wheel(this.mouse.x, this.mouse.y, dy),
  };
  #viewport: { width: number; height: number };

  constructor(
    readonly engine: Engine,
    readonly driver: PageDriver,
    viewport: { width: number; height: number },
    private readonly closing: (p: E2EPage) => Promise<void>,
  ) { this.#viewport = viewport; }

  /** Evaluate the source of a function `(arg) => …` in the page with a JSON argument. */
  evaluateSource<R>(fnSource: string, arg: unknown): Promise<R> {
    return this.driver.evaluate<R>(`(${fnSource})(...${JSON.stringify(arg === undefined ? [] : arg)})`);
  }
  /** Like Playwright's page.evaluate: `fn` is serialised and run in the page with one JSON argument. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return this.evaluateSource<R>(fn.toString(), arg === undefined ? [] : [arg]);
  }
  async waitForFunction<A>(fn: (arg: A) => unknown, arg?: A, opts: { timeout?: number } = {}): Promise<void> {
    const deadline = Date.now() + (opts.timeout ?? WAIT);
    while (!(await this.evaluate(fn as (a: A) => boolean, arg))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${fn.toString().slice(0, 120)}`);
      await sleep(50);
    }
  }
  waitForTimeout(ms: number): Promise<void> { return sleep(ms); }
  title(): Promise<string> { return this.evaluate(() => document.title); }

  locator(css: string, opts: { hasText?: string } = {}): Locator {
    return new Locator(this, [{ css }, ...(opts.hasText ? [{ hasText: opts.hasText }] : [])], css);
  }
  getByRole(role: string, opts: { name?: string } = {}): Locator {
    return new Locator(this, [{ role, ...opts }], `role=${role}${opts.name ? `[${opts.name}]` : ''}`);
  }
  getByTestId(id: string): Locator { return this.locator(`[data-testid="${id}"]`); }
  /** Choose an option of a <select> (as Playwright's selectOption: set the value, fire input and change). */
  async selectOption(css: string, value: string): Promise<void> {
    await this.locator(css).evaluate((el, v) => {
      (el as HTMLSelectElement).value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
  }
  /** Choose a file (written to a temporary directory under its name) in an <input type=file>, once there is one. */
  async setInputFiles(css: string, file: { name: string; buffer: Buffer }): Promise<void> {
    // the input may not be there yet (a panel still mounting): WebKit's and Firefox's drivers look
    // it up once and fail at once (CI, WebKit, inventory.e2e.ts), so wait for it as a locator does
    await this.locator(css).waitFor();
    const dir = mkdtempSync(join(tmpdir(), 'kmu-e2e-upload-'));
    try {
      const path = join(dir, file.name);
      writeFileSync(path, file.buffer);
      await this.driver.setInputFile(css, path);
      await sleep(200); // (the engine reads the file asynchronously)
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  viewportSize(): { width: number; height: number } { return this.#viewport; }
  /** Resize the viewport; returns the size obtained (MiniBrowser's window has a minimum width). */
  async setViewportSize(size: { width: number; height: number }): Promise<{ width: number; height: number }> {
    this.#viewport = await this.driver.setViewport(size);
    return this.#viewport;
  }
  async screenshot(opts: { path: string }): Promise<void> { await this.driver.screenshot(opts.path); }
  close(): Promise<void> { return this.closing(this); }

  /** Set by the harness: the directory downloads land in. */
  downloadDir = '';
  /**
   * Run `trigger` and return the file it made the browser download: the one new file of the
   * download folder once the folder has settled (no partial file; the same names and sizes on two
   * looks 250 ms apart). A browser may pass through other names on the way (Firefox writes a
   * randomly named file first), so a file may be gone between listing it and looking at it.
   */
  async download(trigger: () => Promise<void>, timeoutMs = WAIT): Promise<{ suggestedFilename: string; bytes: Buffer }> {
    const before = new Set(readdirSync(this.downloadDir));
    await trigger();
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      const files: Array<{ name: string; size: number }> = [];
      for (const name of readdirSync(this.downloadDir)) {
        if (before.has(name)) continue;
        try { files.push({ name, size: statSync(join(this.downloadDir, name)).size }); } catch { /* renamed meanwhile */ }
      }
      const now = JSON.stringify(files);
      const partial = files.some((f) => /\.(part|crdownload|download|wkdownload)$/.test(f.name));
      if (!partial && files.length === 1 && files[0]!.size > 0 && now === last) {
        return { suggestedFilename: files[0]!.name, bytes: readFileSync(join(this.downloadDir, files[0]!.name)) };
      }
      last = now;
      if (Date.now() > deadline) throw new Error(`no single finished download in ${this.downloadDir} within ${timeoutMs} ms; it holds ${now}`);
      await sleep(250);
    }
  }
}
