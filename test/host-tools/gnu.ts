/**
 * Differential testing of the host tools: the same command line runs through the real GNU tool
 * (bash -c in a temporary directory holding the files) and through the playground's host shell
 * (the same bytes in its virtual file system); a case agrees when standard output (byte for
 * byte), the exit status and, for the tools' own messages, standard error are the same.
 *
 * The playground's standard output is caught with `> __out` after the command (a redirection
 * keeps the bytes exactly; what stays on the terminal is standard error). The real tools run in
 * the UTF-8 locale C.UTF-8 with TZ=UTC, as a learner's client host would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTerminal, type Terminal } from '../support/transcript';
import { readFile, resolvePath, writeFile } from '../../src/hsm/vfs';
import type { CommandEvent } from '../../src/shell/events';

export const GNU_TOOLS = ['/usr/bin/grep', '/usr/bin/wc', '/usr/bin/head', '/usr/bin/tail', '/usr/bin/cmp', '/usr/bin/diff', '/usr/bin/sha256sum'];

export interface Outcome {
  stdout: string; // latin1 of the bytes: exact, and readable in a failure message
  stderr: string;
  status: number;
}

export interface Sandbox {
  /** Run a command line in both; the two outcomes. */
  both(line: string): Promise<{ gnu: Outcome; ours: Outcome }>;
  /** Every mismatch of a list of command lines (stderr compared unless `stderr: false`). */
  mismatches(lines: readonly string[], opts?: { stderr?: boolean }): Promise<string[]>;
  /**
   * Every mismatch of whole lines (lists, loops) as the terminal shows them: bash's standard
   * output and error against what the playground prints, and the exit status ($?).
   */
  screenMismatches(lines: readonly string[]): Promise<string[]>;
  terminal: Terminal;
  dispose(): void;
}

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** Files by name (a name ending in / is a directory); both sides get the same bytes and mtimes. */
export async function sandbox(files: Record<string, string | Uint8Array>): Promise<Sandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'kmu-host-tools-'));
  const terminal = await openTerminal();
  const events: CommandEvent[] = [];
  terminal.session.onEvent((e) => events.push(e));
  const hsm = terminal.session.hsm;
  const now = hsm.deps.clock.now();
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith('/')) {
      mkdirSync(join(dir, name), { recursive: true });
      await terminal.type(`mkdir ${name.slice(0, -1)}`);
      continue;
    }
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    writeFileSync(join(dir, name), data);
    utimesSync(join(dir, name), now / 1000, now / 1000);
    const r = await hsm.transact((tx) => writeFile(tx, resolvePath('/home/user', name), new Uint8Array(data), now));
    if (r !== 'ok') throw new Error(`cannot write ${name} in the playground: ${r}`);
  }
  const gnu = (line: string): Outcome => {
    const r = spawnSync('/bin/bash', ['--norc', '--noprofile', '-c', line], {
      cwd: dir, env: { LC_ALL: 'C.UTF-8', TZ: 'UTC', PATH: '/usr/bin:/bin', HOME: '/home/user' }, encoding: 'latin1', timeout: 20_000,
    });
    if (r.error) throw r.error;
    return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
  };
  const ours = async (line: string): Promise<Outcome> => {
    const before = events.length;
    const stderr = await terminal.type(`${line} > __out`);
    const ev = events.slice(before).pop();
    const out = await hsm.transact((tx) => readFile(tx, '/home/user/__out'));
    await terminal.type('rm __out');
    return { stdout: latin1(out ?? new Uint8Array(0)), stderr: Buffer.from(stderr, 'utf8').toString('latin1'), status: ev?.exit ?? -1 };
  };
  const both = async (line: string) => ({ gnu: gnu(line), ours: await ours(line) });
  return {
    terminal,
    both,
    async mismatches(lines, opts = {}) {
      const bad: string[] = [];
      for (const line of lines) {
        const { gnu: g, ours: o } = await both(line);
        const diffs: string[] = [];
        if (g.stdout !== o.stdout) diffs.push(`stdout\n  gnu:  ${JSON.stringify(g.stdout)}\n  ours: ${JSON.stringify(o.stdout)}`);
        if (g.status !== o.status) diffs.push(`status gnu ${g.status}, ours ${o.status}`);
        if (opts.stderr !== false && g.stderr !== o.stderr) diffs.push(`stderr\n  gnu:  ${JSON.stringify(g.stderr)}\n  ours: ${JSON.stringify(o.stderr)}`);
        if (diffs.length) bad.push(`$ ${line}\n  ${diffs.join('\n  ')}`);
      }
      return bad;
    },
    async screenMismatches(lines) {
      const bad: string[] = [];
      for (const line of lines) {
        const g = gnu(`exec 2>&1\n${line}`); // the terminal shows both streams as they come
        const before = events.length;
        const shown = await terminal.type(line);
        const status = events.slice(before).pop()?.exit ?? -1;
        const expected = Buffer.from(g.stdout + g.stderr, 'latin1').toString('utf8');
        if (expected !== shown || g.status !== status) {
          bad.push(`$ ${line}\n  bash: ${JSON.stringify(expected)} (${g.status})\n  ours: ${JSON.stringify(shown)} (${status})`);
        }
      }
      return bad;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The GNU tools are installed (.ci/run installs grep, coreutils and diffutils); under CI=true the
 * differential tests run whatever this says, so a missing tool fails them instead of skipping them.
 */
export function gnuToolsPresent(): boolean {
  if (process.env.CI === 'true') return true;
  try {
    for (const t of [...GNU_TOOLS, '/bin/bash']) readFileSync(t);
    return true;
  } catch {
    return false;
  }
}

/** A deterministic byte pattern (xorshift), for binary inputs. */
export function bytes(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** The corpus every tool is run on: the edge cases the issue names and the guide's files. */
export const CORPUS: Record<string, string | Uint8Array> = {
  'empty': '',
  'nonl': 'abc\ndef\nabc def',
  'one': 'x\n',
  'text': 'alpha beta\nBeta gamma\n\ngamma delta alpha\n  indented line\nALPHA\nlast line\n',
  'crlf': 'first\r\nsecond line\r\nthird\r\n',
  'utf8': 'café au lait\nCAFÉ\nnaïve\n€ sign\n',
  'invalid': Uint8Array.from(Buffer.from('good line\nbad \xff\xfe bytes\ngood again\n', 'latin1')),
  'binary': bytes(300),
  'nul': Uint8Array.from(Buffer.from('abc\0abc\nxyz\nabc\n', 'latin1')),
  'long': 'x'.repeat(5000) + '\n' + 'y'.repeat(70000) + '\nshort\n',
  'attr_8': 'OBJ_ATTR_CLASS\n0x04\nOBJ_ATTR_KEY_TYPE\n0x1f\nOBJ_ATTR_TOKEN\n0x01\nOBJ_ATTR_PRIVATE\n0x01\nOBJ_ATTR_ENCRYPT\n0x01\n' +
    'OBJ_ATTR_DECRYPT\n0x01\nOBJ_ATTR_WRAP\n0x00\nOBJ_ATTR_UNWRAP\n0x00\nOBJ_ATTR_SIGN\n0x00\nOBJ_ATTR_VERIFY\n0x00\n' +
    'OBJ_ATTR_LOCAL\n0x01\nOBJ_ATTR_MODIFIABLE\n0x01\nOBJ_ATTR_DERIVE\n0x00\nOBJ_ATTR_EXTRACTABLE\n0x00000001\n' +
    'OBJ_ATTR_VALUE_LEN\n0x00000020\nOBJ_ATTR_LABEL\naes256\nOBJ_ATTR_ID\n\nOBJ_ATTR_KCV\n0xc33cbd\n',
  'numbers': Array.from({ length: 40 }, (_, i) => `line ${i + 1}\n`).join(''),
  'dir/': '',
};
for (let i = 1; i <= 12; i++) CORPUS[`f${String(i).padStart(2, '0')}`] = `file ${i}\n${'z'.repeat(i * 7)}\n`;
