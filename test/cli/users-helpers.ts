/**
 * Running the CLI's login and user commands without the program (before the core branch's parser
 * lands): a terminal's HSM, a fresh CliSession, parsed options as a Map, and the printed block
 * rebuilt the way §2.6 lays it out (JSON with two spaces, the prompts of §1.4 on lines of their
 * own) so the canonical blocks of the spec can be compared as text.
 */
import { readFileSync } from 'node:fs';
import { CliSession } from '../../src/hsm/cli-session';
import type { CliArgs, CliCommand, CliResult } from '../../src/commands/cli/command';
import { CLI_COMMANDS } from '../../src/commands/cli/index';
import { cliErrorText } from '../../src/commands/cli/errors';
import type { Hsm } from '../../src/hsm/world';
import { openTerminal, type Terminal } from '../support/transcript';
import type { Backend } from '../../src/hsm/store';
import type { Scenario } from '../../src/hsm/scenario';
import type { ClusterRecord, UserRecord } from '../../src/hsm/model';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';

export const cliFixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/cli/${name}.txt`, import.meta.url), 'utf8');

/** Options as the parser hands them over: a value, several values, or a boolean flag. */
export function cliArgs(opts: Readonly<Record<string, string | readonly string[] | true>>): CliArgs {
  const m = new Map(Object.entries(opts));
  return {
    value: (long) => { const v = m.get(long); return typeof v === 'string' ? v : undefined; },
    values: (long) => { const v = m.get(long); return typeof v === 'string' ? [v] : Array.isArray(v) ? v : []; },
    has: (long) => m.has(long),
  };
}

/** A command of the registry by its path words. */
export function command(path: string): CliCommand {
  const c = CLI_COMMANDS.find((x) => x.path.join(' ') === path);
  if (!c) throw new Error(`no CLI command ${path}`);
  return c;
}

/** Parse `--flag value` words of one line (no quoting: the tests' lines need none). */
function parseLine(words: string[]): Record<string, string | string[] | true> {
  const out: Record<string, string | string[] | true> = {};
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('--')) throw new Error(`unexpected word ${w}`);
    const next = words[i + 1];
    if (next === undefined || next.startsWith('--')) out[w.slice(2)] = true;
    else { out[w.slice(2)] = next; i++; }
  }
  return out;
}

export interface CliWorld {
  t: Terminal;
  hsm: Hsm;
  session: CliSession;
  /** The prompts asked during the last run. */
  prompts: string[];
  /** Run one command line (path words then flags); `answers` reply to the prompts in order. */
  run(line: string, answers?: string[]): Promise<CliResult>;
  /** Run one line and return the block: `aws-cloudhsm > line`, the prompts, the JSON envelope. */
  block(line: string, answers?: string[]): Promise<string>;
  /** A second CLI session on the same HSM (another tab's, for "logged in elsewhere"). */
  other(): CliWorld;
}

export function envelope(r: CliResult): string {
  const body = r.ok ? { error_code: 0, data: r.data } : { error_code: 1, data: cliErrorText(r.refusal) };
  return JSON.stringify(body, null, 2) + '\n';
}

function world(t: Terminal, hsm: Hsm, session: CliSession): CliWorld {
  const w: CliWorld = {
    t, hsm, session, prompts: [],
    async run(line, answers = []) {
      const words = line.split(/ +/).filter(Boolean);
      const cmd = CLI_COMMANDS.filter((c) => c.path.every((p, i) => words[i] === p))
        .sort((a, b) => b.path.length - a.path.length)[0];
      if (!cmd) throw new Error(`no CLI command for ${line}`);
      const args = cliArgs(parseLine(words.slice(cmd.path.length)));
      w.prompts = [];
      const queue = [...answers];
      return cmd.run({
        hsm, session, cwd: '/home/ec2-user',
        readLine: async (prompt) => {
          w.prompts.push(prompt);
          const a = queue.shift();
          if (a === undefined) throw new Error(`unexpected prompt ${prompt}`);
          return a;
        },
      }, args);
    },
    async block(line, answers = []) {
      const r = await w.run(line, answers);
      return `aws-cloudhsm > ${line}\n${w.prompts.map((p) => p + '\n').join('')}${envelope(r)}`;
    },
    other: () => world(t, hsm, new CliSession()),
  };
  return w;
}

/**
 * A fresh playground (README decision 1) in a terminal, and a CLI session on it: the terminal's
 * own, so the playground's logins port sees its login (other() sessions are not registered).
 */
export async function cliWorld(opts: { seed?: number; scenario?: Scenario; backend?: Backend } = {}): Promise<CliWorld> {
  const t = await openTerminal(opts);
  await t.session.hsm.ensureInitialized(); // the fresh playground is staged on first use
  return world(t, t.session.hsm, t.session.terminal.cli);
}

/** The error envelope of §2.6 with `data` as given (texts written out from §2.8 in the tests). */
export const errorBlock = (data: string): string => JSON.stringify({ error_code: 1, data }, null, 2) + '\n';

/** A CLI world on a fake IndexedDB, with a dump of the whole database ("database unchanged"). */
export async function idbWorld(scenario?: Scenario, name = 'cli'): Promise<{ w: CliWorld; dump: () => Promise<string> }> {
  const factory = freshFactory();
  const w = await cliWorld({ backend: await openIdbBackend({ name, factory }), scenario });
  return { w, dump: () => dumpIdb(name, factory) };
}

/** Stop or start one HSM of cluster-1 directly in the store. */
export async function setHsm(w: CliWorld, node: number, state: 'up' | 'down'): Promise<void> {
  await w.hsm.transact(async (tx) => {
    const c = (await tx.get<ClusterRecord>('clusters', 'cluster-1'))!;
    tx.put<ClusterRecord>('clusters', { ...c, hsms: c.hsms.map((h) => (h.node === node ? { ...h, state } : h)) });
  });
}

/** Every record of a user name (any case) in cluster-1, in node order. */
export async function userRecords(w: CliWorld, name: string): Promise<UserRecord[]> {
  return w.hsm.transact(async (tx) => (await tx.list<UserRecord>('users', 'cluster-1/'))
    .filter((u) => u.name.toLowerCase() === name.toLowerCase()).sort((a, b) => a.node - b.node));
}

export const ADMIN_LOGIN = 'login --username admin --role admin --password co12345';
export const EXAMPLE_LOGIN = 'login --username example_user --role crypto-user --password example_pwd';
