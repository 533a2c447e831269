/**
 * Helpers for the wrapKey/unWrapKey/key-administration tests: direct store edits for what no KMU
 * command can set up (extra users, quorum values, TRUSTED flags, unwrap templates), answering a
 * command's prompt, and independent (node:crypto) reference computations.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { Console } from '../../src/shell/console';
import type { KeyRecord, UserRecord, UserType } from '../../src/hsm/model';
import { keyRecordId, userRecordId } from '../../src/hsm/model';
import type { Terminal } from '../support/transcript';

export const H = '        ';
export const fixturePath = (name: string) => new URL(`../fixtures/kmu/${name}.txt`, import.meta.url);

const hsmOf = (t: Terminal) => (t.session as Console).hsm;

/** Add (or rename) a user on every HSM of cluster-1 (3 HSMs unless told otherwise). */
export async function putUser(
  t: Terminal, u: { userId: number; name: string; type: UserType; mofnPubKey?: boolean; failures?: number[]; passwordOf?: number }, nodes = 3,
) {
  await hsmOf(t).transact(async (tx) => {
    for (let node = 0; node < nodes; node++) {
      const id = userRecordId('cluster-1', node, u.userId);
      const old = await tx.get<UserRecord>('users', u.passwordOf === undefined ? id : userRecordId('cluster-1', node, u.passwordOf));
      if (u.passwordOf !== undefined) await tx.get<UserRecord>('users', id);
      tx.put<UserRecord>('users', {
        id, rev: 0, cluster: 'cluster-1', node, userId: u.userId, name: u.name, type: u.type,
        verifier: old?.verifier ?? null, loginFailures: u.failures?.[node] ?? 0, mofnPubKey: u.mofnPubKey ?? false, twoFA: false,
      });
    }
  });
}

/** Change a token key's record (attributes, quorum, share list). */
export async function patchKey(t: Terminal, handle: number, patch: (k: KeyRecord) => KeyRecord) {
  await hsmOf(t).transact(async (tx) => {
    const id = keyRecordId('cluster-1', handle);
    const k = await tx.get<KeyRecord>('keys', id);
    if (!k) throw new Error(`no key ${handle}`);
    tx.put<KeyRecord>('keys', patch(k));
  });
}

export async function storedKey(t: Terminal, handle: number): Promise<KeyRecord | undefined> {
  return hsmOf(t).transact((tx) => tx.get<KeyRecord>('keys', keyRecordId('cluster-1', handle)));
}

/** Bytes of a file of the virtual file system. */
export async function fileBytes(t: Terminal, path: string): Promise<Buffer | undefined> {
  const rec = await hsmOf(t).transact((tx) => tx.get<{ id: string; rev: number; data?: Uint8Array }>('files', path));
  return rec?.data ? Buffer.from(rec.data) : undefined;
}

/**
 * Type a command that prompts, then the answers; returns the block as the terminal shows it:
 * "<prompt><line>\n<prompt text><answer>\n...<output>", without the empty line before the next prompt.
 */
export async function blockWithAnswers(t: Terminal, line: string, answers: string[]): Promise<string> {
  // While a command waits for an answer, the console's prompt is its question.
  let shown = `${t.session.prompt}${line}\n` + (await t.type(line));
  for (const a of answers) shown += `${t.session.prompt}${a}\n` + (await t.type(a));
  return shown.endsWith('\n\n') ? shown.slice(0, -1) : shown;
}

// ---- node:crypto references ------------------------------------------------------------------

const kwName = (kek: Buffer, pad: boolean) => `id-aes${kek.length * 8}-wrap${pad ? '-pad' : ''}`;
const A6 = Buffer.alloc(8, 0xa6);

export function nodeKw(kek: Buffer, data: Buffer, iv = A6): Buffer {
  const c = createCipheriv(kwName(kek, false), kek, iv);
  return Buffer.concat([c.update(data), c.final()]);
}
export function nodeKwUnwrap(kek: Buffer, data: Buffer, iv = A6): Buffer {
  const d = createDecipheriv(kwName(kek, false), kek, iv);
  return Buffer.concat([d.update(data), d.final()]);
}
export function nodeKwp(kek: Buffer, data: Buffer): Buffer {
  const c = createCipheriv(kwName(kek, true), kek, Buffer.from('a65959a6', 'hex'));
  return Buffer.concat([c.update(data), c.final()]);
}
export function nodeKwpUnwrap(kek: Buffer, data: Buffer): Buffer {
  const d = createDecipheriv(kwName(kek, true), kek, Buffer.from('a65959a6', 'hex'));
  return Buffer.concat([d.update(data), d.final()]);
}
/** Mechanism 4: PKCS #5 padding over 8-byte blocks (1..8 bytes), then RFC 3394. */
export function nodePkcs5Wrap(kek: Buffer, data: Buffer): Buffer {
  const n = 8 - (data.length % 8);
  return nodeKw(kek, Buffer.concat([data, Buffer.alloc(n, n)]));
}
export function nodePkcs5Unwrap(kek: Buffer, data: Buffer): Buffer {
  const p = nodeKwUnwrap(kek, data);
  return p.subarray(0, p.length - p[p.length - 1]!);
}

/**
 * The wrapped-file header as src/hsm/wrap.ts documents it, read independently: magic
 * "KMUWRAP1", u32 header length H, u32 mechanism, u32 n, n × (u32 id, u32 len, value), then the
 * mechanism's output from H to the end.
 */
export function readHeader(file: Buffer): { h: number; mechanism: number; attrs: Map<number, Buffer>; wrapped: Buffer } {
  if (file.subarray(0, 8).toString('latin1') !== 'KMUWRAP1') throw new Error('no magic');
  const h = file.readUInt32BE(8);
  const mechanism = file.readUInt32BE(12);
  const n = file.readUInt32BE(16);
  const attrs = new Map<number, Buffer>();
  let off = 20;
  for (let i = 0; i < n; i++) {
    const id = file.readUInt32BE(off);
    const len = file.readUInt32BE(off + 4);
    attrs.set(id, file.subarray(off + 8, off + 8 + len));
    off += 8 + len;
  }
  if (off !== h) throw new Error(`entries end at ${off}, header says ${h}`);
  return { h, mechanism, attrs, wrapped: file.subarray(h) };
}

// ---- a fake PEM built from the format documented in src/hsm/private-key-file.ts ---------------

function derLen(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const b: number[] = [];
  for (let x = n; x > 0; x >>= 8) b.unshift(x & 0xff);
  return Buffer.from([0x80 | b.length, ...b]);
}
export const der = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag]), derLen(body.length), body]);
export const derInt = (b: Buffer) => der(0x02, b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);

/** RSAPrivateKey with the real n and e, d = "KMU-PLAYGROUND-HSM-KEY-HANDLE:<handle>", the rest 1. */
export function fakeRsaPem(jwk: { n: string; e: string }, handle: number): string {
  const one = derInt(Buffer.from([1]));
  const body = Buffer.concat([
    derInt(Buffer.from([0])), derInt(Buffer.from(jwk.n, 'base64url')), derInt(Buffer.from(jwk.e, 'base64url')),
    derInt(Buffer.from(`KMU-PLAYGROUND-HSM-KEY-HANDLE:${handle}`)), one, one, one, one, one,
  ]);
  const b64 = der(0x30, body).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN RSA PRIVATE KEY-----\n${b64}\n-----END RSA PRIVATE KEY-----\n`;
}
