/**
 * What a lesson's goals are checked against (issue 13): a plain, read-only picture of the
 * playground as the learner's terminal sees it — every cluster's HSMs, users and keys (token keys
 * from the store, this terminal's session keys), the client host's files, and where the learner
 * is. Read in one read-only unit of work after every command; nothing here writes. Key material
 * is in it (goals compare material with files): it stays in the page's memory, is never printed,
 * and never goes into an event.
 */
import type { CliSession } from '../cli-session';
import type { CmuSession } from '../cmu-session';
import type { KmuSession } from '../session';
import type { Hsm } from '../world';
import { A, CLASS, KEY_TYPE, KEY_TYPE_NAMES } from '../attributes';
import { LOCKOUT_THRESHOLD } from '../auth';
import { keyReference } from '../key-reference';
import type { ClusterRecord, FileRecord, KeyRecord, UserRecord } from '../model';
import { toHex } from '../../crypto/hex';

/** The learner's terminal: the program it is in ('host' | 'kmu' | 'cmu' | 'cli') and its sessions. */
export interface FactSource {
  program: string;
  kmu: KmuSession;
  cmu: CmuSession;
  cli: CliSession;
}

export interface FactKey {
  cluster: string;
  handle: number;
  /** The CloudHSM CLI's key-reference of it (0x%016x). */
  keyReference: string;
  label: string;
  id: string;
  keyClass: 'secret' | 'public' | 'private';
  /** 'AES' | '3DES' | 'GENERIC_SECRET' | 'RSA' | 'EC' | 'DSA' (or the type's number as text). */
  keyType: string;
  /** As the inventory shows it: bytes of a secret key, modulus/prime bits, an EC curve's bits. */
  size: number;
  token: boolean;
  local: boolean;
  extractable: boolean;
  trusted: boolean;
  wrapWithTrusted: boolean;
  owner: string;
  sharedWith: string[];
  /** OBJ_ATTR_KCV, lower-case hex ('' when the key has none). */
  kcv: string;
  /** The key's material: a secret key's value, a private key's PKCS #8, a public key's SPKI. */
  material: Uint8Array;
}

export interface FactUser {
  name: string;
  type: string;
  userId: number;
  /** Locked out on some HSM that is up (too many failed logins). */
  locked: boolean;
  /** Failed logins, the most on any HSM that is up. */
  failures: number;
}

export interface FactCluster {
  id: string;
  hsms: { node: number; state: 'up' | 'down' }[];
  /** Users present on every HSM that is up (by name). */
  users: FactUser[];
  keys: FactKey[];
}

export interface LessonFacts {
  /** The program the terminal is in ('host' | 'kmu' | 'cmu' | 'cli'). */
  program: string;
  /** Who is logged in to the program the terminal is in (null: nobody, or the host shell). */
  user: { name: string; type: string } | null;
  /** The cluster the terminal works on. */
  cluster: string;
  clusters: FactCluster[];
  /** Files of the client host by absolute path. */
  files: { path: string; data: Uint8Array }[];
}

const CLASS_NAMES: ReadonlyMap<number, FactKey['keyClass']> = new Map([[2, 'public'], [3, 'private'], [4, 'secret']]);
/** Curve OIDs as DER (tag, length, content; hex) → the curve's bits: either half's DER names its curve. */
const CURVE_OIDS: ReadonlyArray<[string, number]> = [
  ['06082a8648ce3d030107', 256], ['06052b81040022', 384], ['06052b81040023', 521], ['06052b81040021', 224],
  ['06052b8104000a', 256], ['06082a8648ce3d030101', 192],
];
/** An EC public point's length → its curve's bits, when the DER names no curve we know. */
const EC_BITS: ReadonlyMap<number, number> = new Map([[57, 224], [65, 256], [97, 384], [133, 521]]);

function ecBits(k: KeyRecord, len: number): number {
  const der = k.value instanceof Uint8Array ? toHex(k.value.subarray(0, 64)) : '';
  for (const [oid, bits] of CURVE_OIDS) if (der.includes(oid)) return bits;
  return EC_BITS.get(len) ?? len;
}

/** The inventory's size as a number: bytes of a secret key, RSA modulus bits, an EC curve's bits (else VALUE_LEN). */
function sizeOf(k: KeyRecord, cls: number, type: number): number {
  const len = Number(k.attrs[A.VALUE_LEN] ?? 0);
  if (cls === CLASS.SECRET) return len;
  if (type === KEY_TYPE.RSA) return Number(k.attrs[A.MODULUS_BITS] ?? 0);
  if (type === KEY_TYPE.EC) return ecBits(k, len);
  return len;
}

