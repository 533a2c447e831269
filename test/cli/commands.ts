/**
 * Command tables written in the tests from the spec's §3 sections (key list §3.12, user create §3.4,
 * key generate-file §3.18, crypto sign ecdsa §3.21, key wrap aes-gcm §3.19), so the grammar and the
 * help generator are tested on tables whose texts the spec fixes, whatever the owners' files hold
 * yet. Their runs only report what they were given.
 */
import type { CliArgs, CliCommand, CliOption } from '../../src/commands/cli/command';

const FILTER_HELP = 'Key reference (e.g. key-reference=0xabc) or space separated list of key attributes in the form of ' +
  'attr.KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE to select ';

const echo = (cmd: () => CliCommand) => async (_ctx: unknown, args: CliArgs) => {
  const data: Record<string, string | string[] | boolean> = {};
  for (const o of cmd().options) {
    if (!args.has(o.long) && args.value(o.long) === undefined) continue;
    data[o.long] = o.multi ? [...args.values(o.long)] : o.value === undefined ? args.has(o.long) : args.value(o.long)!;
  }
  data['cluster-id'] = args.value('cluster-id') ?? false;
  return { ok: true as const, data };
};

export const ROLE: CliOption = {
  long: 'role', value: 'ROLE', required: true, description: 'Role the user has in the cluster',
  described: [
    { value: 'crypto-user', help: 'A CryptoUser has the ability to manage and use keys' },
    { value: 'admin', help: 'An Admin has the ability to manage user accounts' },
  ],
};

export const keyList: CliCommand = {
  path: ['key', 'list'],
  about: 'List the keys the current user owns, shares, and all public keys in the HSM cluster',
  usage: 'key list [OPTIONS]',
  options: [
    { long: 'filter', value: 'FILTER', multi: true, description: FILTER_HELP + 'matching key(s) to list' },
    {
      long: 'max-items', value: 'MAX_ITEMS', numeric: true, default: '10',
      description: "The total number of items to return in the command's output. If the total number of items available is more " +
        "than the value specified, a next-token is provided in the command's output. To resume pagination, provide the " +
        'next-token value in the starting-token argument of a subsequent command',
    },
    {
      long: 'starting-token', value: 'STARTING_TOKEN',
      description: 'A token to specify where to start paginating. This is the next-token from a previously truncated response',
    },
    {
      long: 'verbose', short: 'v',
      description: 'If included, prints all attributes and key information for each matched key. By default each matched key ' +
        'only displays its key-reference and label attribute. This flag when used by Admins has no effect',
    },
  ],
  run: echo(() => keyList),
};

export const userCreate: CliCommand = {
  path: ['user', 'create'], about: 'Create a new user',
  usage: 'user create [OPTIONS] --username <USERNAME> --role <ROLE> [--password <PASSWORD>]',
  options: [
    { long: 'username', value: 'USERNAME', required: true, description: 'Username to access the HSM cluster', complete: 'username' },
    ROLE,
    {
      long: 'password', value: 'PASSWORD', secret: true,
      description: "Optional: Plaintext user's password. If you do not include this argument you will be prompted for it",
    },
    { long: 'approval', value: 'APPROVAL', description: 'Filepath of signed quorum token file to approve operation', complete: 'file' },
  ],
  run: echo(() => userCreate),
};

export const keyGenerateFile: CliCommand = {
  path: ['key', 'generate-file'],
  about: 'Generate a key file from a key in the HSM cluster. This command does not export any private key data from the HSM',
  usage: 'key generate-file --encoding <ENCODING> --path <PATH> --filter [<FILTER>...]',
  options: [
    {
      long: 'encoding', value: 'ENCODING', required: true, description: 'Encoding format for the key file',
      described: [
        { value: 'reference-pem', help: 'PEM formatted key reference (supports private keys)' },
        { value: 'pem', help: 'PEM format (supports public keys)' },
      ],
    },
    { long: 'path', value: 'PATH', required: true, description: 'Filepath where the key file will be written', complete: 'file' },
    { long: 'filter', value: 'FILTER', multi: true, required: true, description: FILTER_HELP + 'a matching key for file generation' },
  ],
  run: echo(() => keyGenerateFile),
};

export const cryptoSignEcdsa: CliCommand = {
  path: ['crypto', 'sign', 'ecdsa'], about: 'Sign with the ECDSA mechanism',
  usage: 'crypto sign ecdsa --key-filter [<KEY_FILTER>...] --hash-function <HASH_FUNCTION> <--data-path <DATA_PATH>|--data <DATA>>',
  options: [
    { long: 'key-filter', value: 'KEY_FILTER', multi: true, required: true, description: FILTER_HELP + 'a matching key' },
    { long: 'hash-function', value: 'HASH_FUNCTION', required: true, possible: ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'], description: '' },
    { long: 'data-path', value: 'DATA_PATH', oneOf: 'data', description: 'The path to the file containing the data to be signed', complete: 'file' },
    { long: 'data', value: 'DATA', oneOf: 'data', description: 'Base64 Encoded data to be signed' },
    { long: 'approval', value: 'APPROVAL', description: 'Filepath of signed quorum token file to approve operation', complete: 'file' },
  ],
  run: echo(() => cryptoSignEcdsa),
};

export const keyWrapAesGcm: CliCommand = {
  path: ['key', 'wrap', 'aes-gcm'],
  usage: 'key wrap aes-gcm [OPTIONS] --payload-filter [<PAYLOAD_FILTER>...] --wrapping-filter [<WRAPPING_FILTER>...] --tag-length-bits <TAG_LENGTH_BITS>',
  options: [
    { long: 'payload-filter', value: 'PAYLOAD_FILTER', multi: true, required: true, description: FILTER_HELP + 'a payload key' },
    { long: 'wrapping-filter', value: 'WRAPPING_FILTER', multi: true, required: true, description: FILTER_HELP + 'a wrapping key' },
    { long: 'path', value: 'PATH', description: 'Path to the binary file where the wrapped key data will be saved', complete: 'file' },
    { long: 'tag-length-bits', value: 'TAG_LENGTH_BITS', numeric: true, required: true, description: 'Aes GCM tag length in bits' },
  ],
  run: echo(() => keyWrapAesGcm),
};

export const TEST_COMMANDS: readonly CliCommand[] = [keyList, userCreate, keyGenerateFile, cryptoSignEcdsa, keyWrapAesGcm];
