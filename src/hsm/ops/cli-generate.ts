/**
 * Key generation the CloudHSM CLI's way (cloudhsm-cli.md §3.8–§3.11, §4.3, §4.5, §4.6, §5.4, §5.5,
 * §5.8): `key generate-symmetric aes|generic-secret` and `key generate-asymmetric-pair rsa|ec`.
 *
 * The CLI creates keys through the same path as key_mgmt_util (keys.ts createObjects: object
 * indices, handles, holders, session keys, -min_srv reach; pairs.ts for the pairs' attributes and
 * the platform's generation) with its own defaults (§4.3, as data below: a key keeps the values of
 * the tool that made it, G-CLI-13), then the `--attributes` the user gave. Checks, in order, inside
 * one unit of work: the CLI gate (--cluster-id, an HSM up, login, crypto user), the attribute words
 * (§4.6), the quorum values (§5.5), the key availability check for token keys (§5.8), the users of
 * `--share-crypto-users`, the HSM's FIPS policy on lengths, sizes and exponents (G-CLI-41), a unique
 * ID (`Key ID already exists`). A refusal writes nothing and consumes no object index.
 *
 * A key pair is generated between two units of work: the first makes every check (so a refused
 * request never generates, and seeded mode draws no seed for it), the pair is generated outside
 * any unit of work (a retried commit never generates again; slow generations run in the keygen
 * worker), and the second makes the checks again and creates both halves. The pair modules load
 * on first use (they reach src/crypto/asym).
 */
import type { CurveName } from '../../crypto/asym/types';
import { A, CLASS, KEY_TYPE, type AttrMap } from '../attributes';
import { cryptoCurve, parseCliAttribute, type CliAttrSetting } from '../cli-attributes';
import type { CliSession } from '../cli-session';
import { RC } from '../codes';
import { createObjects, generateKeyMaterial, secretKeyAttrs, visibleKeys, type CreateObjectsOutcome, type NewObject } from '../keys';
import type { KeyRecord, UserRecord } from '../model';
import { PlaygroundError, type Hsm } from '../world';
import { availabilityCheck, keyView, type CliKeyView } from './cli-keys';
import { accepted, refused, type CliRefusal, type CliResultOf } from './cli-refusal';
import { cliGate } from './cli-session';
import { runOp, type OpScope } from './runner';

/** PKCS #11 CKA_MODIFIABLE (cloudhsm-cli.md §4.1): `true` on every key the CLI makes. */


/** The three CLI creation paths of §4.3 that generate (import and unwrap are other commands'). */
export type CliKeyPath = 'secret' | 'public' | 'private';

/**
 * A CLI default: a constant, or a value that follows the key's other values once `--attributes`
 * are applied — `always-sensitive` is the key's `sensitive` (a generated key has been sensitive
 * since its creation exactly when it is sensitive now), `never-extractable` is not `extractable`.
 */
type CliDefault = 0 | 1 | 'sensitive' | 'not-extractable';

/**
 * §4.3 as data, columns "CLI AES / generic secret", "CLI RSA or EC public", "CLI RSA or EC
 * private". `token` follows `--session`; class, key type, label, id, length, check value and the
 * public values are the key's own (keys.ts secretKeyAttrs, pairs.ts asymKeyAttrs). The derived rows
 * come last: they read the values the rows before them and `--attributes` set.
 */
const CLI_DEFAULTS: ReadonlyArray<readonly [id: number, secret: CliDefault, pub: CliDefault, priv: CliDefault]> = [
  [A.ENCRYPT, 0, 0, 0],
  [A.DECRYPT, 0, 0, 0],
  [A.WRAP, 0, 0, 0],
  [A.UNWRAP, 0, 0, 0],
  [A.SIGN, 1, 0, 0],
  [A.VERIFY, 1, 0, 0],
  [A.DERIVE, 0, 0, 0],
  [A.TRUSTED, 0, 0, 0],
  [A.WRAP_WITH_TRUSTED, 0, 0, 0],
  [A.DESTROYABLE, 1, 1, 1],
  [A.MODIFIABLE, 1, 1, 1],
  [A.PRIVATE, 1, 1, 1],
  [A.EXTRACTABLE, 1, 1, 1],
  [A.SENSITIVE, 1, 0, 1],
  [A.LOCAL, 1, 1, 1],
  [A.ALWAYS_SENSITIVE, 'sensitive', 0, 'sensitive'],
  [A.NEVER_EXTRACTABLE, 'not-extractable', 0, 'not-extractable'],
];
const COLUMN: Readonly<Record<CliKeyPath, 1 | 2 | 3>> = { secret: 1, public: 2, private: 3 };
const DERIVED = new Set<CliDefault>(['sensitive', 'not-extractable']);

