/**
 * The CloudHSM CLI beside key_mgmt_util on the same keys (issue 16, end-to-end acceptance), typed
 * and read as a learner would: a key generated in key_mgmt_util is found by `cloudhsm-cli`'s
 * `key list --filter attr.label=… --verbose` with the check value KMU reports; the CLI's admin
 * creates a second crypto user, the owner shares the key with him in the CLI, and his
 * key_mgmt_util `findKey` lists it; `key wrap aes-no-pad --path` and KMU `wrapKey -m 5 -noheader`
 * of the same key with the same wrapping key write files that `xxd` shows equal, and `cmp` finds
 * no difference. Then single-command mode with CLOUDHSM_ROLE / CLOUDHSM_PIN from `export`.
 *
 * The page offers its command events to no script, so this reads the screen, as a learner does.
 */
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, type Term } from './harness';

const KMU = 'Command: ';
const CLI = 'aws-cloudhsm > ';
const SHELL = '$ ';
const PAYLOAD = 'e2e-cli-payload';
const WRAPPING = 'e2e-cli-wrapping';

const handleOf = (out: string) => Number(/Key Handle: (\d+)/.exec(out)![1]);
const reference = (handle: number) => `0x${handle.toString(16).padStart(16, '0')}`;
/** The JSON the CLI printed (the screen's rows of one output). */
const json = (out: string) => JSON.parse(out) as { error_code: number; data: unknown };

/**
 * A command whose output may be taller than the terminal: type it, then read the screen once the
 * prompt is back; `needle` must be on it (the rows above may have scrolled off).
 */
async function runTall(t: Term, line: string, needle: RegExp): Promise<RegExpExecArray> {
  await t.waitForPrompt(CLI);
  await t.typeLine(line);
  return t.waitFor(`${String(needle)}, then the prompt`, (rows) => {
    let last = rows.length - 1;
    while (last >= 0 && rows[last] === '') last--;
    if (rows[last] !== CLI.trimEnd()) return undefined;
    return needle.exec(rows.join('\n')) ?? undefined;
  });
}

/**
 * A CLI command typed over two lines (§2.1: the first ends in `\`; the second gets no prompt):
 * its output, read between the second line and the next prompt.
 */
async function runContinued(t: Term, first: string, second: string): Promise<string> {
  await t.waitForPrompt(CLI);
  await t.typeLine(first);
  t.prompt = ''; // the continuation line has no prompt: its echo is the line alone
  await t.typeLine(second);
  t.prompt = CLI;
  return t.waitFor(`the output of ${JSON.stringify(second)}, then the prompt`, (rows) => {
    let last = rows.length - 1;
    while (last >= 0 && rows[last] === '') last--;
    if (rows[last] !== CLI.trimEnd()) return undefined;
    const at = rows.lastIndexOf(second);
    return at < 0 ? undefined : rows.slice(at + 1, last).join('\n').trim();
  });
}

