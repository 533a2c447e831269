/**
 * The option tables of `key wrap <mechanism>` and `key unwrap <mechanism>` (cloudhsm-cli.md §3.19,
 * §3.20) as data, and the factory each of the sixteen command files builds its command with (one
 * command per file: each file exports its own). The rules are the operations layer's
 * (src/hsm/ops/cli-wrap.ts); this file only names options and prints JSON.
 */
import type { CliSession } from '../../hsm/cli-session';
import { keyReference } from '../../hsm/ops/cli-keys';
import { cliGate } from '../../hsm/ops/cli-session';
import {
  CLI_HASH_NAMES, CLI_KEY_TYPE_CLASS_NAMES, CLI_MGF_NAMES, CLI_WRAP_MECHANISMS, cliUnwrap, cliWrap, encodeBase64, unwrappedKeyView, type CliWrapMechanism,
} from '../../hsm/ops/cli-wrap';
import { runOp, type OpScope } from '../../hsm/ops/runner';
import type { CliArgs, CliCommand, CliOption, CliResult, JsonObject } from './command';
import { keyObject } from './key-object';

const filterHelp = (what: string) =>
  'Key reference (e.g. key-reference=0xabc) or space separated list of key attributes in the form of ' +
  `attr.KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE to select ${what}`;

const AAD: CliOption = { long: 'aad', value: 'AAD', description: 'Aes GCM Additional Authenticated Data (AAD) value, in hex' };
const TAG: CliOption = { long: 'tag-length-bits', value: 'TAG_LENGTH_BITS', required: true, numeric: true, description: 'Aes GCM tag length in bits' };
const HASH: CliOption = { long: 'hash-function', value: 'HASH_FUNCTION', required: true, possible: CLI_HASH_NAMES, description: 'Hash algorithm' };
const MGF: CliOption = { long: 'mgf', value: 'MGF', required: true, possible: CLI_MGF_NAMES, description: 'Mask Generation Function algorithm' };
const IV: CliOption = { long: 'iv', value: 'IV', required: true, description: 'Initialization vector (IV) value the key was wrapped with, in hex' };

/** The extra flags of each mechanism (§3.19 table, §3.20 "Mechanism flags"), in help order. */
function extraFlags(mechanism: CliWrapMechanism, direction: 'wrap' | 'unwrap'): CliOption[] {
  const def = CLI_WRAP_MECHANISMS.get(mechanism)!;
  if (def.hash) return [HASH, MGF];
  if (!def.gcm) return [];
  if (direction === 'wrap') return [AAD, TAG];
  return def.gcm.iv === 'returned' ? [IV, TAG, AAD] : [TAG, AAD];
}

/** The usage line's required extras: `--tag-length-bits <TAG_LENGTH_BITS>` … */
const requiredUsage = (options: readonly CliOption[]) =>
  options.filter((o) => o.required).map((o) => ` --${o.long} <${o.value}>`).join('');


const hex = (bytes: Uint8Array) => '0x' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** `key wrap <mechanism>`: the payload key's bytes under the wrapping key (§3.19). */
export function wrapCommand(mechanism: CliWrapMechanism): CliCommand {
  const extras = extraFlags(mechanism, 'wrap');
  return {
    path: ['key', 'wrap', mechanism],
    usage: `key wrap ${mechanism} [OPTIONS] --payload-filter [<PAYLOAD_FILTER>...] --wrapping-filter [<WRAPPING_FILTER>...]${requiredUsage(extras)}`,
    options: [
      { long: 'payload-filter', value: 'PAYLOAD_FILTER', multi: true, required: true, description: filterHelp('a payload key') },
      { long: 'wrapping-filter', value: 'WRAPPING_FILTER', multi: true, required: true, description: filterHelp('a wrapping key') },
      { long: 'path', value: 'PATH', description: 'Path to the binary file where the wrapped key data will be saved', complete: 'file' },
      { long: 'wrapping-approval', value: 'WRAPPING_APPROVALR', description: 'File path of signed quorum token file to approve operation for wrapping key', complete: 'file' },
      { long: 'payload-approval', value: 'PAYLOAD_APPROVALR', description: 'File path of signed quorum token file to approve operation for payload key', complete: 'file' },
      ...extras,
    ],
    async run(ctx, args) {
      return runOp(ctx.hsm, async (scope): Promise<CliResult> => {
        const gate = await cliGate(scope, ctx.session, { roles: ['crypto-user'], clusterId: args.value('cluster-id') });
        if (gate) return { ok: false, refusal: gate };
        const res = await cliWrap(scope, ctx.session, {
          mechanism, payloadFilter: args.values('payload-filter'), wrappingFilter: args.values('wrapping-filter'),
          cwd: ctx.cwd, ...given(args, { path: 'path', aad: 'aad', tagLengthBits: 'tag-length-bits', hashFunction: 'hash-function', mgf: 'mgf' }),
        });
        if (!res.ok) return res;
        const w = res.value;
        const data: JsonObject = {
          payload_key_reference: keyReference(w.payload),
          wrapping_key_reference: keyReference(w.wrapping),
          ...(w.iv ? { iv: hex(w.iv) } : {}),
          wrapped_key_data: encodeBase64(w.wrapped),
        };
        return { ok: true, data };
      });
    },
  };
}