/**
 * A new key's attributes on a CLI path: the key's own values (`base`: class, type, label, id,
 * length, check value, public values, token), the constant CLI defaults, then `settings` (the
 * words of `--attributes`, already read), then the derived rows.
 */
export function cliCreationAttrs(path: CliKeyPath, base: AttrMap, settings: readonly CliAttrSetting[]): AttrMap {
  const attrs: AttrMap = { ...base };
  const col = COLUMN[path];
  for (const row of CLI_DEFAULTS) if (!DERIVED.has(row[col])) attrs[row[0]] = row[col];
  for (const s of settings) attrs[s.id] = s.value;
  for (const row of CLI_DEFAULTS) {
    const d = row[col];
    if (d === 'sensitive') attrs[row[0]] = attrs[A.SENSITIVE] === 1 ? 1 : 0;
    else if (d === 'not-extractable') attrs[row[0]] = attrs[A.EXTRACTABLE] === 1 ? 0 : 1;
  }
  return attrs;
}

/** The words of `--attributes` (`--public-attributes`, `--private-attributes`) read for creation (§4.6). */
export function readCreationAttributes(words: readonly string[]): CliResultOf<CliAttrSetting[]> {
  const out: CliAttrSetting[] = [];
  for (const word of words) {
    const r = parseCliAttribute(word, 'create');
    if ('refusal' in r) return refused(r.refusal);
    out.push(r.setting);
  }
  return accepted(out);
}

/** A decimal integer as the parser passed it (clap's u64: digits, an optional `+`); null for anything else. */
export function decimal(s: string): bigint | null {
  return /^\+?[0-9]{1,400}$/.test(s) ? BigInt(s.replace(/^\+/, '')) : null;
}

/** A quorum value as typed (decimal digits, the parser's check) and its flag, for the refusal. */
export interface QuorumInput {
  readonly flag: string;
  readonly value: string | undefined;
}

/**
 * A quorum value (§3.8, §5.5): 0 when not given; at most 8 and at most 1 + the number of users the
 * key is shared with [doc]; otherwise `Invalid value <value> for <flag>` [choice].
 */
export function quorumValue(q: QuorumInput, sharedCount: number): CliResultOf<number> {
  if (q.value === undefined) return accepted(0);
  const n = decimal(q.value);
  if (n === null || n > 8n || n > BigInt(1 + sharedCount)) return refused({ error: 'invalid-option-value', flag: q.flag, value: q.value });
  return accepted(Number(n));
}

/**
 * `--share-crypto-users` (§3.8): names of crypto users other than the caller, on the HSM that
 * serves the session (user names are not case-sensitive). An unknown name: `Specified user does
 * not exist`; the caller: `Key is already shared with <name>`; an admin (or the appliance user):
 * `Invalid user type for this operation`. A name given twice shares once.
 */
export async function shareUserIds(scope: OpScope, session: CliSession, names: readonly string[]): Promise<CliResultOf<number[]>> {
  if (names.length === 0) return accepted([]);
  const users = await scope.tx.list<UserRecord>('users', `${session.cluster}/${session.servingNode}/`);
  const byName = new Map(users.map((u) => [u.name.toLowerCase(), u]));
  const ids: number[] = [];
  for (const name of names) {
    const u = byName.get(name.toLowerCase());
    if (!u) return refused({ error: 'no-such-user' });
    if (u.userId === session.user!.userId) return refused({ error: 'already-shared', name });
    if (u.type !== 'CU') return refused({ error: 'wrong-role' });
    if (!ids.includes(u.userId)) ids.push(u.userId);
  }
  return accepted(ids);
}

