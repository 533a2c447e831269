/**
 * WebKit adapter: WebKitGTK (Safari's engine) through Debian's WebKitWebDriver, classic W3C
 * WebDriver spoken by selenium-webdriver. The adapter starts, and stops, everything itself:
 * an Xvfb display (MiniBrowser has no headless mode), WebKitWebDriver on a free port (so
 * selenium-manager never runs: the session is created on that URL), a recording proxy for the
 * foreign-request check (classic WebDriver has no network events), and a private HOME/XDG
 * directory per launch for MiniBrowser's data and downloads.
 *
 * Classic WebDriver drives one window at a time: every page is its own window, and each command
 * first switches to the page's window (commands are serialised by a lock).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Builder, By, Key, Origin, type WebDriver } from 'selenium-webdriver';
import { parseChord, splitLines, type BrowserDriver, type LaunchOptions, type PageDriver } from '../driver';

export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB = '/usr/bin/Xvfb';

// belt and braces: selenium-manager (never started here) would read these
process.env['SE_AVOID_STATS'] = 'true';
process.env['SE_OFFLINE'] = 'true';

const KEYS: Record<string, string> = {
  Enter: Key.ENTER, Tab: Key.TAB, Escape: Key.ESCAPE, Backspace: Key.BACK_SPACE, Delete: Key.DELETE,
  ArrowLeft: Key.ARROW_LEFT, ArrowRight: Key.ARROW_RIGHT, ArrowUp: Key.ARROW_UP, ArrowDown: Key.ARROW_DOWN,
  Home: Key.HOME, End: Key.END, PageUp: Key.PAGE_UP, PageDown: Key.PAGE_DOWN,
  Control: Key.CONTROL, Shift: Key.SHIFT, Alt: Key.ALT, Meta: Key.META,
};

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function startXvfb(): Promise<{ display: string; proc: ChildProcess }> {
  const proc = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '2000x1400x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d) => { err += String(d); });
  const display = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start:\n${err}`)), 15_000);
    (proc.stdio[3] as NodeJS.ReadableStream).once('data', (d) => { clearTimeout(timer); resolve(`:${String(d).trim()}`); });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Xvfb exited (${code}):\n${err}`)); });
  });
  return { display, proc };
}

/**
 * The browser's HTTP proxy: requests for the site under test are passed on to it, everything else
 * is refused and remembered. (Every request goes through it: the session's proxy has no noProxy
 * list, because WebKitGTK 2.50's MiniBrowser now and then crashes copying one — a segfault in
 * webkit_network_proxy_settings_new, after which WebKitWebDriver waits for it forever.)
 */
