/**
 * Private-key PEM files on the client host: telling a real private key from a "fake PEM" that only
 * references an HSM key (kmu-commands.md §5.10, §5.11, G-20).
 *
 * Accepted real keys: PKCS #1 `RSA PRIVATE KEY`, SEC 1 `EC PRIVATE KEY`, traditional
 * `DSA PRIVATE KEY` and unencrypted PKCS #8 `PRIVATE KEY` wrapping any of the three.
 *
 * Fake PEM format (emulator-defined, G-20): a well-formed key structure of the usual PEM type whose
 * private value — the RSA private exponent d (an INTEGER), the EC private-key OCTET STRING, or the
 * DSA x — holds the ASCII bytes of FAKE_PEM_MARKER followed by the decimal key handle, e.g.
 * `KMU-PLAYGROUND-HSM-KEY-HANDLE:15`. (The RSA CRT values are 1; the public parts are real.)
 */
import { toHex } from '../crypto/hex';

const FAKE_PEM_MARKER = 'KMU-PLAYGROUND-HSM-KEY-HANDLE:';

/** The private value a fake PEM for `handle` carries: the marker's ASCII bytes and the decimal handle. */
export function fakePemMarker(handle: number): Uint8Array {
  return new TextEncoder().encode(`${FAKE_PEM_MARKER}${handle}`);
}

export type PrivateKeyFile = { kind: 'real' } | { kind: 'fake'; handle: number } | { kind: 'invalid' };

interface Der {
  tag: number;
  content: Uint8Array;
}

/** One DER TLV at `off`; definite lengths only. */
function readTlv(b: Uint8Array, off: number): { node: Der; next: number } | undefined {
  if (off + 2 > b.length) return undefined;
  const tag = b[off]!;
  let len = b[off + 1]!;
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > b.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p + i]!;
    p += n;
  }
  if (p + len > b.length) return undefined;
  return { node: { tag, content: b.subarray(p, p + len) }, next: p + len };
}

/** The children of a constructed value that its content fills exactly. */
function children(content: Uint8Array): Der[] | undefined {
  const out: Der[] = [];
  let off = 0;
  while (off < content.length) {
    const r = readTlv(content, off);
    if (!r) return undefined;
    out.push(r.node);
    off = r.next;
  }
  return out;
}

function single(bytes: Uint8Array): Der | undefined {
  const r = readTlv(bytes, 0);
  return r && r.next === bytes.length ? r.node : undefined;
}

const SEQ = 0x30;
const INT = 0x02;
const OCTETS = 0x04;
const OID = 0x06;

const isSeq = (d: Der | undefined): d is Der => d?.tag === SEQ;
const intIs = (d: Der | undefined, v: number) => d?.tag === INT && d.content.length === 1 && d.content[0] === v;

function handleIn(value: Uint8Array): number | undefined {
  let s = '';
  for (const b of value) s += String.fromCharCode(b);
  const m = new RegExp(`^\\x00?${FAKE_PEM_MARKER}(\\d{1,10})$`).exec(s);
  return m ? Number(m[1]) : undefined;
}

type Kind = 'rsa' | 'ec' | 'dsa';

/** The private value of a well-formed key structure, or undefined if it is not one. */
function privateValue(der: Der, kind: Kind): Uint8Array | undefined {
  if (!isSeq(der)) return undefined;
  const c = children(der.content);
  if (!c) return undefined;
  if (kind === 'rsa') {
    // RSAPrivateKey ::= SEQUENCE { version 0, n, e, d, p, q, dp, dq, qinv }
    return c.length === 9 && intIs(c[0], 0) && c.every((x) => x.tag === INT) ? c[3]!.content : undefined;
  }
  if (kind === 'dsa') {
    // DSAPrivateKey (OpenSSL) ::= SEQUENCE { version 0, p, q, g, y, x }
    return c.length === 6 && intIs(c[0], 0) && c.every((x) => x.tag === INT) ? c[5]!.content : undefined;
  }
  // ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] params OPTIONAL, [1] publicKey OPTIONAL }
  if (c.length < 2 || c.length > 4 || !intIs(c[0], 1) || c[1]!.tag !== OCTETS) return undefined;
  return c.slice(2).every((x) => x.tag === 0xa0 || x.tag === 0xa1) ? c[1]!.content : undefined;
}

const OIDS: Record<string, Kind> = {
  '2a864886f70d010101': 'rsa', // 1.2.840.113549.1.1.1 rsaEncryption
  '2a8648ce3d0201': 'ec', // 1.2.840.10045.2.1 id-ecPublicKey
  '2a8648ce380401': 'dsa', // 1.2.840.10040.4.1 id-dsa
};

/** PKCS #8 PrivateKeyInfo ::= SEQUENCE { version 0|1, AlgorithmIdentifier, OCTET STRING, ... } */
function pkcs8Value(der: Der): Uint8Array | undefined {
  if (!isSeq(der)) return undefined;
  const c = children(der.content);
  if (!c || c.length < 3 || !(intIs(c[0], 0) || intIs(c[0], 1)) || !isSeq(c[1]) || c[2]!.tag !== OCTETS) return undefined;
  const alg = children(c[1].content);
  if (!alg || alg[0]?.tag !== OID) return undefined;
  const oid = toHex(alg[0].content);
  const kind = Object.hasOwn(OIDS, oid) ? OIDS[oid] : undefined;
  if (!kind) return undefined;
  if (kind === 'dsa') {
    const x = single(c[2]!.content);
    return x?.tag === INT ? x.content : undefined; // the DSA private key is a bare INTEGER
  }
  const inner = single(c[2]!.content);
  return inner ? privateValue(inner, kind) : undefined;
}

function base64(text: string): Uint8Array | undefined {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) return undefined;
  const bin = atob(clean);
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

// The first private-key block anywhere in the text: like OpenSSL, text around it is ignored (the
// `-----BEGIN EC PARAMETERS-----` block `openssl ecparam -genkey` writes first, comments).
const PEM = /(?:^|\n)-----BEGIN (RSA |EC |DSA |)PRIVATE KEY-----\r?\n([\s\S]*?)\r?\n-----END \1PRIVATE KEY-----(?:\r?\n|$)/;

/** What a private-key file holds: a real key, a fake PEM with its handle, or neither. */
export function inspectPrivateKeyFile(data: Uint8Array): PrivateKeyFile {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return { kind: 'invalid' };
  }
  const m = PEM.exec(text);
  if (!m) return { kind: 'invalid' };
  const der = base64(m[2]!);
  const top = der && single(der);
  if (!top) return { kind: 'invalid' };
  const type = m[1]!.trim();
  const value = type === '' ? pkcs8Value(top) : privateValue(top, type === 'RSA' ? 'rsa' : type === 'EC' ? 'ec' : 'dsa');
  if (!value) return { kind: 'invalid' };
  const handle = handleIn(value);
  return handle === undefined ? { kind: 'real' } : { kind: 'fake', handle };
}
