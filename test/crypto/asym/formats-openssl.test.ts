/**
 * The key formats against OpenSSL 3.0 (and node:crypto as a second reference): for RSA
 * 2048/3072/4096 (and e = 195193), the five curves and DSA-2048, every form OpenSSL reads or writes
 * — traditional, PKCS #8, SPKI, RSA PUBLIC KEY, PEM and DER — is parsed and re-encoded to exactly
 * OpenSSL's bytes; publicKeyOf equals `-pubout`; describePublicKey equals `pkey -text`'s numbers.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FormatError, checkPrivateKey, checkPublicKey, describePrivateKey, describePublicKey, fakePrivateKeyPem, pairOf, parsePrivateKeyPem,
  parsePublicKeyPem, pkcs8FromNumbers, pkcs8Pem, privateKeyFromDer, privateKeyKind, publicKeyFromDer, publicKeyOf, publicKeyPem,
  rsaPublicKeyDer, rsaPublicKeyPem, traditionalPrivateKeyDer, traditionalPrivateKeyPem,
} from '../../../src/crypto/asym/formats';
import { inspectPrivateKeyFile } from '../../../src/hsm/private-key-file';
import { lab, magnitude, opensslPresent, textFields, type Lab } from './openssl';

interface KeySpec {
  name: string;
  kind: 'rsa' | 'ec' | 'dsa';
  gen: string[];
  curve?: string;
  bits?: number;
  /** dsaparam wants its numbits after the options */
  bits_last?: string;
  /** a parameters step first, written to the file the gen step names */
  params?: string[];
  qBytes?: number;
}

