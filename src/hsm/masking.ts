/**
 * Masked objects (kmu-commands.md §6.1–6.2, cluster.md §6.3, G-55): a whole key object — its
 * attributes, value, owner, sharing and quorum — encrypted and authenticated under the MASKING KEY
 * of the cluster's backup lineage, so only the same cluster or a clone of it can insert it again.
 *
 * The masking key is DERIVED, not stored: SHA-256("kmu-playground masking key v1" ‖ 0x00 ‖
 * lineage). Why:
 * - clones share it by construction (`cluster clone` copies ClusterRecord.lineage), and an
 *   unrelated cluster has another lineage (`cluster create` makes `<name>-<time>`), so no schema
 *   change is needed and nothing new has to be kept in step across clones, backups or a reset;
 * - seeded mode stays reproducible: the only random input of a masked object is its GCM IV, drawn
 *   from hsm.deps.rng, so the same seed writes the same bytes;
 * - a fresh playground (and the one `reset` makes) gets a lineage of its own from its creation
 *   time (world.ts), so an object from before a reset is refused like one from another cluster;
 * - what it does not model: a secret. The lineage is no secret (it travels in the file), so the
 *   masking key only tells clusters apart; a training playground has no secrets to keep from
 *   itself. The blob is still not trivially readable, and any change to it is detected.
 *
 * File layout (all integers big-endian):
 *   "KMUMASK1" ‖ u32 L ‖ lineage (L bytes UTF-8) ‖ IV (12) ‖ AES-256-GCM(object) ‖ tag (16)
 * with everything before the IV as additional authenticated data. The lineage travels in clear so
 * an unrelated cluster is told apart (0xc6) from a damaged file (0xe5).
 * The object is JSON: every field of the KeyRecord but its place in a cluster (id, rev, cluster,
 * handle, index, holders), byte arrays as {"$b": hex}; a later schema that adds a field adds it to
 * CARRIED_FIELDS (an object with any other set of fields is refused as corrupt).
 */
import { aesGcmDecrypt, aesGcmEncrypt } from '../crypto/gcm';
import { sha256 } from '../crypto/digest';
import { fromHex, toHex } from '../crypto/hex';
import { randomBytes, type Rng } from '../crypto/rng';
import type { KeyRecord } from './model';

const MAGIC = 'KMUMASK1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_INFO = 'kmu-playground masking key v1';
/**
 * What a masked object carries, sorted: every KeyRecord field (model.ts, schema 2) but those that say
 * where a key lives — id, rev, cluster, handle, index, holders — which insertion sets again.
 * (test/kmu/masked.test.ts compares every other field of an inserted key with its original.)
 */
const CARRIED_FIELDS: readonly string[] = ['attrs', 'manageQuorum', 'owner', 'shared', 'useQuorum', 'value'];
/** A masked object is at most this long (a key record is at most a few KiB; files hold 1 MiB). */
const MAX_OBJECT_JSON = 1 << 18;

const utf8 = new TextEncoder();

/** The masking key of a backup lineage (see the header comment for why it is derived). */
export async function maskingKey(lineage: string): Promise<Uint8Array> {
  const info = utf8.encode(KEY_INFO);
  const lin = utf8.encode(lineage);
  const input = new Uint8Array(info.length + 1 + lin.length);
  input.set(info);
  input.set(lin, info.length + 1);
  return sha256(input);
}

/** The part of a key record a masked object carries. */
export type MaskedKey = Pick<KeyRecord, 'attrs' | 'value' | 'owner' | 'shared'> & Record<string, unknown>;

function toJson(key: KeyRecord): string {
  const out: Record<string, unknown> = {};
  for (const name of CARRIED_FIELDS) out[name] = (key as unknown as Record<string, unknown>)[name];
  return JSON.stringify(out, (_k, v: unknown) => (v instanceof Uint8Array ? { $b: toHex(v) } : v));
}

const HEX = /^(?:[0-9a-f]{2})*$/;

function fromJson(text: string): MaskedKey | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_k, v: unknown) => {
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && Object.hasOwn(v, '$b')) {
        const hex = (v as { $b: unknown }).$b;
        if (typeof hex !== 'string' || !HEX.test(hex)) throw new SyntaxError('bad bytes');
        return fromHex(hex);
      }
      return v;
    });
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const obj = parsed as Record<string, unknown>;
  // Exactly the fields of a key record (schema 2) but its place: nothing else reaches the store.
  const names = Object.keys(obj).sort();
  if (names.join() !== CARRIED_FIELDS.join()) return undefined;
  const attrs = obj.attrs;
  if (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs)) return undefined;
  // The attribute map's keys are numbers; a null prototype keeps typed names out of Object's.
  const clean = Object.assign(Object.create(null) as Record<string, unknown>, attrs);
  if (!Object.keys(clean).every((k) => /^(0|[1-9][0-9]{0,9})$/.test(k))) return undefined;
  return { ...obj, attrs: { ...clean } } as unknown as MaskedKey;
}

/** Mask `key` for its cluster's lineage: the file extractMaskedObject writes. */
export async function maskKey(key: KeyRecord, lineage: string, rng: Rng): Promise<Uint8Array> {
  const iv = randomBytes(rng, IV_BYTES);
  const lin = utf8.encode(lineage);
  const head = new Uint8Array(MAGIC.length + 4 + lin.length);
  head.set(utf8.encode(MAGIC));
  new DataView(head.buffer).setUint32(MAGIC.length, lin.length);
  head.set(lin, MAGIC.length + 4);
  const sealed = aesGcmEncrypt(await maskingKey(lineage), iv, utf8.encode(toJson(key)), head, TAG_BYTES);
  const out = new Uint8Array(head.length + IV_BYTES + sealed.length);
  out.set(head);
  out.set(iv, head.length);
  out.set(sealed, head.length + IV_BYTES);
  return out;
}

export type Unmasked =
  | { ok: true; key: MaskedKey }
  /** 'lineage': made by an unrelated cluster (0xc6); 'corrupt': not a masked object or altered (0xe5). */
  | { ok: false; reason: 'lineage' | 'corrupt' };

/** Open a masked object for a cluster of `lineage`. Never throws on any input. */
export async function unmaskKey(file: Uint8Array, lineage: string): Promise<Unmasked> {
  const corrupt = { ok: false, reason: 'corrupt' } as const;
  const m = MAGIC.length;
  if (file.length < m + 4 || new TextDecoder().decode(file.subarray(0, m)) !== MAGIC) return corrupt;
  const len = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(m);
  if (len > file.length || m + 4 + len + IV_BYTES + TAG_BYTES > file.length) return corrupt;
  const head = file.subarray(0, m + 4 + len);
  let theirs: string;
  try {
    theirs = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(m + 4));
  } catch {
    return corrupt;
  }
  if (theirs !== lineage) return { ok: false, reason: 'lineage' };
  const iv = file.subarray(head.length, head.length + IV_BYTES);
  const sealed = file.subarray(head.length + IV_BYTES);
  if (sealed.length > MAX_OBJECT_JSON) return corrupt;
  let plain: Uint8Array;
  try {
    plain = aesGcmDecrypt(await maskingKey(lineage), iv, sealed, head, TAG_BYTES);
  } catch {
    return corrupt;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    return corrupt;
  }
  const key = fromJson(text);
  return key ? { ok: true, key } : corrupt;
}
