/**
 * sudo COMMAND [ARGS...]: run a command as root, as the guide's set-up steps do
 * (`sudo service cloudhsm-client start`, `sudo /opt/cloudhsm/bin/configure -a <IP>`). The
 * playground's host has one user and no privileges: sudo looks the command up and runs it as it
 * is. `sudo` alone prints sudo's usage, `sudo -h` its help with one line on what it does here. A
 * shell builtin (`cd`) is no program sudo can run, as on a real host.
 */
import { argSlot } from '../completion';
import type { ArgSpec, OptionSpec } from '../flags';
import type { HostCommand } from './command';

/** What sudo needs of the shell's registry (passed in: the registry lists sudo itself). */
export interface SudoLookup {
  /** The command a word names (a path included), or none. */
  find(name: string): HostCommand | undefined;
  /** Every word that names a command (completion). */
  names(): readonly string[];
  /** The shell's builtins: no program of that name exists. */
  builtins: ReadonlySet<string>;
}

const OPTIONS: readonly OptionSpec[] = [{ flag: '-h' }, { flag: '-V' }, { flag: '-k' }, { flag: '-K' }, { flag: '-E' }, { flag: '-u', value: 'none' }, { flag: '-g', value: 'none' }];

export function sudoCommand(shell: SudoLookup): HostCommand {
  const find = (name: string) => (shell.builtins.has(name) ? undefined : shell.find(name));
  const args: readonly ArgSpec[] = [
    // the command sudo runs: completion offers the host's commands (read when asked: no import cycle)
    { name: 'command', kind: 'none', optional: true, get words() { return shell.names().filter((n) => !shell.builtins.has(n)); } },
    { name: 'args', kind: 'none', optional: true, rest: true },
  ];
  return {
    name: 'sudo',
    summary: 'run a command as root (one user here: it runs the command as it is)',
    usage: 'sudo COMMAND [ARGS...]',
    args,
    options: OPTIONS,
    secretTokens(tokens) {
      const at = commandAt(tokens, 1);
      const inner = tokens[at] === undefined ? undefined : find(tokens[at]!);
      return (inner?.secretTokens?.(tokens.slice(at)) ?? []).map((i) => i + at);
    },
    complete(before, word) {
      const at = commandAt(before, 1);
      const inner = before[at] === undefined ? undefined : find(before[at]!);
      if (at >= before.length || !inner) return argSlot(args, before, OPTIONS, word);
      const rest = before.slice(at);
      return inner.complete ? inner.complete(rest, word) : argSlot(inner.args, rest, inner.options, word);
    },
    // the work itself loads on first use (the page's first script stays small)
    run: async (ctx, words) => (await import('./sudo-run')).run(ctx, words, find),
  };
}

/** Where the command starts: after -u USER, -g GROUP and -E, accepted without effect (one user). */
export function commandAt(words: readonly string[], from: number): number {
  let at = from;
  for (;;) {
    const w = words[at];
    if (w === '-E') at += 1;
    else if ((w === '-u' || w === '-g') && words[at + 1] !== undefined) at += 2;
    else return at;
  }
}