describeE2E('the CloudHSM CLI on the keys of key_mgmt_util', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('KCV, sharing and aes-no-pad wrapping agree across key_mgmt_util and cloudhsm-cli', async () => {
    const t = await pg.open();

    // key_mgmt_util: a payload key and a wrapping key; the payload's KCV; the KMU wrap
    await t.run('key_mgmt_util', { next: KMU });
    expect(await t.run('loginHSM -u CU -s example_user -p example_pwd')).toContain('Cfm3LoginHSM returned: 0x00');
    const payload = handleOf(await t.run(`genSymKey -t 31 -s 32 -l ${PAYLOAD}`));
    const wrapping = handleOf(await t.run(`genSymKey -t 31 -s 32 -l ${WRAPPING}`));
    expect(await t.run(`getAttribute -o ${payload} -a 371 -out kcv.txt`)).toContain('Cfm3GetAttribute returned: 0x00');
    expect(await t.run(`wrapKey -k ${payload} -w ${wrapping} -m 5 -noheader -out kmu.bin`)).toContain('Cfm2WrapKey returned: 0x00');
    await t.run('exit', { next: SHELL });
    const kcv = /^0x([0-9a-f]{6})$/m.exec(await t.run('cat kcv.txt'))![1]!;

    // cloudhsm-cli: the admin creates bob; the owner finds the key, shares it, wraps it
    expect(await t.run('cloudhsm-cli interactive', { next: CLI })).toBe('');
    expect(json(await t.run('login --username admin --role admin --password co12345')).error_code).toBe(0);
    expect(json(await t.run('user create --username bob --role crypto-user --password bob_pwd_123'))).toEqual(
      { error_code: 0, data: { username: 'bob', role: 'crypto-user' } });
    expect(json(await t.run('logout'))).toEqual({ error_code: 0, data: 'Logout successful' });
    expect(json(await t.run('login --username example_user --role crypto-user --password example_pwd'))).toEqual(
      { error_code: 0, data: { username: 'example_user', role: 'crypto-user' } });
    const listed = await runTall(t, `key list --filter attr.label=${PAYLOAD} --verbose`, /"check-value": "0x([0-9a-f]{6})"[\s\S]*"total_key_count": 1,/);
    expect(listed[1]).toBe(kcv);
    expect(json(await t.run(`key list --filter attr.label=${PAYLOAD}`))).toEqual({
      error_code: 0,
      data: { matched_keys: [{ 'key-reference': reference(payload), attributes: { label: PAYLOAD } }], total_key_count: 1, returned_key_count: 1 },
    });
    expect(json(await t.run(`key share --filter attr.label=${PAYLOAD} --username bob --role crypto-user`))).toEqual(
      { error_code: 0, data: { message: 'Key shared successfully' } });
    // (over two lines, as the guide prints long commands: one line would wrap in the terminal)
    const wrapped = json(await runContinued(t, `key wrap aes-no-pad --payload-filter attr.label=${PAYLOAD} \\`,
      `--wrapping-filter key-reference=${wrapping} --path cli.bin`));
    expect(wrapped.error_code).toBe(0);
    expect(wrapped.data).toMatchObject({ payload_key_reference: reference(payload), wrapping_key_reference: reference(wrapping) });
    expect(await t.run('quit', { next: SHELL })).toBe('');

    // bob's key_mgmt_util finds the shared key
    await t.run('key_mgmt_util', { next: KMU });
    expect(await t.run('loginHSM -u CU -s bob -p bob_pwd_123')).toContain('Cfm3LoginHSM returned: 0x00');
    expect(await t.run(`findKey -l ${PAYLOAD}`)).toMatch(new RegExp(`Total number of keys present 1\\n\\n number of keys matched from start index 0::0\\n${payload}\\n`));
    await t.run('exit', { next: SHELL });

    // the two wrapped files are the same bytes
    const kmuDump = await t.run('xxd kmu.bin');
    expect(kmuDump).toMatch(/^00000000: /);
    expect(await t.run('xxd cli.bin')).toBe(kmuDump);
    expect(await t.run('cmp kmu.bin cli.bin')).toBe('');
    expect(await t.run('echo $?')).toBe('0');
    await t.screenshot('cloudhsm-cli');
  });

  it('single-command mode logs in from CLOUDHSM_ROLE and CLOUDHSM_PIN set with export, and the history keeps no password', async () => {
    const t = await pg.open();
    expect(await t.run('export CLOUDHSM_ROLE=crypto-user')).toBe('');
    expect(await t.run('export CLOUDHSM_PIN=example_user:example_pwd')).toBe('');
    expect(await t.run('env')).toContain('CLOUDHSM_ROLE=crypto-user');
    // (the key object is taller than the terminal: into a file, as a script would keep it)
    expect(await t.run('cloudhsm-cli key generate-symmetric aes --label e2e-single --key-length-bytes 16 > made.json')).toBe('');
    expect(await t.run('grep -c check-value made.json')).toBe('1');
    expect(await t.run('head -2 made.json')).toBe('{\n  "error_code": 0,');
    expect(json(await t.run('cloudhsm-cli key list --filter attr.label=e2e-single'))).toMatchObject({ error_code: 0, data: { total_key_count: 1 } });
    expect(json(await t.run('cloudhsm-cli logout'))).toEqual({ error_code: 0, data: 'Logout successful' });
    // the recalled export line shows the user but not the password
    await t.focus();
    const masked = `${SHELL}export CLOUDHSM_PIN=example_user:********`;
    let found = false;
    let shown = SHELL.trimEnd();
    for (let i = 0; i < 12 && !found; i++) {
      await t.page.keyboard.press('ArrowUp');
      // each Up shows an older line (the next one, once the screen has it)
      shown = await t.waitFor('an older recalled line', (rows) => {
        const last = rows.filter((r) => r !== '').at(-1) ?? '';
        return last !== shown ? last : undefined;
      });
      found = shown === masked;
    }
    expect(found).toBe(true);
    await t.page.keyboard.press('Control+c');
  });
});
