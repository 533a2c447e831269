/**
 * Hostile input for the key formats (issue 12): truncated, bit-flipped, over-long lengths, deep
 * nesting, huge INTEGERs, wrong OIDs, trailing garbage, non-base64, CRLF — every entry point either
 * answers or throws FormatError, never anything else; and whatever it accepts it writes in the
 * canonical form (reading its own output gives the same bytes).
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FormatError, checkPrivateKey, checkPublicKey, describePublicKey, fakePrivateKeyPem, parsePrivateKeyPem, parsePublicKeyPem,
  pkcs8Pem, privateKeyFromDer, privateKeyKind, publicKeyFromDer, publicKeyOf, publicKeyPem, rsaPublicKeyDer,
  traditionalPrivateKeyDer, traditionalPrivateKeyPem,
} from '../../../src/crypto/asym/formats';
import { pemEncode } from '../../../src/crypto/asym/pem';

const enc = new TextEncoder();
const MARKER = enc.encode('KMU-PLAYGROUND-HSM-KEY-HANDLE:7');

/** Run `f`; a FormatError is an answer too; anything else fails the property. */
function answers<T>(f: () => T): T | FormatError {
  try {
    return f();
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw new Error(`not a FormatError: ${String(e)}`, { cause: e });
  }
}

const DER_OPS: Record<string, (d: Uint8Array) => unknown> = {
  describePublicKey, checkPublicKey, publicKeyPem, rsaPublicKeyDer, publicKeyFromDer,
  fakePrivateKeyPem: (d) => fakePrivateKeyPem(d, MARKER),
  publicKeyOf, checkPrivateKey, privateKeyKind, traditionalPrivateKeyPem, pkcs8Pem, privateKeyFromDer,
};
const PEM_LABELS = ['PUBLIC KEY', 'RSA PUBLIC KEY', 'PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY'];

/** Every entry point on `der` (and on it armoured under every label): answers only, canonical output. */
function hammer(der: Uint8Array): void {
  for (const op of Object.values(DER_OPS)) answers(() => op(der));
  for (const label of PEM_LABELS) {
    const pem = pemEncode(label, der);
    const pub = answers(() => parsePublicKeyPem(pem));
    if (pub instanceof Uint8Array) expect(publicKeyFromDer(pub)).toEqual(pub);
    const priv = answers(() => parsePrivateKeyPem(pem));
    if (priv instanceof Uint8Array) {
      expect(privateKeyFromDer(priv)).toEqual(priv);
      expect(parsePrivateKeyPem(pkcs8Pem(priv))).toEqual(priv);
    }
  }
}

interface Sample { name: string; der: Uint8Array }
const samples: Sample[] = [];

beforeAll(() => {
  const keys = [
    generateKeyPairSync('rsa', { modulusLength: 1024 }),
    generateKeyPairSync('rsa', { modulusLength: 1024, publicExponent: 3 }),
    ...['secp224r1', 'prime256v1', 'secp384r1', 'secp521r1', 'secp256k1'].map((namedCurve) => generateKeyPairSync('ec', { namedCurve })),
    generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }),
  ];
  for (const [i, k] of keys.entries()) {
    const pkcs8 = new Uint8Array(k.privateKey.export({ type: 'pkcs8', format: 'der' }));
    const spki = new Uint8Array(k.publicKey.export({ type: 'spki', format: 'der' }));
    samples.push({ name: `${i} pkcs8`, der: pkcs8 }, { name: `${i} spki`, der: spki }, { name: `${i} trad`, der: traditionalPrivateKeyDer(pkcs8).der });
    if (k.privateKey.asymmetricKeyType === 'rsa') samples.push({ name: `${i} pkcs1 pub`, der: rsaPublicKeyDer(spki) });
  }
}, 60_000);

const sample = () => fc.integer({ min: 0, max: 1000 }).map((i) => samples[i % samples.length]!);

