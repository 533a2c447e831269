/**
 * `key generate-asymmetric-pair rsa` (cloudhsm-cli.md §3.10), and the options and run every
 * `key generate-asymmetric-pair …` command shares (§3.11 replaces the modulus and exponent by
 * `--curve` and says "EC" for "RSA"): the operation (src/hsm/ops/cli-generate.ts) makes the checks
 * and the pair; this file prints `{ "public_key": …, "private_key": … }`.
 */
import { cliGeneratePair, type CliPairRequest } from '../../hsm/ops/cli-generate';
import type { CliArgs, CliCommand, CliContext, CliOption, CliResult } from './command';
import { keyObject } from './key-object';

const LABELS: readonly CliOption[] = [
  { long: 'public-label', value: 'PUBLIC_LABEL', required: true, description: 'Label for the public key' },
  { long: 'private-label', value: 'PRIVATE_LABEL', required: true, description: 'Label for the private key' },
  {
    long: 'session',
    description: 'Creates a session key pair that exists only in the current session. The key cannot be recovered after the session ends',
  },
];

/** The options after the type's own ones (§3.10's table from `--public-attributes` on); `family`: RSA, EC. */
function sharedOptions(family: string): CliOption[] {
  return [
    {
      long: 'public-attributes', value: 'PUBLIC_KEY_ATTRIBUTES', multi: true,
      description: `Space separated list of key attributes to set for the generated ${family} public key in the form of KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE`,
    },
    {
      long: 'private-attributes', value: 'PRIVATE_KEY_ATTRIBUTES', multi: true,
      description: `Space separated list of key attributes to set for the generated ${family} private key in the form of KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE`,
    },
    {
      long: 'share-crypto-users', value: 'SHARE_CRYPTO_USERS', multi: true, complete: 'username',
      description: `Space separated list of Crypto User usernames to share the ${family} key with`,
    },
    {
      long: 'manage-private-key-quorum-value', value: 'MANAGE_PRIVATE_KEY_QUORUM_VALUE', numeric: true,
      description: 'The quorum value for key management operations for the private key',
    },
    {
      long: 'use-private-key-quorum-value', value: 'USE_PRIVATE_KEY_QUORUM_VALUE', numeric: true,
      description: 'The quorum value for key usage operations for the private key',
    },
  ];
}

/** A pair command's options: the labels and --session, the type's own (`own`), then the shared ones. */
export function pairOptions(family: string, own: readonly CliOption[]): CliOption[] {
  return [...LABELS, ...own, ...sharedOptions(family)];
}

/** Run one `key generate-asymmetric-pair …` line: the operation, then both key objects. */
export async function runPair(kind: CliPairRequest['kind'], ctx: CliContext, args: CliArgs): Promise<CliResult> {
  const clusterId = args.value('cluster-id');
  const out = await cliGeneratePair(ctx.hsm, ctx.session, {
    kind, publicLabel: args.value('public-label') ?? '', privateLabel: args.value('private-label') ?? '',
    publicAttributes: args.values('public-attributes'), privateAttributes: args.values('private-attributes'),
    session: args.has('session'), shareWith: args.values('share-crypto-users'),
    manageQuorum: { flag: '--manage-private-key-quorum-value', value: args.value('manage-private-key-quorum-value') },
    useQuorum: { flag: '--use-private-key-quorum-value', value: args.value('use-private-key-quorum-value') },
    ...(clusterId !== undefined ? { clusterId } : {}),
  });
  if (!out.ok) return { ok: false, refusal: out.refusal };
  return { ok: true, data: { public_key: keyObject(out.value.publicKey), private_key: keyObject(out.value.privateKey) } };
}

export const keyGenerateAsymmetricPairRsa: CliCommand = {
  path: ['key', 'generate-asymmetric-pair', 'rsa'], about: 'Generate an RSA key pair',
  usage: 'key generate-asymmetric-pair rsa [OPTIONS] --public-label <PUBLIC_LABEL> --private-label <PRIVATE_LABEL> '
    + '--modulus-size-bits <MODULUS_SIZE_BITS> --public-exponent <PUBLIC_EXPONENT>',
  options: pairOptions('RSA', [
    {
      long: 'modulus-size-bits', value: 'MODULUS_SIZE_BITS', required: true, numeric: true,
      description: 'Modulus size in bits used to generate the RSA key pair',
    },
    {
      long: 'public-exponent', value: 'PUBLIC_EXPONENT', required: true, numeric: true,
      description: 'Public exponent used to generate the RSA key pair',
    },
  ]),
  run: (ctx, args) => runPair({ rsa: { bits: args.value('modulus-size-bits') ?? '', exponent: args.value('public-exponent') ?? '' } }, ctx, args),
};