async function recordingProxy(origin: string, foreign: string[], alsoAllowed: readonly string[] = []): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    let target: URL | undefined;
    try { target = new URL(req.url ?? ''); } catch { /* not a proxy request */ }
    // the site, or (embed tests only) the test's second origin
    const site = target && (target.origin === origin || alsoAllowed.includes(target.origin)) ? new URL(target.origin) : undefined;
    if (!target || !site) {
      foreign.push(`${req.method} ${req.url}`);
      res.writeHead(403);
      res.end();
      return;
    }
    if (process.env['E2E_DEBUG']) process.stderr.write(`proxy: ${req.method} ${req.url}\n`);
    const upstream = httpRequest({
      host: site.hostname, port: site.port, method: req.method, path: target.pathname + target.search,
      headers: { ...req.headers, host: site.host },
    }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
    req.pipe(upstream);
  });
  server.on('connect', (req, socket: Socket) => {
    foreign.push(`CONNECT ${req.url}`); // (the site is plain http: anything tunnelled goes elsewhere)
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

/** `p`, or an error (with the driver's last output) if it has not settled after `ms`. */
async function within<T>(ms: number, what: string, log: () => string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`waited ${ms / 1000} s for ${what}; WebKitWebDriver said:\n${log()}`)), ms);
    })]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitForDriver(url: string, proc: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${proc.exitCode}`);
    try { if ((await fetch(`${url}/status`)).ok) return; } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('WebKitWebDriver did not answer on /status');
}

export async function launchWebKit(opts: LaunchOptions): Promise<BrowserDriver> {
  const cleanup: Array<() => Promise<void> | void> = [];
  const foreign: string[] = [];
  try {
    const home = mkdtempSync(join(tmpdir(), 'kmu-e2e-webkit-'));
    cleanup.push(() => rmSync(home, { recursive: true, force: true }));
    const config = join(home, '.config');
    mkdirSync(config, { recursive: true });
    // GLib's download folder (g_get_user_special_dir) comes from user-dirs.dirs
    writeFileSync(join(config, 'user-dirs.dirs'), `XDG_DOWNLOAD_DIR="${opts.downloadDir}"\n`);
    const xvfb = await startXvfb();
    cleanup.push(() => { xvfb.proc.kill(); });
    const proxy = await recordingProxy(opts.origin, foreign, opts.alsoAllowed);
    cleanup.push(() => new Promise<void>((r) => { proxy.server.close(() => r()); proxy.server.closeAllConnections(); }));
    const port = await freePort();
    const env = {
      ...process.env, DISPLAY: xvfb.display, HOME: home, XDG_CONFIG_HOME: config,
      XDG_DATA_HOME: join(home, '.local/share'), XDG_CACHE_HOME: join(home, '.cache'),
      // prefers-color-scheme follows the GTK theme's variant
      GTK_THEME: opts.colorScheme === 'dark' ? 'Adwaita:dark' : 'Adwaita',
      NO_AT_BRIDGE: '1',
    };
    // (the driver's and MiniBrowser's output, kept for the error message if the session does not start)
    const proc = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const keep = (d: Buffer) => { log = (log + String(d)).slice(-8000); if (process.env['E2E_DEBUG']) process.stderr.write(d); };
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    cleanup.push(() => { proc.kill(); });
    const url = `http://127.0.0.1:${port}`;
    await waitForDriver(url, proc);
    const driver: WebDriver = await within(60_000, 'WebKitWebDriver to start MiniBrowser', () => log, new Builder().disableEnvironmentOverrides().usingServer(url).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      proxy: { proxyType: 'manual', httpProxy: `127.0.0.1:${proxy.port}`, sslProxy: `127.0.0.1:${proxy.port}` },
      unhandledPromptBehavior: 'accept',
    }).build());
    cleanup.push(() => within(20_000, 'the WebDriver session to end', () => log, driver.quit()));
    const version = `WebKitGTK ${String((await driver.getCapabilities()).get('browserVersion'))}`;
    await driver.manage().setTimeouts({ script: 60_000 });
    const session = new Session(driver, await driver.getWindowHandle());
    return {
      engine: 'webkit',
      version,
      canGoOffline: false,
      async newPage() {
        // (selenium's newWindow switches to the new window but resolves to nothing: ask for its handle)
        const handle: string = await session.locked(async () => {
          await driver.switchTo().newWindow('window');
          return driver.getWindowHandle();
        });
        session.current = handle;
        const page = new WebKitPage(session, handle);
        await page.setViewport(opts.viewport);
        return page;
      },
      takeForeignRequests: () => foreign.splice(0),
      async close() {
        for (const c of cleanup.reverse()) { try { await c(); } catch { /* already gone */ } }
        cleanup.length = 0;
      },
    };
  } catch (err) {
    for (const c of cleanup.reverse()) { try { await c(); } catch { /* ignore */ } }
    throw err;
  }
}

/**
 * One WebDriver session shared by the pages (windows) of the browser; one command at a time.
 * The session's first window stays blank and open (closing the last window would end the
 * session); every page gets a window of its own, which closing the page really closes. (Reusing
 * a closed page's window, navigated to about:blank, now and then left the next page blank: its
 * document loaded but the app never mounted. See e2e/README.md.)
 */
class Session {
  current: string;
  #queue: Promise<unknown> = Promise.resolve();
  constructor(readonly driver: WebDriver, readonly home: string) { this.current = home; }
  locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }
  on<T>(handle: string, fn: (d: WebDriver) => Promise<T>): Promise<T> {
    return this.locked(async () => {
      if (this.current !== handle) { await this.driver.switchTo().window(handle); this.current = handle; }
      return fn(this.driver);
    });
  }
}

class WebKitPage implements PageDriver {
  constructor(private readonly s: Session, private readonly handle: string) {}
  #on<T>(fn: (d: WebDriver) => Promise<T>): Promise<T> { return this.s.on(this.handle, fn); }

