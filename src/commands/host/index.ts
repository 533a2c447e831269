/** The host shell's command registry (one command per file). */
import { cat } from './cat';
import { cloudhsmMgmtUtil } from './cloudhsm-mgmt-util';
import { clear } from './clear';
import type { HostCommand } from './command';
import { hostHelp } from './help';
import { keyMgmtUtil } from './key-mgmt-util';
import { ls } from './ls';
import { openssl } from './openssl';
import { rm } from './rm';
import { xxd } from './xxd';
import { cd, pwd } from './cd';
import { echo } from './echo';
import { hexdump } from './hexdump';
import { mkdir } from './mkdir';
import { cluster } from './cluster';
import { hsmCommand } from './hsm';
import { reset } from './reset';
import { settings } from './settings';
import { download, upload } from './transfer';
import { explain } from './explain';
import { cmp } from './cmp';
import { diff } from './diff';
import { grep } from './grep';
import { head } from './head';
import { sha256sum } from './sha256sum';
import { base64 } from './base64';
import { tail } from './tail';
import { wc } from './wc';
import { sudoCommand } from './sudo';
import { service } from './service';
import { systemctl } from './systemctl';
import { start } from './start';
import { stop } from './stop';
import { configure } from './configure';
import { cloudhsmCli } from './cloudhsm-cli';
import { configureCli } from './configure-cli';
import { exportCommand } from './export';
import { unset } from './unset';
import { env } from './env';
import { inspect } from './inspect';

/** The shell's builtins: no program of that name exists for `sudo` to run. */
export const SHELL_BUILTINS: ReadonlySet<string> = new Set(['cd', 'help', 'export', 'unset']);

export const HOST_COMMANDS: readonly HostCommand[] = [
  keyMgmtUtil, cloudhsmMgmtUtil, openssl, ls, cat, xxd, hexdump, rm, mkdir, cd, pwd, echo, upload, download, clear,
  cluster, hsmCommand, settings, reset, explain,
  sudoCommand({ find: (name) => findHostCommand(name), names: () => hostCommandNames(), builtins: SHELL_BUILTINS }), service, systemctl, start, stop, configure,
  grep, wc, head, tail, cmp, diff, sha256sum, base64, inspect,
  cloudhsmCli, configureCli, exportCommand, unset, env,
  hostHelp(() => HOST_COMMANDS),
];

/** Programs of the real client host the playground does not offer yet (decision 7 wording). */
export const UNBUILT_PROGRAMS: readonly string[] = [];

/**
 * The client host's programs that the guide starts by their full path (kmu-commands.md §1.1, the
 * getting-started and configure pages): each path runs the command it names. `configure` has no
 * shorter name (it is not on the PATH of the real host); the tools keep their bare names too.
 */
export const PROGRAM_PATHS: ReadonlyMap<string, string> = new Map([
  ['/opt/cloudhsm/bin/key_mgmt_util', 'key_mgmt_util'],
  ['/opt/cloudhsm/bin/cloudhsm_mgmt_util', 'cloudhsm_mgmt_util'],
  ['/opt/cloudhsm/bin/configure', '/opt/cloudhsm/bin/configure'],
  ['/opt/cloudhsm/bin/cloudhsm-cli', 'cloudhsm-cli'],
  ['/opt/cloudhsm/bin/configure-cli', 'configure-cli'],
]);

const BY_NAME: ReadonlyMap<string, HostCommand> = new Map(HOST_COMMANDS.map((c) => [c.name, c]));

export function findHostCommand(name: string): HostCommand | undefined {
  return BY_NAME.get(PROGRAM_PATHS.get(name) ?? name);
}

/** Every word that names a command at the start of a line (completion): names, then paths. */
export function hostCommandNames(): string[] {
  return [...new Set([...HOST_COMMANDS.map((c) => c.name), ...PROGRAM_PATHS.keys()])];
}

/** What the shell answers for a word that names no command: bash's words for a path or a name. */
export function missingCommandText(name: string): string {
  if (UNBUILT_PROGRAMS.includes(name)) return `${name}: not available in this playground yet`;
  return name.includes('/') ? `${name}: No such file or directory` : `${name}: command not found`;
}

/** The redaction rule of a host line: the secrets its command's table marks (singlecmd's -p). */
export function hostSecretTokens(tokens: readonly string[]): number[] {
  const cmd = tokens[0] === undefined ? undefined : findHostCommand(tokens[0]);
  return cmd?.secretTokens?.(tokens) ?? [];
}

export type { HostCommand };
