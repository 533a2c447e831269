/**
 * The network build offline (issue 15, item 4), against the BUILT site with its service worker
 * (scripts/pwa.ts, src/sw/sw.ts):
 *
 * 1. Visited once, then cut off the network and reloaded: the page comes from the service worker,
 *    and the imSymKey example runs, and one command of each lazily loaded part — key_mgmt_util, a
 *    key pair (asymmetric crypto and its worker), cloudhsm_mgmt_util, the CloudHSM CLI, a lesson.
 *    A file the worker never kept really fails: the browser is offline.
 * 2. A new build is deployed and the old files are gone from the server, while a tab of the old
 *    version is open: that tab is told a new version is ready, still opens a lazy panel (its files
 *    come from the old version's cache: the server no longer has them), and its "Reload" gets
 *    the new version; the old version's cache is then pruned.
 *
 * The site is served from a copy (test-results/offline-site) so the test can swap the build under
 * the server. The "new" build is the same source built again with a marker appended to every
 * module of src/, so every chunk of ours gets a new name. Offline, the page's test-only init script
 * (/__e2e/init.js, never kept by the worker) does not load, so uncaught errors of an offline page
 * are not collected; the test reads the terminal instead.
 *
 * Engines: the offline reload in Chromium only (see the test: Firefox's driver leaves the service
 * worker online, WebKit's cannot go offline); the new deployment, which needs no offline, everywhere.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { beforeAll, expect, it } from 'vitest';
import { productionBuild } from '../bench/production-build';
import { seriousViolations } from './axe';
import { describeE2E, usePlayground, type Term } from './harness';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SITE = 'test-results/offline-site';
const NEXT = join(ROOT, 'test-results', 'offline-next');
const KMU = 'Command: ';
const CMU = 'aws-cloudhsm>';
const CLI = 'aws-cloudhsm > ';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const SLOW = 60_000;

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n), `${prefix}${n}/`) : [`${prefix}${n}`]));
}

/** Put a build where the server serves from (the old files go). */
function deploy(from: string): void {
  const site = join(ROOT, SITE);
  rmSync(site, { recursive: true, force: true });
  mkdirSync(site, { recursive: true });
  cpSync(from, site, { recursive: true });
}

/** Every module of ours gets a side effect more: a build whose chunks all have new names. */
const nextVersion: Plugin = {
  name: 'e2e-next-version',
  enforce: 'post',
  transform(code, id) {
    if (id.includes('?') || !id.startsWith(join(ROOT, 'src')) || !/\.(ts|svelte)$/.test(id)) return null;
    return `${code}\n;globalThis.__kmuNextBuild = 1;\n`;
  },
};

const entryScript = (html: string) => /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];

/** The service worker controls the tab (the first visit: once it has installed and claimed it). */
async function controlled(t: Term): Promise<void> {
  await t.page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const deadline = Date.now() + 30_000;
    while (!navigator.serviceWorker.controller && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (!navigator.serviceWorker.controller) throw new Error('no service worker controls the page');
  });
}

/**
 * The server no longer has the old build's file: `vite preview` answers an unknown path with the
 * page (its SPA fallback) rather than 404, so compare with the old build's bytes.
 */
async function goneFromServer(origin: string, path: string): Promise<boolean> {
  const res = await fetch(`${origin}${path}`);
  if (res.status !== 200) return true;
  return !Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(ROOT, 'dist', path)));
}

const handleOf = (out: string) => Number(/Key (?:Created|Unwrapped)\.  Key Handle: (\d+)/.exec(out)![1]);

