/**
 * `explain <CloudHSM CLI command path>` (`explain key wrap aes-no-pad`, `explain user list`): what
 * the path is and its key_mgmt_util / cloudhsm_mgmt_util equivalent, from the command map of
 * cloudhsm-cli.md §7.1. The paths are §2.2's table, as data.
 */
import { SIGN_MECHANISMS } from '../../hsm/sign-mechanisms';
import { rowsForPath } from './cli-map';

const WRAP_MECHANISMS = ['aes-gcm', 'aes-no-pad', 'aes-pkcs5-pad', 'aes-zero-pad', 'cloudhsm-aes-gcm', 'rsa-aes', 'rsa-oaep', 'rsa-pkcs'];
/** KMU wrapKey/unWrapKey `-m` of each mechanism (§3.19's last column). */
const WRAP_M: ReadonlyMap<string, number> = new Map([
  ['aes-pkcs5-pad', 4], ['aes-no-pad', 5], ['aes-zero-pad', 6], ['aes-gcm', 10], ['cloudhsm-aes-gcm', 11], ['rsa-aes', 7], ['rsa-oaep', 8], ['rsa-pkcs', 12],
]);
const SIGN_SCHEME: ReadonlyMap<string, string> = new Map([['rsa-pkcs', 'rsa-pkcs1'], ['rsa-pkcs-pss', 'rsa-pss'], ['ecdsa', 'ecdsa']]);

/** A CLI path (§2.2) and what the playground does with it. */
export interface CliPath { path: string; what: string; stub?: boolean }

const p = (path: string, what: string, stub = false): CliPath => ({ path, what, stub });
const STUB = 'Outside the playground: it answers as cloudhsm-cli.md §3.24 says.';

export const CLI_PATHS: readonly CliPath[] = [
  p('login', 'Log in to the cluster as an admin or a crypto user (§3.1).'),
  p('logout', 'Log out; the session keys of this login are gone (§3.2).'),
  p('login mfa-token-sign', STUB, true),
  p('user list', 'List the users of the cluster with their role and coverage (§3.3).'),
  p('user create', 'Create a user (admin only) (§3.4).'),
  p('user delete', 'Delete a user (admin only) (§3.5).'),
  p('user change-password', 'Change a password (§3.6).'),
  p('user change-mfa token-sign', STUB, true),
  p('user change-quorum token-sign register', STUB, true),
  p('cluster hsm-info', 'Show the HSMs of the cluster (§3.7).'),
  p('cluster activate', 'Activate a new cluster; playground clusters are already active (§3.24).', true),
  p('key generate-symmetric aes', 'Generate an AES key (§3.8).'),
  p('key generate-symmetric generic-secret', 'Generate a generic secret (HMAC) key (§3.9).'),
  p('key generate-asymmetric-pair rsa', 'Generate an RSA key pair (§3.10).'),
  p('key generate-asymmetric-pair ec', 'Generate an EC key pair (§3.11).'),
  p('key generate-asymmetric-pair ml-dsa', STUB, true),
  p('key list', 'List the keys a filter selects; --verbose shows owners, sharing and every attribute (§3.12).'),
  p('key set-attribute', 'Change one attribute of one key (§3.13).'),
  p('key share', 'Share a key with another crypto user (§3.14).'),
  p('key unshare', 'Stop sharing a key with a crypto user (§3.15).'),
  p('key delete', 'Delete a key (§3.16).'),
  p('key import pem', 'Import a PEM public key (§3.17).'),
  p('key generate-file', 'Write a public key, or a reference PEM standing for a private key, to a file (§3.18).'),
  p('key replicate', STUB, true),
  ...WRAP_MECHANISMS.map((m) => p(`key wrap ${m}`, `Wrap (export encrypted) a key with the ${m} mechanism (§3.19).`)),
  ...WRAP_MECHANISMS.map((m) => p(`key unwrap ${m}`, `Unwrap (import) a key wrapped with the ${m} mechanism (§3.20).`)),
  ...['rsa-pkcs', 'rsa-pkcs-pss', 'ecdsa'].map((m) => p(`crypto sign ${m}`, `Sign a file with a private key, ${m} (§3.21).`)),
  ...['rsa-pkcs', 'rsa-pkcs-pss', 'ecdsa'].map((m) => p(`crypto verify ${m}`, `Verify a signature with a public key, ${m} (§3.22).`)),
  ...['ed25519', 'ed25519ph', 'ml-dsa'].flatMap((m) => [p(`crypto sign ${m}`, STUB, true), p(`crypto verify ${m}`, STUB, true)]),
  ...['delete', 'generate', 'list', 'list-quorum-values', 'list-timeouts', 'set-quorum-value', 'set-timeout'].map((w) => p(`quorum token-sign ${w}`, STUB, true)),
  p('help', 'List the commands, or show one command\'s help (§1.3).'),
  p('quit', 'Leave the CloudHSM CLI (§1.1).'),
];

