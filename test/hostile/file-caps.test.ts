/**
 * Issue 11, finding 11: one bound on every file write, one message. A file holds at most
 * MAX_FILE_BYTES and all files together MAX_TOTAL_BYTES; vfs.ts writeFile refuses beyond either,
 * whoever writes — `>>` redirection, `cat f f >> f`, the page's Upload button (uploadFile), a
 * key_mgmt_util command's output file — with the same message, and the store is left unchanged.
 */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/hsm/scenario';
import { STORE_NAMES } from '../../src/hsm/store';
import { fileSpaceMessage, HOME, MAX_FILE_BYTES, MAX_TOTAL_BYTES } from '../../src/hsm/vfs';
import { uploadFile } from '../../src/shell/view';
import { openTerminal, type Terminal } from '../support/transcript';

const H = '        ';
const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const SCENARIO: Scenario = {
  servingNode: 0,
  keys: [
    { handle: 6, keyType: 'AES', label: 'W', id: 'wrap01', owner: 3, value: AES },
    { handle: 7, keyType: 'AES', label: 'k', owner: 3, value: AES },
  ],
};

let t: Terminal;
beforeEach(async () => {
  t = await openTerminal({ scenario: SCENARIO });
});

/** Every record of the store, file contents by digest (16 MiB compared cheaply). */
async function store(): Promise<string> {
  const out: string[] = [];
  for (const name of STORE_NAMES) {
    for (const rec of await t.backend.list(name)) {
      out.push(JSON.stringify(rec, (k, v: unknown) => (v instanceof Uint8Array
        ? `${v.length}:${createHash('sha256').update(v).digest('hex')}` : v)));
    }
  }
  return out.join('\n');
}

const size = async (name: string) => (await t.backend.get('files', `${HOME}/${name}`) as { data?: Uint8Array } | undefined)?.data?.length;

/** `line` is refused with the one message (in the program's error form) and the store is unchanged. */
async function refused(line: string, file: string, form: (m: string) => string = (m) => `Error: ${m}\n`) {
  const before = await store();
  expect(await t.type(line)).toBe(form(fileSpaceMessage(`${HOME}/${file}`)));
  expect(await store()).toBe(before);
}

describe('one bound on every file write', () => {
  it('the bounds are 1 MiB a file and 16 MiB in all', () => {
    expect([MAX_FILE_BYTES, MAX_TOTAL_BYTES]).toEqual([1 << 20, 16 << 20]);
  });

  it('`>>` cannot grow a file beyond the bound', async () => {
    expect(await t.type('openssl rand -hex 400000 >> f')).toBe('');
    expect(await size('f')).toBe(800_001);
    await refused('openssl rand -hex 400000 >> f', 'f');
    expect(await size('f')).toBe(800_001);
  });

  it('`cat f f >> f` repeated stops at the bound', async () => {
    expect(await t.type('openssl rand -hex -out f 150000')).toBe('');
    expect(await t.type('cat f f >> f')).toBe('');
    expect(await size('f')).toBe(900_003);
    await refused('cat f f >> f', 'f');
    await refused('cat f f >> f', 'f');
    expect(await size('f')).toBe(900_003);
  });

  it('openssl rand -out beyond a file\'s bound gives the same message', async () => {
    await refused(`openssl rand -out big ${MAX_FILE_BYTES + 1}`, 'big');
    await refused(`openssl rand -hex -out big ${MAX_FILE_BYTES / 2}`, 'big'); // hex doubles it
  });

  it('the page\'s Upload button (uploadFile) is bounded like the shell', async () => {
    const before = await store();
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    await expect(uploadFile(t.session.hsm, HOME, 'big.bin', big)).rejects.toThrow(fileSpaceMessage(`${HOME}/big.bin`));
    expect(await t.session.upload('big.bin', big)).toBe(fileSpaceMessage(`${HOME}/big.bin`));
    expect(await store()).toBe(before);
    expect(await uploadFile(t.session.hsm, HOME, 'ok.bin', new Uint8Array(MAX_FILE_BYTES))).toBe('ok');
  });

  it('the budget of all files: a key_mgmt_util output file is refused when it is spent', async () => {
    for (let i = 0; i < 16; i++) expect(await t.type(`openssl rand -out f${i} ${MAX_FILE_BYTES}`)).toBe('');
    await refused('echo x > one-more', 'one-more');
    // replacing a file's content counts only the new content
    expect(await t.type(`openssl rand -out f0 ${MAX_FILE_BYTES}`)).toBe('');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    const kmu = (m: string) => `\n${H}Error: ${m}\n\n`;
    await refused('getAttribute -o 7 -a 512 -out a.txt', 'a.txt', kmu);
    await refused('exSymKey -k 7 -w 6 -out k.bin', 'k.bin', kmu);
    await refused('wrapKey -k 7 -w 6 -m 4 -out w.bin', 'w.bin', kmu);
    await t.type('exit');
    await t.type('rm f1');
    expect(await t.type('key_mgmt_util')).not.toContain('Error');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await t.type('getAttribute -o 7 -a 512 -out a.txt')).toContain('Attributes dumped into a.txt file');
  }, 60_000);
});
