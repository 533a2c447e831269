/**
 * The network build offline (issue 15, item 4), against the BUILT site with its service worker
 * (scripts/pwa.ts, src/sw/sw.ts):
 *
 * 1. Visited once, then cut off the network and reloaded: the page comes from the service worker,
 *    and the imSymKey example runs, and one command of each lazily loaded part — key_mgmt_util, a
 *    key pair (asymmetric crypto and its worker), cloudhsm_mgmt_util, the CloudHSM CLI, a lesson.
 *    A file the worker never kept really fails: the browser is offline.
 * 2. A new build is deployed and the old files are gone from the server, while a tab of the old
 *    version is open: that tab is told a new version is ready, the new version waits (it does not
 *    take the tab over), the old version's cache stays, and the tab still runs lazy parts it had
 *    never loaded — cloudhsm_mgmt_util and the lessons panel, whose old chunks the server no longer
 *    has, so they can only come from the old version's cache; its "Reload" then gets the new
 *    version, and the old version's cache is pruned.
 * 3. Negative controls: the same deployment with a deliberately faulty worker as the new version
 *    (src/sw/faults.ts: skipWaiting at install; pruning the old cache at install; both skipWaiting
 *    and pruning at activation), each on a server and browser profile of its own — the deployment
 *    check of 2 must report the failure (the tab taken over, the old chunk not loading). Firefox
 *    and WebKit run all three, Chromium the pruning one (see CONTROLS for why).
 *
 * The site is served from a copy (test-results/offline-site) so the test can swap the build under
 * the server. The "new" build is the same source built again with a marker appended to every
 * module of src/, so every chunk of ours gets a new name. Offline, the page's test-only init script
 * (/__e2e/init.js, never kept by the worker) does not load, so uncaught errors of an offline page
 * are not collected; the test reads the terminal instead.
 *
 * Engines: the offline reload in Chromium only (see the test: Firefox's driver leaves the service
 * worker online, WebKit's cannot go offline); the new deployment, which needs no offline, everywhere;
 * its negative controls in every engine, Chromium only the pruning one (see CONTROLS).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { productionBuild } from '../bench/production-build';
import { SW_FILE, buildVersion, bundleWorker, filesToKeep } from '../scripts/pwa';
import type { SwFault } from '../src/sw/faults';
import { seriousViolations } from './axe';
import { describeE2E, usePlayground, type Engine, type Playground, type Term } from './harness';

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

/** Put a build where a server serves from (`site`, relative to the root; the old files go). */
function deploy(site: string, from: string): void {
  const dir = join(ROOT, site);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(from, dir, { recursive: true });
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

/** The "new" build, made once per run (every engine's tests use it). */
let nextBuilt: Promise<void> | undefined;
const buildNext = () => (nextBuilt ??= (async () => {
  rmSync(NEXT, { recursive: true, force: true });
  await productionBuild({
    root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent',
    plugins: [nextVersion], build: { outDir: NEXT, emptyOutDir: true },
  });
})());

/**
 * The new build with a deliberately faulty worker as its /sw.js (src/sw/faults.ts, bundled by
 * scripts/pwa.ts as a test-only variant), listing the same files under a version of its own.
 */
async function faultyNext(faults: readonly SwFault[]): Promise<string> {
  await buildNext();
  const dir = join(ROOT, 'test-results', `offline-next-${faults.join('+')}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(NEXT, dir, { recursive: true });
  const kept = files(dir).filter((f) => f !== SW_FILE && !f.endsWith('.map'));
  const version = buildVersion([...kept.map((f) => [f, readFileSync(join(dir, f))] as const), ['faults', faults.join('+')]]);
  writeFileSync(join(dir, SW_FILE), await bundleWorker(ROOT, { version, files: filesToKeep(kept) }, { faults }));
  return dir;
}

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

/** The page's resources so far (paths), in the order loaded. */
const resources = (t: Term) => t.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));

/** First lines of an error, for a problem's text. */
const brief = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n').slice(0, 4).join(' | ');

/**
 * The deployment check. A tab of the old version is open (`t`, controlled by its worker); a new
 * build (`next`) replaces the old one on the server (`site`), the old files gone. Returns what went
 * wrong, in words ([] when nothing did):
 * - the tab is not told a new version is ready;
 * - the new version does not wait (it took the open tab over without the learner's say), or the
 *   tab's controller changed before its Reload;
 * - the old version's cache is gone while the tab is open;
 * - the tab cannot run cloudhsm_mgmt_util or open the lessons panel, whose chunks it had NOT loaded
 *   before the deployment and the server no longer has (so they can only come from the old cache),
 *   or it loaded none of the old build's files for them;
 * - an uncaught error in the page.
 * What the scenario itself needs (a new build with other names, the old entry and the old
 * cloudhsm_mgmt_util chunk really gone from the server, that chunk not loaded before) is asserted.
 */
async function deploymentCheck(pg: Playground, t: Term, site: string, next: string): Promise<{ problems: string[]; newEntry: string }> {
  const problems: string[] = [];
  await controlled(t);
  await t.page.evaluate(() => {
    const w = window as unknown as { __kmuControllerChanges: number };
    w.__kmuControllerChanges = 0;
    performance.setResourceTimingBufferSize(2000); // (the default 250 entries could drop the ones looked for)
    navigator.serviceWorker.addEventListener('controllerchange', () => { w.__kmuControllerChanges++; });
  });
  const loadedBefore = new Set(await resources(t));
  const oldEntry = entryScript(readFileSync(join(ROOT, site, 'index.html'), 'utf8'));
  const oldFiles = new Set(files(join(ROOT, site)));
  deploy(site, next);
  const newEntry = entryScript(readFileSync(join(next, 'index.html'), 'utf8'));
  expect(newEntry).toBeDefined();
  expect(newEntry).not.toBe(oldEntry);
  const gone = new Set([...oldFiles].filter((f) => !existsSync(join(ROOT, site, f))));
  expect(gone.size).toBeGreaterThan(5);
  expect(await goneFromServer(pg.origin, oldEntry!)).toBe(true);
  // the lazy chunk the tab will need: of the old build, never loaded by the tab, gone from the server
  const cmuChunk = [...gone].find((f) => /^assets\/cmu-[\w-]{8}\.js$/.test(f)); // (its own chunk: scripts/chunk-groups.ts)
  expect(cmuChunk, 'the old build\'s cloudhsm_mgmt_util chunk').toBeDefined();
  expect(loadedBefore.has(`/${cmuChunk}`), `${cmuChunk} was loaded before the deployment`).toBe(false);
  expect(await goneFromServer(pg.origin, `/${cmuChunk}`)).toBe(true);

  // the tab looks for a new version (as it does every 30 minutes, when it becomes visible again or
  // when the network comes back), rather than opening a second tab for it: one page of the old
  // version, nothing else that could hold the old worker (see CONTROLS for Chromium's skipWaiting).
  await t.page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
  try {
    // (the new version installed — 130 files — then the notice, quickly: a control that breaks it waits less)
    await t.page.waitForFunction(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return !r?.installing && (Boolean(r?.waiting) || (window as unknown as { __kmuControllerChanges: number }).__kmuControllerChanges > 0);
    }, undefined, { timeout: 60_000 });
    await t.page.getByTestId('update-notice').waitFor(10_000);
    const said = await t.page.getByTestId('update-notice').innerText();
    if (!/new version of the playground is ready/.test(said)) problems.push(`the update notice says: ${said}`);
    expect(await seriousViolations(t.page, '[data-testid="update-notice"]')).toEqual([]);
  } catch (err) {
    problems.push(`the open tab was not told of the new version: ${brief(err)}`);
  }
  // the new version waits: it does not take over the open tab by itself (no skipWaiting), and the
  // old version's files stay in its cache (checked now, and again after the lazy parts)
  const swState = async (when: string) => {
    const state = await t.page.evaluate(async (chunk) => {
      const r = await navigator.serviceWorker.getRegistration();
      return {
        waiting: Boolean(r?.waiting),
        changes: (window as unknown as { __kmuControllerChanges: number }).__kmuControllerChanges,
        oldKept: (await caches.match(`/${chunk}`, { ignoreVary: true })) !== undefined,
      };
    }, cmuChunk);
    if (!state.waiting) problems.push(`${when}: no new version waits (it took over by itself)`);
    if (state.changes > 0) problems.push(`${when}: the open tab's controller changed before its Reload`);
    if (!state.oldKept) problems.push(`${when}: the old version's cache no longer holds ${cmuChunk}`);
  };
  await new Promise((r) => setTimeout(r, 3000));
  await swState('after the install');

  // the old tab opens what it had not loaded yet: cloudhsm_mgmt_util and the lessons panel
  const before = (await resources(t)).length;
  try {
    const out = await t.run('cloudhsm_mgmt_util', { next: CMU, timeoutMs: 20_000 });
    if (!out.includes('Connected to server')) problems.push(`cloudhsm_mgmt_util in the open tab said: ${out}`);
    await t.run('quit', { next: '$ ' });
  } catch (err) {
    problems.push(`cloudhsm_mgmt_util did not start in the open tab: ${brief(err)}`);
  }
  try {
    await t.page.getByRole('button', { name: 'Lessons' }).click();
    await t.page.getByTestId('lesson-catalog').waitFor();
  } catch (err) {
    problems.push(`the lessons panel did not open in the open tab: ${brief(err)}`);
  }
  await swState('after the lazy parts');
  const loaded = (await resources(t)).slice(before);
  const lazyGone = loaded.filter((p) => gone.has(p.slice(1)));
  if (!lazyGone.includes(`/${cmuChunk}`)) problems.push(`the open tab did not load ${cmuChunk} after the deployment (it loaded: ${loaded.join(', ')})`);
  if (lazyGone.length < 2) problems.push(`the open tab loaded ${lazyGone.length} file(s) of the old build after the deployment: ${loaded.join(', ')}`);
  for (const p of lazyGone) expect(await goneFromServer(pg.origin, p), p).toBe(true);
  const errors = await t.page.evaluate(() => (window as unknown as { __e2e?: { errors: string[] } }).__e2e?.errors.splice(0) ?? []);
  for (const e of errors) problems.push(`uncaught in the page: ${e.split('\n')[0]}`);
  return { problems, newEntry: newEntry! };
}

const handleOf = (out: string) => Number(/Key (?:Created|Unwrapped)\.  Key Handle: (\d+)/.exec(out)![1]);

describeE2E('offline: the network build as a PWA', (engine) => {

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'sw.js'))) throw new Error('dist/sw.js is missing: npm run build first');
    deploy(SITE, join(ROOT, 'dist'));
    await buildNext();
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

  it('a new build deployed, the old files gone: the open tab is told, keeps working (lazy parts it had not loaded), and its Reload gets the new version', async () => {
    const t = await pg.open();
    const { problems, newEntry } = await deploymentCheck(pg, t, SITE, NEXT);
    expect(problems).toEqual([]);

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

  // Negative controls: the deployment check must be able to fail. The same scenario with a new
  // version whose worker is deliberately faulty (src/sw/faults.ts), each on a server (origin) and
  // browser profile of its own, so no worker of another scenario is registered; each waits out the
  // failures it provokes (about half a minute).
  // - Chromium runs the pruning fault only. Under its driver (Playwright over CDP, attached to the
  //   service workers) a worker that called skipWaiting at install while a tab was open stayed
  //   "installed" for more than 45 s: Chromium activates it only once the old worker has no work
  //   (at most after a 5-minute "lame duck" time), and an old worker with DevTools attached does not
  //   go idle — so no takeover happens while the check looks. test/sw/sw.test.ts covers the case.
  // - Firefox and WebKit run all three: there the skipWaiting worker takes the open tab over at once.
  // Measured (2-core machine): Chromium 58 s for its one control; Firefox 25 / 54 / 56 s; WebKit
  // 9 / 54 / 53 s (skip-waiting / prune-at-install / both with pruning at activation).
  const CONTROLS: ReadonlyArray<{ faults: SwFault[]; engines: readonly Engine[]; reports: RegExp[] }> = [
    { faults: ['skip-waiting'], engines: ['firefox', 'webkit'], reports: [/no new version waits/, /controller changed before its Reload/] },
    {
      faults: ['prune-at-install'], engines: ['chromium', 'firefox', 'webkit'],
      reports: [/^after the install: the old version's cache no longer holds/, /^cloudhsm_mgmt_util did not start in the open tab/],
    },
    {
      faults: ['skip-waiting', 'prune-at-activate'], engines: ['firefox', 'webkit'],
      reports: [/no new version waits/, /controller changed before its Reload/, /the old version's cache no longer holds/, /^cloudhsm_mgmt_util did not start in the open tab/],
    },
  ];
  for (const control of CONTROLS) {
    const name = control.faults.join('+');
    describe.skipIf(!control.engines.includes(engine))(`negative control: the new version's worker is faulty (${name})`, () => {
      const site = `test-results/offline-site-${name}`;
      let next = '';
      beforeAll(async () => {
        deploy(site, join(ROOT, 'dist'));
        next = await faultyNext(control.faults);
      }, 180_000);
      const npg = usePlayground(import.meta.url, engine, { outDir: site });

      it('the deployment check reports the failure', async () => {
        // (as in the test above: a first visit installs the old version, then the tab of the check
        // opens under it)
        const first = await npg.open();
        await controlled(first);
        await first.page.close();
        const t = await npg.open();
        const { problems } = await deploymentCheck(npg, t, site, next);
        for (const re of control.reports) expect(problems, `the check should report ${re}`).toContainEqual(expect.stringMatching(re));
      }, 180_000);
    });
  }
});