describeE2E('offline: the network build as a PWA', (engine) => {

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'sw.js'))) throw new Error('dist/sw.js is missing: npm run build first');
    deploy(join(ROOT, 'dist'));
    rmSync(NEXT, { recursive: true, force: true });
    await productionBuild({
      root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent',
      plugins: [nextVersion], build: { outDir: NEXT, emptyOutDir: true },
    });
  }, 180_000);

  const pg = usePlayground(import.meta.url, engine, { outDir: SITE });

  // Offline needs a driver that cuts the service worker off too. WebKit's classic WebDriver cannot go
  // offline at all; Firefox's (puppeteer over WebDriver BiDi) takes the page offline but not its
  // service worker, whose fetches still reach the server (measured: a file the worker never kept
  // was fetched "offline"), so the offline reload would prove nothing there.
  it.skipIf(engine !== 'chromium')('visited once, it reloads offline and runs the imSymKey example and every lazily loaded part', async () => {
    const t = await pg.open();
    await controlled(t);
    await pg.setOffline(t, true);
    await pg.reload(t);
    // (a file the worker never kept fails: the browser really is offline)
    expect(await t.page.evaluate(() => fetch(`/never-kept-${Date.now()}.txt`).then(() => 'fetched', () => 'failed'))).toBe('failed');

    // the imSymKey example (key_mgmt_util, loaded on first use)
    expect(await t.run('openssl rand -out aes256.key 32')).toBe('');
    await t.run('key_mgmt_util', { next: KMU });
    expect(await t.run(LOGIN)).toContain('Cfm3LoginHSM returned: 0x00');
    const W = handleOf(await t.run('genSymKey -t 31 -s 32 -l offline-wrapping'));
    const K = handleOf(await t.run(`imSymKey -f aes256.key -w ${W} -t 31 -l offline-imported`));
    expect(await t.run(`getAttribute -o ${K} -a 371 -out kcv.txt`)).toContain('Cfm3GetAttribute returned: 0x00');
    // a key pair: the asymmetric code and the key-generation worker
    expect(await t.run('genRSAKeyPair -m 2048 -e 65537 -l offline-rsa', { timeoutMs: SLOW })).toMatch(/returned: 0x00/);
    await t.run('exit', { next: '$ ' });
    expect(await t.run('cat kcv.txt')).toMatch(/OBJ_ATTR_KCV\s*\n\s*0x[0-9a-f]{6}/i);

    // cloudhsm_mgmt_util
    expect(await t.run('cloudhsm_mgmt_util', { next: CMU })).toContain('Connected to server');
    expect(await t.run('listUsers')).toMatch(/example_user/);
    await t.run('quit', { next: '$ ' });

    // the CloudHSM CLI
    expect(await t.run('cloudhsm-cli interactive', { next: CLI })).toBe('');
    expect(await t.run('login --username example_user --role crypto-user --password example_pwd')).toContain('"error_code": 0');
    expect(await t.run('key list --filter attr.label=offline-imported')).toContain('"total_key_count": 1');
    expect(await t.run('quit', { next: '$ ' })).toBe('');

    // a lesson, in its panel
    await t.page.getByRole('button', { name: 'Lessons' }).click();
    await t.page.getByTestId('lesson-catalog').locator('button', { hasText: 'Import a plaintext key with imSymKey' }).click();
    await t.page.getByTestId('lesson-terminals').waitFor();
    await expect.poll(() => t.page.getByTestId('lesson-step').innerText(), { timeout: 15_000 }).toMatch(/^Step 1 of 3: /);
    await t.screenshot('offline');
    await pg.setOffline(t, false);
  });

  it('a new build deployed, the old files gone: the open tab is told, keeps working (a lazy panel), and its Reload gets the new version', async () => {
    const t = await pg.open();
    await controlled(t);
    const oldEntry = entryScript(readFileSync(join(ROOT, SITE, 'index.html'), 'utf8'));
    const oldFiles = new Set(files(join(ROOT, SITE)));
    deploy(NEXT);
    const newEntry = entryScript(readFileSync(join(NEXT, 'index.html'), 'utf8'));
    expect(newEntry).toBeDefined();
    expect(newEntry).not.toBe(oldEntry);
    const gone = [...oldFiles].filter((f) => !existsSync(join(ROOT, SITE, f)));
    expect(gone.length).toBeGreaterThan(5);
    expect(await goneFromServer(pg.origin, oldEntry!)).toBe(true);

    // the browser looks for a new worker when a page of the site is opened (here: a second tab)
    const other = await pg.open();
    await t.page.getByTestId('update-notice').waitFor(60_000);
    expect(await t.page.getByTestId('update-notice').innerText()).toMatch(/new version of the playground is ready/);
    expect(await seriousViolations(t.page, '[data-testid="update-notice"]')).toEqual([]);
    await other.page.close();
    // the new version waits: it does not take over the open tab by itself (no skipWaiting)
    await new Promise((r) => setTimeout(r, 2000));
    expect(await t.page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return { waiting: Boolean(r?.waiting), versions: (await caches.keys()).filter((n) => n.startsWith('kmu-playground-v-')).length };
    })).toEqual({ waiting: true, versions: 2 });

    // the old tab opens what it had not loaded yet: cloudhsm_mgmt_util and the lessons panel
    const before = await t.page.evaluate(() => performance.getEntriesByType('resource').length);
    expect(await t.run('cloudhsm_mgmt_util', { next: CMU })).toContain('Connected to server');
    await t.run('quit', { next: '$ ' });
    await t.page.getByRole('button', { name: 'Lessons' }).click();
    await t.page.getByTestId('lesson-catalog').waitFor();
    const loaded = await t.page.evaluate((n) => performance.getEntriesByType('resource').slice(n).map((e) => new URL(e.name).pathname), before);
    const lazyGone = loaded.filter((p) => gone.includes(p.slice(1)));
    expect(lazyGone.length, `files the old tab loaded after the deployment: ${loaded.join(', ')}`).toBeGreaterThan(0);
    for (const p of lazyGone) expect(await goneFromServer(pg.origin, p), p).toBe(true);

    // Reload: the new worker takes over, the tab reloads into the new version
    await t.page.getByTestId('update-notice').locator('button', { hasText: 'Reload' }).click();
    await expect.poll(() => t.page.evaluate(() => document.querySelector('script[type="module"][src]')?.getAttribute('src') ?? null)
      .catch(() => null), { timeout: 30_000 }).toBe(newEntry);
    await t.waitForPrompt('$ ');
    expect(await t.run('openssl rand -out after-update.key 16')).toBe('');
    expect(await t.run('ls')).toMatch(/after-update\.key/);
    // the old version's cache is pruned once no tab of it is left
    await expect.poll(() => t.page.evaluate(() => caches.keys().then((k) => k.filter((n) => n.startsWith('kmu-playground-v-')).length)),
      { timeout: 15_000 }).toBe(1);
    expect(await t.page.getByTestId('update-notice').count()).toBe(0);
  });
});