describe('key formats under hostile DER', { timeout: 120_000 }, () => {
  it('the samples themselves are accepted everywhere they belong', () => {
    for (const s of samples) hammer(s.der);
    for (const s of samples.filter((x) => x.name.endsWith('pkcs8'))) expect(() => checkPrivateKey(s.der)).not.toThrow();
  });

  it('truncated anywhere', () => {
    fc.assert(fc.property(sample(), fc.nat(), (s, n) => {
      const der = s.der.subarray(0, n % s.der.length);
      hammer(der);
      for (const op of Object.values(DER_OPS)) expect(answers(() => op(der))).toBeInstanceOf(FormatError);
    }), { numRuns: 150 });
  });

  it('bit flips and byte changes', () => {
    fc.assert(fc.property(sample(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean()), { minLength: 1, maxLength: 4 }), (s, edits) => {
      const der = s.der.slice();
      for (const [at, v, flip] of edits) {
        const i = at % der.length;
        der[i] = flip ? der[i]! ^ (1 << (v & 7)) : v;
      }
      hammer(der);
    }), { numRuns: 300 });
  });

  it('bytes inserted or appended (trailing garbage)', () => {
    fc.assert(fc.property(sample(), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.boolean(), (s, at, extra, append) => {
      const i = append ? s.der.length : at % s.der.length;
      const der = new Uint8Array([...s.der.subarray(0, i), ...extra, ...s.der.subarray(i)]);
      hammer(der);
      if (append) for (const op of Object.values(DER_OPS)) expect(answers(() => op(der))).toBeInstanceOf(FormatError);
    }), { numRuns: 150 });
  });

  it('over-long, indefinite and non-minimal lengths', () => {
    const forms = [[0x80], [0x84, 0xff, 0xff, 0xff, 0xff], [0x83, 0xff, 0xff, 0xff], [0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0x81, 0x05], [0x82, 0x00, 0x81]];
    fc.assert(fc.property(sample(), fc.nat(), fc.constantFrom(...forms), (s, at, form) => {
      // replace the length at a TLV boundary found by walking from the start
      const i = 1 + (at % (s.der.length - 1));
      const der = new Uint8Array([...s.der.subarray(0, i), ...form, ...s.der.subarray(i + 1)]);
      hammer(der);
    }), { numRuns: 200 });
    // the outer length itself
    for (const s of samples) {
      for (const form of forms) {
        const der = new Uint8Array([s.der[0]!, ...form, ...s.der.subarray(s.der[1]! & 0x80 ? 2 + (s.der[1]! & 0x7f) : 2)]);
        for (const op of Object.values(DER_OPS)) expect(answers(() => op(der))).toBeInstanceOf(FormatError);
        hammer(der);
      }
    }
  });

  it('deep nesting and huge INTEGERs', () => {
    const nest = (depth: number, inner: Uint8Array): Uint8Array => {
      let d = inner;
      for (let i = 0; i < depth; i++) {
        const n = d.length;
        d = new Uint8Array([0x30, ...(n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 255]), ...d]);
      }
      return d;
    };
    for (const depth of [1, 5, 17, 40, 2000]) hammer(nest(depth, Uint8Array.of(2, 1, 0)));
    const huge = new Uint8Array(60_000).fill(0x7f);
    const bigInt = new Uint8Array([0x02, 0x82, huge.length >> 8, huge.length & 255, ...huge]);
    const seq = (...xs: Uint8Array[]) => nest(1, new Uint8Array(xs.flatMap((x) => [...x])));
    hammer(seq(bigInt, Uint8Array.of(2, 1, 3)));
    hammer(seq(Uint8Array.of(2, 1, 0), bigInt));
    hammer(new Uint8Array(70_000)); // over the size bound
    // indefinite-length nesting, BER style
    hammer(new Uint8Array(4000).fill(0x30).map((v, i) => (i % 2 ? 0x80 : v)));
  });

  it('wrong or malformed OIDs', () => {
    fc.assert(fc.property(sample(), fc.uint8Array({ minLength: 0, maxLength: 12 }), (s, oid) => {
      // the first OID of the structure (the algorithm): find tag 06 and replace its content
      const i = s.der.indexOf(0x06);
      const n = s.der[i + 1]!;
      const body = new Uint8Array([...s.der.subarray(0, i), 0x06, oid.length, ...oid, ...s.der.subarray(i + 2 + n)]);
      hammer(body); // (outer lengths now disagree too, mostly; that is a hostile input as well)
    }), { numRuns: 150 });
  });

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (der) => hammer(der)), { numRuns: 300 });
  });
});

describe('key formats under hostile PEM text', { timeout: 120_000 }, () => {
  const pemOf = (s: Sample) => pemEncode(s.name.endsWith('spki') ? 'PUBLIC KEY' : s.name.endsWith('pub') ? 'RSA PUBLIC KEY' : 'PRIVATE KEY', s.der);
  const parseBoth = (text: string) => {
    answers(() => parsePublicKeyPem(text));
    answers(() => parsePrivateKeyPem(text));
  };

  it('random text, and characters inserted into a good block', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (t) => parseBoth(t)), { numRuns: 200 });
    fc.assert(fc.property(sample(), fc.nat(), fc.string({ minLength: 1, maxLength: 4 }), (s, at, junk) => {
      const pem = pemOf(s);
      const i = at % pem.length;
      parseBoth(pem.slice(0, i) + junk + pem.slice(i));
    }), { numRuns: 300 });
  });

  it('non-base64 characters and bad padding are refused, CRLF and blank trailing space are not', () => {
    for (const s of samples.slice(0, 6)) {
      const pem = pemOf(s);
      const lines = pem.split('\n');
      const good = s.name.endsWith('pkcs8') || s.name.endsWith('trad') ? parsePrivateKeyPem : parsePublicKeyPem;
      if (s.name.endsWith('trad')) continue;
      const want = good(pem);
      expect(good(pem.replace(/\n/g, '\r\n'))).toEqual(want);
      expect(good(lines.map((l) => l + ' ').join('\n'))).toEqual(want);
      for (const bad of ['*', '-', '_', 'é', '=']) {
        const mangled = [lines[0], bad + lines[1]!.slice(1), ...lines.slice(2)].join('\n');
        expect(() => good(mangled)).toThrow(FormatError);
      }
      // END label that does not match BEGIN; no END at all
      expect(() => good(pem.replace(/-----END [A-Z ]+-----/, '-----END CERTIFICATE-----'))).toThrow(FormatError);
      expect(() => good(lines.slice(0, -2).join('\n'))).toThrow(FormatError);
    }
    // padding bits not zero ("QQ==" is "A"; "QR==" has stray bits)
    expect(() => parsePublicKeyPem('-----BEGIN PUBLIC KEY-----\nQR==\n-----END PUBLIC KEY-----\n')).toThrow(/base64/);
  });
});
