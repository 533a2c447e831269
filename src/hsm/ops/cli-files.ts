/**
 * The CloudHSM CLI's files and encodings (cloudhsm-cli.md §2.5, §3.17, §3.18, §5.9): the host
 * files of `--path`, `--data-path` and `--signature-path` (the virtual file system, relative to the
 * host shell's directory, raw bytes), the Base64 of `--data` and `--signature`, `key import pem`
 * (a public key with the CLI's import defaults, §4.3, G-CLI-43) and `key generate-file` (the same
 * bytes KMU exportPubKey and getCaviumPrivKey write). Every function runs inside the command's one
 * unit of work and refuses before any write, so a refusal changes nothing.
 *
 * Loaded lazily (the commands `await import()` it): it pulls in the asymmetric crypto layer.
 */
import { describePublicKey } from '../../crypto/asym/lite';
import { decodeBase64 } from '../../crypto/base64';
import { A, CLASS, KEY_TYPE } from '../attributes';
import type { CliAttrSetting } from '../cli-attributes';
import type { CliSession } from '../cli-session';
import { RC } from '../codes';
import { lookupKey } from '../keys';
import type { KeyRecord } from '../model';
import { asymKeyAttrs, createAsymKey } from '../pairs';
import { canWrite, readFile, resolvePath, writeFile } from '../vfs';
import { accepted, refused, type CliRefusal, type CliResultOf } from './cli-refusal';
import { availabilityCheck, keyView, selectOneKey, type CliFilter, type CliKeyView } from './cli-keys';
import { cliCreationAttrs } from './cli-generate';
import { caviumPrivateKey, exportPublicKey, readPublicKeyFile } from './pair-files';
import type { OpScope } from './runner';

// ---- files ----

/** A host file named by a flag (`--data-path data.txt`): its bytes, or `Unable to open file <path>`. */
export async function readCliFile(scope: OpScope, cwd: string, path: string): Promise<CliResultOf<Uint8Array>> {
  const data = await readFile(scope.tx, resolvePath(cwd, path));
  return data ? accepted(data) : refused({ error: 'open-file', path });
}

/** Where an output file goes, checked before anything is done (`Unable to create file <path>`). */
export async function checkCliOutput(scope: OpScope, cwd: string, path: string): Promise<CliResultOf<string>> {
  const full = resolvePath(cwd, path);
  return (await canWrite(scope.tx, full)) === 'ok' ? accepted(full) : refused({ error: 'create-file', path });
}

/** Write an output file checked with checkCliOutput (overwritten without warning, §2.5). */
export async function writeCliFile(scope: OpScope, full: string, data: Uint8Array): Promise<void> {
  await writeFile(scope.tx, full, data, scope.hsm.deps.clock.now());
}

// Base64 (standard alphabet, with padding: §2.5): the crypto layer's pair, for the commands that print it
export { decodeBase64, encodeBase64 } from '../../crypto/base64';

/**
 * The bytes of a `--data <BASE64>` / `--data-path <PATH>` pair (or `--signature` / `--signature-path`):
 * the parser has made sure exactly one is given. Bad Base64 answers `Invalid base64 data`.
 */
export async function cliInput(
  scope: OpScope, cwd: string, given: { readonly base64?: string; readonly path?: string },
): Promise<CliResultOf<Uint8Array>> {
  if (given.path !== undefined) return readCliFile(scope, cwd, given.path);
  const bytes = decodeBase64(given.base64 ?? '');
  return bytes ? accepted(bytes) : refused({ error: 'invalid-base64' });
}

// ---- key import pem (§3.17, §4.3, G-CLI-43) ----

/** `--key-type-class` of `key import pem` (§3.17): public keys only. Map: typed words never index an object. */
export const IMPORT_KEY_TYPE_CLASSES: ReadonlyMap<string, number> = new Map([
  ['rsa-public', KEY_TYPE.RSA],
  ['ec-public', KEY_TYPE.EC],
]);

/**
 * `--attributes` a public key cannot take (§4.1): `derive` is not on public keys, `sensitive` only on
 * private and secret keys, and a public key is always extractable (pairs.ts).
 */
const NOT_ON_PUBLIC: ReadonlyMap<number, number> = new Map([[A.DERIVE, 1], [A.SENSITIVE, 1], [A.EXTRACTABLE, 0]]);

const decodeText = (data: Uint8Array): string | undefined => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return undefined;
  }
};

export interface PemImport {
  readonly key: KeyRecord;
  readonly view: CliKeyView;
}

/**
 * `key import pem`: the file (`Unable to open file`), a PEM public key in it (`Invalid PEM file`),
 * of the kind `--key-type-class` names (`Key type or class is not valid for this operation`),
 * `--attributes` allowed on a public key, the key availability check for a new token key, then
 * one creation (a duplicate `id=` answers `Key ID already exists`). The new key is the caller's,
 * never shared, no quorum.
 */
