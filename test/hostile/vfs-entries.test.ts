/**
 * Issue 11, finding 11's class (found by the property test's hostile path lists): the file
 * system's budget counted bytes only, so entries without bytes were unbounded — `mkdir -p` with a
 * path of 10,000 components made 10,000 directories whose ids add up to 100 million characters
 * (seconds for that line, and every later `ls` slow), `mkdir` with 10,000 names made 10,000, and a
 * file could be named by a word of 100,000 characters. Every new entry (mkdir's directories,
 * writeFile's new files: redirection, openssl, upload, KMU/CMU output files) is bounded alike: a
 * path of at most MAX_PATH_CHARS, at most MAX_ENTRIES files and directories; beyond them the one
 * message and the store unchanged.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { STORE_NAMES } from '../../src/hsm/store';
import { fileEntryMessage, HOME, MAX_ENTRIES, MAX_PATH_CHARS } from '../../src/hsm/vfs';
import { openTerminal, type Terminal } from '../support/transcript';

let t: Terminal;
beforeEach(async () => {
  t = await openTerminal();
  await t.type('pwd'); // the fresh playground is set up by the first command
});

const store = async () => JSON.stringify(await Promise.all(STORE_NAMES.map((s) => t.backend.list(s))), (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v));
const entries = async () => (await t.backend.list('files')).length;

/** `line` is refused with the one message about `path` (in the program's error form), the store unchanged. */
async function refused(line: string, path: string, form: (m: string) => string = (m) => `Error: ${m}\n`): Promise<void> {
  const before = await store();
  expect(await t.type(line)).toBe(form(fileEntryMessage(path)));
  expect(await store()).toBe(before);
}

describe('every new entry of the file system is bounded', () => {
  it('the bounds: paths of 4096 characters, 1024 files and directories', () => {
    expect([MAX_PATH_CHARS, MAX_ENTRIES]).toEqual([4096, 1024]);
  });

  it('mkdir -p with a path of 10,000 components: refused at once, nothing made', async () => {
    const deep = Array(10_000).fill('d').join('/');
    await refused(`mkdir -p ${deep}`, `${HOME}/${deep}`);
    // a path up to the bound is made, every parent with it; one more component is refused
    const fits = Array(Math.floor((MAX_PATH_CHARS - HOME.length) / 16)).fill('d'.repeat(15)).join('/');
    expect(`${HOME}/${fits}`.length).toBeLessThanOrEqual(MAX_PATH_CHARS);
    expect(await t.type(`mkdir -p ${fits}`)).toBe('');
    expect(await t.type(`cd ${fits}`)).toBe('');
    await refused(`mkdir ${'e'.repeat(20)}`, `${HOME}/${fits}/${'e'.repeat(20)}`);
  });

  it('mkdir with more names than entries are left: refused, none of them made', async () => {
    const have = await entries();
    const names = Array.from({ length: MAX_ENTRIES - have + 1 }, (_, i) => `n${i}`);
    await refused(`mkdir ${names.join(' ')}`, `${HOME}/${names[names.length - 1]}`);
    expect(await t.type(`mkdir ${names.slice(1).join(' ')}`)).toBe('');
    expect(await entries()).toBe(MAX_ENTRIES);
    // full: no new directory, no new file; an existing file may still be rewritten
    await refused('mkdir one-more', `${HOME}/one-more`);
    await refused('echo hi > one-more', `${HOME}/one-more`);
    await t.type('echo hi > n1/f').then((out) => expect(out).toBe(`Error: ${fileEntryMessage(`${HOME}/n1/f`)}\n`));
    await t.type('rm -f n1');
  });

  it('a file named by a word of 100,000 characters: refused by every writer', async () => {
    const long = 'L'.repeat(100_000);
    await refused(`echo hi > ${long}`, `${HOME}/${long}`);
    await refused(`openssl rand -out ${long} 16`, `${HOME}/${long}`);
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await t.type('genSymKey -t 31 -s 16 -l k')).toMatch(/Key Handle: (\d+)/);
    const before = await store();
    const out = await t.type(`getAttribute -o 6 -a 512 -out ${long}`);
    expect(out).toContain(fileEntryMessage(`${HOME}/${long}`));
    expect(await store()).toBe(before);
  });
});