function factKey(k: KeyRecord, cluster: string, token: boolean, nameOf: (id: number) => string): FactKey {
  const cls = Number(k.attrs[A.CLASS] ?? CLASS.SECRET);
  const type = Number(k.attrs[A.KEY_TYPE] ?? -1);
  const kcv = k.attrs[A.KCV];
  return {
    cluster, handle: k.handle, keyReference: keyReference(k.handle),
    label: String(k.attrs[A.LABEL] ?? ''), id: String(k.attrs[A.ID] ?? ''),
    keyClass: CLASS_NAMES.get(cls) ?? 'secret',
    keyType: Object.hasOwn(KEY_TYPE_NAMES, type) ? KEY_TYPE_NAMES[type]! : String(type),
    size: sizeOf(k, cls, type),
    token, local: k.attrs[A.LOCAL] === 1, extractable: k.attrs[A.EXTRACTABLE] === 1,
    trusted: k.attrs[A.TRUSTED] === 1, wrapWithTrusted: k.attrs[A.WRAP_WITH_TRUSTED] === 1,
    owner: nameOf(k.owner), sharedWith: k.shared.map(nameOf),
    kcv: kcv instanceof Uint8Array ? toHex(kcv) : '',
    material: k.value instanceof Uint8Array ? k.value.slice() : new Uint8Array(0),
  };
}

/** Users of a cluster merged by name over the HSMs that are up (all HSMs when none is). */
function mergeUsers(records: UserRecord[], nodes: number[]): FactUser[] {
  const byName = new Map<string, { u: FactUser; on: Set<number> }>();
  for (const r of records) {
    if (!nodes.includes(r.node)) continue;
    const row = byName.get(r.name);
    if (row) {
      row.on.add(r.node);
      row.u.failures = Math.max(row.u.failures, r.loginFailures);
      row.u.locked ||= r.loginFailures >= LOCKOUT_THRESHOLD;
    } else {
      byName.set(r.name, {
        on: new Set([r.node]),
        u: { name: r.name, type: r.type, userId: r.userId, locked: r.loginFailures >= LOCKOUT_THRESHOLD, failures: r.loginFailures },
      });
    }
  }
  return [...byName.values()].filter((x) => x.on.size === nodes.length).map((x) => x.u).sort((a, b) => a.userId - b.userId);
}

/** Read the facts for the learner's terminal (its program, sessions and session keys). */
export async function readLessonFacts(hsm: Hsm, terminal: FactSource): Promise<LessonFacts> {
  const { program, kmu, cmu, cli } = terminal;
  return hsm.transact(async (tx) => {
    const here = program === 'kmu' && kmu.cluster ? kmu.cluster
      : program === 'cmu' && cmu.cluster ? cmu.cluster
      : program === 'cli' && cli.cluster ? cli.cluster : await hsm.currentClusterName(tx);
    const clusters: FactCluster[] = [];
    for (const c of await tx.list<ClusterRecord>('clusters')) {
      const up = c.hsms.filter((h) => h.state === 'up').map((h) => h.node);
      const records = await tx.list<UserRecord>('users', `${c.name}/`);
      const users = mergeUsers(records, up.length > 0 ? up : c.hsms.map((h) => h.node));
      const ids = new Map<number, string>();
      for (const r of records) if (!ids.has(r.userId)) ids.set(r.userId, r.name);
      const nameOf = (id: number) => users.find((u) => u.userId === id)?.name ?? ids.get(id) ?? `user ${id}`;
      const keys = (await tx.list<KeyRecord>('keys', `${c.name}/`)).filter((k) => k.holders.length > 0)
        .map((k) => factKey(k, c.name, true, nameOf));
      // this terminal's session keys: key_mgmt_util's and the CloudHSM CLI's (each on its cluster)
      for (const s of [kmu, cli]) {
        if (s.user === null || s.cluster !== c.name) continue;
        for (const k of s.sessionKeys.values()) keys.push(factKey(k, c.name, false, nameOf));
      }
      keys.sort((a, b) => a.handle - b.handle);
      clusters.push({ id: c.name, hsms: c.hsms.map((h) => ({ node: h.node, state: h.state })), users, keys });
    }
    const who = program === 'kmu' && kmu.user ? { name: kmu.user.name, userId: kmu.user.userId, type: undefined as string | undefined }
      : program === 'cmu' && cmu.user ? { name: cmu.user.name, userId: cmu.user.userId, type: cmu.user.type as string }
      : program === 'cli' && cli.user ? { name: cli.user.name, userId: cli.user.userId, type: undefined } : null;
    const user = who === null ? null : {
      name: who.name,
      type: who.type ?? clusters.find((c) => c.id === here)?.users.find((u) => u.userId === who.userId)?.type ?? '?',
    };
    const files = (await tx.list<FileRecord>('files')).filter((f) => f.kind === 'file')
      .map((f) => ({ path: f.id, data: f.data instanceof Uint8Array ? f.data.slice() : new Uint8Array(0) }));
    return { program, user, cluster: here, clusters, files };
  });
}
