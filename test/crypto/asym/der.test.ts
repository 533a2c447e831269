/** The DER reader/writer, PEM armour and curve arithmetic under the key formats (issue 12). */
import { describe, expect, it } from 'vitest';
import {
  DerReader, FormatError, bitLength, fromBig, intDer, oidDer, oidText, only, seq, tlv, toBig, uintDer,
} from '../../../src/crypto/asym/der';
import { CURVES, decodePoint, encodePoint, onCurve, publicPoint } from '../../../src/crypto/asym/curves';
import { base64Decode, pemBlocks, pemEncode } from '../../../src/crypto/asym/pem';

const b = (...xs: number[]) => Uint8Array.from(xs);
const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');
const reader = (...xs: number[]) => new DerReader(b(...xs));

describe('DER reader: strict', () => {
  it('reads a definite short and long length', () => {
    expect(hex(reader(0x04, 2, 0xaa, 0xbb).octets())).toBe('aabb');
    const long = new Uint8Array([0x04, 0x81, 0x80, ...new Uint8Array(0x80)]);
    expect(new DerReader(long).octets().length).toBe(0x80);
  });
  it.each([
    ['indefinite length', [0x30, 0x80, 0, 0]],
    ['long form for a short length', [0x04, 0x81, 0x05, 1, 2, 3, 4, 5]],
    ['long form with a leading zero', [0x04, 0x82, 0x00, 0x80]],
    ['length over 3 bytes', [0x04, 0x84, 0, 0, 0, 1, 0]],
    ['length past the end', [0x04, 0x05, 1, 2]],
    ['truncated length', [0x04, 0x82, 0x01]],
    ['no length', [0x04]],
    ['high tag number', [0x1f, 0x81, 0x01, 0x00]],
  ])('refuses %s', (_name, bytes) => {
    expect(() => new DerReader(b(...bytes)).octets()).toThrow(FormatError);
  });
  it('INTEGERs: minimal, non-negative, bounded', () => {
    expect(reader(2, 1, 0).big()).toBe(0n);
    expect(reader(2, 2, 0, 0x80).big()).toBe(128n);
    expect(hex(reader(2, 2, 0, 0x80).uint())).toBe('80');
    expect(() => reader(2, 2, 0, 0x7f).big()).toThrow(/not minimal/);
    expect(() => reader(2, 2, 0xff, 0x80).big()).toThrow(FormatError);
    expect(() => reader(2, 1, 0x80).big()).toThrow(/negative/);
    expect(() => reader(2, 0).big()).toThrow(/empty/);
    expect(() => reader(2, 3, 1, 2, 3).big('x', 2)).toThrow(/too large/);
    expect(() => reader(2, 5, 1, 0, 0, 0, 0).small()).toThrow(/too large/);
  });
  it('BIT STRING without unused bits, NULL, OID', () => {
    expect(hex(reader(3, 2, 0, 0xff).bits())).toBe('ff');
    expect(() => reader(3, 2, 1, 0xfe).bits()).toThrow(/unused bits/);
    expect(() => reader(3, 0).bits()).toThrow(FormatError);
    expect(() => reader(5, 1, 0).nul()).toThrow(FormatError);
    expect(() => reader(6, 2, 0x80, 0x01).oid()).toThrow(/not minimal/);
    expect(() => reader(6, 1, 0x81).oid()).toThrow(/truncated/);
    expect(() => reader(6, 0).oid()).toThrow(FormatError);
  });
  it('wrong tags, trailing data, missing values, depth', () => {
    expect(() => reader(4, 0).bits()).toThrow(/expected BIT STRING/);
    expect(() => only(b(0x30, 0, 0))).toThrow(/trailing data/);
    expect(() => only(b(0x30, 1, 5)).nul()).toThrow(/truncated/);
    expect(() => reader().octets()).toThrow(/missing/);
    let d: Uint8Array = b(0x30, 0);
    for (let i = 0; i < 20; i++) d = seq(d);
    let r = only(d);
    expect(() => { for (let i = 0; i < 20; i++) r = r.seq(); }).toThrow(/deeply/);
    expect(() => new DerReader(new Uint8Array(70_000))).toThrow(/too large/);
  });
  it('optional fields and the done/peek cursor', () => {
    const r = only(seq(intDer(1), tlv(0xa1, intDer(2))));
    expect(r.small()).toBe(1);
    expect(r.optional(0xa0)).toBeUndefined();
    expect(r.optional(0xa1)!.small()).toBe(2);
    expect(r.done).toBe(true);
    expect(r.peek()).toBeUndefined();
  });
});

