/**
 * A minimal X.509 v3 certificate builder and parser (issue 12: getCert's chain per cluster).
 *
 * Built as OpenSSL 3.0 builds them: names with C as PrintableString and every other attribute as
 * UTF8String (string_mask utf8only), UTCTime through 2049 and GeneralizedTime from 2050 (RFC 5280
 * §4.1.2.5), extensions basicConstraints (critical), keyUsage (critical), subjectKeyIdentifier
 * (SHA-1 of the key's BIT STRING, RFC 5280 §4.2.1.2 method 1) and authorityKeyIdentifier (keyid).
 * The caller signs: `sign(tbs)` returns the signature (RSA: the modulus-length block; ECDSA: the DER
 * SEQUENCE { r, s }), and gives SHA-1, so this file imports no engine.
 */
import {
  BITS, DerReader, FormatError, NULL_DER, SEQ, SET, bitsDer, fail, intDer, octetsDer, oidDer, only, seq, tlv,
  toBig, uintDer,
} from './der';
import { pemEncode } from './pem';

export type NameAttribute = 'C' | 'ST' | 'L' | 'O' | 'OU' | 'CN';
/** A distinguished name, most significant first: [['C', 'US'], ['O', 'Example'], ['CN', 'Root']]. */
export type Name = ReadonlyArray<readonly [NameAttribute, string]>;

export type SignatureAlgorithm = 'sha256WithRSAEncryption' | 'ecdsa-with-SHA256' | 'ecdsa-with-SHA384';

export type KeyUsage = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign';

export interface CertificateOptions {
  /** A positive serial number (bytes are an unsigned big-endian magnitude). */
  serial: Uint8Array | bigint;
  issuer: Name;
  subject: Name;
  notBefore: Date;
  notAfter: Date;
  /** The subject's SubjectPublicKeyInfo DER. */
  subjectPublicKey: Uint8Array;
  /** The issuer's SPKI, for the authorityKeyIdentifier; omitted = self-signed (the subject's). */
  issuerPublicKey?: Uint8Array;
  signatureAlgorithm: SignatureAlgorithm;
  isCA: boolean;
  /** Default: CA → keyCertSign, cRLSign; otherwise digitalSignature (and keyEncipherment for an RSA key). */
  keyUsage?: readonly KeyUsage[];
  sign: (tbs: Uint8Array) => Promise<Uint8Array>;
  sha1: (data: Uint8Array) => Uint8Array;
}

export interface ParsedCertificate {
  /** The TBSCertificate DER, as signed. */
  tbs: Uint8Array;
  /** A SignatureAlgorithm name, or the dotted OID of another algorithm. */
  signatureAlgorithm: string;
  signature: Uint8Array;
  /** SubjectPublicKeyInfo DER. */
  subjectPublicKey: Uint8Array;
  /** Names with the short attribute names above, or dotted OIDs for others. */
  issuer: Array<[string, string]>;
  subject: Array<[string, string]>;
  serial: bigint;
  notBefore: Date;
  notAfter: Date;
}

