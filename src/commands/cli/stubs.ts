/**
 * The commands outside the playground (cloudhsm-cli.md §3.24, G-CLI-30): listed in help, their help
 * printable, running one answers `<command path> is not available in this playground yet` whatever
 * follows its path (only `-h`/`--help` is read). MFA, quorum tokens, ML-DSA and Ed25519 are outside the
 * HSM model; `key replicate` needs cloned clusters. About and usage lines are the real pages' where
 * they were read (login mfa-token-sign, user change-mfa token-sign, user change-quorum token-sign
 * register, key replicate, quorum token-sign generate); the others are this playground's wording,
 * with the usage `<path> [OPTIONS]`.
 */
import { stubCommand, type CliCommand, type CliOption } from './command';

const ROLE: CliOption = {
  long: 'role', value: 'ROLE', required: true, description: 'Role the user has in the cluster',
  described: [
    { value: 'crypto-user', help: 'A CryptoUser has the ability to manage and use keys' },
    { value: 'admin', help: 'An Admin has the ability to manage user accounts' },
  ],
};
const APPROVAL: CliOption = { long: 'approval', value: 'APPROVAL', description: 'Filepath of signed quorum token file to approve operation', complete: 'file' };
const simple = (path: string, about: string): CliCommand => stubCommand(path.split(' '), about, `${path} [OPTIONS]`);

export const CLI_STUBS: readonly CliCommand[] = [
  stubCommand(['login', 'mfa-token-sign'], 'Login with token-sign mfa', 'login mfa-token-sign [OPTIONS] --token <TOKEN>', [
    { long: 'token', value: 'TOKEN', required: true, description: 'Filepath where the unsigned token file will be written', complete: 'file' },
  ]),
  stubCommand(['user', 'change-mfa', 'token-sign'], 'Register or Deregister a public key using token-sign mfa strategy',
    'user change-mfa token-sign [OPTIONS] --username <USERNAME> --role <ROLE> <--token <TOKEN>|--deregister>', [
      { long: 'username', value: 'USERNAME', required: true, description: 'Username of the user that will be modified', complete: 'username' },
      ROLE,
      {
        long: 'change-password', value: 'CHANGE_PASSWORD', secret: true,
        description: "Optional: Plaintext user's password. If you do not include this argument you will be prompted for it",
      },
      { long: 'token', value: 'TOKEN', oneOf: 'token', description: 'Filepath where the unsigned token file will be written. Required for enabling MFA for a user', complete: 'file' },
      APPROVAL,
      { long: 'deregister', oneOf: 'token', description: 'Deregister the MFA public key, if present' },
      { long: 'change-quorum', description: 'Change the Quorum public key along with the MFA key' },
    ]),
  stubCommand(['user', 'change-quorum', 'token-sign', 'register'], 'Register a user for quorum authentication with a public key',
    'user change-quorum token-sign register --public-key <PUBLIC_KEY> --signed-token <SIGNED_TOKEN>', [
      { long: 'public-key', value: 'PUBLIC_KEY', required: true, description: 'Filepath to public key PEM file', complete: 'file' },
      { long: 'signed-token', value: 'SIGNED_TOKEN', required: true, description: 'Filepath with token signed by user private key', complete: 'file' },
    ]),
  simple('key generate-asymmetric-pair ml-dsa', 'Generate an asymmetric ML-DSA key pair'),
  stubCommand(['key', 'replicate'], 'Replicate a key from a source to a destination cluster',
    'key replicate --filter [<FILTER>...] --source-cluster-id <SOURCE_CLUSTER_ID> --destination-cluster-id <DESTINATION_CLUSTER_ID>', [
      {
        long: 'filter', value: 'FILTER', multi: true, required: true,
        description: 'Key reference (e.g. key-reference=0xabc) or space separated list of key attributes in the form of ' +
          'attr.KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE to select matching key on the source cluster',
      },
      { long: 'source-cluster-id', value: 'SOURCE_CLUSTER_ID', required: true, description: 'Source cluster ID' },
      { long: 'destination-cluster-id', value: 'DESTINATION_CLUSTER_ID', required: true, description: 'Destination cluster ID' },
    ]),
  simple('crypto sign ed25519', 'Sign with the Ed25519 mechanism'),
  simple('crypto sign ed25519ph', 'Sign with the HashEdDSA (Ed25519ph) mechanism'),
  simple('crypto sign ml-dsa', 'Sign with the ML-DSA mechanism'),
  simple('crypto verify ed25519', 'Verify with the Ed25519 mechanism'),
  simple('crypto verify ed25519ph', 'Verify with the HashEdDSA (Ed25519ph) mechanism'),
  simple('crypto verify ml-dsa', 'Verify with the ML-DSA mechanism'),
  simple('quorum token-sign delete', 'Delete one or more quorum tokens'),
  stubCommand(['quorum', 'token-sign', 'generate'], 'Generate a token', 'quorum token-sign generate --service <SERVICE> --token <TOKEN>', [
    {
      long: 'service', value: 'SERVICE', required: true, description: 'Service the token will be used for',
      described: [
        { value: 'user', help: 'User management service is used for executing quorum authenticated user management operations' },
        { value: 'quorum', help: 'Quorum management service is used for setting quorum values for any quorum service' },
      ],
    },
    { long: 'token', value: 'TOKEN', required: true, description: 'Filepath where the unsigned token file will be written', complete: 'file' },
  ]),
  simple('quorum token-sign list', 'List all quorum tokens in the cluster'),
  simple('quorum token-sign list-quorum-values', 'List the quorum values of every quorum service'),
  simple('quorum token-sign list-timeouts', 'List the timeouts of quorum tokens'),
  simple('quorum token-sign set-quorum-value', 'Set the quorum value of a quorum service'),
  simple('quorum token-sign set-timeout', 'Set the timeout of quorum tokens'),
];
