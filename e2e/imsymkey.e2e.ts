/**
 * The first story: a learner imports a plaintext AES-256 key into the HSM with imSymKey (through an
 * on-HSM wrapping key), reads its attributes into files, exports it again, checks with xxd that
 * the exported key is the one imported, and finds everything but the session key after a reload.
 *
 * Everything is typed through the keyboard and read back from the terminal's DOM; the
 * cryptographic checks (same key bytes, KCV) are done here with node:crypto.
 */
import { createCipheriv } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeE2E, usePlayground } from './harness';

const KMU = 'Command: ';

/** The handle from `        Symmetric Key <verb>.  Key Handle: <n>` (two blanks after the dot). */
function keyHandle(output: string, verb: 'Created' | 'Unwrapped'): number {
  const m = new RegExp(`^        Symmetric Key ${verb}\\.  Key Handle: (\\d+)$`, 'm').exec(output);
  if (!m) throw new Error(`no "Symmetric Key ${verb}.  Key Handle: <n>" line in:\n${output}`);
  return Number(m[1]);
}

/** Handles listed by findKey (the line(s) after "number of keys matched …"). */
function foundHandles(output: string): number[] {
  const m = /number of keys matched[^\n]*\n([\s\S]*?)(?:\n\s*Cluster Error Status|$)/.exec(output);
  if (!m) throw new Error(`no key list in findKey output:\n${output}`);
  return (m[1]!.match(/\d+/g) ?? []).map(Number);
}

/**
 * Parse real xxd output: `00000000: 1a2b 3c4d … ` (8 hex digits, colon, 16 bytes per line in
 * groups of 2 bytes, two blanks, ASCII with '.' for unprintable bytes). Checks the offsets and the
 * ASCII column against the hex, and returns the bytes.
 */
function parseXxd(output: string): Buffer {
  const bytes: number[] = [];
  for (const line of output.split('\n').filter((l) => l !== '')) {
    const m = /^([0-9a-f]{8}): (.{39})  (.*)$/.exec(line);
    if (!m) throw new Error(`not an xxd line: ${JSON.stringify(line)}`);
    expect(parseInt(m[1]!, 16), `offset of ${line}`).toBe(bytes.length);
    const hex = m[2]!.trimEnd();
    expect(hex, `hex groups of ${line}`).toMatch(/^[0-9a-f]{2,4}(?: [0-9a-f]{4})*(?: [0-9a-f]{2,4})?$/);
    const lineBytes = Buffer.from(hex.replace(/ /g, ''), 'hex');
    expect(lineBytes.length).toBeLessThanOrEqual(16);
    const ascii = Array.from(lineBytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    expect(m[3], `ASCII column of ${line}`).toBe(ascii.trimEnd()); // (the screen reader trims trailing blanks)
    bytes.push(...lineBytes);
  }
  return Buffer.from(bytes);
}

function lastLine(output: string): string {
  return output.trimEnd().split('\n').at(-1)!.trim();
}

const SUCCESS = (op: string) => new RegExp(`^\\s*${op} returned: 0x00 : HSM Return: SUCCESS$`, 'm');

describeE2E('imSymKey: import a plaintext AES key, export it again, keep it across a reload', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('imports, inspects and exports a key; after a reload the token keys remain', async () => {
    const t = await pg.open();
    const welcome = await t.welcome();
    expect(welcome).not.toBe('');

    // host shell: make a 32-byte key file, start key_mgmt_util
    expect(await t.run('openssl rand -out aes256.key 32')).toBe('');
    await t.run('key_mgmt_util', { next: KMU });

    const login = await t.run('loginHSM -u CU -s example_user -p example_pwd');
    expect(login).toMatch(/^\s*Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS$/m);
    expect(login).toMatch(/^\s*Cluster Error Status$/m);

    const W = keyHandle(await t.run('genSymKey -t 31 -s 32 -l wrapping-key'), 'Created');
    const S = keyHandle(await t.run('genSymKey -t 31 -s 16 -sess -l tmp-session'), 'Created');
    expect(S).not.toBe(W);

    const imported = await t.run(`imSymKey -f aes256.key -w ${W} -t 31 -l imported`);
    const steps = ['Cfm3WrapHostKey', 'Cfm3CreateUnwrapTemplate', 'Cfm3UnWrapKey'].map((op) => {
      const m = SUCCESS(op).exec(imported);
      expect(m, `${op} returned: 0x00 in:\n${imported}`).not.toBeNull();
      return m!.index;
    });
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    const K = keyHandle(imported, 'Unwrapped');
    expect(imported.indexOf('Symmetric Key Unwrapped.')).toBeGreaterThan(steps[2]!);
    expect([W, S]).not.toContain(K);

    expect(foundHandles(await t.run('findKey'))).toEqual(expect.arrayContaining([W, S, K]));

    for (const [attr, file] of [[355, 'local.txt'], [371, 'kcv.txt']] as const) {
      const out = await t.run(`getAttribute -o ${K} -a ${attr} -out ${file}`);
      expect(out).toContain(`Attributes dumped into ${file} file`);
      expect(out.split('\n')).toContain('        Cfm3GetAttribute returned: 0x00 : HSM Return: SUCCESS');
    }

    const exported = await t.run(`exSymKey -k ${K} -w ${W} -out exported.key`);
    expect(lastLine(exported)).toBe('Wrapped Symmetric Key written to file "exported.key"');

    await t.run('exit', { next: '$ ' });

    expect(await t.run('cat local.txt')).toMatch(/^\s*OBJ_ATTR_LOCAL\s*\n\s*0x00000000\s*$/m);
    const kcvMatch = /^\s*OBJ_ATTR_KCV\s*\n\s*0x([0-9a-fA-F]{6})\s*$/m.exec(await t.run('cat kcv.txt'));
    expect(kcvMatch, 'OBJ_ATTR_KCV / 0x<6 hex> in kcv.txt').not.toBeNull();

    const original = parseXxd(await t.run('xxd aes256.key'));
    const roundTrip = parseXxd(await t.run('xxd exported.key'));
    expect(original.length).toBe(32);
    expect(roundTrip.equals(original), `exported ${roundTrip.toString('hex')} vs imported ${original.toString('hex')}`).toBe(true);

    // KCV of an AES key: the first 3 bytes of E_K(0^128)
    const ecb = createCipheriv('aes-256-ecb', original, null);
    ecb.setAutoPadding(false);
    const kcv = Buffer.concat([ecb.update(Buffer.alloc(16)), ecb.final()]).subarray(0, 3).toString('hex');
    expect(kcvMatch![1]!.toLowerCase()).toBe(kcv);

    // reload: files and token keys persist (IndexedDB), the session key does not
    await pg.reload(t);
    expect(await t.welcome()).toBe(welcome);
    const listing = (await t.run('ls')).split(/\s+/);
    expect(listing).toEqual(expect.arrayContaining(['aes256.key', 'local.txt', 'kcv.txt', 'exported.key']));

    await t.run('key_mgmt_util', { next: KMU });
    expect(await t.run('loginHSM -u CU -s example_user -p example_pwd')).toMatch(SUCCESS('Cfm3LoginHSM'));
    const after = foundHandles(await t.run('findKey'));
    expect(after).toEqual(expect.arrayContaining([W, K]));
    expect(after).not.toContain(S);
    expect(await t.run('findKey -sess 1')).toContain('Total number of keys present 0');

    await t.screenshot('imsymkey');
  });
});