/** `key unwrap <mechanism>`: a new key from wrapped bytes, printed as `{ "key": <key object> }` (§3.20). */
export function unwrapCommand(mechanism: CliWrapMechanism): CliCommand {
  const extras = extraFlags(mechanism, 'unwrap');
  return {
    path: ['key', 'unwrap', mechanism],
    usage: `key unwrap ${mechanism} [OPTIONS] --filter [<FILTER>...] --key-type-class <KEY_TYPE_CLASS> --label <LABEL> ` +
      `<--data-path <DATA_PATH>|--data <DATA>>${requiredUsage(extras)}`,
    options: [
      { long: 'filter', value: 'FILTER', multi: true, required: true, description: filterHelp('a key to unwrap with') },
      { long: 'data-path', value: 'DATA_PATH', oneOf: 'data', description: 'Path to the binary file containing the wrapped key data', complete: 'file' },
      { long: 'data', value: 'DATA', oneOf: 'data', description: 'Base64 encoded wrapped key data' },
      {
        long: 'attributes', value: 'UNWRAPPED_KEY_ATTRIBUTES', multi: true,
        description: 'Space separated list of key attributes in the form of KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE for the unwrapped key',
      },
      {
        long: 'share-crypto-users', value: 'SHARE_CRYPTO_USERS', multi: true, complete: 'username',
        description: 'Space separated list of Crypto User usernames to share the unwrapped key with',
      },
      { long: 'manage-key-quorum-value', value: 'MANAGE_KEY_QUORUM_VALUE', numeric: true, description: 'The quorum value for key management operations for the unwrapped key' },
      { long: 'use-key-quorum-value', value: 'USE_KEY_QUORUM_VALUE', numeric: true, description: 'The quorum value for key usage operations for the unwrapped key' },
      { long: 'key-type-class', value: 'KEY_TYPE_CLASS', required: true, possible: CLI_KEY_TYPE_CLASS_NAMES, description: 'Key type and class of wrapped key' },
      { long: 'label', value: 'LABEL', required: true, description: 'Label for the unwrapped key' },
      {
        long: 'session',
        description: 'Creates a session key that exists only in the current session. The key cannot be recovered after the session ends',
      },
      { long: 'approval', value: 'APPROVAL', description: 'File path of signed quorum token file to approve operation for unwrapping key', complete: 'file' },
      ...extras,
    ],
    async run(ctx, args) {
      const made = await runOp(ctx.hsm, async (scope) => {
        const gate = await cliGate(scope, ctx.session, { roles: ['crypto-user'], clusterId: args.value('cluster-id') });
        if (gate) return { ok: false as const, refusal: gate };
        const res = await cliUnwrap(scope, ctx.session, {
          mechanism, filter: args.values('filter'), cwd: ctx.cwd, keyTypeClass: args.value('key-type-class') ?? '',
          label: args.value('label') ?? '', attributes: args.values('attributes'), shareCryptoUsers: args.values('share-crypto-users'),
          session: args.has('session'),
          ...given(args, {
            data: 'data', dataPath: 'data-path', manageQuorum: 'manage-key-quorum-value', useQuorum: 'use-key-quorum-value',
            iv: 'iv', aad: 'aad', tagLengthBits: 'tag-length-bits', hashFunction: 'hash-function', mgf: 'mgf',
          }),
        });
        if (!res.ok) return res;
        // A token key is readable in this unit of work; a session key joins the session after it.
        return { ok: true as const, handle: res.value.handle, data: res.value.session ? undefined : await keyData(scope, ctx.session, res.value.handle) };
      });
      if (!made.ok) return made;
      const data = made.data ?? await runOp(ctx.hsm, (scope) => keyData(scope, ctx.session, made.handle));
      return { ok: true, data };
    },
  };
}

/** `{ "key": <key object> }` of the key behind `handle`. */
async function keyData(scope: OpScope, session: CliSession, handle: number): Promise<JsonObject> {
  return { key: keyObject(await unwrappedKeyView(scope, session, handle)) };
}

/** The options that were given, under the request's names (absent ones left out). */
function given<K extends string>(args: CliArgs, names: Readonly<Record<K, string>>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [field, long] of Object.entries(names) as [K, string][]) {
    const v = args.value(long);
    if (v !== undefined) out[field] = v;
  }
  return out;
}
