/**
 * The single-file build opened from disk, with no network and no server (issue 15, item 4 and its
 * "offline" acceptance): `dist-single/index.html` as a file:// page runs the imSymKey example and
 * one command of each lazily loaded part — key_mgmt_util, a key pair (and its worker), the upload of
 * a file into the playground, cloudhsm_mgmt_util, the CloudHSM CLI, a lesson (its scenario loaded
 * into a lesson playground: the guide's imSymKey example, handle 262180) — keeps its data across
 * a reload, stores it in the single file's own databases (never the network build's names), and
 * fetches nothing but the file itself (the favicon beside it at most).
 *
 * Going offline: Chromium and Firefox cut the page off the network first (driver.setOffline);
 * WebKit's classic WebDriver cannot (e2e/README.md), so there the check that nothing is fetched —
 * every request goes through the adapter's proxy, and only the file:// page is allowed — stands for it.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, type Term } from './harness';

const ROOT = resolve(import.meta.dirname, '..');
const HTML = join(ROOT, 'dist-single', 'index.html');
const KMU = 'Command: ';
const CMU = 'aws-cloudhsm>';
const CLI = 'aws-cloudhsm > ';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const SLOW = 120_000;

const SUCCESS = (op: string) => new RegExp(`^\\s*${op} returned: 0x00 : HSM Return: SUCCESS$`, 'm');
const handleOf = (out: string, verb: string) => {
  const m = new RegExp(`Key ${verb}\\.\\s+Key Handle: (\\d+)`).exec(out);
  if (!m) throw new Error(`no "Key ${verb}. Key Handle" in:\n${out}`);
  return Number(m[1]);
};

/** The page's uncaught errors go where the harness reads them (a file:// page gets no init script from the preview server). */
async function catchErrors(t: Term): Promise<void> {
  await t.page.evaluate(() => {
    const w = window as unknown as { __e2e?: { errors: string[] } };
    const e2e = (w.__e2e ??= { errors: [] });
    addEventListener('error', (e) => { e2e.errors.push(e.error?.stack ? String(e.error.stack) : e.message); });
    addEventListener('unhandledrejection', (e) => { e2e.errors.push(`unhandled rejection: ${String((e.reason as Error)?.stack ?? e.reason)}`); });
  });
}

const databases = (t: Term) => t.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort());

