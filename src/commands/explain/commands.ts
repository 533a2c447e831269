/**
 * Every command of key_mgmt_util's help list, what it is for, and its AWS CloudHSM CLI (Client
 * SDK 5) equivalent — or a clear "no equivalent" (users-and-features.md §3.2). `cli: null` means
 * the successor has no such command.
 */
export interface CommandEntry {
  name: string;
  what: string;
  cli: string | null;
  /** Why there is no equivalent, or how to get the same result with the CLI. */
  cliNote?: string;
}

const NO_PLAINTEXT = 'the CloudHSM CLI never moves key material in plaintext';

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'exit', what: 'Leave key_mgmt_util (back to the host shell; session keys are gone).', cli: 'quit', cliNote: 'in interactive mode' },
  { name: 'help', what: 'List every command; <command> -h shows one command\'s syntax.', cli: 'help' },
  { name: 'getHSMInfo', what: 'Show information about the HSM (not documented by the guide).', cli: null, cliNote: 'no key or user command; HSM details come from the CloudHSM console or API' },
  { name: 'getPartitionInfo', what: 'Show information about the partition (not documented by the guide).', cli: null, cliNote: 'no key or user command found' },
  { name: 'listUsers', what: 'List the users of the HSMs with their type and id.', cli: 'user list' },
  { name: 'loginStatus', what: 'Show who is logged in (not documented by the guide).', cli: null, cliNote: 'no equivalent command found' },
  { name: 'loginHSM', what: 'Log in as a crypto user (-u CU -s <name> -p <password> or -hpswd).', cli: 'login --username <name> --role crypto-user' },
  { name: 'logoutHSM', what: 'Log out; the session keys of this login are destroyed.', cli: 'logout' },
  { name: 'getToken', what: 'Start a quorum (M of N) service and get a token (not documented).', cli: null, cliNote: 'quorum approval lives in the CLI\'s quorum command group, with a different workflow' },
  { name: 'delToken', what: 'Delete quorum tokens (not documented).', cli: null, cliNote: 'quorum approval lives in the CLI\'s quorum command group' },
  { name: 'approveToken', what: 'Approve a quorum (M of N) service (not documented).', cli: null, cliNote: 'quorum approval lives in the CLI\'s quorum command group' },
  { name: 'listTokens', what: 'List the quorum tokens of the partition (not documented).', cli: null, cliNote: 'quorum approval lives in the CLI\'s quorum command group' },
  { name: 'genRSAKeyPair', what: 'Generate an RSA key pair (modulus >= 2048 bits).', cli: 'key generate-asymmetric-pair rsa' },
  { name: 'genDSAKeyPair', what: 'Generate a DSA key pair (2048-bit modulus).', cli: null, cliNote: 'DSA keys are not offered by the CloudHSM CLI' },
  { name: 'genECCKeyPair', what: 'Generate an elliptic-curve key pair (-i <curve id>).', cli: 'key generate-asymmetric-pair ec' },
  { name: 'genPBEKey', what: 'Generate a password-based 3DES key; refused in FIPS mode (0xb3).', cli: null, cliNote: 'not offered by the CloudHSM CLI' },
  { name: 'genSymKey', what: 'Generate a symmetric key: -t 31 AES, 21 3DES, 16 generic secret.', cli: 'key generate-symmetric aes / generic-secret', cliNote: '3DES (-t 21) has no CLI equivalent' },
  { name: 'createPublicKey', what: 'Create an RSA public key (not documented).', cli: null, cliNote: 'use key import pem with a public key' },
  { name: 'importPubKey', what: 'Import a PEM public key (RSA, DSA, EC).', cli: 'key import pem', cliNote: 'rsa-public and ec-public only' },
  { name: 'exportPubKey', what: 'Write a public key to a PEM file.', cli: 'key generate-file --encoding pem' },
  { name: 'importPrivateKey', what: 'Import a plaintext PEM private key through an AES wrapping key.', cli: null, cliNote: `${NO_PLAINTEXT}: wrap the key outside the HSM, then key unwrap` },
  { name: 'exportPrivateKey', what: 'Export a private key as plaintext PEM (it is wrapped, then unwrapped on the host).', cli: null, cliNote: `${NO_PLAINTEXT}: only key wrap` },
  { name: 'imSymKey', what: 'Import a plaintext symmetric key from a file; the host wraps it with an AES key (-w) on the HSM, which unwraps it.', cli: null, cliNote: `${NO_PLAINTEXT}: wrap the key outside the HSM, then key unwrap` },
  { name: 'exSymKey', what: 'Export a symmetric key to a file in PLAINTEXT (it is wrapped, then unwrapped on the host, despite the "Wrapped" message).', cli: null, cliNote: `${NO_PLAINTEXT}: only key wrap` },
  { name: 'wrapKey', what: 'Export a key encrypted (wrapped) under another key; -m 4/5/6 AES, RSA mechanisms for key pairs.', cli: 'key wrap aes-pkcs5-pad / aes-no-pad / aes-zero-pad (-m 4/5/6), rsa-oaep / rsa-aes / rsa-pkcs' },
  { name: 'unWrapKey', what: 'Import a wrapped key into the HSM by decrypting it with a key already there.', cli: 'key unwrap <mechanism> --key-type-class … --label …' },
  { name: 'deleteKey', what: 'Delete a key; only its owner may.', cli: 'key delete' },
  { name: 'setAttribute', what: 'Change an attribute; in KMU only OBJ_ATTR_TOKEN (session key -> token key).', cli: 'key set-attribute' },
  { name: 'getKeyInfo', what: 'Show a key\'s owner, the users it is shared with and its quorum value.', cli: 'key list --filter … --verbose' },
  { name: 'findKey', what: 'List the handles of the keys you can use, optionally filtered (-t, -c, -l, -id, -sess, -kcv).', cli: 'key list --filter …' },
  { name: 'findSingleKey', what: 'Check that a handle names a key you can use.', cli: 'key list --filter …' },
  { name: 'getAttribute', what: 'Write one attribute (-a <id>) or all of them (-a 512) of a key to a file.', cli: 'key list --filter … --verbose' },
  { name: 'getCert', what: 'Read one of the partition certificates of the HSM.', cli: null, cliNote: 'certificates come from the CloudHSM console or API' },
  { name: 'insertMaskedObject', what: 'Insert a key masked by another HSM of the same lineage (cloned clusters).', cli: 'key replicate', cliNote: 'between cloned clusters' },
  { name: 'extractMaskedObject', what: 'Extract a key masked for an HSM of the same lineage.', cli: 'key replicate', cliNote: 'between cloned clusters' },
  { name: 'sign', what: 'Sign a file with a private key.', cli: 'crypto sign …' },
  { name: 'verify', what: 'Verify a signature with a public key.', cli: 'crypto verify …' },
  { name: 'aesWrapUnwrap', what: 'RFC 3394 wrap or unwrap of a file with an AES key (it cannot open wrapKey output).', cli: null, cliNote: 'use key wrap / key unwrap aes-no-pad' },
  { name: 'Error2String', what: 'Turn a return code (-r 0x..) into its text.', cli: null, cliNote: 'the CLI reports errors as JSON text, so no decoder is needed; here, explain <code> tells more' },
  { name: 'getCaviumPrivKey', what: 'Write a fake PEM that stands for a private key handle (SSL offload).', cli: 'key generate-file --encoding reference-pem' },
  { name: 'IsValidKeyHandlefile', what: 'Tell a fake (handle) PEM from a real private key file.', cli: null, cliNote: 'no equivalent command found' },
  { name: 'listAttributes', what: 'List the attribute ids that getAttribute accepts.', cli: 'key list --filter … --verbose', cliNote: 'attributes appear by name (attr.label, attr.class, …)' },
  { name: 'listECCCurveIds', what: 'List the ECC curve ids the HSM supports (not documented).', cli: null, cliNote: 'no equivalent command found' },
];

export const COMMAND_BY_NAME: ReadonlyMap<string, CommandEntry> =
  new Map(COMMANDS.map((c) => [c.name.toLowerCase(), c]));
