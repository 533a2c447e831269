/**
 * The damage check knows key-pair records (issue 12): a public key's value is its SPKI, a private
 * key's its PKCS #8 (one DER SEQUENCE, checked by tag and length only), VALUE_LEN follows
 * cloudhsm-cli.md §4.5, an RSA half carries modulus, bits and exponent, the KCV is 3 bytes.
 * Records come from test/support/pairs.ts (node:crypto DER, attributes.md §3.2 attributes).
 */
import { describe, expect, it } from 'vitest';
import { isDerSequence, recordProblem } from '../../src/hsm/validate';
import type { KeyRecord } from '../../src/hsm/model';
import { pairDer, pairRecord, type PairName } from '../support/pairs';

const NAMES: PairName[] = ['rsa2048', 'p256', 'p384', 'dsa2048'];
const rec = (name: PairName, cls: 2 | 3) => pairRecord(name, cls, { handle: 6 + cls, owner: 3 });
const withAttrs = (k: KeyRecord, attrs: Record<number, unknown>) => ({ ...k, attrs: { ...k.attrs, ...attrs } as KeyRecord['attrs'] });
const problem = (k: KeyRecord) => recordProblem('keys', k);

describe('isDerSequence', () => {
  it('takes exactly one SEQUENCE with a minimal definite length filling the bytes', () => {
    expect(isDerSequence(Uint8Array.from([0x30, 0x00]))).toBe(true);
    expect(isDerSequence(Uint8Array.from([0x30, 0x02, 5, 0]))).toBe(true);
    expect(isDerSequence(Uint8Array.from([0x30, 0x81, 0x80, ...new Array(0x80).fill(0)]))).toBe(true);
    for (const name of NAMES) {
      expect(isDerSequence(pairDer(name).spki)).toBe(true);
      expect(isDerSequence(pairDer(name).pkcs8)).toBe(true);
    }
    for (const bad of [[], [0x30], [0x31, 0x00], [0x30, 0x01], [0x30, 0x00, 0x00], [0x30, 0x80, 0, 0], [0x30, 0x81, 0x02, 1, 2],
      [0x30, 0x82, 0x00, 0x80, ...new Array(0x80).fill(0)], [0x30, 0x84, 0, 0, 0, 1, 0], [0x30, 0x85]]) {
      expect(isDerSequence(Uint8Array.from(bad)), JSON.stringify(bad)).toBe(false);
    }
    const spki = pairDer('rsa2048').spki;
    expect(isDerSequence(spki.subarray(0, spki.length - 1))).toBe(false);
    expect(isDerSequence(Uint8Array.from([...spki, 0]))).toBe(false);
  });
});

describe('recordProblem: key pairs', () => {
  it('accepts both halves of RSA-2048, EC P-256, P-384 and DSA-2048 pairs (VALUE_LEN per §4.5)', () => {
    for (const name of NAMES) for (const cls of [2, 3] as const) expect(problem(rec(name, cls)), `${name} class ${cls}`).toBeNull();
    expect(rec('rsa2048', 2).attrs[353]).toBe(512);
    expect(rec('rsa2048', 3).attrs[353]).toBe(1218);
    expect(rec('p256', 2).attrs[353]).toBe(65);
    expect(rec('p256', 3).attrs[353]).toBe(138);
    expect(rec('p384', 2).attrs[353]).toBe(97);
    expect(rec('p384', 3).attrs[353]).toBe(185);
    expect(rec('dsa2048', 2).attrs[353]).toBe(256);
    expect(rec('dsa2048', 3).attrs[353]).toBe(256);
    // a session half and a non-extractable private key are fine too
    expect(problem(pairRecord('p256', 3, { handle: 9, owner: 3, session: true, extractable: false }))).toBeNull();
  });

  it('rejects a VALUE_LEN that does not fit the half', () => {
    for (const name of NAMES) {
      for (const cls of [2, 3] as const) {
        const k = rec(name, cls);
        expect(problem(withAttrs(k, { 353: (k.attrs[353] as number) + 1 })), `${name} ${cls}`).toMatch(/VALUE_LEN/);
      }
    }
    // the secret-key rule (VALUE_LEN = value length) is not the public key's
    const pub = rec('rsa2048', 2);
    expect(problem(withAttrs(pub, { 353: pub.value.length }))).toMatch(/VALUE_LEN/);
  });

  it('rejects a value that is not one DER structure, or not of a pair type', () => {
    const k = rec('p256', 3);
    const v = k.value;
    expect(problem({ ...k, value: Uint8Array.from([...v.subarray(0, -1)]) })).toMatch(/DER|VALUE_LEN/);
    expect(problem({ ...k, value: Uint8Array.from([...v, 0]) })).toMatch(/DER|VALUE_LEN/);
    expect(problem({ ...k, value: Uint8Array.from([0x04, ...v.subarray(1)]) })).toMatch(/DER/);
    expect(problem(withAttrs(k, { 256: 31 }))).toMatch(/key type/);
    expect(problem(withAttrs(k, { 0: 5 }))).toMatch(/class/);
    expect(problem({ ...k, value: new Uint8Array(9000) })).toMatch(/field value/);
  });

  it('an RSA half needs its modulus, modulus bits and exponent, consistent', () => {
    for (const cls of [2, 3] as const) {
      const k = rec('rsa2048', cls);
      for (const id of [288, 289, 290]) {
        const attrs = { ...k.attrs };
        delete attrs[id];
        expect(problem({ ...k, attrs }), `${cls} without ${id}`).toMatch(/modulus/);
      }
      expect(problem(withAttrs(k, { 289: 2047 }))).toMatch(/modulus/);
      expect(problem(withAttrs(k, { 288: (k.attrs[288] as Uint8Array).subarray(1) }))).toMatch(/modulus/);
      expect(problem(withAttrs(k, { 290: new Uint8Array(0) }))).toMatch(/exponent/);
    }
  });

  it('an EC half\'s point (MODULUS) is uncompressed and, on a public key, VALUE_LEN long', () => {
    const pub = rec('p256', 2);
    const point = pub.attrs[288] as Uint8Array;
    expect(problem(withAttrs(pub, { 288: Uint8Array.from([2, ...point.subarray(1, 33)]) }))).toMatch(/point/);
    expect(problem(withAttrs(pub, { 288: Uint8Array.from([3, ...point.subarray(1)]) }))).toMatch(/point/);
    expect(problem(withAttrs(pub, { 353: 97 }))).toMatch(/VALUE_LEN/); // a P-384 length for a P-256 point
    const noPoint = { ...pub.attrs };
    delete noPoint[288];
    expect(problem({ ...pub, attrs: noPoint })).toBeNull();
  });

  it('the KCV is 3 bytes on both halves', () => {
    for (const cls of [2, 3] as const) expect(problem(withAttrs(rec('dsa2048', cls), { 371: new Uint8Array(2) }))).toMatch(/check value/);
  });
});