/** Group words (`key`, `key wrap`, `crypto sign`…) that are a prefix of paths but not paths themselves. */
const GROUPS: readonly string[] = [...new Set(CLI_PATHS.flatMap((c) => {
  const w = c.path.split(' ');
  return w.slice(0, -1).map((_, i) => w.slice(0, i + 1).join(' '));
}))].filter((g) => !CLI_PATHS.some((c) => c.path === g));

/** The longest CLI path (or group) that `words` start with, and how many words it took. */
export function matchCliPath(words: readonly string[]): { path: string; group: boolean; used: number } | undefined {
  for (let n = Math.min(words.length, 5); n > 0; n--) {
    const candidate = words.slice(0, n).join(' ');
    if (CLI_PATHS.some((c) => c.path === candidate)) return { path: candidate, group: false, used: n };
    if (GROUPS.includes(candidate)) return { path: candidate, group: true, used: n };
  }
  return undefined;
}

/** The exact KMU/CMU counterpart of one mechanism path (`key wrap aes-no-pad` → `wrapKey … -m 5`). */
function exactEquivalent(path: string): string | undefined {
  const [a, b, c] = path.split(' ');
  if (a === 'key' && (b === 'wrap' || b === 'unwrap') && c !== undefined) {
    const m = WRAP_M.get(c);
    if (m === undefined) return undefined;
    return b === 'wrap' ? `key_mgmt_util: wrapKey -k <payload handle> -w <wrapping handle> -m ${m} -noheader -out <file>`
      : `key_mgmt_util: unWrapKey -f <file> -w <unwrapping handle> -m ${m} -noheader -l <label> -kc <class> -kt <type>`;
  }
  if (a === 'crypto' && (b === 'sign' || b === 'verify') && c !== undefined) {
    const scheme = SIGN_SCHEME.get(c);
    if (scheme === undefined) return undefined;
    const ms = SIGN_MECHANISMS.filter((r) => r.scheme === scheme).map((r) => `${r.m} ${r.name}`);
    return `key_mgmt_util: ${b} -m ${ms.join(', ')} (the -m carries the hash; the CLI names it in --hash-function)`;
  }
  if (path === 'key generate-symmetric aes') return 'key_mgmt_util: genSymKey -t 31';
  if (path === 'key generate-symmetric generic-secret') return 'key_mgmt_util: genSymKey -t 16';
  return undefined;
}

export interface CliPathExplanation { title: string; lines: string[] }

/** Explain a CLI path or group given as words; undefined when the words name none. */
export function explainCliPath(words: readonly string[]): CliPathExplanation | undefined {
  const m = matchCliPath(words);
  if (!m) return undefined;
  if (m.group) {
    const under = CLI_PATHS.filter((c) => c.path.startsWith(m.path + ' ')).map((c) => c.path);
    return { title: `${m.path}  (CloudHSM CLI command group)`, lines: [`Commands: ${under.join(', ')}.`, ...mapLines(m.path)] };
  }
  const entry = CLI_PATHS.find((c) => c.path === m.path)!;
  const lines = [entry.what];
  const exact = exactEquivalent(m.path);
  if (exact) lines.push(exact);
  lines.push(...mapLines(m.path));
  return { title: `${m.path}  (CloudHSM CLI command)`, lines };
}

function mapLines(path: string): string[] {
  const rows = rowsForPath(path);
  if (rows.length === 0) return ['key_mgmt_util / cloudhsm_mgmt_util: no equivalent in the command map (cloudhsm-cli.md §7.1).'];
  return ['Command map (cloudhsm-cli.md §7.1):', ...rows.map((r) => `  ${r.kmu}  →  ${r.cli}`)];
}
