/**
 * key_mgmt_util: start the key management tool (prompt `Command: `); `exit` comes back. The guide
 * starts it as `/opt/cloudhsm/bin/key_mgmt_util` (kmu-commands.md §1.1; the path is resolved by
 * the host's program table, ./index.ts).
 *
 * `key_mgmt_util singlecmd <command line> [<command line>]` (and the early spelling
 * `key_mgmt_util Cfm3Util singlecmd …`) is the tool's single-command mode (§1.1, G-58): the words
 * after `singlecmd` are split at the second known key_mgmt_util command name — a flag's value
 * never counts as one — into a first line (the guide's `loginHSM -u CU -s … -p …`) and a second
 * (`genSymKey …`). The tool runs them in a key_mgmt_util session of its own (TerminalIo.spawn: its
 * session keys are gone when it ends; the terminal's own key_mgmt_util state is untouched) and
 * exits, back at `$ `. Decided where the guide is silent (it shows the mode only inside a shell
 * loop, without output):
 * - What it prints is what the interactive tool prints for the same lines, without the prompts
 *   and the echoed lines: each command's output between its empty lines, the exit nothing.
 * - The second line does not run when the first reported a failure: a return code other than
 *   0x00, or a loginHSM that reported none (its usage error). An unknown first command answers
 *   the tool's own `Invalid command` error; an unknown word after the login is no split point
 *   (G-58 splits at a known name), so it stays the login's and the login's usage error answers.
 * - One command alone (`singlecmd listAttributes`, or a login and nothing after it) runs that one.
 * - `-hpswd` asks for the password on the terminal, as the interactive tool does.
 * - Other arguments, or `singlecmd` with nothing after it, print the usage line and start nothing;
 *   `key_mgmt_util Cfm3Util` alone starts the tool as the bare name does.
 */
import { argSlot, flagSlot, NOTHING } from '../completion';
import { findKmuCommand, KMU_COMMANDS } from '../kmu/index';
import { secretFlagValues, type ArgSpec } from '../flags';
import type { CompletionSlot } from '../program';
import type { HostCommand } from './command';

const SINGLE = 'singlecmd';
/** The early doc revision's spelling puts this word before `singlecmd` (kmu-commands.md §1.1). */
export const EARLY = 'Cfm3Util';

const ARGS: readonly ArgSpec[] = [
  { name: 'singlecmd', kind: 'none', words: [SINGLE, EARLY], optional: true },
  { name: 'command', kind: 'none', optional: true, rest: true },
];

/**
 * Tab after `singlecmd`: key_mgmt_util's own tables — its command names, then the flags of the
 * command being typed (and the value a flag takes); after the first line's flags, the second
 * command's name too.
 */
function singleCmdSlot(before: readonly string[], word: string): CompletionSlot {
  const rest = before.slice(1);
  const at = singleStart(rest);
  if (at < 0) return rest.length === 1 && rest[0] === EARLY ? { words: [SINGLE], kind: 'none' } : argSlot(ARGS, before, [], word);
  const lines = splitSingleCmd(rest.slice(at));
  const names = KMU_COMMANDS.map((c) => c.name);
  const last = lines[lines.length - 1];
  if (!last) return { words: names, kind: 'none', caseless: true };
  const cmd = findKmuCommand(last[0]!);
  if (!cmd) return NOTHING;
  const prev = last[last.length - 1]!;
  if (last.length >= 2 && cmd.flags.some((f) => f.flag === prev && f.arg !== undefined)) return flagSlot(cmd.flags, last);
  const flags = flagSlot(cmd.flags, last).words;
  return lines.length === 1 ? { words: [...flags, ...names], kind: 'none', caseless: true } : { words: flags, kind: 'none' };
}

/** The words after `singlecmd`, split into the one or two command lines they hold (G-58). */
export function splitSingleCmd(words: readonly string[]): string[][] {
  if (words.length === 0) return [];
  const first = findKmuCommand(words[0]!);
  const takesValue = new Set(first ? first.flags.filter((f) => f.arg !== undefined).map((f) => f.flag) : []);
  for (let i = 1; i < words.length; i++) {
    if (takesValue.has(words[i]!)) {
      i++; // the flag's value, whatever it spells
      continue;
    }
    if (findKmuCommand(words[i]!)) return [words.slice(0, i), words.slice(i)];
  }
  return [[...words]];
}

/** Where the single-command words start in a key_mgmt_util line's arguments, or -1. */
export function singleStart(args: readonly string[]): number {
  const at = args[0] === EARLY ? 1 : 0;
  return args[at] === SINGLE ? at + 1 : -1;
}

export const keyMgmtUtil: HostCommand = {
  name: 'key_mgmt_util',
  summary: 'start key_mgmt_util (exit returns here); singlecmd: log in, run one command, exit',
  usage: 'key_mgmt_util [singlecmd loginHSM ... COMMAND ...]',
  args: ARGS,
  complete: singleCmdSlot,
  secretTokens(tokens) {
    const at = singleStart(tokens.slice(1));
    if (at < 0) return [];
    const base = 1 + at; // index in `tokens` of the first single-command word
    const out: number[] = [];
    let offset = base;
    for (const line of splitSingleCmd(tokens.slice(base))) {
      const cmd = findKmuCommand(line[0]!);
      if (cmd) for (const i of secretFlagValues(cmd.flags, line)) out.push(offset + i);
      offset += line.length;
    }
    return out;
  },
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./key-mgmt-util-run')).run(ctx, args),
};