describeE2E('the single-file build from file://, offline', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('runs the imSymKey example and a command of each lazily loaded part, keeps its own databases, fetches nothing', async () => {
    if (!existsSync(HTML)) throw new Error('dist-single/index.html is missing: npm run build:single first');
    const url = pathToFileURL(HTML).href;
    const t = await pg.open();
    pg.foreignRequests.splice(0); // (what the served page fetched: not this test's business)
    const offline = pg.canGoOffline;
    if (offline) await pg.setOffline(t, true);
    console.log(`${pg.version}: ${offline ? 'offline' : 'cannot go offline (no network emulation); nothing may be fetched'}`);
    await t.page.driver.goto(url);
    await t.waitForPrompt('$ ');
    await catchErrors(t);
    expect(await t.page.evaluate(() => location.protocol)).toBe('file:');

    // the imSymKey example (key_mgmt_util loads on first use: inside the file)
    expect(await t.run('openssl rand -out aes256.key 32')).toBe('');
    await t.run('key_mgmt_util', { next: KMU });
    expect(await t.run(LOGIN)).toMatch(SUCCESS('Cfm3LoginHSM'));
    const w = handleOf(await t.run('genSymKey -t 31 -s 32 -l wrapping-key'), 'Created');
    const imported = await t.run(`imSymKey -f aes256.key -w ${w} -t 31 -l imported`);
    for (const op of ['Cfm3WrapHostKey', 'Cfm3CreateUnwrapTemplate', 'Cfm3UnWrapKey']) expect(imported).toMatch(SUCCESS(op));
    handleOf(imported, 'Unwrapped');

    // a key pair (the asymmetric crypto, loaded on first use)
    const pair = await t.run('genECCKeyPair -i 2 -l single-ec', { timeoutMs: SLOW });
    expect(pair).toMatch(SUCCESS('Cfm3GenerateKeyPair'));
    expect(pair).toMatch(/Cfm3GenerateKeyPair:    public key handle: \d+    private key handle: \d+/);

    // a file imported into the playground from the learner's disk, offline, used by a command
    await t.page.setInputFiles('input[type=file]', { name: 'brought.key', buffer: Buffer.alloc(32, 0x5a) });
    await expect.poll(() => t.page.locator('.files').innerText()).toMatch(/brought\.key\s+32 bytes/);
    const brought = await t.run(`imSymKey -f brought.key -w ${w} -t 31 -l brought`);
    expect(brought).toMatch(SUCCESS('Cfm3UnWrapKey'));
    await t.run('exit', { next: '$ ' });

    // cloudhsm_mgmt_util
    await t.run('cloudhsm_mgmt_util', { next: CMU });
    expect(await t.run('listUsers')).toMatch(/example_user/);
    await t.run('quit', { next: '$ ' });

    // the CloudHSM CLI
    expect(await t.run('cloudhsm-cli interactive', { next: CLI })).toBe('');
    const login = JSON.parse(await t.run('login --username example_user --role crypto-user --password example_pwd')) as { error_code: number };
    expect(login.error_code).toBe(0);
    const keys = JSON.parse(await t.run('key list --filter attr.label=imported')) as { error_code: number; data: { matched_keys: unknown[] } };
    expect(keys.error_code).toBe(0);
    expect(keys.data.matched_keys).toHaveLength(1);
    await t.run('quit', { next: '$ ' });

    // a lesson: its scenario loads into a lesson playground of its own, and the guide's example gives the guide's handle
    await t.page.getByRole('button', { name: 'Lessons' }).click();
    await t.page.getByTestId('lesson-catalog').locator('button', { hasText: 'Import a plaintext key with imSymKey' }).click();
    await t.page.getByTestId('lesson-terminals').waitFor();
    await expect.poll(() => t.page.getByTestId('lesson-step').innerText(), { timeout: 15_000 }).toMatch(/^Step 1 of 3: /);
    await t.waitForPrompt('$ ');
    await t.run('key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    expect(await t.run('imSymKey -f aes256.key -w 20 -t 31 -l imported')).toMatch(/Symmetric Key Unwrapped\.\s+Key Handle: 262180/);
    await expect.poll(() => t.page.getByTestId('lesson-step').innerText()).toMatch(/^Step 2 of 3: /);
    await t.run('exit', { next: '$ ' });
    await t.page.getByTestId('lesson-leave').click();
    await expect.poll(() => t.page.getByTestId('lesson-terminals').count()).toBe(0);

    // the single file's own databases, none of the network build's
    const names = await databases(t);
    expect(names).toEqual(expect.arrayContaining(['kmu-playground-single', 'kmu-playground-single-lessons', 'kmu-playground-single-lesson-imsymkey-import']));
    expect(names.filter((n) => !n.startsWith('kmu-playground-single'))).toEqual([]);

    // a reload, still offline: the page comes back from the file, with the playground as it was
    await t.page.driver.reload();
    await t.waitForPrompt('$ ');
    await catchErrors(t);
    expect(await t.run('ls')).toMatch(/aes256\.key[\s\S]*brought\.key|brought\.key[\s\S]*aes256\.key/);
    await t.run('key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    expect(await t.run('findKey -l brought')).toMatch(/number of keys matched from start index 0::0/);
    await t.run('exit', { next: '$ ' });
    await t.page.close();

    // nothing was fetched but the file itself (and the favicon beside it): no chunk, no wasm, no worker file
    const requests = pg.foreignRequests.splice(0);
    const allowed = new Set([url, pathToFileURL(join(ROOT, 'dist-single', 'favicon.svg')).href]);
    expect(requests.map((r) => r.replace(/^GET /, '')).filter((u) => !allowed.has(u))).toEqual([]);
  }, 4 * SLOW);
});