const rsa = (bits: number, e?: number): KeySpec => ({
  name: `rsa${bits}${e ? `-e${e}` : ''}`, kind: 'rsa', bits,
  gen: ['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, ...(e ? ['-pkeyopt', `rsa_keygen_pubexp:${e}`] : [])],
});
// ecparam -genkey writes an EC PARAMETERS block before the key, as the guide's commands do
const ec = (openssl: string, curve: string, bits: number): KeySpec => ({ name: openssl, kind: 'ec', curve, bits, gen: ['ecparam', '-name', openssl, '-genkey'] });

const KEYS: KeySpec[] = [
  rsa(2048), rsa(3072), rsa(4096), rsa(2048, 195193),
  ec('secp224r1', 'P-224', 224), ec('prime256v1', 'P-256', 256), ec('secp384r1', 'P-384', 384), ec('secp521r1', 'P-521', 521),
  ec('secp256k1', 'secp256k1', 256),
  // dsaparam -genkey writes DSA PARAMETERS and then the traditional DSA PRIVATE KEY
  // (OpenSSL 3.0's dsaparam makes 2048/224; genpkey with q_bits 256 makes the 2048/256 of FIPS 186-4 / RFC 6979)
  { name: 'dsa2048', kind: 'dsa', bits: 2048, qBytes: 28, gen: ['dsaparam', '-genkey'], bits_last: '2048' },
  {
    name: 'dsa2048-256', kind: 'dsa', bits: 2048, qBytes: 32, params: ['genpkey', '-genparam', '-algorithm', 'DSA', '-pkeyopt', 'dsa_paramgen_bits:2048', '-pkeyopt', 'dsa_paramgen_q_bits:256'],
    gen: ['genpkey', '-paramfile', 'dsa256.params'],
  },
];

interface Forms {
  original: string;
  pkcs8: Buffer; pkcs8Pem: string;
  trad: Buffer; tradPem: string;
  spki: Buffer; spkiPem: string;
  text: string;
  rsaPub?: Buffer; rsaPubPem?: string;
}

const bytes = (b: Uint8Array) => Buffer.from(b);
const enc = new TextEncoder();

describe.runIf(opensslPresent())('key formats, byte for byte against OpenSSL 3.0', { timeout: 180_000 }, () => {
  let L: Lab;
  const forms = new Map<string, Forms>();
  const get = (name: string) => forms.get(name)!;

  beforeAll(() => {
    L = lab();
    expect(L.text(['version'])).toMatch(/^OpenSSL 3\./);
    for (const k of KEYS) {
      const file = `${k.name}.pem`;
      if (k.params) L.run([...k.params, '-out', 'dsa256.params']);
      L.run([...k.gen, '-out', file, ...(k.bits_last ? [k.bits_last] : [])]);
      const original = L.read(file).toString('latin1');
      const f: Forms = {
        original,
        pkcs8: L.run(['pkcs8', '-topk8', '-nocrypt', '-in', file, '-outform', 'DER']),
        pkcs8Pem: L.text(['pkcs8', '-topk8', '-nocrypt', '-in', file]),
        trad: L.run(['pkey', '-traditional', '-in', file, '-outform', 'DER']),
        tradPem: L.text(['pkey', '-traditional', '-in', file]),
        spki: L.run(['pkey', '-pubout', '-in', file, '-outform', 'DER']),
        spkiPem: L.text(['pkey', '-pubout', '-in', file]),
        text: L.text(['pkey', '-pubin', '-text', '-noout', '-in', L.write(`${k.name}.pub.pem`, L.text(['pkey', '-pubout', '-in', file]))]),
      };
      if (k.kind === 'rsa') {
        f.rsaPub = L.run(['rsa', '-in', file, '-RSAPublicKey_out', '-outform', 'DER']);
        f.rsaPubPem = L.text(['rsa', '-in', file, '-RSAPublicKey_out']);
      }
      forms.set(k.name, f);
    }
  }, 300_000);
  afterAll(() => L?.dispose());

  it.each(KEYS)('$name: every private form parses to OpenSSL\'s PKCS #8 and writes back OpenSSL\'s bytes', (k) => {
    const f = get(k.name);
    // as generated (with the PARAMETERS block before it), traditional PEM, PKCS #8 PEM
    for (const pem of [f.original, f.tradPem, f.pkcs8Pem, f.tradPem.replace(/\n/g, '\r\n'), `junk before\n${f.pkcs8Pem}junk after\n`]) {
      expect(bytes(parsePrivateKeyPem(pem))).toEqual(f.pkcs8);
    }
    // DER in either form
    expect(bytes(privateKeyFromDer(f.trad))).toEqual(f.pkcs8);
    expect(bytes(privateKeyFromDer(f.pkcs8))).toEqual(f.pkcs8);
    // writers
    expect(pkcs8Pem(f.pkcs8)).toBe(f.pkcs8Pem);
    expect(traditionalPrivateKeyPem(f.pkcs8)).toBe(f.tradPem);
    const t = traditionalPrivateKeyDer(f.pkcs8);
    expect(bytes(t.der)).toEqual(f.trad);
    expect(f.tradPem.startsWith(`-----BEGIN ${t.label}-----\n`)).toBe(true);
    expect(() => checkPrivateKey(f.pkcs8)).not.toThrow();
    expect(privateKeyKind(f.pkcs8)).toEqual(k.kind === 'ec' ? { kind: 'ec', curve: k.curve } : { kind: k.kind });
  });

  it.each(KEYS)('$name: the public half — publicKeyOf, SPKI PEM both ways, RSA PUBLIC KEY', (k) => {
    const f = get(k.name);
    expect(bytes(publicKeyOf(f.pkcs8))).toEqual(f.spki);
    expect(bytes(pairOf(f.pkcs8).publicKey)).toEqual(f.spki);
    expect(publicKeyPem(f.spki)).toBe(f.spkiPem);
    expect(bytes(parsePublicKeyPem(f.spkiPem))).toEqual(f.spki);
    expect(bytes(parsePublicKeyPem(f.spkiPem.replace(/\n/g, '\r\n')))).toEqual(f.spki);
    expect(bytes(publicKeyFromDer(f.spki))).toEqual(f.spki);
    expect(() => checkPublicKey(f.spki)).not.toThrow();
    if (k.kind === 'rsa') {
      expect(bytes(parsePublicKeyPem(f.rsaPubPem!))).toEqual(f.spki);
      expect(bytes(publicKeyFromDer(f.rsaPub!))).toEqual(f.spki);
      expect(bytes(rsaPublicKeyDer(f.spki))).toEqual(f.rsaPub);
      expect(rsaPublicKeyPem(f.spki)).toBe(f.rsaPubPem);
    } else {
      expect(() => rsaPublicKeyDer(f.spki)).toThrow(FormatError);
    }
  });

  it.each(KEYS)('$name: describePublicKey gives `openssl pkey -text`\'s numbers', (k) => {
    const f = get(k.name);
    const fields = textFields(f.text);
    const info = describePublicKey(f.spki);
    expect(info.kind).toBe(k.kind);
    expect(f.text).toContain(`Public-Key: (${k.bits} bit)`);
    if (info.kind === 'rsa') {
      expect(info.bits).toBe(k.bits);
      expect(bytes(info.modulus)).toEqual(magnitude(fields.get('Modulus')!));
      const e = /Exponent: (\d+) /.exec(f.text)![1]!;
      expect(BigInt('0x' + bytes(info.exponent).toString('hex'))).toBe(BigInt(e));
      expect(info.exponent[0]).not.toBe(0);
    } else if (info.kind === 'ec') {
      expect(info.curve).toBe(k.curve);
      expect(info.fieldBits).toBe(k.bits);
      expect(bytes(info.point)).toEqual(fields.get('pub'));
      expect(info.point.length).toBe({ 224: 57, 256: 65, 384: 97, 521: 133 }[k.bits!]);
      expect(f.text).toContain(`ASN1 OID: ${k.name}`);
    } else {
      expect(info.bits).toBe(2048);
      for (const [name, v] of [['P', info.p], ['Q', info.q], ['G', info.g], ['pub', info.y]] as const) {
        expect(bytes(v), name).toEqual(magnitude(fields.get(name)!));
      }
      expect(info.q.length).toBe(k.qBytes);
    }
  });

  it.each(KEYS)('$name: describePrivateKey gives `openssl pkey -text`\'s private numbers', (k) => {
    const f = get(k.name);
    const fields = textFields(L.text(['pkey', '-in', `${k.name}.pem`, '-text', '-noout']));
    const info = describePrivateKey(f.pkcs8);
    const pub = describePublicKey(f.spki);
    const same = (ours: Uint8Array, label: string) => expect(bytes(ours), label).toEqual(magnitude(fields.get(label)!));
    if (info.kind === 'rsa' && pub.kind === 'rsa') {
      expect(info.bits).toBe(k.bits);
      expect(info.modulus).toEqual(pub.modulus);
      expect(info.publicExponent).toEqual(pub.exponent);
      same(info.modulus, 'modulus');
      for (const n of ['privateExponent', 'prime1', 'prime2', 'exponent1', 'exponent2', 'coefficient'] as const) same(info[n], n);
    } else if (info.kind === 'ec' && pub.kind === 'ec') {
      expect(info.curve).toBe(k.curve);
      expect(info.point).toEqual(pub.point);
      expect(info.privateKey.length).toBe((k.bits! + 7) >> 3);
      expect(magnitude(info.privateKey)).toEqual(magnitude(fields.get('priv')!));
    } else if (info.kind === 'dsa' && pub.kind === 'dsa') {
      expect([info.p, info.q, info.g, info.y]).toEqual([pub.p, pub.q, pub.g, pub.y]);
      same(info.x, 'priv');
      same(info.y, 'pub');
    } else {
      throw new Error('kinds differ');
    }
    // and the numbers make the same PKCS #8 again (CRT values and the EC point computed)
    const n = (b: Uint8Array) => BigInt('0x' + (bytes(b).toString('hex') || '0'));
    const again = info.kind === 'rsa'
      ? pkcs8FromNumbers({ kind: 'rsa', n: n(info.modulus), e: n(info.publicExponent), d: n(info.privateExponent), p: n(info.prime1), q: n(info.prime2) })
      : info.kind === 'ec' ? pkcs8FromNumbers({ kind: 'ec', curve: info.curve, d: n(info.privateKey) })
        : pkcs8FromNumbers({ kind: 'dsa', p: n(info.p), q: n(info.q), g: n(info.g), x: n(info.x) });
    expect(bytes(again)).toEqual(f.pkcs8);
  });

  it.each(KEYS)('$name: node:crypto agrees (PKCS #8, SPKI, PKCS #1 / SEC 1, JWK numbers)', (k) => {
    const f = get(k.name);
    const priv = createPrivateKey({ key: f.pkcs8, format: 'der', type: 'pkcs8' });
    const pub = createPublicKey({ key: f.spki, format: 'der', type: 'spki' });
    expect(priv.export({ type: 'pkcs8', format: 'der' })).toEqual(bytes(parsePrivateKeyPem(f.tradPem)));
    expect(pub.export({ type: 'spki', format: 'der' })).toEqual(bytes(publicKeyOf(f.pkcs8)));
    expect(createPublicKey(priv).export({ type: 'spki', format: 'der' })).toEqual(bytes(publicKeyOf(f.pkcs8)));
    if (k.kind === 'rsa') {
      expect(priv.export({ type: 'pkcs1', format: 'pem' })).toBe(traditionalPrivateKeyPem(f.pkcs8));
      expect(pub.export({ type: 'pkcs1', format: 'der' })).toEqual(bytes(rsaPublicKeyDer(f.spki)));
      const jwk = pub.export({ format: 'jwk' });
      const info = describePublicKey(f.spki);
      if (info.kind !== 'rsa') throw new Error('kind');
      expect(bytes(info.modulus).toString('base64url')).toBe(jwk.n);
      expect(bytes(info.exponent).toString('base64url')).toBe(jwk.e);
    } else if (k.kind === 'ec') {
      expect(priv.export({ type: 'sec1', format: 'pem' })).toBe(traditionalPrivateKeyPem(f.pkcs8));
      if (k.curve !== 'P-224') { // node has no JWK for secp224r1
        const jwk = pub.export({ format: 'jwk' });
        const info = describePublicKey(f.spki);
        if (info.kind !== 'ec') throw new Error('kind');
        const n = (info.point.length - 1) / 2;
        expect(bytes(info.point.subarray(1, 1 + n)).toString('base64url')).toBe(jwk.x);
        expect(bytes(info.point.subarray(1 + n)).toString('base64url')).toBe(jwk.y);
      }
    }
    // keys node:crypto writes read back to the same bytes
    expect(bytes(parsePrivateKeyPem(priv.export({ type: 'pkcs8', format: 'pem' }) as string))).toEqual(f.pkcs8);
    expect(bytes(parsePublicKeyPem(pub.export({ type: 'spki', format: 'pem' }) as string))).toEqual(f.spki);
  });

  it.each(KEYS.filter((k) => k.kind === 'ec'))('$name: a compressed point and a key without its public point are read and completed', (k) => {
    const f = get(k.name);
    const file = L.write(`${k.name}.trad.pem`, f.tradPem);
    const compressed = L.text(['ec', '-in', file, '-pubout', '-conv_form', 'compressed']);
    expect(compressed).not.toBe(f.spkiPem);
    expect(bytes(parsePublicKeyPem(compressed))).toEqual(f.spki);
    const compressedPriv = L.text(['ec', '-in', file, '-conv_form', 'compressed']);
    expect(bytes(parsePrivateKeyPem(compressedPriv))).toEqual(f.pkcs8);
    const noPublic = L.text(['ec', '-in', file, '-no_public']);
    expect(noPublic.length).toBeLessThan(f.tradPem.length);
    expect(bytes(parsePrivateKeyPem(noPublic))).toEqual(f.pkcs8);
    const noPublicP8 = L.run(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER'], noPublic);
    expect(noPublicP8.length).toBeLessThan(f.pkcs8.length);
    expect(bytes(publicKeyOf(noPublicP8))).toEqual(f.spki);
    expect(bytes(privateKeyFromDer(noPublicP8))).toEqual(f.pkcs8);
  });

  it.each(KEYS)('$name: the fake PEM is read as a handle reference and refused as a key', (k) => {
    const f = get(k.name);
    const fake = fakePrivateKeyPem(f.spki, enc.encode('KMU-PLAYGROUND-HSM-KEY-HANDLE:15'));
    const label = k.kind === 'rsa' ? 'RSA PRIVATE KEY' : k.kind === 'ec' ? 'EC PRIVATE KEY' : 'DSA PRIVATE KEY';
    expect(fake.startsWith(`-----BEGIN ${label}-----\n`)).toBe(true);
    expect(inspectPrivateKeyFile(enc.encode(fake))).toEqual({ kind: 'fake', handle: 15 });
    expect(() => parsePrivateKeyPem(fake)).toThrow(/fake PEM/);
    // well-formed DER that OpenSSL can walk, carrying the real public part and the marker
    const walk = L.text(['asn1parse', '-inform', 'PEM'], fake).replace(/\s+/g, ' ');
    const marker = Buffer.from('KMU-PLAYGROUND-HSM-KEY-HANDLE:15');
    // asn1parse shows an INTEGER in hex, a printable OCTET STRING as text
    expect(walk).toContain(k.kind === 'ec' ? `OCTET STRING :${marker}` : `INTEGER :${marker.toString('hex').toUpperCase()}`);
    const info = describePublicKey(f.spki);
    const publicPart = info.kind === 'rsa' ? info.modulus : info.kind === 'ec' ? info.point : info.y;
    expect(L.run(['base64', '-d'], fake.split('\n').filter((l) => !l.startsWith('-----')).join('\n') + '\n').includes(bytes(publicPart))).toBe(true);
    if (k.kind === 'ec') expect(walk).toContain(`OBJECT :${k.name}`);
    // (the files as generated start with an EC/DSA PARAMETERS block, which private-key-file.ts does not skip)
    for (const pem of [f.tradPem, f.pkcs8Pem]) expect(inspectPrivateKeyFile(enc.encode(pem))).toEqual({ kind: 'real' });
  });
});

describe.runIf(opensslPresent())('key formats: what OpenSSL makes but the HSM does not take', { timeout: 120_000 }, () => {
  let L: Lab;
  beforeAll(() => { L = lab(); });
  afterAll(() => L?.dispose());

  const refuses = (pem: string, message: RegExp, pub = false) => {
    expect(() => (pub ? parsePublicKeyPem(pem) : parsePrivateKeyPem(pem))).toThrow(FormatError);
    expect(() => (pub ? parsePublicKeyPem(pem) : parsePrivateKeyPem(pem))).toThrow(message);
  };

  it('encrypted private keys, PKCS #8 and traditional', () => {
    const key = L.text(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    refuses(L.text(['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-passout', 'pass:secret'], key), /encrypted/);
    refuses(L.text(['ec', '-aes256', '-passout', 'pass:secret'], key), /encrypted/);
  });

  it('other algorithms and curves, explicit parameters, RSA-PSS keys', () => {
    refuses(L.text(['genpkey', '-algorithm', 'ed25519']), /unsupported key algorithm 1\.3\.101\.112/);
    refuses(L.text(['genpkey', '-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:1024']), /unsupported key algorithm 1\.2\.840\.113549\.1\.1\.10/);
    const p192 = L.text(['ecparam', '-name', 'prime192v1', '-genkey']);
    refuses(p192, /unsupported EC curve 1\.2\.840\.10045\.3\.1\.1/);
    refuses(L.text(['pkey', '-pubout'], p192), /unsupported EC curve/, true);
    const explicit = L.text(['ecparam', '-name', 'prime256v1', '-genkey', '-param_enc', 'explicit', '-noout']);
    refuses(explicit, /explicit EC parameters/);
    refuses(L.text(['pkey', '-pubout'], explicit), /explicit EC parameters/, true);
  });

  it('no key block at all, a certificate, a private key where a public key is wanted', () => {
    const key = L.text(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    refuses('hello\n', /no PRIVATE KEY block/);
    refuses(key, /no PUBLIC KEY block/, true);
    refuses(L.text(['pkey', '-pubout'], key), /no PRIVATE KEY block/);
    const keyFile = L.write('k.pem', key);
    const cert = L.text(['req', '-x509', '-new', '-key', keyFile, '-subj', '/CN=x', '-days', '1']);
    refuses(cert, /no PUBLIC KEY block/, true);
  });

  it('an EC key whose public point is not its own, an RSA key whose CRT values are wrong', () => {
    const a = L.text(['ecparam', '-name', 'prime256v1', '-genkey', '-noout']);
    const b = L.text(['ecparam', '-name', 'prime256v1', '-genkey', '-noout']);
    const da = L.run(['ec', '-outform', 'DER'], a);
    const db = L.run(['ec', '-outform', 'DER'], b);
    // swap b's public point (the last 65 bytes) into a
    const mixed = Buffer.concat([da.subarray(0, da.length - 65), db.subarray(db.length - 65)]);
    const mixedPem = `-----BEGIN EC PRIVATE KEY-----\n${mixed.toString('base64')}\n-----END EC PRIVATE KEY-----\n`;
    refuses(mixedPem, /does not match/);
    const r = L.run(['genrsa', '-traditional', '1024']).toString();
    const der = L.run(['rsa', '-traditional', '-outform', 'DER'], r);
    der[der.length - 3]! ^= 1; // qinv
    refuses(`-----BEGIN RSA PRIVATE KEY-----\n${der.toString('base64')}\n-----END RSA PRIVATE KEY-----\n`, /inconsistent RSA/);
  });
});
