/**
 * Key-format variants other encoders write (no OpenSSL needed): they are read and normalised to
 * OpenSSL's form; and the checks that refuse keys that do not hold together.
 */
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { NULL_DER, bitsDer, fromBig, intDer, octetsDer, oidDer, only, seq, tlv } from '../../../src/crypto/asym/der';
import { CURVES } from '../../../src/crypto/asym/curves';
import {
  FormatError, checkPrivateKey, pkcs8FromNumbers, checkPublicKey, describePublicKey, parsePrivateKeyPem, privateKeyFromDer, privateKeyKind,
  publicKeyFromDer, publicKeyOf, traditionalPrivateKeyDer,
} from '../../../src/crypto/asym/formats';
import { pemEncode } from '../../../src/crypto/asym/pem';

const der = (k: import('node:crypto').KeyObject, type: 'pkcs8' | 'spki') => new Uint8Array(k.export({ type, format: 'der' } as never) as Buffer);
const EC = '1.2.840.10045.2.1';

let ec: { pkcs8: Uint8Array; spki: Uint8Array; d: Uint8Array; point: Uint8Array };
let rsa: { pkcs8: Uint8Array; spki: Uint8Array };
let dsa: { pkcs8: Uint8Array; spki: Uint8Array };

beforeAll(() => {
  const e = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pkcs8 = der(e.privateKey, 'pkcs8');
  const r = only(pkcs8);
  r.small();
  r.seq();
  const inner = only(r.octets());
  inner.small();
  const d = inner.octets().slice();
  const point = inner.seq(0xa1).bits().slice();
  ec = { pkcs8, spki: der(e.publicKey, 'spki'), d, point };
  const k = generateKeyPairSync('rsa', { modulusLength: 1024 });
  rsa = { pkcs8: der(k.privateKey, 'pkcs8'), spki: der(k.publicKey, 'spki') };
  const s = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
  dsa = { pkcs8: der(s.privateKey, 'pkcs8'), spki: der(s.publicKey, 'spki') };
}, 60_000);

const curveOid = oidDer('1.2.840.10045.3.1.7');
const ecAlg = () => seq(oidDer(EC), curveOid);
const p8 = (alg: Uint8Array, inner: Uint8Array, version = 0, extra: Uint8Array[] = []) => seq(intDer(version), alg, octetsDer(inner), ...extra);

describe('variants are read and normalised to OpenSSL\'s form', () => {
  it('EC: SEC 1 with [0] parameters inside PKCS #8, without the public key, a short scalar; OneAsymmetricKey v1', () => {
    const withParams = p8(ecAlg(), seq(intDer(1), octetsDer(ec.d), tlv(0xa0, curveOid), tlv(0xa1, bitsDer(ec.point))));
    expect(privateKeyFromDer(withParams)).toEqual(ec.pkcs8);
    expect(publicKeyOf(withParams)).toEqual(ec.spki);
    const noPublic = p8(ecAlg(), seq(intDer(1), octetsDer(ec.d)));
    expect(publicKeyOf(noPublic)).toEqual(ec.spki);
    expect(privateKeyFromDer(noPublic)).toEqual(ec.pkcs8);
    expect(parsePrivateKeyPem(pemEncode('PRIVATE KEY', noPublic))).toEqual(ec.pkcs8);
    // a scalar written without its leading zeros (d = 1: the public key is G), padded on the way out
    const short = p8(ecAlg(), seq(intDer(1), octetsDer(fromBig(1n)), tlv(0xa1, bitsDer(gPoint()))));
    expect(describePublicKey(publicKeyOf(short))).toMatchObject({ kind: 'ec', curve: 'P-256', point: gPoint() });
    expect(privateKeyFromDer(short)).toEqual(p8(ecAlg(), seq(intDer(1), octetsDer(fromBig(1n, 32)), tlv(0xa1, bitsDer(gPoint())))));
    const v1 = p8(ecAlg(), seq(intDer(1), octetsDer(ec.d), tlv(0xa1, bitsDer(ec.point))), 1, [tlv(0x81, Uint8Array.of(0), ec.point)]);
    expect(privateKeyFromDer(v1)).toEqual(ec.pkcs8);
    const attrs = p8(ecAlg(), seq(intDer(1), octetsDer(ec.d), tlv(0xa1, bitsDer(ec.point))), 0, [tlv(0xa0, seq())]);
    expect(privateKeyFromDer(attrs)).toEqual(ec.pkcs8);
  });

  it('RSA: AlgorithmIdentifier without its NULL; PKCS #1 public key DER', () => {
    const r = only(rsa.spki);
    r.seq();
    const key = r.bits();
    const noNull = seq(seq(oidDer('1.2.840.113549.1.1.1')), bitsDer(key));
    expect(publicKeyFromDer(noNull)).toEqual(rsa.spki);
    expect(publicKeyFromDer(key)).toEqual(rsa.spki);
    expect(checkPublicKey(noNull)).toBeUndefined();
  });

  it('DSA: node\'s keys, and the traditional form back and forth', () => {
    expect(publicKeyOf(dsa.pkcs8)).toEqual(dsa.spki);
    expect(privateKeyKind(dsa.pkcs8)).toEqual({ kind: 'dsa' });
    expect(privateKeyFromDer(traditionalPrivateKeyDer(dsa.pkcs8).der)).toEqual(dsa.pkcs8);
  });
});

