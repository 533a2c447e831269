/**
 * `key generate-symmetric aes` (cloudhsm-cli.md §3.8), and the table and run every
 * `key generate-symmetric …` command shares (§3.9 differs in its about, usage and two help lines):
 * the operation (src/hsm/ops/cli-generate.ts) makes the checks and the key; this file prints
 * `{ "key": <key object> }`.
 */
import { cliGenerateSymmetric } from '../../hsm/ops/cli-generate';
import type { CliArgs, CliCommand, CliContext, CliOption, CliResult } from './command';
import { keyObject } from './key-object';

/** What each symmetric key type changes in the shared table. */
interface SymmetricKind {
  readonly keyType: 'aes' | 'generic-secret';
  readonly about: string;
  /** How the help names the key: `AES key`, `generic secret key`. */
  readonly noun: string;
}

/** The options of §3.8 in the table's order (the parser adds --cluster-id and -h, --help). */
export function symmetricOptions(noun: string): CliOption[] {
  return [
    { long: 'label', value: 'LABEL', required: true, description: 'Label for the key' },
    {
      long: 'session',
      description: 'Creates a session key that exists only in the current session. The key cannot be recovered after the session ends',
    },
    { long: 'key-length-bytes', value: 'KEY_LENGTH_BYTES', required: true, numeric: true, description: 'Key length in bytes' },
    {
      long: 'attributes', value: 'KEY_ATTRIBUTES', multi: true,
      description: `Space separated list of key attributes to set for the generated ${noun} in the form of KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE`,
    },
    {
      long: 'share-crypto-users', value: 'SHARE_CRYPTO_USERS', multi: true, complete: 'username',
      description: `Space separated list of Crypto User usernames to share the ${noun} with`,
    },
    { long: 'manage-key-quorum-value', value: 'MANAGE_KEY_QUORUM_VALUE', numeric: true, description: 'The quorum value for key management operations' },
    { long: 'use-key-quorum-value', value: 'USE_KEY_QUORUM_VALUE', numeric: true, description: 'The quorum value for key usage operations' },
  ];
}

/** Run one `key generate-symmetric …` line: the operation, then the key object. */
async function runSymmetric(keyType: SymmetricKind['keyType'], ctx: CliContext, args: CliArgs): Promise<CliResult> {
  const clusterId = args.value('cluster-id');
  const out = await cliGenerateSymmetric(ctx.hsm, ctx.session, {
    keyType, label: args.value('label') ?? '', length: args.value('key-length-bytes') ?? '',
    attributes: args.values('attributes'), session: args.has('session'), shareWith: args.values('share-crypto-users'),
    manageQuorum: { flag: '--manage-key-quorum-value', value: args.value('manage-key-quorum-value') },
    useQuorum: { flag: '--use-key-quorum-value', value: args.value('use-key-quorum-value') },
    ...(clusterId !== undefined ? { clusterId } : {}),
  });
  return out.ok ? { ok: true, data: { key: keyObject(out.value) } } : { ok: false, refusal: out.refusal };
}

/** A `key generate-symmetric <type>` command. */
export function symmetricCommand(kind: SymmetricKind): CliCommand {
  return {
    path: ['key', 'generate-symmetric', kind.keyType], about: kind.about,
    usage: `key generate-symmetric ${kind.keyType} [OPTIONS] --label <LABEL> --key-length-bytes <KEY_LENGTH_BYTES>`,
    options: symmetricOptions(kind.noun),
    run: (ctx, args) => runSymmetric(kind.keyType, ctx, args),
  };
}

export const keyGenerateSymmetricAes: CliCommand = symmetricCommand({ keyType: 'aes', about: 'Generate an AES key', noun: 'AES key' });
