/**
 * A playground moved onto a machine with no network (issue 15, item 4: "a lesson or scenario file
 * can be imported into [the single-file build] offline"): exported from the site as a playground
 * file (item 3's Settings dialog), then imported into the single-file build opened from file://
 * with the network cut — the same keys (same KCVs) and files come back, in the single file's own
 * database.
 *
 * Needs item 3 (src/hsm/playground-file.ts and Settings' dialogs, branch xport) merged: it drives
 * those dialogs as playground-transfer.e2e.ts does.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, type Term } from './harness';

const ROOT = resolve(import.meta.dirname, '..');
const HTML = join(ROOT, 'dist-single', 'index.html');
const KMU = 'Command: ';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';

const handleOf = (out: string) => Number(/Key Handle: (\d+)/.exec(out)![1]);

/** The KCV of key `h` (leaves the terminal at `$ `). */
async function kcv(t: Term, h: number): Promise<string> {
  await t.run('key_mgmt_util', { next: KMU });
  await t.run(LOGIN);
  expect(await t.run(`getAttribute -o ${h} -a 371 -out kcv.txt`)).toMatch(/Attributes dumped/);
  await t.run('exit', { next: '$ ' });
  const m = /OBJ_ATTR_KCV\s*\n\s*0x([0-9a-f]{6})/.exec(await t.run('cat kcv.txt'));
  await t.run('rm kcv.txt');
  return m![1]!;
}

describeE2E('a playground file imported into the single-file build offline', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('exported from the site, imported from file:// with no network: same keys and files', async () => {
    if (!existsSync(HTML)) throw new Error('dist-single/index.html is missing: npm run build:single first');
    // on the site: a key and a file, exported
    const t = await pg.open();
    await t.run('openssl rand -out carried.bin 24');
    await t.run('key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    const h = handleOf(await t.run('genSymKey -t 31 -s 32 -l carried-aes'));
    await t.run('exit', { next: '$ ' });
    const before = await kcv(t, h);
    // (the side panels settle first: a real click lands where the button is after kcv.txt left the Files list)
    await expect.poll(() => t.page.locator('.files').innerText()).not.toMatch(/kcv\.txt/);
    await t.page.getByRole('button', { name: 'Export the playground…' }).click();
    const exportDialog = t.page.getByRole('dialog', { name: 'Export the playground' });
    await exportDialog.waitFor();
    const file = (await t.page.download(() => exportDialog.getByRole('button', { name: 'Download the file' }).click())).bytes;
    await exportDialog.getByRole('button', { name: 'Close' }).click();
    pg.foreignRequests.splice(0);

    // offline, the single file from disk: a fresh playground, then the import
    if (pg.canGoOffline) await pg.setOffline(t, true);
    await t.page.driver.goto(pathToFileURL(HTML).href);
    await t.waitForPrompt('$ ');
    expect(await t.run('ls')).not.toContain('carried.bin');
    await t.page.getByRole('button', { name: 'Import a playground…' }).click();
    const dialog = t.page.getByRole('dialog', { name: 'Import a playground' });
    await dialog.waitFor();
    await t.page.setInputFiles('#import-file', { name: 'carried.json', buffer: file });
    const replace = dialog.getByRole('button', { name: 'Replace my playground' });
    await replace.waitFor(20_000);
    await t.page.evaluate(() => { (window as unknown as { beforeImport: boolean }).beforeImport = true; });
    await replace.click();
    // the page reloads (from the file, offline) onto the imported playground
    await expect.poll(() => t.page.evaluate(() => 'beforeImport' in window).catch(() => true), { timeout: 20_000 }).toBe(false);
    await t.page.locator('.xterm-rows').waitFor(20_000);
    t.prompt = '$ ';
    await t.waitForPrompt('$ ');
    expect(await t.page.evaluate(() => location.protocol)).toBe('file:');
    expect(await t.run('ls')).toContain('carried.bin');
    expect(await kcv(t, h)).toBe(before);
    const names = await t.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
    expect(names).toContain('kmu-playground-single');
    expect(names.filter((n) => !n.startsWith('kmu-playground-single'))).toEqual([]);
    await t.page.close();
    // nothing fetched from disk but the file (and its favicon)
    const allowed = new Set([pathToFileURL(HTML).href, pathToFileURL(join(ROOT, 'dist-single', 'favicon.svg')).href]);
    expect(pg.foreignRequests.splice(0).map((r) => r.replace(/^GET /, '')).filter((u) => !allowed.has(u))).toEqual([]);
  }, 240_000);
});
