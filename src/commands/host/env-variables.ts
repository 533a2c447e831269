/**
 * The host shell's environment, per terminal (cloudhsm-cli.md §1.2, G-CLI-26): `export NAME=value`,
 * `unset NAME`, `env`, `$NAME`, and what `cloudhsm-cli` reads (CLOUDHSM_ROLE, CLOUDHSM_PIN). It
 * lives in memory beside the terminal's session and is never stored: after a reload, and in a new
 * tab, a terminal starts from the fixed environment below (`reset` restores the playground, not
 * the shell's variables, as a new playground on the same host would).
 *
 * Decided: a terminal starts with a small fixed environment, in this order, that matches what `$HOME`,
 * `$USER` and `$LOGNAME` already expanded to: HOME, LOGNAME, PATH, SHELL, USER. `env` prints the
 * variables in the order they entered the environment (GNU env prints its environment as it got
 * it); a variable exported again keeps its place, one unset and exported again goes last. `PWD` is
 * not in it: `$PWD` reads the current directory, as before.
 */
import { HOME } from '../../hsm/vfs';
import type { TerminalSession } from '../program';

const FIXED: ReadonlyArray<readonly [string, string]> = [
  ['HOME', HOME],
  ['LOGNAME', 'user'],
  ['PATH', '/usr/local/bin:/usr/bin:/bin:/opt/cloudhsm/bin'],
  ['SHELL', '/bin/bash'],
  ['USER', 'user'],
];

/** A shell variable name (bash's `name`). */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Most variables and characters the environment holds (bad input never exhausts memory). */
export const MAX_VARIABLES = 256;
export const MAX_VALUE_CHARS = 1 << 16;

const environments = new WeakMap<TerminalSession, Map<string, string>>();

/** The terminal's environment (a Map: names are typed words), created on first use. */
export function environment(terminal: TerminalSession): Map<string, string> {
  let env = environments.get(terminal);
  if (!env) environments.set(terminal, (env = new Map(FIXED)));
  return env;
}

/** A variable's value, or undefined when it is not set. */
export function variable(terminal: TerminalSession, name: string): string | undefined {
  return environment(terminal).get(name);
}

/** Set a variable; false when the environment is full or the value too long. */
export function setVariable(terminal: TerminalSession, name: string, value: string): boolean {
  const env = environment(terminal);
  if (value.length > MAX_VALUE_CHARS || (!env.has(name) && env.size >= MAX_VARIABLES)) return false;
  env.set(name, value);
  return true;
}

export function unsetVariable(terminal: TerminalSession, name: string): void {
  environment(terminal).delete(name);
}

/** The credentials of single-command mode (§1.2), when both variables are set. */
export function cliCredentials(terminal: TerminalSession): { role: string; pin: string } | null {
  const role = variable(terminal, 'CLOUDHSM_ROLE');
  const pin = variable(terminal, 'CLOUDHSM_PIN');
  return role === undefined || pin === undefined ? null : { role, pin };
}
