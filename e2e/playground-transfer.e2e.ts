/**
 * Export and import the whole playground (issue 15, item 3), as a learner does it from Settings: a
 * playground exported in one browser profile (after the dialog's key-material warning) and imported
 * in a fresh profile has every key (same KCVs), user and file; a malformed, a truncated, a
 * newer-version and a prototype-polluting ("__proto__") file are each refused with a message and
 * the playground unchanged. axe-core finds no serious or critical violation in either dialog.
 */
import { describe, expect, it } from 'vitest';
import { describeE2E, usePlayground, type Term } from './harness';
import { seriousViolations as audit } from './axe';

const KMU = 'Command: ';
const CMU = 'aws-cloudhsm>';
const CONTINUE = 'Do you want to continue(y/n)?';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const handleOf = (out: string) => Number(/Key Handle: (\d+)/.exec(out)![1]);

/** The KCV of every key in `handles`, as getAttribute writes it (leaves the terminal at `$ `). */
async function kcvs(t: Term, handles: number[]): Promise<string[]> {
  await t.run('key_mgmt_util', { next: KMU });
  expect(await t.run(LOGIN)).toMatch(/Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS/);
  for (const h of handles) expect(await t.run(`getAttribute -o ${h} -a 371 -out kcv-${h}`)).toMatch(/Attributes dumped/);
  await t.run('exit', { next: '$ ' });
  const out: string[] = [];
  for (const h of handles) out.push(/OBJ_ATTR_KCV\s*\n\s*0x([0-9a-f]{6})/.exec(await t.run(`cat kcv-${h}`))![1]!);
  await t.run(`rm ${handles.map((h) => `kcv-${h}`).join(' ')}`);
  return out;
}

/** Open a Settings dialog by its button; returns once it is open. */
async function openDialog(t: Term, button: string, heading: string): Promise<void> {
  await t.page.getByRole('button', { name: button }).click();
  await t.page.getByRole('dialog', { name: heading }).waitFor();
}

async function closeDialog(t: Term, heading: string): Promise<void> {
  await t.page.getByRole('dialog', { name: heading }).getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => t.page.getByRole('dialog', { name: heading }).count()).toBe(0);
}

/** What a learner sees of the playground: the files and the keys example_user finds. */
async function visibleState(t: Term): Promise<string> {
  const files = await t.run('ls -l');
  await t.run('key_mgmt_util', { next: KMU });
  await t.run(LOGIN);
  const keys = await t.run('findKey');
  await t.run('exit', { next: '$ ' });
  return `${files}\n${keys}`;
}