const ATTRS: ReadonlyArray<readonly [NameAttribute, string]> = [
  ['C', '2.5.4.6'], ['ST', '2.5.4.8'], ['L', '2.5.4.7'], ['O', '2.5.4.10'], ['OU', '2.5.4.11'], ['CN', '2.5.4.3'],
];
const SIG_ALGS: ReadonlyArray<readonly [SignatureAlgorithm, string]> = [
  ['sha256WithRSAEncryption', '1.2.840.113549.1.1.11'], ['ecdsa-with-SHA256', '1.2.840.10045.4.3.2'], ['ecdsa-with-SHA384', '1.2.840.10045.4.3.3'],
];
const USAGES: readonly KeyUsage[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'];

const UTF8 = 0x0c;
const PRINTABLE = 0x13;
const utf8 = new TextEncoder();

function nameDer(name: Name): Uint8Array {
  return seq(...name.map(([attr, value]) => {
    const oid = ATTRS.find((a) => a[0] === attr)?.[1] ?? fail(`unknown name attribute ${attr}`);
    if (attr === 'C' && !/^[A-Za-z]{2}$/.test(value)) fail('C must be two letters');
    return tlv(SET, seq(oidDer(oid), tlv(attr === 'C' ? PRINTABLE : UTF8, utf8.encode(value))));
  }));
}

function timeDer(d: Date): Uint8Array {
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid date');
  const y = d.getUTCFullYear();
  if (y < 1950 || y > 9999) throw new RangeError('certificate dates must lie in 1950–9999');
  const two = (n: number) => String(n).padStart(2, '0');
  const rest = two(d.getUTCMonth() + 1) + two(d.getUTCDate()) + two(d.getUTCHours()) + two(d.getUTCMinutes()) + two(d.getUTCSeconds()) + 'Z';
  return y < 2050 ? tlv(0x17, utf8.encode(two(y % 100) + rest)) : tlv(0x18, utf8.encode(String(y) + rest));
}

/** keyUsage's named BIT STRING in DER: trailing zero bits dropped, their count in the first byte. */
function keyUsageDer(usages: readonly KeyUsage[]): Uint8Array {
  let bits = 0;
  for (const u of usages) bits |= 0x8000 >> USAGES.indexOf(u);
  if (!bits) throw new RangeError('keyUsage needs at least one usage');
  const bytes = bits & 0xff ? [bits >> 8, bits & 0xff] : [bits >> 8];
  const last = bytes[bytes.length - 1]!;
  let unused = 0;
  while (!((last >> unused) & 1)) unused++;
  return tlv(BITS, Uint8Array.of(unused, ...bytes));
}

const TRUE = Uint8Array.of(0x01, 0x01, 0xff);
const ext = (oid: string, critical: boolean, value: Uint8Array): Uint8Array =>
  critical ? seq(oidDer(oid), TRUE, octetsDer(value)) : seq(oidDer(oid), octetsDer(value));

/** The key identifier of an SPKI: SHA-1 of its subjectPublicKey BIT STRING's bytes. */
function keyId(spki: Uint8Array, sha1: (d: Uint8Array) => Uint8Array): Uint8Array {
  const r = only(spki, SEQ, 'SubjectPublicKeyInfo');
  r.seq(SEQ, 'AlgorithmIdentifier');
  const key = r.bits('public key');
  r.end('SubjectPublicKeyInfo');
  return sha1(key);
}

function isRsa(spki: Uint8Array): boolean {
  const r = only(spki, SEQ, 'SubjectPublicKeyInfo');
  return r.seq(SEQ, 'AlgorithmIdentifier').oid() === '1.2.840.113549.1.1.1';
}

function sigAlgDer(alg: SignatureAlgorithm): Uint8Array {
  const oid = SIG_ALGS.find((a) => a[0] === alg)?.[1] ?? fail(`unsupported signature algorithm ${alg}`);
  return alg === 'sha256WithRSAEncryption' ? seq(oidDer(oid), NULL_DER) : seq(oidDer(oid));
}

/** Build and sign a certificate: its DER. */
export async function buildCertificate(o: CertificateOptions): Promise<Uint8Array> {
  const serial = typeof o.serial === 'bigint' ? intDer(o.serial) : uintDer(o.serial);
  if (serial.length === 3 && serial[2] === 0) throw new RangeError('the serial number must be positive');
  const usages = o.keyUsage
    ?? (o.isCA ? ['keyCertSign', 'cRLSign'] : isRsa(o.subjectPublicKey) ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature']);
  const extensions = seq(
    ext('2.5.29.19', true, o.isCA ? seq(TRUE) : seq()),
    ext('2.5.29.15', true, keyUsageDer(usages)),
    ext('2.5.29.14', false, octetsDer(keyId(o.subjectPublicKey, o.sha1))),
    ext('2.5.29.35', false, seq(tlv(0x80, keyId(o.issuerPublicKey ?? o.subjectPublicKey, o.sha1)))),
  );
  const alg = sigAlgDer(o.signatureAlgorithm);
  const tbs = seq(
    tlv(0xa0, intDer(2)),
    serial,
    alg,
    nameDer(o.issuer),
    seq(timeDer(o.notBefore), timeDer(o.notAfter)),
    nameDer(o.subject),
    o.subjectPublicKey,
    tlv(0xa3, extensions),
  );
  const signature = await o.sign(tbs);
  return seq(tbs, alg, bitsDer(signature));
}

/** Certificate DER → `-----BEGIN CERTIFICATE-----` PEM. */
export function certificatePem(der: Uint8Array): string {
  return pemEncode('CERTIFICATE', der);
}

// ---- parsing ----

const latin1 = new TextDecoder('latin1');
const strict = new TextDecoder('utf-8', { fatal: true });

function readString(r: DerReader): string {
  const t = r.peek();
  if (t === UTF8) {
    try { return strict.decode(r.read(UTF8)); } catch { return fail('bad UTF8String'); }
  }
  if (t === PRINTABLE || t === 0x16 || t === 0x14) return latin1.decode(r.read(t));
  if (t === 0x1e) {
    const b = r.read(0x1e);
    if (b.length % 2) fail('bad BMPString');
    let s = '';
    for (let i = 0; i < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
    return s;
  }
  return fail('unsupported string type in a name');
}

function readName(outer: DerReader): Array<[string, string]> {
  const r = outer.seq(SEQ, 'Name');
  const out: Array<[string, string]> = [];
  while (!r.done) {
    const set = r.seq(SET, 'RelativeDistinguishedName');
    while (!set.done) {
      const atv = set.seq(SEQ, 'AttributeTypeAndValue');
      const oid = atv.oid('attribute type');
      const value = readString(atv);
      atv.end('AttributeTypeAndValue');
      out.push([ATTRS.find((a) => a[1] === oid)?.[0] ?? oid, value]);
    }
  }
  return out;
}

function readTime(r: DerReader): Date {
  const t = r.peek();
  const s = t === 0x17 || t === 0x18 ? latin1.decode(r.read(t)) : fail('bad certificate time');
  const m = (t === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/ : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/).exec(s);
  if (!m) return fail('bad certificate time');
  let y = Number(m[1]);
  if (t === 0x17) y += y < 50 ? 2000 : 1900;
  const [mo, d, h, mi, se] = m.slice(2).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) fail('bad certificate time');
  return date;
}

function readSigAlg(outer: DerReader): { name: string; whole: Uint8Array } {
  const { content, whole } = outer.any(SEQ, 'AlgorithmIdentifier');
  const r = new DerReader(content);
  const oid = r.oid('signature algorithm');
  const name = SIG_ALGS.find((a) => a[1] === oid)?.[0] ?? oid;
  if (!r.done) r.nul();
  r.end('AlgorithmIdentifier');
  return { name, whole };
}

/** A certificate's fields (FormatError on anything malformed). */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const cert = only(der, SEQ, 'Certificate');
  const tbs = cert.any(SEQ, 'TBSCertificate');
  const outerAlg = readSigAlg(cert);
  const signature = cert.bits('signature');
  cert.end('Certificate');

  const r = new DerReader(tbs.content, 1);
  const version = r.optional(0xa0);
  if (version) {
    const v = version.small();
    version.end('version');
    if (v > 2) fail('bad certificate version');
  }
  const serialBytes = r.read(0x02, 'serial number');
  if (serialBytes.length === 0 || serialBytes.length > 21 || serialBytes[0]! & 0x80) fail('bad serial number');
  const innerAlg = readSigAlg(r);
  if (innerAlg.whole.length !== outerAlg.whole.length || innerAlg.whole.some((b, i) => b !== outerAlg.whole[i])) {
    fail('signature algorithms disagree');
  }
  const issuer = readName(r);
  const validity = r.seq(SEQ, 'Validity');
  const notBefore = readTime(validity);
  const notAfter = readTime(validity);
  validity.end('Validity');
  const subject = readName(r);
  const spki = r.any(SEQ, 'SubjectPublicKeyInfo').whole;
  while (!r.done) {
    const t = r.peek()!;
    if (t !== 0xa1 && t !== 0xa2 && t !== 0xa3) fail('unexpected field in TBSCertificate');
    r.read(t);
  }
  return {
    tbs: tbs.whole.slice(), signatureAlgorithm: outerAlg.name, signature: signature.slice(), subjectPublicKey: spki.slice(),
    issuer, subject, serial: toBig(serialBytes), notBefore, notAfter,
  };
}

export { FormatError };
