/**
 * What configure-cli does (its table and command are in configure-cli.ts; this loads on first use).
 *
 * Decided (clap 4's words as the real tool prints them: it answers an unknown word with clap's
 * `unrecognized subcommand`, cloudhsm-cli.md §2.7; exit status 2, nothing changed): a word that is
 * no option → `unrecognized subcommand`; an option it does not know here (the real tool's `-a`,
 * `--hsm-ca-cert`, … configure connections the playground's client does not need) → `unexpected
 * argument`; both settings at once → clap's conflict; one given twice → `cannot be used multiple
 * times`; `-h`/`--help` → the help of these two options. Nothing at all changes nothing.
 */
import type { HostContext, HostResult } from './command';
import { DISABLE, ENABLE } from './configure-cli';

const USAGE = 'Usage: configure-cli [OPTIONS] [COMMAND]';
const TRY_HELP = "For more information, try '--help'.";
const lines = (...l: string[]) => l.map((x) => x + '\n').join('');
const usageError = (...l: string[]): HostResult => ({ output: '', stderr: lines(...l), status: 2 });

const HELP = [
  USAGE,
  '',
  'Options:',
  `      ${DISABLE}`,
  '          Disable the key availability check: keys on fewer than 2 HSMs may be used',
  `      ${ENABLE}`,
  '          Enable the key availability check: a key must be available on at least 2 HSMs (the default)',
  '  -h, --help',
  '          Print help',
];

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const given: string[] = [];
  for (const a of args) {
    if (a === '-h' || a === '--help') return { output: lines(...HELP) };
    if (a === DISABLE || a === ENABLE) {
      if (given.includes(a)) return usageError(`error: the argument '${a}' cannot be used multiple times`, '', USAGE, '', TRY_HELP);
      if (given.length > 0) return usageError(`error: the argument '${given[0]}' cannot be used with '${a}'`, '', USAGE, '', TRY_HELP);
      given.push(a);
    } else if (a.startsWith('-') && a !== '-') {
      return usageError(`error: unexpected argument '${a}' found`, '', USAGE, '', TRY_HELP);
    } else {
      return usageError(`error: unrecognized subcommand '${a}'`, '', USAGE, '', TRY_HELP);
    }
  }
  if (given.length === 1) await ctx.hsm.updateSettings({ keyAvailabilityCheck: given[0] === ENABLE });
  return { output: '' };
}
