/**
 * Words that name properties of Object.prototype, fed into every position a word is accepted
 * (command names, flags and their values, positional arguments, subcommands, option words; typed
 * and completed; for the CloudHSM CLI also group words, long flag names, filter attribute names
 * and values),
 * with the positions read from each program's own tables (Program.commands()), so a new command or
 * program is covered without editing this test. The playground runs on IndexedDB as the page wires
 * it (fake-indexeddb + the idb backend + the failover backend + the cache): no line may print an
 * internal error or leave an unhandled rejection, the storage must stay in use (no failover to
 * memory), and what the engine sees must be what IndexedDB holds, every record well-formed.
 */
import { freshFactory } from '../store/fake-idb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { failoverBackend } from '../../src/platform/failover-backend';
import { cachedBackend } from '../../src/hsm/cached-backend';
import { STORE_NAMES, type Backend } from '../../src/hsm/store';
import { recordProblem } from '../../src/hsm/validate';
import { PROGRAMS } from '../../src/commands/programs';
import type { ProgramCommandInfo, ProgramId } from '../../src/commands/program';
import { flagValueKind, type ArgSpec, type FlagSpec, type ValueKind } from '../../src/commands/flags';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';

const WORDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'] as const;

const ENTER: Record<Exclude<ProgramId, 'host'>, string> = { kmu: 'key_mgmt_util', cmu: 'cloudhsm_mgmt_util', cli: 'cloudhsm-cli interactive' };
const LOGIN: Record<ProgramId, string | null> = {
  host: null, kmu: 'loginHSM -u CU -s example_user -p example_pwd', cmu: 'loginHSM CO admin co12345',
  cli: 'login --username example_user --role crypto-user --password example_pwd',
};

/** A plausible value of each kind, so the word also reaches the positions behind a valid start. */
const PLAUSIBLE: Record<ValueKind, string> = {
  keytype: '31', class: '4', handle: '6', label: 'lbl', file: 'f.key', username: 'example_user', usertype: 'CU',
  userids: '4', attribute: '3', code: '0', mechanism: '4', server: '0', none: '16',
};

const flagFill = (f: FlagSpec) => PLAUSIBLE[flagValueKind(f.arg ?? '')];

/** Every way of filling the positions before `i` (fixed words each, anything else `fill` of it). */
function prefixes(args: readonly ArgSpec[], i: number, w: string, fill: (a: ArgSpec) => string = () => w): string[][] {
  let out: string[][] = [[]];
  for (const a of args.slice(0, i)) {
    const choices = a.words?.length ? [...a.words, w] : [fill(a)];
    out = out.flatMap((p) => choices.map((c) => [...p, ...(a.flag ? [a.flag] : []), c]));
  }
  return out;
}

/** The lines that put `w` in each position the command's tables name. */
function linesFor(cmd: ProgramCommandInfo, w: string): string[] {
  const out = new Set<string>([`${cmd.name} ${w}`, `${cmd.name} -h ${w}`]);
  const flags = cmd.flags ?? [];
  const required = flags.filter((f) => f.required && f.arg).flatMap((f) => [f.flag, w]);
  out.add([cmd.name, ...required].join(' '));
  out.add([cmd.name, ...required, w, w].join(' '));
  for (const f of flags) {
    out.add([cmd.name, ...required, f.flag, ...(f.arg ? [w] : [])].join(' '));
    // the other required flags plausible, this one the word
    const others = flags.filter((g) => g !== f && g.required && g.arg).flatMap((g) => [g.flag, flagFill(g)]);
    if (f.arg) out.add([cmd.name, ...others, f.flag, w].join(' '));
  }
  const args = cmd.args ?? [];
  for (let i = 0; i < args.length; i++) {
    for (const fill of [() => w, (a: ArgSpec) => PLAUSIBLE[a.kind]]) {
      const rest = args.slice(i + 1).filter((a) => !a.optional).map(fill);
      for (const p of prefixes(args, i, w, fill)) {
        out.add([cmd.name, ...p, w, ...rest].join(' '));
        if (args[i]!.flag) out.add([cmd.name, ...p, args[i]!.flag!, w, ...rest].join(' '));
      }
    }
  }
  for (const o of cmd.options ?? []) {
    out.add([cmd.name, o.flag, ...(o.value ? [w] : []), ...args.filter((a) => !a.optional).map(() => w)].join(' '));
  }
  return [...out];
}

/** The CloudHSM CLI (issue 16): the word as a group word, a help path, after `help` in a group. */
const cliWordLines = (w: string): string[] => [`key ${w}`, `help ${w}`, `key help ${w}`, `help key ${w}`, `crypto sign ${w}`, `${w} --help`];

/**
 * The CloudHSM CLI's own positions: the word as a long flag name (alone and `--name=value`), as a
 * filter's attribute name and value (`attr.NAME=VALUE`, `key-reference=`), and as each flag's value
 * in the `--flag=value` form.
 */
function cliLinesFor(cmd: ProgramCommandInfo, w: string): string[] {
  const out = [`${cmd.name} --${w}`, `${cmd.name} --${w}=${w}`, `${cmd.name} --${w} ${w}`];
  for (const f of cmd.flags ?? []) {
    if (f.arg !== undefined) out.push(`${cmd.name} ${f.flag}=${w}`);
    if (/filter/.test(f.flag)) {
      out.push(`${cmd.name} ${f.flag} attr.${w}=1`, `${cmd.name} ${f.flag} ${w}=1`, `${cmd.name} ${f.flag} attr.label=${w}`,
        `${cmd.name} ${f.flag} key-reference=${w}`, `${cmd.name} ${f.flag} attr.${w}=${w} attr.label=${w}`);
    }
  }
  return out;
}