function gPoint(): Uint8Array {
  const c = CURVES[1]!;
  return new Uint8Array([4, ...fromBig(c.gx, 32), ...fromBig(c.gy, 32)]);
}

describe('keys from their numbers', () => {
  it('refuses numbers that do not make a key', () => {
    const c = CURVES[1]!;
    expect(() => pkcs8FromNumbers({ kind: 'ec', curve: 'P-256', d: 0n })).toThrow(/out of range/);
    expect(() => pkcs8FromNumbers({ kind: 'ec', curve: 'P-256', d: c.n })).toThrow(/out of range/);
    expect(() => pkcs8FromNumbers({ kind: 'ec', curve: 'P-256', d: 2n, point: gPoint() })).toThrow(/does not match/);
    expect(pkcs8FromNumbers({ kind: 'ec', curve: 'P-256', d: 1n, point: gPoint() })).toEqual(pkcs8FromNumbers({ kind: 'ec', curve: 'P-256', d: 1n }));
    expect(() => pkcs8FromNumbers({ kind: 'ec', curve: 'P-192' as never, d: 1n })).toThrow(/unsupported EC curve/);
    expect(() => pkcs8FromNumbers({ kind: 'rsa', n: 15n, e: 3n, d: 3n, p: 5n, q: 3n })).toThrow(/modulus/);
    expect(() => pkcs8FromNumbers({ kind: 'dsa', p: 23n, q: 11n, g: 4n, x: 3n })).toThrow(/DSA parameters/);
  });
});

