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
import { KMU_SECRET_FLAG_NAMES } from '../kmu/secret-flags';
import type { ArgSpec } from '../flags';
import type { HostCommand } from './command';

export const SINGLE = 'singlecmd';
/** The early doc revision's spelling puts this word before `singlecmd` (kmu-commands.md §1.1). */
export const EARLY = 'Cfm3Util';

export const ARGS: readonly ArgSpec[] = [
  { name: 'singlecmd', kind: 'none', words: [SINGLE, EARLY], optional: true },
  { name: 'command', kind: 'none', optional: true, rest: true },
];

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
  // key_mgmt_util's own tables answer Tab after `singlecmd`: they load with the tool
  complete: async (before, word) => (await import('./key-mgmt-util-run')).singleCmdSlot(before, word),
  /**
   * The value after a secret flag of key_mgmt_util (`-p` of loginHSM, genPBEKey's), in either
   * single-command line: no other flag of the tool is spelled like one (src/commands/kmu/secret-flags.ts),
   * so this masks what splitting the words into their two lines would, without the tool's tables.
   */
  secretTokens(tokens) {
    const at = singleStart(tokens.slice(1));
    if (at < 0) return [];
    const out: number[] = [];
    for (let i = 1 + at + 1; i + 1 < tokens.length; i++) if (KMU_SECRET_FLAG_NAMES.has(tokens[i]!)) out.push(++i);
    return out;
  },
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./key-mgmt-util-run')).run(ctx, args),
};