describe('DER writer', () => {
  it('lengths in their shortest form', () => {
    expect(hex(tlv(4, new Uint8Array(127))).slice(0, 4)).toBe('047f');
    expect(hex(tlv(4, new Uint8Array(128))).slice(0, 6)).toBe('048180');
    expect(hex(tlv(4, new Uint8Array(256))).slice(0, 8)).toBe('04820100');
    expect(hex(tlv(4, new Uint8Array(65536))).slice(0, 10)).toBe('0483010000');
  });
  it('INTEGERs minimal with a sign byte before a high bit', () => {
    expect(hex(intDer(0))).toBe('020100');
    expect(hex(intDer(127))).toBe('02017f');
    expect(hex(intDer(128))).toBe('02020080');
    expect(hex(intDer(65537))).toBe('0203010001');
    expect(hex(uintDer(b(0, 0, 0x80)))).toBe('02020080');
    expect(hex(uintDer(b(0, 0)))).toBe('020100');
    expect(hex(uintDer(b()))).toBe('020100');
  });
  it('OIDs both ways', () => {
    for (const o of ['1.2.840.113549.1.1.1', '1.2.840.10045.3.1.7', '1.3.132.0.35', '2.5.4.3', '2.5.29.19', '0.9.2342.19200300.100.1.25', '2.999.1']) {
      const der = oidDer(o);
      expect(oidText(der.subarray(2))).toBe(o);
    }
    expect(hex(oidDer('1.2.840.113549.1.1.11'))).toBe('06092a864886f70d01010b');
  });
  it('bigints', () => {
    expect(hex(fromBig(0n))).toBe('00');
    expect(hex(fromBig(0x1234n, 4))).toBe('00001234');
    expect(() => fromBig(0x123456n, 2)).toThrow(RangeError);
    expect(toBig(b(1, 0))).toBe(256n);
    expect(bitLength(0n)).toBe(0);
    expect(bitLength(255n)).toBe(8);
  });
});

describe('PEM', () => {
  it('writes 64-character lines and a trailing newline, reads it back', () => {
    const der = Uint8Array.from({ length: 100 }, (_, i) => i);
    const pem = pemEncode('PUBLIC KEY', der);
    const lines = pem.split('\n');
    expect(lines[0]).toBe('-----BEGIN PUBLIC KEY-----');
    expect(lines[1]!.length).toBe(64);
    expect(lines.at(-2)).toBe('-----END PUBLIC KEY-----');
    expect(lines.at(-1)).toBe('');
    expect(pemBlocks(`x\n${pem}y\n${pemEncode('OTHER', b(1))}`).map((x) => x.label)).toEqual(['PUBLIC KEY', 'OTHER']);
    expect(pemBlocks(pem)[0]!.der).toEqual(der);
    expect(pemEncode('X', b())).toBe('-----BEGIN X-----\n-----END X-----\n');
  });
  it('strict base64', () => {
    expect(hex(base64Decode('QQ=='))).toBe('41');
    expect(hex(base64Decode('Q Q\r\n= ='))).toBe('41');
    for (const bad of ['QQ=', 'Q===', 'QR==', 'Q=Q=', 'QQ==QQ==', '*QQ=', 'QQ-_']) expect(() => base64Decode(bad)).toThrow(FormatError);
  });
  it('headers (encrypted traditional keys) are flagged, unclosed blocks refused', () => {
    const enc = '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nQQ==\n-----END RSA PRIVATE KEY-----\n';
    expect(pemBlocks(enc)[0]!.headers).toBe(true);
    expect(() => pemBlocks('-----BEGIN A-----\nQQ==\n')).toThrow(/not closed/);
    expect(() => pemBlocks('-----BEGIN A-----\nQQ==\n-----END B-----\n')).toThrow(/not closed/);
  });
});

describe('curves', () => {
  it.each(CURVES)('$name: G is on the curve, 1·G = G, (n−1)·G = −G, n·G = ∞, G compressed decodes', (c) => {
    expect(onCurve(c, c.gx, c.gy)).toBe(true);
    expect(onCurve(c, c.gx, c.gy + 1n)).toBe(false);
    const G = encodePoint(c, c.gx, c.gy);
    expect(publicPoint(c, 1n)).toEqual(G);
    expect(publicPoint(c, c.n - 1n)).toEqual(encodePoint(c, c.gx, c.p - c.gy));
    expect(() => publicPoint(c, c.n)).toThrow(/infinity/);
    expect(publicPoint(c, 2n)).toEqual(publicPoint(c, c.n + 2n));
    const L = (G.length - 1) / 2;
    for (const y of [c.gy, c.p - c.gy]) {
      const compressed = new Uint8Array([2 + Number(y & 1n), ...G.subarray(1, 1 + L)]);
      expect(decodePoint(c, compressed)).toEqual([c.gx, y]);
    }
    expect(() => decodePoint(c, G.subarray(1))).toThrow(FormatError);
    expect(() => decodePoint(c, new Uint8Array([4, ...G.subarray(1, 1 + L), ...new Uint8Array(L)]))).toThrow(/not on its curve/);
  });
});
