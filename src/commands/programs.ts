/**
 * The programs a terminal can run, for whoever builds a console (the page, tests): the host
 * shell at once; key_mgmt_util, cloudhsm_mgmt_util and the CloudHSM CLI on first use (the page's
 * first script stays small; the page fetches key_mgmt_util right after the first prompt).
 */
import { hostProgram } from './host/program';
import { KMU_SECRET_FLAGS } from './kmu/secret-flags';
import { PASSWORD_COMMANDS } from './cmu/arg-tables';
import { secretArgTokens, secretFlagValues } from './flags';
import type { Program, ProgramId } from './program';

export interface ProgramRegistry {
  /** The program a new terminal starts in. */
  readonly first: ProgramId;
  load(id: ProgramId): Program | Promise<Program>;
  /** The secrets of a line by every program's rule (the history masks them whatever the prompt). */
  secretTokens?(tokens: readonly string[]): number[];
}

/**
 * Each program's loader, a function of its own. (Written as three branches of one function, the
 * minifier merged the three `import()`s into one preload call, and the bundler gave it the last
 * one's list of files to fetch ahead: loading key_mgmt_util fetched cloudhsm_mgmt_util's files and
 * not its own, which then came one after another; test/build/chunk-groups.test.ts checks every such call.)
 */
const LOADERS = new Map<ProgramId, () => Promise<Program>>([
  ['kmu', () => import('./kmu/program').then((m) => m.kmuProgram)],
  ['cli', () => import('./cli/program').then((m) => m.cliProgram)],
  ['cmu', () => import('./cmu/program').then((m) => m.cmuProgram)],
]);

export const PROGRAMS: ProgramRegistry = {
  first: 'host',
  load(id) {
    if (id === 'host') return hostProgram;
    const loader = LOADERS.get(id);
    if (!loader) throw new Error(`no program ${JSON.stringify(id)}`);
    return loader();
  },
  secretTokens: (tokens) => secretTokensAnywhere(tokens),
};

/**
 * The secrets of a line by every program's rule, whatever console it is typed at: a learner who
 * types `loginHSM -u CU -s user -p pwd` at the shell's prompt, or CMU's `loginHSM CO admin pwd` at
 * key_mgmt_util's, has typed the password all the same, so the history masks it too (issue 11,
 * finding 10). key_mgmt_util's names match as it matches them (any case); cloudhsm_mgmt_util's
 * password commands by any case and by a prefix of three letters or more, as it accepts prefixes,
 * when a user type (not a flag) follows the name.
 */
export function secretTokensAnywhere(tokens: readonly string[]): number[] {
  const name = tokens[0];
  if (name === undefined) return [];
  const out = new Set<number>();
  const kmu = KMU_SECRET_FLAGS.get(name.toLowerCase());
  if (kmu) for (const i of secretFlagValues(kmu, tokens)) out.add(i);
  const lower = name.toLowerCase();
  // (a key_mgmt_util line, `loginHSM -u …`, is no cloudhsm_mgmt_util one: its user type is a word)
  if (lower.length >= 3 && !(tokens[1] ?? '').startsWith('-')) {
    for (const [cmd, args] of PASSWORD_COMMANDS) {
      if (cmd.toLowerCase().startsWith(lower)) for (const i of secretArgTokens(args, tokens)) out.add(i);
    }
  }
  for (const i of cliSecretTokens(tokens)) out.add(i);
  return [...out];
}

const PIN_ASSIGNMENT = 'CLOUDHSM_PIN=';

/**
 * The CloudHSM CLI's secrets by a tiny rule of its own (the CLI's tables load on first use, so
 * they are not read here), in any line at any prompt: the value of `--password` (`--password x`,
 * `--password=x`; cloudhsm-cli.md §1.4) and CLOUDHSM_PIN's value (`export CLOUDHSM_PIN=user:pwd`,
 * §1.2). A value in single quotes with blanks (`'a b'`), which the line's tokens split, is masked
 * up to its closing quote. The mask keeps `--password=` and `CLOUDHSM_PIN=user:` (src/shell/events.ts).
 */
export function cliSecretTokens(tokens: readonly string[]): number[] {
  const out: number[] = [];
  /** The value at token i (its text from `text` on): masked up to a closing single quote. Returns the last index. */
  const value = (i: number, text: string): number => {
    out.push(i);
    if (!text.startsWith("'") || (text.length > 1 && text.endsWith("'"))) return i;
    while (i + 1 < tokens.length) {
      out.push(++i);
      if (tokens[i]!.endsWith("'")) break;
    }
    return i;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '--password' && i + 1 < tokens.length) i = value(i + 1, tokens[i + 1]!);
    else if (t.startsWith('--password=')) i = value(i, t.slice('--password='.length));
    else if (t.startsWith(PIN_ASSIGNMENT)) i = value(i, t.slice(PIN_ASSIGNMENT.length));
  }
  return out;
}