describeE2E('export and import the whole playground', (engine) => {
  /** What the first profile exported, and its keys' handles and KCVs. */
  let exported: Buffer | undefined;
  let handles: number[] = [];
  let before: string[] = [];

  describe('in one profile', () => {
    const pg = usePlayground(import.meta.url, engine);

    it('the export dialog warns about key material, passes axe, and downloads one JSON file', async () => {
      const t = await pg.open();
      await t.run('openssl rand -out notes.bin 48');
      expect(await t.run('cloudhsm_mgmt_util', { next: CMU })).toContain('Connected to server');
      expect(await t.run('loginHSM CO admin co12345')).toContain('loginHSM success');
      await t.run('createUser CU alice alice_pwd', { next: CONTINUE });
      await t.run('y', { prompt: CONTINUE, next: CMU });
      await t.run('quit', { next: '$ ' });
      await t.run('key_mgmt_util', { next: KMU });
      await t.run(LOGIN);
      handles = [handleOf(await t.run('genSymKey -t 31 -s 32 -l moved-aes')), handleOf(await t.run('genSymKey -t 21 -s 24 -l moved-3des'))];
      await t.run('exit', { next: '$ ' });
      before = await kcvs(t, handles);

      await openDialog(t, 'Export the playground…', 'Export the playground');
      const dialog = t.page.getByRole('dialog', { name: 'Export the playground' });
      expect(await dialog.innerText()).toMatch(/key material in plaintext/);
      expect(await audit(t.page, 'dialog[open]')).toEqual([]);
      const download = await t.page.download(() => dialog.getByRole('button', { name: 'Download the file' }).click());
      expect(download.suggestedFilename).toMatch(/^kmu-playground-\d{4}-\d{2}-\d{2}\.json$/);
      const json = JSON.parse(download.bytes.toString('utf8')) as { format: string; version: number; stores: { keys: unknown[] } };
      expect(json.format).toBe('kmu-playground');
      expect(json.version).toBe(1);
      expect(json.stores.keys).toHaveLength(2);
      await expect.poll(() => dialog.innerText()).toMatch(/Downloaded kmu-playground-.*plaintext/);
      exported = download.bytes;
      await closeDialog(t, 'Export the playground');
      await t.page.close();
    });
  });

  describe('in a fresh profile', () => {
    const pg = usePlayground(import.meta.url, engine);

    it('a malformed, a truncated, a newer-version and a "__proto__" file are refused, the playground unchanged', async () => {
      expect(exported, 'the export test ran first').toBeDefined();
      const t = await pg.open();
      await t.run('openssl rand -out mine.bin 8');
      const state = await visibleState(t);
      const text = exported!.toString('utf8');
      const newer = JSON.parse(text) as Record<string, unknown>;
      newer['version'] = 2;
      // (in an order where each refusal's message differs from the one before)
      const cases: Array<[string, string, RegExp]> = [
        ['malformed.json', '{"format": "kmu-playground", "version": 1,,}', /not complete, well-formed JSON/],
        ['newer.json', JSON.stringify(newer), /made by a newer version of kmu-playground \(file format 2; this version reads format 1\)/],
        ['truncated.json', text.slice(0, Math.floor(text.length / 2)), /not complete, well-formed JSON \(was it cut short\?\)/],
        ['proto.json', `{"__proto__": {"polluted": true}, ${text.trimStart().slice(1)}`, /: the file has a field named "__proto__"/],
        ['proto-in-key.json', text.replace(/("keys": \[\s*\{)/, '$1"__proto__": {"polluted": true}, '), /stores\.keys\[0\] has a field named "__proto__"/],
      ];
      await openDialog(t, 'Import a playground…', 'Import a playground');
      const dialog = t.page.getByRole('dialog', { name: 'Import a playground' });
      for (const [name, body, why] of cases) {
        await t.page.setInputFiles('#import-file', { name, buffer: Buffer.from(body, 'utf8') });
        await expect.poll(() => dialog.getByRole('alert').allInnerTexts(), { timeout: 20_000 }).toEqual([expect.stringMatching(why)]);
        const said = await dialog.getByRole('alert').innerText();
        expect(said, name).toMatch(/^This file cannot be imported: .*Nothing was changed\.$/s);
        expect(await dialog.getByRole('button', { name: 'Replace my playground' }).count(), name).toBe(0);
        expect(await t.page.evaluate(() => ({} as Record<string, unknown>)['polluted'] === undefined)).toBe(true);
      }
      expect(await audit(t.page, 'dialog[open]')).toEqual([]);
      await closeDialog(t, 'Import a playground');
      expect(await visibleState(t)).toBe(state);
      await t.page.close();
    });

    it('shows what it replaces and asks; then the reloaded page has every key (same KCVs), user and file', async () => {
      expect(exported, 'the export test ran first').toBeDefined();
      const t = await pg.open();
      await openDialog(t, 'Import a playground…', 'Import a playground');
      const dialog = t.page.getByRole('dialog', { name: 'Import a playground' });
      await t.page.setInputFiles('#import-file', { name: 'moved.json', buffer: exported! });
      const replace = dialog.getByRole('button', { name: 'Replace my playground' });
      await replace.waitFor(20_000);
      const compare = await dialog.locator('table').innerText();
      expect(compare).toMatch(/Keys\s+2\s+0/);
      expect(compare).toMatch(/Users\s+4\s+3/);
      expect(compare).toMatch(/Clusters\s+cluster-1\s+cluster-1/);
      expect(await audit(t.page, 'dialog[open]')).toEqual([]);
      // Cancel changes nothing
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => t.page.getByRole('dialog', { name: 'Import a playground' }).count()).toBe(0);
      expect(await t.run('ls')).not.toContain('notes.bin');

      await openDialog(t, 'Import a playground…', 'Import a playground');
      await t.page.setInputFiles('#import-file', { name: 'moved.json', buffer: exported! });
      await replace.waitFor(20_000);
      await t.page.evaluate(() => { (window as unknown as { beforeImport: boolean }).beforeImport = true; });
      await replace.click();
      // the page reloads onto the imported playground
      await expect.poll(() => t.page.evaluate(() => 'beforeImport' in window).catch(() => true), { timeout: 20_000 }).toBe(false);
      await t.page.locator('.xterm-rows').waitFor(20_000);
      t.prompt = '$ ';
      await t.waitForPrompt('$ ');
      expect(await t.run('ls')).toContain('notes.bin');
      expect(await kcvs(t, handles)).toEqual(before);
      await t.run('key_mgmt_util', { next: KMU });
      expect(await t.run('loginHSM -u CU -s alice -p alice_pwd')).toMatch(/Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS/);
      await t.run('exit', { next: '$ ' });
      await t.page.close();
    });
  });
});
