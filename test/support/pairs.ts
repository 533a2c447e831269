/**
 * Key-pair records for tests, built independently of the code under test: the DER of each key
 * (test/fixtures/store/pairs.json) was made once by node:crypto (OpenSSL), and the attributes are
 * attributes.md §3.2's table with the VALUE_LEN conventions of cloudhsm-cli.md §4.5 (issue 12:
 * private keys their PKCS #8 length, RSA public bits / 4, EC public the point's length, DSA 256;
 * KCV the first 3 bytes of SHA-1 over the SPKI, on both halves).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AttrMap } from '../../src/hsm/attributes';
import { keyRecordId, type KeyRecord } from '../../src/hsm/model';

interface FixtureKey { spki: string; pkcs8: string; jwk: { n?: string; e?: string; x?: string; y?: string; crv?: string } | null }
const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/store/pairs.json', import.meta.url), 'utf8')) as { keys: Record<string, FixtureKey> };

export type PairName = 'rsa2048' | 'rsa2048b' | 'p256' | 'p384' | 'dsa2048';

const b64u = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));
const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

export function pairDer(name: PairName): { spki: Uint8Array; pkcs8: Uint8Array } {
  const k = FIXTURE.keys[name]!;
  return { spki: hex(k.spki), pkcs8: hex(k.pkcs8) };
}

/** The RSA modulus (big-endian, as OBJ_ATTR_MODULUS holds it) or the EC point 04‖X‖Y. */
export function pairModulus(name: PairName): Uint8Array | undefined {
  const j = FIXTURE.keys[name]!.jwk;
  if (j?.n) return b64u(j.n);
  if (j?.x && j.y) return new Uint8Array([4, ...b64u(j.x), ...b64u(j.y)]);
  return undefined;
}

const TYPE = { rsa2048: 0, rsa2048b: 0, p256: 3, p384: 3, dsa2048: 1 } as const;
const FIELD_BITS = { p256: 256, p384: 384 } as const;

export interface PairOptions {
  label?: string;
  id?: string;
  session?: boolean;
  extractable?: boolean;
  local?: boolean;
}

/** The attributes of one half (class 2 public, 3 private) per attributes.md §3.2. */
export function pairAttrs(name: PairName, cls: 2 | 3, o: PairOptions = {}): AttrMap {
  const { spki, pkcs8 } = pairDer(name);
  const type = TYPE[name];
  const pub = cls === 2;
  const b = (v: boolean) => (v ? 1 : 0);
  const extractable = pub || (o.extractable ?? true);
  const local = o.local ?? true;
  const modulus = pairModulus(name);
  let valueLen: number;
  if (type === 1) valueLen = 256;
  else if (!pub) valueLen = pkcs8.length;
  else if (type === 0) valueLen = (modulus!.length * 8) / 4;
  else valueLen = modulus!.length;
  const attrs: AttrMap = {
    0: cls, 256: type, 1: b(!o.session), 2: 1, 260: b(pub && type === 0), 261: b(!pub && type === 0),
    262: b(pub && type === 0), 263: b(!pub && type === 0), 264: b(!pub), 266: b(pub), 355: b(local),
    259: b(!pub), 354: b(extractable), 3: o.label ?? `${name}-${pub ? 'pub' : 'priv'}`, 258: o.id ?? '',
    353: valueLen, 371: new Uint8Array(createHash('sha1').update(spki).digest().subarray(0, 3)),
    134: 0, 528: 0, 370: 1, 268: 0, 357: b(!pub && local), 356: b(!pub && local && !extractable),
  };
  if (type === 0) {
    const e = b64u(FIXTURE.keys[name]!.jwk!.e!);
    Object.assign(attrs, { 288: modulus!, 289: modulus!.length * 8, 290: e });
  } else if (type === 3) {
    Object.assign(attrs, { 288: modulus!, 289: FIELD_BITS[name as 'p256' | 'p384'] });
  }
  return attrs;
}

/** A stored half of a pair, on every HSM of the cluster. */
export function pairRecord(name: PairName, cls: 2 | 3, r: { cluster?: string; handle: number; owner: number; shared?: number[]; holders?: number[] } & PairOptions): KeyRecord {
  const cluster = r.cluster ?? 'cluster-1';
  const { spki, pkcs8 } = pairDer(name);
  return {
    id: keyRecordId(cluster, r.handle), rev: 1, cluster, handle: r.handle, index: r.handle % 262144,
    attrs: pairAttrs(name, cls, r), value: cls === 2 ? spki : pkcs8, owner: r.owner,
    shared: cls === 2 ? [] : (r.shared ?? []), manageQuorum: 0, useQuorum: 0, holders: r.holders ?? [0, 1, 2],
  };
}

/**
 * `k` turned into an RSA public key under the same handle, owner, label and holders (tests that
 * need "a public key of user N"): a real public key record, which the damage check accepts.
 */
export function asPublicKey(k: KeyRecord): KeyRecord {
  const pub = pairRecord('rsa2048', 2, { cluster: k.cluster, handle: k.handle, owner: k.owner, holders: k.holders, label: k.attrs[3] as string, id: k.attrs[258] as string });
  return { ...pub, index: k.index, rev: k.rev, shared: k.shared };
}