/** What every CLI generation shares: the session flag, sharing, the two quorum values. */
export interface CliCreationRequest {
  /** `--session`: a session key (pair) of this CLI session (§5.4). */
  readonly session: boolean;
  /** `--share-crypto-users` (the private key only, for a pair). */
  readonly shareWith: readonly string[];
  /** `--manage-key-quorum-value` / `--manage-private-key-quorum-value`. */
  readonly manageQuorum: QuorumInput;
  /** `--use-key-quorum-value` / `--use-private-key-quorum-value`. */
  readonly useQuorum: QuorumInput;
  /** `--cluster-id` as given. */
  readonly clusterId?: string;
}

/** The CLI gate first (--cluster-id, an HSM up, a login, a crypto user). */
const gateOf = (scope: OpScope, session: CliSession, req: CliCreationRequest): Promise<CliRefusal | null> =>
  cliGate(scope, session, { roles: ['crypto-user'], ...(req.clusterId !== undefined ? { clusterId: req.clusterId } : {}) });

/** The checks every CLI generation makes, as data for the creation. */
interface Checked {
  readonly shareWith: number[];
  readonly quorum: Pick<KeyRecord, 'manageQuorum' | 'useQuorum'>;
  /** `--session` (§4.1: `token` is not an attribute word at creation; it follows `--session`). */
  readonly sessionKey: boolean;
}

/**
 * The common checks after the gate and the attribute words: the quorum values, the availability
 * check for a token key, the users to share with.
 */
async function commonChecks(scope: OpScope, session: CliSession, req: CliCreationRequest): Promise<CliResultOf<Checked>> {
  const distinct = new Set(req.shareWith.map((n) => n.toLowerCase())).size;
  const manage = quorumValue(req.manageQuorum, distinct);
  if (!manage.ok) return manage;
  const use = quorumValue(req.useQuorum, distinct);
  if (!use.ok) return use;
  const sessionKey = req.session;
  const available = await availabilityCheck(scope, session, { creating: sessionKey ? 'session' : 'token' });
  if (available) return refused(available);
  const ids = await shareUserIds(scope, session, req.shareWith);
  if (!ids.ok) return ids;
  return accepted({ shareWith: ids.value, quorum: { manageQuorum: manage.value, useQuorum: use.value }, sessionKey });
}

/** The ID the attribute words give (`id=0x…`), '' for none: unique in the cluster. */
const idOf = (settings: readonly CliAttrSetting[]): string => {
  const s = [...settings].reverse().find((x) => x.id === A.ID);
  return typeof s?.value === 'string' ? s.value : '';
};

/** `Key ID already exists` when another key of the cluster (or this session) carries one of `ids` (§2.8). */
async function idsFree(scope: OpScope, session: CliSession, ids: readonly string[]): Promise<CliRefusal | null> {
  const wanted = ids.filter((id) => id !== '');
  if (wanted.length === 0) return null;
  const keys = await visibleKeys(scope.tx, session);
  return keys.some((k) => wanted.includes(k.attrs[A.ID] as string)) ? { error: 'id-exists' } : null;
}

/** createObjects' answer as the CLI words it: `Key ID already exists`; the new records on success. */
function created(c: CreateObjectsOutcome): CliResultOf<KeyRecord[]> {
  if (c.code === RC.SUCCESS && c.records) return accepted(c.records);
  if (c.code === RC.KEY_ID_EXISTS) return refused({ error: 'id-exists' });
  if (c.code === RC.INVALID_SHARE_LIST) return refused({ error: 'wrong-role' });
  if (c.code === RC.OBJECT_TABLE_FULL) {
    // §2.8 has no text for a full cluster; the playground says so and changes nothing.
    throw new PlaygroundError('the cluster holds as many keys as it can; nothing was changed');
  }
  return refused({ error: 'disconnected' });
}

/**
 * The key objects of new keys as this session sees them, read after the creation's commit: a
 * session key then belongs to the session (its coverage is "full", G-CLI-35).
 */
