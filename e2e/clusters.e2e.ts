/**
 * Clusters that behave like clusters (issue 4), typed through the keyboard and read from the DOM:
 * the guide's move of a key between two clusters with equal KCVs; an HSM taken down so that
 * -min_srv 3 cannot be met, then met after it starts; two tabs creating keys at the same moment.
 */
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, type Term } from './harness';

const KMU = 'Command: ';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const H = '        ';

const handleOf = (out: string) => Number(/Key (?:Created|Unwrapped)\.  Key Handle: (\d+)/.exec(out)![1]);

async function kmu(t: Term): Promise<void> {
  await t.run('key_mgmt_util', { next: KMU });
  expect(await t.run(LOGIN)).toContain('Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS');
}

async function kcv(t: Term, handle: number): Promise<string> {
  expect(await t.run(`getAttribute -o ${handle} -a 371 -out kcv.txt`)).toContain('Attributes dumped into kcv.txt file');
  await t.run('exit', { next: '$ ' });
  const file = await t.run('cat kcv.txt');
  const m = /^OBJ_ATTR_KCV\n(0x[0-9a-f]{6})$/.exec(file);
  if (!m) throw new Error(`unexpected kcv.txt:\n${file}`);
  return m[1]!;
}

/** Handles of a findKey listing; its one long line wraps over several rows on screen. */
function listed(output: string): number[] {
  const rows = output.split('\n');
  const start = rows.findIndex((r) => r.startsWith(' number of keys matched'));
  const end = rows.findIndex((r, i) => i > start && r.trim() === '');
  return (rows.slice(start + 1, end).join('').match(/\d+/g) ?? []).map(Number);
}

describeE2E('clusters, HSMs and tabs', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('moves a key between clusters: exSymKey on one, imSymKey on the other, equal KCVs', async () => {
    const t = await pg.open();
    expect(await t.run('cluster create cluster-2')).toContain('Cluster cluster-2 created');
    await kmu(t);
    const key = handleOf(await t.run('genSymKey -t 31 -s 32 -l to-move'));
    const w1 = handleOf(await t.run('genSymKey -t 31 -s 16 -sess -l export-wrapping-key'));
    expect(await t.run(`exSymKey -k ${key} -w ${w1} -out aes.key`)).toContain('Wrapped Symmetric Key written to file "aes.key"');
    const before = await kcv(t, key);
    expect(await t.run('cluster use cluster-2')).toBe('Current cluster: cluster-2');
    await kmu(t);
    const w2 = handleOf(await t.run('genSymKey -t 31 -s 16 -sess -l import-wrapping-key'));
    const moved = handleOf(await t.run(`imSymKey -f aes.key -w ${w2} -t 31 -l xcluster`));
    expect(await kcv(t, moved)).toBe(before);
    await t.screenshot('clusters-move');
    await t.run('cluster use cluster-1');
    await t.page.close();
  });

  it('-min_srv 3 -timeout 2 fails while HSM 2 is down, then succeeds after hsm start 2', async () => {
    const t = await pg.open();
    expect(await t.run('hsm stop 2')).toContain('HSM 2 of cluster-1 is down');
    await kmu(t);
    const started = Date.now();
    const failed = await t.run('genSymKey -t 31 -s 32 -l durable -min_srv 3 -timeout 2');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900); // the wait is real time in the page
    expect(failed).toBe(
      `${H}Cfm3GenerateSymmetricKey returned: 0x30000085 : HSM CLUSTER ERROR: Server in cluster is unavailable\n\n` +
        `${H}Cluster Error Status\n` +
        [0, 1].map((n) => `${H}Node id ${n} and err state 0x00000000 : HSM Return: SUCCESS`).join('\n') +
        `\n${H}Node id 2 and err state 0x30000085 : HSM CLUSTER ERROR: Server in cluster is unavailable`);
    await t.run('exit', { next: '$ ' });
    expect(await t.run('hsm start 2')).toContain('HSM 2 of cluster-1 is up');
    await kmu(t);
    const ok = await t.run('genSymKey -t 31 -s 32 -l durable -min_srv 3 -timeout 2');
    expect(ok).toMatch(/Symmetric Key Created\.  Key Handle: \d+/);
    expect(ok).toContain(`${H}Node id 2 and err state 0x00000000 : HSM Return: SUCCESS`);
    await t.run('exit', { next: '$ ' });
    await t.page.close();
  });

  it('Ctrl-C stops a command that waits for -min_srv; nothing is created', async () => {
    const t = await pg.open();
    await t.run('hsm stop 2');
    await kmu(t);
    const before = await t.run('findKey');
    await t.typeLine('genSymKey -t 31 -s 32 -l never -min_srv 3 -timeout 30');
    await t.page.waitForTimeout(700);
    const pressed = Date.now();
    await t.page.keyboard.press('Control+C');
    await t.waitForText(/genSymKey -t 31 -s 32 -l never -min_srv 3 -timeout 30\n\^C\n\nCommand:\s*$/, 5000);
    expect(Date.now() - pressed).toBeLessThan(5000);
    t.prompt = KMU;
    expect(await t.run('findKey')).toBe(before);
    await t.run('exit', { next: '$ ' });
    await t.run('hsm start 2');
    await t.page.close();
  });

  it('the settings panel switches to simple handles, as the settings command does', async () => {
    const t = await pg.open();
    await t.page.selectOption('#handles-select', 'simple');
    await t.page.locator('.status').filter({ hasText: 'Key handles: simple.' }).waitFor();
    expect(await t.run('settings')).toMatch(/^handles {2}simple/);
    await kmu(t);
    const out = await t.run('genSymKey -t 31 -s 16 -l small-handle');
    expect(handleOf(out)).toBeLessThan(262144);
    await t.run('exit', { next: '$ ' });
    await t.run('settings handles realistic');
    await t.page.close();
  });

  it('two tabs create 50 keys each at the same moment: both then list all 100, all distinct', async () => {
    const a = await pg.open();
    const b = await pg.open();
    const question = 'This erases every cluster, key, user change and file of this playground. Continue? (y/n) ';
    await a.run('reset', { next: question });
    expect(await a.run('y', { prompt: question, next: '$ ' })).toContain('The playground is fresh again');
    for (const t of [a, b]) await kmu(t);
    const burst = (t: Term, tag: string) =>
      Array.from({ length: 50 }, (_, i) => `genSymKey -t 31 -s 16 -l ${tag}${i}\n`).join('');
    await Promise.all([a.focus(), b.focus()]);
    await Promise.all([a.page.keyboard.type(burst(a, 'a')), b.page.keyboard.type(burst(b, 'b'))]);
    for (const [t, tag] of [[a, 'a'], [b, 'b']] as const) {
      await t.waitForText(`${KMU}genSymKey -t 31 -s 16 -l ${tag}49`, 60_000);
      await t.waitForPrompt(KMU, 60_000);
    }
    for (const t of [a, b]) {
      const out = await t.run('findKey');
      expect(out).toContain('Total number of keys present 100');
      const handles = listed(out);
      expect(handles).toHaveLength(100);
      expect(new Set(handles).size).toBe(100);
    }
    await a.screenshot('two-tabs');
  });
});
