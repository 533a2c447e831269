/**
 * What `cloudhsm-cli` does (its table and command are in cloudhsm-cli.ts; this loads on first use).
 *
 * Decided where the guide is silent (clap 4's words, cloudhsm-cli.md §2.7, as plain text; exit
 * status 2 as clap's usage errors):
 * - `cloudhsm-cli` alone: clap's "requires a subcommand" error with the top-level words.
 * - `cloudhsm-cli interactive` takes `--cluster-id <CLUSTER_ID>` (or `--cluster-id=ID`) and
 *   `-h`/`--help`; anything else is clap's `unexpected argument`, a missing value and a repeated
 *   `--cluster-id` clap's errors for them.
 * - Single-command mode: the words after `cloudhsm-cli` are one CLI line (quoted again where a word
 *   holds blanks or quotes, so the CLI reads the words the shell gave). With CLOUDHSM_ROLE and
 *   CLOUDHSM_PIN (`<username>:<password>`) both set, the user logs in first — only for a line that
 *   runs a command: help, argument errors and the §3.24 stubs need no login, and a `login` line
 *   logs in by itself. A role other than `admin` / `crypto-user`, or a PIN without its colon,
 *   fails as a wrong login does: the login's error envelope (§3.1), and the command does not run.
 *   After the line the user is logged out and the session's session keys are gone, whatever the
 *   line did. Exit status: 1 after an error envelope, 2 after an argument error, else 0.
 */
import { cliEnd, cliLogin } from '../../hsm/ops/cli-session';
import type { CliSession } from '../../hsm/cli-session';
import type { CliRefusal } from '../../hsm/ops/cli-refusal';
import { cliErrorCode, cliErrorText } from '../cli/errors';
import { envelope } from '../cli/json';
import { parseCliLine } from '../cli/grammar';
import type { HostContext, HostResult } from './command';
import { INTERACTIVE } from './cloudhsm-cli';
import { cliCredentials } from './env-variables';

const TOP_WORDS = [INTERACTIVE, 'cluster', 'crypto', 'key', 'login', 'logout', 'quorum', 'user', 'help'];
const CLUSTER_ID = '--cluster-id <CLUSTER_ID>';
const INTERACTIVE_USAGE = 'cloudhsm-cli interactive [OPTIONS]';
const TRY_HELP = "For more information, try '--help'.";

const INTERACTIVE_HELP = [
  'Start the CloudHSM CLI in interactive mode',
  '',
  `Usage: ${INTERACTIVE_USAGE}`,
  '',
  'Options:',
  `      ${CLUSTER_ID}`,
  '          Unique Id to choose which of the clusters in the config file to run the operation against. In this playground it must be the current cluster',
  '  -h, --help',
  '          Print help',
];

const lines = (...l: string[]) => l.map((x) => x + '\n').join('');
/** A clap usage error: plain text, exit status 2, nothing changed. */
const usageError = (...l: string[]): HostResult => ({ output: '', stderr: lines(...l), status: 2 });

/** A word as the CLI's tokenizer reads it back (§2.1: double quotes, `\"` and `\\` inside). */
function cliWord(w: string): string {
  return w === '' || /[\s"'\\]/.test(w) ? `"${w.replace(/["\\]/g, '\\$&')}"` : w;
}

const refusalResult = (refusal: CliRefusal): HostResult => {
  const code = cliErrorCode(refusal);
  return { output: envelope(1, cliErrorText(refusal)), status: 1, ...(code !== undefined ? { codes: [code] } : {}) };
};

async function interactive(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  let clusterId: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-h' || a === '--help') return { output: lines(...INTERACTIVE_HELP) };
    let value: string | undefined;
    if (a === '--cluster-id') {
      value = args[++i];
      if (value === undefined) return usageError(`error: a value is required for '${CLUSTER_ID}' but none was supplied`, '', TRY_HELP);
    } else if (a.startsWith('--cluster-id=')) value = a.slice('--cluster-id='.length);
    else return usageError(`error: unexpected argument '${a}' found`, '', `Usage: ${INTERACTIVE_USAGE}`, '', TRY_HELP);
    if (clusterId !== undefined) {
      return usageError(`error: the argument '${CLUSTER_ID}' cannot be used multiple times`, '', `Usage: ${INTERACTIVE_USAGE}`, '', TRY_HELP);
    }
    clusterId = value;
  }
  const cluster = await ctx.hsm.transact((tx) => ctx.hsm.currentClusterName(tx));
  if (clusterId !== undefined && clusterId !== cluster) return refusalResult({ error: 'cluster-not-configured', id: clusterId });
  // it starts logged out, whatever the environment says (§1.2): a login left over ends as `quit` ends it
  if (ctx.terminal.cli.user !== null) await cliEnd(ctx.hsm, ctx.terminal.cli);
  ctx.terminal.cli.single = false;
  ctx.terminal.cli.cluster = cluster;
  return { output: '', enter: 'cli' };
}

/** The credentials of CLOUDHSM_PIN, `<username>:<password>`; null when it has no colon. */
function splitPin(pin: string): { username: string; password: string } | null {
  const colon = pin.indexOf(':');
  return colon < 0 ? null : { username: pin.slice(0, colon), password: pin.slice(colon + 1) };
}

async function singleCommand(ctx: HostContext, words: readonly string[]): Promise<HostResult> {
  const cluster = await ctx.hsm.transact((tx) => ctx.hsm.currentClusterName(tx));
  let child: CliSession | undefined;
  const tool = await ctx.spawn('cli', (t) => {
    t.cli.cluster = cluster;
    t.cli.single = true;
    child = t.cli;
  });
  const cli = child!;
  try {
    // help and argument errors need no login (§1.3, §2.7 "found before login"); nor do the stubs,
    // and a `login` line logs in by itself
    const parsed = parseCliLine(words, true);
    const needsLogin = parsed.kind === 'run' && !parsed.cmd.stub && parsed.cmd.path.join(' ') !== 'login';
    const creds = needsLogin ? cliCredentials(ctx.terminal) : null;
    if (creds) {
      const pin = splitPin(creds.pin);
      const role = creds.role;
      if (pin === null || (role !== 'admin' && role !== 'crypto-user')) return refusalResult({ error: 'bad-credentials' });
      const login = await cliLogin(ctx.hsm, cli, { username: pin.username, role, password: pin.password });
      if (!login.ok) return refusalResult(login.refusal);
    }
    const line = words.map(cliWord).join(' ');
    const run = await tool.run(line);
    const status = /^\{\n\s*"error_code": 1,/.test(run.text) ? 1 : /^error: /.test(run.text) ? 2 : 0;
    return { output: run.text, codes: run.codes, status };
  } finally {
    // the one command's login ends with it, and its session keys vanish at once (§1.2)
    await cliEnd(ctx.hsm, cli);
  }
}

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  if (args.length === 0) {
    return usageError("error: 'cloudhsm-cli' requires a subcommand but one was not provided", `  [subcommands: ${TOP_WORDS.join(', ')}]`,
      '', 'Usage: cloudhsm-cli <COMMAND>', '', TRY_HELP);
  }
  if (args[0] === INTERACTIVE) return interactive(ctx, args.slice(1));
  return singleCommand(ctx, args);
}