async function viewsOf(hsm: Hsm, session: CliSession, keys: readonly KeyRecord[]): Promise<CliKeyView[]> {
  return runOp(hsm, async (scope) => {
    const views: CliKeyView[] = [];
    for (const key of keys) views.push(await keyView(scope, session, key));
    return views;
  });
}

// --- symmetric keys ---------------------------------------------------------------------------

/** `key generate-symmetric aes` and `… generic-secret`. */
export interface CliSymmetricRequest extends CliCreationRequest {
  readonly keyType: 'aes' | 'generic-secret';
  readonly label: string;
  /** `--key-length-bytes` as typed (decimal digits). */
  readonly length: string;
  /** `--attributes` words. */
  readonly attributes: readonly string[];
}

/** Lengths the HSM generates (§3.8: 16, 24, 32; §3.9: 1–800); others violate its FIPS policy. */
export function symmetricLengthOk(keyType: CliSymmetricRequest['keyType'], length: number): boolean {
  if (keyType === 'aes') return length === 16 || length === 24 || length === 32;
  return Number.isSafeInteger(length) && length >= 1 && length <= 800;
}

/**
 * Generate a secret key (§3.8, §3.9): one unit of work, checks first; the key object of the new
 * key as this session sees it.
 */
export async function cliGenerateSymmetric(hsm: Hsm, session: CliSession, req: CliSymmetricRequest): Promise<CliResultOf<CliKeyView>> {
  const made = await runOp(hsm, async (scope): Promise<CliResultOf<KeyRecord[]>> => {
    const gate = await gateOf(scope, session, req);
    if (gate) return refused(gate);
    const settings = readCreationAttributes(req.attributes);
    if (!settings.ok) return settings;
    const checked = await commonChecks(scope, session, req);
    if (!checked.ok) return checked;
    const typed = decimal(req.length);
    const length = typed !== null && typed <= 4096n ? Number(typed) : NaN;
    if (!symmetricLengthOk(req.keyType, length)) return refused({ error: 'fips-policy' });
    const keyType = req.keyType === 'aes' ? KEY_TYPE.AES : KEY_TYPE.GENERIC_SECRET;
    const id = idOf(settings.value);
    const { sessionKey } = checked.value;
    const value = generateKeyMaterial(hsm, keyType, length);
    // One check-value rule with KMU: AES its KCV, generic secret 0x000000 (keys.ts, G-CLI-14).
    const base = secretKeyAttrs({ keyType, value, label: req.label, id, session: sessionKey, local: true, extractable: true });
    const attrs = cliCreationAttrs('secret', base, settings.value);
    const object: NewObject = { attrs, value, shared: checked.value.shareWith, mValue: 0, quorum: checked.value.quorum };
    return created(await createObjects(scope, session, {
      objects: [object], session: sessionKey, id, shareWith: checked.value.shareWith, minSrv: 1, timeout: null,
    }));
  });
  if (!made.ok) return made;
  const [view] = await viewsOf(hsm, session, made.value);
  return accepted(view!);
}

// --- key pairs ---------------------------------------------------------------------------------

/** `--curve` values in the page's order (§3.11): `prime256v1` and `secp256r1` are the same curve (cli-attributes.ts). */
export const CLI_CURVES: readonly string[] = ['prime256v1', 'secp256r1', 'secp224r1', 'secp384r1', 'secp256k1', 'secp521r1'];

/** `key generate-asymmetric-pair rsa` and `… ec`. */
export interface CliPairRequest extends CliCreationRequest {
  readonly kind: { readonly rsa: { readonly bits: string; readonly exponent: string } } | { readonly ec: { readonly curve: string } };
  readonly publicLabel: string;
  readonly privateLabel: string;
  readonly publicAttributes: readonly string[];
  readonly privateAttributes: readonly string[];
}

type PairSpec = { kind: 'rsa'; bits: number; exponent: bigint } | { kind: 'ec'; curve: CurveName };

/**
 * What the HSM generates (G-CLI-41): RSA 2048–4096 bits in steps of 256, an odd exponent from 65537
 * below 2³², as KMU genRSAKeyPair; the curves of §3.11. null: the FIPS policy refuses.
 */
