/**
 * The differential harness of the host's openssl: the same command line through /usr/bin/openssl
 * (bash -c in a temporary directory) and through the playground's host shell, on the same files;
 * files can be carried from one side to the other (a key the playground made, loaded by the real
 * openssl, and the reverse). OpenSSL's error lines start with the thread's id, a different number
 * every run: both sides' ids are replaced by TID before comparing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTerminal, type Terminal } from '../support/transcript';
import { readFile, resolvePath, writeFile } from '../../src/hsm/vfs';
import type { CommandEvent } from '../../src/shell/events';

export interface Outcome { stdout: string; stderr: string; status: number }

/** /usr/bin/openssl is there (under CI=true the tests run anyway, so a missing one fails them). */
export const opensslPresent = () => process.env.CI === 'true' || (existsSync('/usr/bin/openssl') && existsSync('/bin/bash'));

export const normalise = (stderr: string) => stderr.replace(/^[0-9A-F]{16}:error:/gm, 'TID:error:');

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

export interface OsslSandbox {
  terminal: Terminal;
  real(line: string): Outcome;
  ours(line: string): Promise<Outcome>;
  /** Every line whose stdout (bytes), status or normalised stderr differ. */
  mismatches(lines: readonly string[]): Promise<string[]>;
  /** A file's bytes on each side. */
  realFile(name: string): Uint8Array;
  ourFile(name: string): Promise<Uint8Array | undefined>;
  /** Put bytes into a file on one side. */
  putReal(name: string, data: Uint8Array): void;
  putOurs(name: string, data: Uint8Array): Promise<void>;
  dispose(): void;
}

export async function osslSandbox(files: Record<string, string | Uint8Array>, opts: { seed?: number } = {}): Promise<OsslSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'kmu-openssl-'));
  const terminal = await openTerminal(opts.seed === undefined ? {} : { seed: opts.seed });
  const events: CommandEvent[] = [];
  terminal.session.onEvent((e) => events.push(e));
  const hsm = terminal.session.hsm;
  const putOurs = async (name: string, data: Uint8Array) => {
    const r = await hsm.transact((tx) => writeFile(tx, resolvePath('/home/user', name), data, hsm.deps.clock.now()));
    if (r !== 'ok') throw new Error(`cannot write ${name} in the playground: ${r}`);
  };
  const putReal = (name: string, data: Uint8Array) => writeFileSync(join(dir, name), data);
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? new Uint8Array(Buffer.from(content, 'utf8')) : content;
    putReal(name, data);
    await putOurs(name, data);
  }
  const real = (line: string): Outcome => {
    const r = spawnSync('/bin/bash', ['--norc', '--noprofile', '-c', line], {
      cwd: dir, env: { LC_ALL: 'C.UTF-8', TZ: 'UTC', PATH: '/usr/bin:/bin', HOME: '/home/user' }, encoding: 'latin1', timeout: 60_000,
    });
    if (r.error) throw r.error;
    return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
  };
  const ourFile = (name: string) => hsm.transact((tx) => readFile(tx, resolvePath('/home/user', name)));
  const ours = async (line: string): Promise<Outcome> => {
    const before = events.length;
    const stderr = await terminal.type(`${line} > __out`);
    const ev = events.slice(before).pop();
    const out = await ourFile('__out');
    await terminal.type('rm __out');
    return { stdout: latin1(out ?? new Uint8Array(0)), stderr: Buffer.from(stderr, 'utf8').toString('latin1'), status: ev?.exit ?? -1 };
  };
  return {
    terminal, real, ours, putReal, putOurs, ourFile,
    realFile: (name) => new Uint8Array(readFileSync(join(dir, name))),
    async mismatches(lines) {
      const bad: string[] = [];
      for (const line of lines) {
        const g = real(line);
        const o = await ours(line);
        const diffs: string[] = [];
        if (g.stdout !== o.stdout) diffs.push(`stdout\n  real: ${JSON.stringify(g.stdout)}\n  ours: ${JSON.stringify(o.stdout)}`);
        if (g.status !== o.status) diffs.push(`status real ${g.status}, ours ${o.status}`);
        if (normalise(g.stderr) !== normalise(o.stderr)) diffs.push(`stderr\n  real: ${JSON.stringify(g.stderr)}\n  ours: ${JSON.stringify(o.stderr)}`);
        if (diffs.length) bad.push(`$ ${line}\n  ${diffs.join('\n  ')}`);
      }
      return bad;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Keys made once by the real openssl (a temporary directory), for the deterministic comparisons. */
export function realKeys(commands: Record<string, string>): Record<string, Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'kmu-openssl-keys-'));
  try {
    const out: Record<string, Uint8Array> = {};
    for (const [name, line] of Object.entries(commands)) {
      const r = spawnSync('/bin/bash', ['-c', line], { cwd: dir, encoding: 'latin1', timeout: 120_000 });
      if (r.status !== 0) throw new Error(`${line}: ${r.stderr}`);
      out[name] = new Uint8Array(readFileSync(join(dir, name)));
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