export async function cliImportPem(
  scope: OpScope, session: CliSession,
  args: { readonly cwd: string; readonly path: string; readonly label: string; readonly keyTypeClass: string; readonly attributes: readonly CliAttrSetting[] },
): Promise<CliResultOf<PemImport>> {
  const file = await readCliFile(scope, args.cwd, args.path);
  if (!file.ok) return file;
  const spki = decodeText(file.value) === undefined ? undefined : readPublicKeyFile(file.value);
  if (!spki) return refused({ error: 'invalid-pem' });
  const want = IMPORT_KEY_TYPE_CLASSES.get(args.keyTypeClass);
  const kind = describePublicKey(spki).kind;
  const have = kind === 'rsa' ? KEY_TYPE.RSA : kind === 'ec' ? KEY_TYPE.EC : undefined;
  if (want === undefined || have !== want) return refused({ error: 'wrong-key-kind' });
  let id = '';
  for (const s of args.attributes) {
    if (NOT_ON_PUBLIC.get(s.id) === s.value) return refused({ error: 'cannot-set', name: s.name, value: s.value === 1 ? 'true' : 'false' });
    if (s.id === A.ID && typeof s.value === 'string') id = s.value;
  }
  const gone = await availabilityCheck(scope, session, { creating: 'token' });
  if (gone) return refused(gone);
  // §4.3: the "CLI RSA or EC public" column (cli-generate.ts) with `local` false, the import column
  const own = { label: args.label, id, session: false, local: false, extractable: true };
  const attrs = { ...cliCreationAttrs('public', asymKeyAttrs(CLASS.PUBLIC, spki, own), args.attributes), [A.LOCAL]: 0 };
  const c = await createAsymKey(scope, session, 2, spki, { ...own, shareWith: [], mValue: 0, minSrv: 1, timeout: null, attrs });
  if (c.code !== RC.SUCCESS || c.handle === undefined) return refused(creationRefusal(c.code));
  const key = await lookupKey(scope.tx, session, c.handle);
  if (!key) throw new Error(`key import pem: key ${c.handle} not found after its creation`);
  scope.use(key.handle);
  return accepted({ key, view: await keyView(scope, session, key) });
}

/** A creation the HSM refused (keys.ts createObjects), in the CLI's words (§2.8). */
function creationRefusal(code: number): CliRefusal {
  switch (code) {
    case RC.KEY_ID_EXISTS: return { error: 'id-exists' };
    case RC.FIPS_POLICY: return { error: 'fips-policy' };
    default: return { error: 'disconnected' }; // no HSM could take the key (the gate saw one up)
  }
}

// ---- key generate-file (§3.18) ----

/**
 * `key generate-file`: exactly one key (§2.4), the key availability check, the class the encoding
 * takes — `pem` an RSA or EC public key, written as KMU exportPubKey writes it (SubjectPublicKeyInfo
 * PEM, the same bytes); `reference-pem` an RSA or EC private key, written as KMU getCaviumPrivKey
 * writes it (the fake PEM of kmu-commands.md §5.10: the real public part, the key's handle as the
 * private value; no private key data leaves the HSM). Anything else — a symmetric or DSA key, the
 * other class — answers `Key type or class is not valid for this operation`. Then the output file.
 */
export async function cliGenerateFile(
  scope: OpScope, session: CliSession, args: { readonly cwd: string; readonly path: string; readonly encoding: string; readonly filter: CliFilter },
): Promise<CliResultOf<{ readonly key: KeyRecord }>> {
  const picked = await selectOneKey(scope, session, args.filter);
  if ('refusal' in picked) return refused(picked.refusal);
  const key = picked.key;
  const gone = await availabilityCheck(scope, session, { keys: [key] });
  if (gone) return refused(gone);
  const type = key.attrs[A.KEY_TYPE];
  const cls = key.attrs[A.CLASS];
  const pem = args.encoding === 'pem';
  if (args.encoding !== 'pem' && args.encoding !== 'reference-pem') return refused({ error: 'wrong-key-kind' });
  if ((type !== KEY_TYPE.RSA && type !== KEY_TYPE.EC) || cls !== (pem ? CLASS.PUBLIC : CLASS.PRIVATE)) return refused({ error: 'wrong-key-kind' });
  const out = await checkCliOutput(scope, args.cwd, args.path);
  if (!out.ok) return out;
  const made = pem ? await exportPublicKey(scope, session, { k: key.handle }) : await caviumPrivateKey(scope, session, { k: key.handle });
  if (made.code !== RC.SUCCESS || !made.file) return refused({ error: 'access-denied' });
  await writeCliFile(scope, out.value, made.file);
  scope.use(key.handle);
  return accepted({ key });
}