export function cliPairSpec(kind: CliPairRequest['kind']): PairSpec | null {
  if ('ec' in kind) {
    const curve = CLI_CURVES.includes(kind.ec.curve) ? cryptoCurve(kind.ec.curve) : undefined;
    return curve ? { kind: 'ec', curve } : null;
  }
  const bits = decimal(kind.rsa.bits);
  const e = decimal(kind.rsa.exponent);
  if (bits === null || e === null) return null;
  const ok = bits >= 2048n && bits <= 4096n && bits % 256n === 0n && e >= 65537n && e < 2n ** 32n && e % 2n === 1n;
  return ok ? { kind: 'rsa', bits: Number(bits), exponent: e } : null;
}

/** Every check of a pair generation (the gate first), in one unit of work; the spec to generate. */
async function pairChecks(scope: OpScope, session: CliSession, req: CliPairRequest): Promise<CliResultOf<{
  checked: Checked; spec: PairSpec; pub: CliAttrSetting[]; priv: CliAttrSetting[];
}>> {
  const gate = await gateOf(scope, session, req);
  if (gate) return refused(gate);
  const pub = readCreationAttributes(req.publicAttributes);
  if (!pub.ok) return pub;
  const priv = readCreationAttributes(req.privateAttributes);
  if (!priv.ok) return priv;
  const checked = await commonChecks(scope, session, req);
  if (!checked.ok) return checked;
  const spec = cliPairSpec(req.kind);
  if (!spec) return refused({ error: 'fips-policy' });
  const taken = await idsFree(scope, session, [idOf(pub.value), idOf(priv.value)]);
  if (taken) return refused(taken);
  return accepted({ checked: checked.value, spec, pub: pub.value, priv: priv.value });
}

/**
 * Generate a key pair (§3.10, §3.11): checks, generation outside the unit of work, then the
 * creation (checks again): the public key takes object index n, the private key n + 1; the share
 * list and the quorum values go to the private key only. Both key objects as this session sees them.
 */
export async function cliGeneratePair(
  hsm: Hsm, session: CliSession, req: CliPairRequest,
): Promise<CliResultOf<{ publicKey: CliKeyView; privateKey: CliKeyView }>> {
  const first = await runOp(hsm, (scope) => pairChecks(scope, session, req));
  if (!first.ok) return first;
  const [{ generatePair }, { asymKeyAttrs }] = await Promise.all([import('./pairs'), import('../pairs')]);
  const pair = await generatePair(hsm, first.value.spec);
  const made = await runOp(hsm, async (scope): Promise<CliResultOf<KeyRecord[]>> => {
    const again = await pairChecks(scope, session, req);
    if (!again.ok) return again;
    const { checked, pub, priv } = again.value;
    const { sessionKey } = checked;
    // Both halves carry the pair's ID as KMU's do (the private words' id=, else the public words');
    // a half whose own words give another ID keeps that one.
    const id = idOf(priv) || idOf(pub);
    const own = (label: string) => ({ label, id, session: sessionKey, local: true, extractable: true });
    const publicAttrs = cliCreationAttrs('public', asymKeyAttrs(CLASS.PUBLIC, pair.publicKey, own(req.publicLabel)), pub);
    const privateAttrs = cliCreationAttrs('private', asymKeyAttrs(CLASS.PRIVATE, pair.privateKey, own(req.privateLabel)), priv);
    const c = created(await createObjects(scope, session, {
      objects: [
        { attrs: publicAttrs, value: pair.publicKey, shared: [], mValue: 0 },
        { attrs: privateAttrs, value: pair.privateKey, shared: checked.shareWith, mValue: 0, quorum: checked.quorum },
      ],
      session: sessionKey, id, shareWith: checked.shareWith, minSrv: 1, timeout: null,
    }));
    return c;
  });
  if (!made.ok) return made;
  const [publicKey, privateKey] = await viewsOf(hsm, session, made.value);
  return accepted({ publicKey: publicKey!, privateKey: privateKey! });
}