describe('keys that do not hold together are refused', () => {
  const refuse = (d: Uint8Array, message: RegExp) => {
    expect(() => { checkPrivateKey(d); }).toThrow(FormatError);
    expect(() => { checkPrivateKey(d); }).toThrow(message);
  };

  it('EC: scalar 0 or ≥ n, too long, a point off the curve, parameters that disagree, no curve at all', () => {
    const c = CURVES[1]!;
    refuse(p8(ecAlg(), seq(intDer(1), octetsDer(new Uint8Array(32)))), /out of range/);
    refuse(p8(ecAlg(), seq(intDer(1), octetsDer(fromBig(c.n, 32)))), /out of range/);
    refuse(p8(ecAlg(), seq(intDer(1), octetsDer(new Uint8Array(33).fill(1)))), /length/);
    const off = ec.point.slice();
    off[64]! ^= 1;
    refuse(p8(ecAlg(), seq(intDer(1), octetsDer(ec.d), tlv(0xa1, bitsDer(off)))), /not on its curve/);
    refuse(p8(ecAlg(), seq(intDer(1), octetsDer(ec.d), tlv(0xa0, oidDer('1.3.132.0.34')))), /disagree/);
    refuse(p8(ecAlg(), seq(intDer(2), octetsDer(ec.d))), /version/);
    refuse(p8(seq(oidDer(EC)), seq(intDer(1), octetsDer(ec.d))), /named curve/);
    refuse(p8(seq(oidDer(EC), NULL_DER), seq(intDer(1), octetsDer(ec.d))), /named curve/);
    expect(() => checkPublicKey(seq(ecAlg(), bitsDer(off)))).toThrow(/not on its curve/);
    expect(() => checkPublicKey(seq(ecAlg(), bitsDer(Uint8Array.of(0))))).toThrow(/bad length or form/);
  });

  it('RSA: bad exponent, small or even modulus, CRT values that disagree, multi-prime', () => {
    const r = only(rsa.pkcs8);
    r.small();
    r.seq();
    const inner = only(r.octets());
    inner.small();
    const [n, e, d, p, q, dp, dq, qi] = Array.from({ length: 8 }, () => inner.big());
    const key = (...v: bigint[]) => p8(seq(oidDer('1.2.840.113549.1.1.1'), NULL_DER), seq(intDer(0), ...v.map(intDer)));
    expect(() => checkPrivateKey(key(n!, e!, d!, p!, q!, dp!, dq!, qi!))).not.toThrow();
    refuse(key(n!, 1n, d!, p!, q!, dp!, dq!, qi!), /exponent/);
    refuse(key(n!, e! + 1n, d!, p!, q!, dp!, dq!, qi!), /exponent/);
    refuse(key(n! + 1n, e!, d!, p!, q!, dp!, dq!, qi!), /modulus/);
    refuse(key(n!, e!, d!, p!, q!, dp! + 2n, dq!, qi!), /inconsistent/);
    refuse(key(n!, e!, d!, q!, p!, dp!, dq!, qi!), /inconsistent/);
    refuse(key(1n << 300n | 1n, e!, d!, p!, q!, dp!, dq!, qi!), /modulus/);
    refuse(p8(seq(oidDer('1.2.840.113549.1.1.1'), NULL_DER), seq(intDer(1), ...[n, e, d, p, q, dp, dq, qi].map((x) => intDer(x!)))), /multi-prime/);
    refuse(p8(seq(oidDer('1.2.840.113549.1.1.1'), NULL_DER), seq(intDer(0), ...[n, e, d, p, q, dp, dq, qi].map((x) => intDer(x!)), intDer(0))), /trailing/);
  });

  it('DSA: x out of range, parameters missing or bad', () => {
    const r = only(dsa.pkcs8);
    r.small();
    const alg = r.any(0x30).whole;
    const params = only(alg);
    params.oid();
    const pqg = params.seq();
    const [p, q, g] = [pqg.big(), pqg.big(), pqg.big()];
    const dsaAlg = (pp: bigint, qq: bigint, gg: bigint) => seq(oidDer('1.2.840.10040.4.1'), seq(intDer(pp), intDer(qq), intDer(gg)));
    expect(() => checkPrivateKey(p8(dsaAlg(p, q, g), intDer(5n)))).not.toThrow();
    refuse(p8(dsaAlg(p, q, g), intDer(q)), /out of range/);
    refuse(p8(dsaAlg(p, q, g), intDer(0n)), /out of range/);
    refuse(p8(dsaAlg(p, q, 1n), intDer(5n)), /DSA parameters/);
    refuse(p8(dsaAlg(p, p, g), intDer(5n)), /DSA q too large/);
    refuse(p8(dsaAlg(p, q + 1n, g), intDer(5n)), /DSA parameters/);
    refuse(p8(seq(oidDer('1.2.840.10040.4.1')), intDer(5n)), /without parameters/);
    // the traditional form carries y: it must be g^x mod p
    const x = 5n;
    const y = (() => { let r = 1n; for (let i = 0n; i < x; i++) r = (r * g!) % p!; return r; })();
    const trad = (yy: bigint) => pemEncode('DSA PRIVATE KEY', seq(intDer(0), intDer(p!), intDer(q!), intDer(g!), intDer(yy), intDer(x)));
    expect(parsePrivateKeyPem(trad(y))).toEqual(p8(dsaAlg(p!, q!, g!), intDer(x)));
    expect(() => parsePrivateKeyPem(trad(y + 1n))).toThrow(/does not match/);
    expect(() => checkPublicKey(seq(dsaAlg(p, q, g), bitsDer(intDer(1n))))).toThrow(/DSA public key/);
    expect(() => checkPublicKey(seq(dsaAlg(p, q, g), bitsDer(intDer(p))))).toThrow(/DSA public key/);
  });
});