  goto(url: string): Promise<void> { return this.#on((d) => d.get(url)); }
  reload(): Promise<void> { return this.#on((d) => d.navigate().refresh()); }
  async evaluate<R>(expression: string): Promise<R> {
    const r: { ok?: R; err?: string } = await this.#on((d) => d.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       Promise.resolve().then(() => (${expression})).then((v) => done({ ok: v === undefined ? null : v }),
         (e) => done({ err: String(e && e.stack || e) }));`));
    if (r.err !== undefined) throw new Error(`in the page: ${r.err}`);
    return r.ok as R;
  }
  type(text: string): Promise<void> {
    const keys = splitLines(text).flatMap((p) => ('enter' in p ? [Key.ENTER] : [p.text]));
    return this.#on((d) => d.actions().sendKeys(...keys).perform());
  }
  press(chord: string): Promise<void> {
    const { modifiers, key } = parseChord(chord);
    const k = KEYS[key] ?? (modifiers.length ? key.toLowerCase() : key);
    return this.#on(async (d) => {
      let a = d.actions();
      for (const m of modifiers) a = a.keyDown(KEYS[m] ?? m);
      a = a.sendKeys(k);
      for (const m of [...modifiers].reverse()) a = a.keyUp(KEYS[m] ?? m);
      await a.perform();
    });
  }
  mouseMove(x: number, y: number): Promise<void> {
    return this.#on((d) => d.actions().move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT }).perform());
  }
  mouseClick(x: number, y: number, clickCount: number): Promise<void> {
    return this.#on(async (d) => {
      let a = d.actions().move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT });
      for (let i = 0; i < clickCount; i++) a = a.press().release();
      await a.perform();
    });
  }
  async wheel(x: number, y: number, deltaY: number) {
    await this.#on((d) => d.actions().scroll(Math.round(x), Math.round(y), 0, Math.round(deltaY), Origin.VIEWPORT).perform());
  }
  async setViewport(size: { width: number; height: number }) {
    return this.#on(async (d) => {
      // the window has a toolbar: grow the window by the difference between outer and inner size
      let inner: [number, number] = await d.executeScript('return [innerWidth, innerHeight]');
      const rect = await d.manage().window().getRect();
      for (let i = 0; i < 3 && (inner[0] !== size.width || inner[1] !== size.height); i++) {
        const cur = await d.manage().window().getRect();
        await d.manage().window().setRect({
          x: rect.x, y: rect.y,
          width: cur.width + size.width - inner[0], height: cur.height + size.height - inner[1],
        });
        const next: [number, number] = await d.executeScript('return [innerWidth, innerHeight]');
        if (next[0] === inner[0] && next[1] === inner[1]) break; // (the window cannot get smaller)
        inner = next;
      }
      return { width: inner[0], height: inner[1] };
    });
  }
  async screenshot(path: string) {
    const png: string = await this.#on((d) => d.takeScreenshot());
    writeFileSync(path, Buffer.from(png, 'base64'));
  }
  setInputFile(selector: string, file: string): Promise<void> {
    return this.#on(async (d) => { await d.findElement(By.css(selector)).sendKeys(file); });
  }
  /**
   * WebKit lets no script touch the clipboard without a user gesture, so the clipboard is used the
   * way a person does: a scratch textarea, selected, and a real Control+c (or Control+v to read);
   * then the scratch goes and the focus returns where it was.
   */
  async writeClipboard(text: string): Promise<void> {
    await this.#scratch(text, 'c');
  }
  readClipboard(): Promise<string> {
    return this.#scratch('', 'v');
  }
  #scratch(text: string, key: 'c' | 'v'): Promise<string> {
    return this.#on(async (d) => {
      await d.executeScript(`
        const ta = document.createElement('textarea');
        ta.id = '__e2e_clipboard';
        ta.style.cssText = 'position:fixed;left:0;top:0;width:20px;height:20px;opacity:0;z-index:2147483647';
        ta.value = arguments[0];
        // done once the copy, or the paste and its insertion, have happened
        ta.addEventListener('copy', () => { ta.dataset.done = '1'; });
        ta.addEventListener('paste', () => { setTimeout(() => { ta.dataset.done = '1'; }, 0); });
        window.__e2eFocusBefore = document.activeElement;
        document.body.append(ta);
        ta.focus();
        ta.select();`, text);
      await d.actions().keyDown(Key.CONTROL).sendKeys(key).keyUp(Key.CONTROL).perform();
      const deadline = Date.now() + 5000;
      while (!(await d.executeScript("return document.getElementById('__e2e_clipboard').dataset.done === '1'"))) {
        if (Date.now() > deadline) throw new Error(`WebKit: Control+${key} in a textarea did not ${key === 'c' ? 'copy' : 'paste'}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return d.executeScript(`
        const ta = document.getElementById('__e2e_clipboard');
        const value = ta.value;
        ta.remove();
        const before = window.__e2eFocusBefore;
        delete window.__e2eFocusBefore;
        if (before && before !== document.body && before.isConnected) before.focus();
        return value;`);
    });
  }
  async setOffline(): Promise<void> {
    throw new Error('WebKitWebDriver cannot take a page offline');
  }
  close(): Promise<void> {
    return this.s.locked(async () => {
      const d = this.s.driver;
      if (this.s.current !== this.handle) await d.switchTo().window(this.handle);
      await d.close();
      await d.switchTo().window(this.s.home);
      this.s.current = this.s.home;
    });
  }
}
