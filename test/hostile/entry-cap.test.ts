/**
 * A same-class leftover of issue 11, finding 11: `mkdir` had no bound, so a pasted block of
 * `mkdir` lines (or one line of thousands of names) grew the store without end. All files and
 * directories together are at most MAX_ENTRIES (1,024); the one place that creates them
 * (vfs.ts: makeDir, writeFile) refuses one more with one message, and the command's whole change
 * is dropped — for mkdir (with -p too), redirection, the page's Upload button.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { STORE_NAMES } from '../../src/hsm/store';
import { fileEntryMessage, HOME, MAX_ENTRIES } from '../../src/hsm/vfs';
import { openTerminal, type Terminal } from '../support/transcript';

let t: Terminal;

async function store(): Promise<string> {
  const out: string[] = [];
  for (const name of STORE_NAMES) {
    for (const rec of await t.backend.list(name)) {
      out.push(JSON.stringify(rec, (k, v: unknown) => (v instanceof Uint8Array ? createHash('sha256').update(v).digest('hex') : v)));
    }
  }
  return out.join('\n');
}

const entries = async () => (await t.backend.list('files')).length;

/** `line` is refused with the one message, naming `path`, and the store is unchanged. */
async function refused(line: string, path: string): Promise<void> {
  const before = await store();
  expect(await t.type(line)).toBe(`Error: ${fileEntryMessage(`${HOME}/${path}`)}\n`);
  expect(await store()).toBe(before);
}

describe('a bound on the number of files and directories', () => {
  beforeAll(async () => {
    t = await openTerminal();
    // fill up to two below the bound through the real command: 1,000 names a line
    const have = await entries();
    const names = Array.from({ length: MAX_ENTRIES - 2 - have }, (_, i) => `d${i}`);
    for (let i = 0; i < names.length; i += 1000) expect(await t.type(`mkdir ${names.slice(i, i + 1000).join(' ')}`)).toBe('');
    expect(await entries()).toBe(MAX_ENTRIES - 2);
  }, 120_000);

  it('is 1,024', () => {
    expect(MAX_ENTRIES).toBe(1024);
  });

  it('mkdir of more names than there is room for writes none of them', async () => {
    await refused('mkdir x1 x2 x3', 'x3');
    await refused('mkdir -p p/q/r', 'p/q/r');
    expect(await entries()).toBe(MAX_ENTRIES - 2);
  });

  it('the last places can be taken; then a directory or a new file is refused, a file already there can be rewritten', async () => {
    expect(await t.type('mkdir last')).toBe('');
    expect(await t.type('echo one > f')).toBe('');
    expect(await entries()).toBe(MAX_ENTRIES);
    await refused('mkdir x', 'x');
    await refused('mkdir -p d0/inner', 'd0/inner');
    await refused('echo two > g', 'g');
    await refused('openssl rand -out g 16', 'g');
    expect(await t.type('echo two > f')).toBe(''); // no new entry
    expect(await t.type('cat f')).toBe('two\n');
    // the page's Upload button: the same message, nothing stored
    const before = await store();
    expect(await t.session.upload('up.bin', new Uint8Array(4))).toBe(fileEntryMessage(`${HOME}/up.bin`));
    expect(await store()).toBe(before);
    // room made: one more fits again
    expect(await t.type('rm f')).toBe('');
    expect(await t.type('mkdir x')).toBe('');
    await refused('mkdir y', 'y');
  });
});