interface Rig { t: Terminal; idb: Backend; backend: Backend; failovers: string[]; warnings: string[]; factory: IDBFactory }

async function rig(): Promise<Rig> {
  const factory = freshFactory();
  const failovers: string[] = [];
  const idb = await openIdbBackend({ name: 'hostile', factory });
  const backend = cachedBackend(failoverBackend(idb, (reason) => failovers.push(reason)));
  const t = await openTerminal({ backend });
  await t.type('pwd'); // the fresh playground is set up by the first command
  const warnings: string[] = [];
  t.session.hsm.deps.warn = (line) => warnings.push(line);
  return { t, idb, backend, failovers, warnings, factory };
}

const unhandled: unknown[] = [];
const lines = { count: 0 };
const onUnhandled = (e: unknown) => { unhandled.push(e); };
beforeAll(() => { process.on('unhandledRejection', onUnhandled); });
afterAll(() => { process.off('unhandledRejection', onUnhandled); });

/** Type `line`, answering each question it asks with `w` (a y/n question with y), up to a few. */
async function typeAll(t: Terminal, line: string, w: string): Promise<string> {
  let out = await t.type(line);
  const asking = async () => t.session.prompt !== (await PROGRAMS.load(t.session.programId)).prompt(t.session.terminal);
  for (let n = 0; n < 4 && (await asking()); n++) {
    out += await t.type(/y\/n/i.test(t.session.prompt) ? 'y' : w);
    lines.count++;
  }
  lines.count++;
  return out;
}

async function enter(t: Terminal, id: ProgramId, loggedIn: boolean): Promise<void> {
  for (let n = 0; n < 3 && t.session.programId !== 'host' && t.session.programId !== id; n++) await t.type('exit');
  if (t.session.programId === 'host' && id !== 'host') await t.type(ENTER[id]);
  expect(t.session.programId).toBe(id);
  if (loggedIn && LOGIN[id]) await t.type(LOGIN[id]!);
}

async function checkStore(r: Rig, context: string): Promise<void> {
  expect(r.failovers, context).toEqual([]);
  expect(r.backend.kind, context).toBe('indexeddb');
  expect(r.warnings, context).toEqual([]);
  for (const store of STORE_NAMES) {
    const stored = await r.idb.list(store);
    for (const rec of stored) {
      if (store === 'meta' && rec.id === 'schema') continue;
      expect(recordProblem(store, rec), `${context}: ${store}/${rec.id}`).toBeNull();
    }
    // what the engine sees (through the cache) is what IndexedDB holds
    expect((await r.backend.list(store)).map((x) => [x.id, x.rev]), `${context}: ${store}`)
      .toEqual(stored.map((x) => [x.id, x.rev]));
  }
}

describe('words of Object.prototype in every position of every program', () => {
  for (const id of ['host', 'kmu', 'cmu', 'cli'] as const) {
    for (const loggedIn of id === 'host' ? [false] : [false, true]) {
      it(`${id}${loggedIn ? ' (logged in)' : ''}`, async () => {
        const r = await rig();
        const program = await PROGRAMS.load(id);
        const commands = program.commands().filter((c) => c.name !== 'reset' && c.name !== 'clear');
        for (const w of WORDS) {
          await enter(r.t, id, loggedIn);
          // as a command name: nothing is run, nothing changes
          for (const line of [w, `${w} ${w}`, `explain ${w}`, `explain -t ${w}`, `explain ${w} 1`, ...(id === 'cli' ? cliWordLines(w) : [])]) {
            const before = await dumpIdb('hostile', r.factory);
            const out = await typeAll(r.t, line, w);
            expect(out, `${id}: ${line}`).not.toMatch(/internal error/i);
            if (line.startsWith(w)) expect(await dumpIdb('hostile', r.factory), `${id}: ${line}`).toBe(before);
            await enter(r.t, id, false);
          }
          for (const cmd of commands) {
            for (const line of [...linesFor(cmd, w), ...(id === 'cli' ? cliLinesFor(cmd, w) : [])]) {
              await enter(r.t, id, false);
              // completion reads the same tables: at the end of the line and after each word
              await r.t.session.complete(line);
              await r.t.session.complete(`${line} `);
              const out = await typeAll(r.t, line, w);
              expect(out, `${id}: ${line}`).not.toMatch(/internal error|could not be set up/i);
              // the CLI's envelope parses as JSON whatever word it echoes (cloudhsm-cli.md §2.6)
              if (id === 'cli' && out.startsWith('{')) expect(() => JSON.parse(out), `${id}: ${line}`).not.toThrow();
              expect(unhandled, `${id}: ${line}`).toEqual([]);
              await checkStore(r, `${id}: ${line}`);
              if (r.t.session.programId !== id) await enter(r.t, id, loggedIn);
            }
          }
        }
        await checkStore(r, id);
        expect(unhandled).toEqual([]);
        expect(lines.count).toBeGreaterThan(WORDS.length * commands.length);
      }, 600_000);
    }
  }
});
