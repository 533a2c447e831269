/**
 * Interop of the key-pair files and signatures with node:crypto (issue 12's acceptance; kmu-commands
 * §5.4–5.9; attributes.md §5): for RSA 2048/3072/4096 (4096 once), every curve the HSM generates
 * (P-224, P-256, P-384, P-521, secp256k1) and DSA —
 * - keys the playground generates, exported with exportPubKey and exportPrivateKey (files read from
 *   the virtual file system), parse with node:crypto and match the playground's public values (the
 *   MODULUS attribute: the RSA modulus or the EC point) and stored DER; KCV = SHA-1(SPKI)[0..3];
 * - keys node:crypto makes, written as PEM in every flavour, import with importPubKey and
 *   importPrivateKey and are stored as node's own SPKI / PKCS #8;
 * - signatures made by `sign` verify with node:crypto, and node's verify with `verify`, for every
 *   -m of §5.8 (PSS: MGF1 with the same hash, salt = hash length; ECDSA: DER).
 */
import { createHash, createPrivateKey, createPublicKey, constants, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTerminal, type Terminal } from '../support/transcript';
import { dsaPair, ecPair, getFile, keyRecord, LOGIN, putFile, rsaPair, type NodePair } from '../kmu/pair-io-support';

const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const HASH: Record<number, string> = { 0: 'sha1', 1: 'sha256', 2: 'sha384', 3: 'sha512', 4: 'sha224' };
const RSA_MECHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const EC_MECHS = [15, 16, 17, 18, 19];
const hashOf = (m: number) => (m >= 15 ? HASH[[0, 4, 1, 2, 3][m - 15]!]! : HASH[m % 5]!);
const DIGEST_LEN: Record<string, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

/** node:crypto's key options for mechanism m (§5.8). */
function nodeKey(key: KeyObject, m: number) {
  if (m >= 5 && m <= 9) return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: DIGEST_LEN[hashOf(m)]! };
  if (m >= 15) return { key, dsaEncoding: 'der' as const };
  return key;
}

const CURVES: Array<{ id: number; name: string; node: string; pointLen: number }> = [
  { id: 13, name: 'P-224', node: 'P-224', pointLen: 57 },
  { id: 2, name: 'P-256', node: 'P-256', pointLen: 65 },
  { id: 14, name: 'P-384', node: 'P-384', pointLen: 97 },
  { id: 15, name: 'P-521', node: 'P-521', pointLen: 133 },
  { id: 16, name: 'secp256k1', node: 'secp256k1', pointLen: 65 },
];

let t: Terminal;
const MSG = Buffer.from('interop: the playground and node:crypto sign the same bytes\n');

beforeAll(async () => {
  t = await openTerminal({ scenario: { servingNode: 0, keys: [{ handle: 6, keyType: 'AES', label: 'wrapping', owner: 3, value: AES }] } });
  await putFile(t, 'msg', MSG);
  await t.type('key_mgmt_util');
  await t.type(LOGIN);
});

async function generate(line: string): Promise<{ pub: number; priv: number }> {
  const out = await t.type(line);
  const m = /public key handle: (\d+)\s+private key handle: (\d+)/.exec(out);
  if (!m) throw new Error(`${line}: ${out}`);
  return { pub: Number(m[1]), priv: Number(m[2]) };
}

/** Export both halves of a generated pair; check them against the store and the attributes. */
async function exportAndCheck(h: { pub: number; priv: number }, name: string): Promise<{ pub: KeyObject; priv: KeyObject }> {
  expect(await t.type(`exportPubKey -k ${h.pub} -out ${name}.pub`)).toContain('Cfm3ExportPubKey returned: 0x00');
  expect(await t.type(`exportPrivateKey -k ${h.priv} -w 6 -out ${name}.key`)).toContain(`PEM formatted private key is written to ${name}.key`);
  const pub = createPublicKey((await getFile(t, `${name}.pub`))!.toString());
  const priv = createPrivateKey((await getFile(t, `${name}.key`))!.toString());
  const pubRec = (await keyRecord(t, h.pub))!;
  const privRec = (await keyRecord(t, h.priv))!;
  const spki = pub.export({ type: 'spki', format: 'der' });
  expect(spki.equals(Buffer.from(pubRec.value)), `${name} SPKI`).toBe(true);
  expect(createPublicKey(priv).export({ type: 'spki', format: 'der' }).equals(spki), `${name} halves`).toBe(true);
  expect(priv.export({ type: 'pkcs8', format: 'der' }).equals(Buffer.from(privRec.value)), `${name} PKCS #8`).toBe(true);
  const kcv = createHash('sha1').update(spki).digest().subarray(0, 3);
  expect(Buffer.from(pubRec.attrs[371] as Uint8Array).equals(kcv), `${name} public KCV`).toBe(true);
  expect(Buffer.from(privRec.attrs[371] as Uint8Array).equals(kcv), `${name} private KCV`).toBe(true);
  return { pub, priv };
}

/** Every mechanism both ways: `sign` → node verifies; node signs → `verify` succeeds (and fails on other data). */
async function signBothWays(h: { pub: number; priv: number }, pub: KeyObject, priv: KeyObject, mechs: number[], tag: string) {
  for (const m of mechs) {
    expect(await t.type(`sign -f msg -k ${h.priv} -m ${m} -out ${tag}.sig${m}`), `${tag} -m ${m}`).toContain('signature is written to file');
    const sig = (await getFile(t, `${tag}.sig${m}`))!;
    expect(nodeVerify(hashOf(m), MSG, nodeKey(pub, m), sig), `node verifies ${tag} -m ${m}`).toBe(true);
    expect(nodeVerify(hashOf(m), Buffer.from('other'), nodeKey(pub, m), sig)).toBe(false);
    await putFile(t, `${tag}.node${m}`, nodeSign(hashOf(m), MSG, nodeKey(priv, m)));
    expect(await t.type(`verify -f msg -s ${tag}.node${m} -k ${h.pub} -m ${m}`), `verify node's ${tag} -m ${m}`)
      .toBe('\nSignature verification successful\n\nCfm3Verify returned: 0x00 : HSM Return: SUCCESS\n\n');
  }
}

describe('keys the playground generates: exported, parsed and checked by node:crypto; every mechanism both ways', () => {
  for (const bits of [2048, 3072, 4096]) {
    it(`RSA-${bits}`, async () => {
      const h = await generate(`genRSAKeyPair -m ${bits} -e 65537 -l rsa${bits}`);
      const { pub, priv } = await exportAndCheck(h, `rsa${bits}`);
      const jwk = pub.export({ format: 'jwk' }) as { n: string; e: string };
      const rec = (await keyRecord(t, h.pub))!;
      expect(Buffer.from(rec.attrs[288] as Uint8Array).toString('base64url')).toBe(jwk.n); // MODULUS
      expect(jwk.e).toBe('AQAB');
      expect(rec.attrs[289]).toBe(bits); // MODULUS_BITS
      await signBothWays(h, pub, priv, bits === 3072 ? [1, 6] : RSA_MECHS, `rsa${bits}`);
    }, 120_000);
  }

  for (const c of CURVES) {
    it(`EC ${c.name}`, async () => {
      const h = await generate(`genECCKeyPair -i ${c.id} -l ec${c.id}`);
      const { pub, priv } = await exportAndCheck(h, `ec${c.id}`);
      // The point is the SPKI's BIT STRING content (node's JWK export has no P-224).
      const spki = pub.export({ type: 'spki', format: 'der' });
      const point = spki.subarray(spki.length - c.pointLen);
      expect(point[0]).toBe(4);
      expect(spki[spki.length - c.pointLen - 1]).toBe(0); // the BIT STRING's unused-bits byte
      const rec = (await keyRecord(t, h.pub))!;
      expect(point.length).toBe(c.pointLen);
      expect(Buffer.from(rec.attrs[288] as Uint8Array).equals(point), `${c.name} point`).toBe(true);
      expect(rec.attrs[353]).toBe(c.pointLen); // VALUE_LEN of an EC public key: the point's length
      await signBothWays(h, pub, priv, EC_MECHS, `ec${c.id}`);
    }, 60_000);
  }

  it('DSA-2048: exported and parsed; the key has no signature mechanism', async () => {
    const h = await generate('genDSAKeyPair -m 2048 -l dsa');
    const { pub } = await exportAndCheck(h, 'dsa');
    expect(pub.asymmetricKeyType).toBe('dsa');
    expect(await t.type(`sign -f msg -k ${h.priv} -m 1 -out dsa.sig`)).toContain('0xc6');
  }, 120_000);
});

describe('keys node:crypto makes: imported from every PEM flavour, stored as node\'s own DER', () => {
  const imports = (): Array<{ name: string; pair: NodePair; pubPems: string[]; privPems: string[]; mechs: number[] }> => {
    const rsa2048 = rsaPair(2048);
    const rsa3072 = rsaPair(3072);
    const rsaFlavours = (p: NodePair) => ({
      pubPems: [p.publicKey.export({ type: 'spki', format: 'pem' }), p.publicKey.export({ type: 'pkcs1', format: 'pem' })] as string[],
      privPems: [p.privateKey.export({ type: 'pkcs1', format: 'pem' }), p.privateKey.export({ type: 'pkcs8', format: 'pem' })] as string[],
    });
    const ecs = CURVES.map((c) => {
      const p = ecPair(c.node);
      return {
        name: c.name, pair: p, mechs: [15, 17],
        pubPems: [p.publicKey.export({ type: 'spki', format: 'pem' })] as string[],
        privPems: [p.privateKey.export({ type: 'sec1', format: 'pem' }), p.privateKey.export({ type: 'pkcs8', format: 'pem' })] as string[],
      };
    });
    const dsa = dsaPair();
    return [
      { name: 'RSA-2048', pair: rsa2048, mechs: [0, 4, 9], ...rsaFlavours(rsa2048) },
      { name: 'RSA-3072', pair: rsa3072, mechs: [3, 7], ...rsaFlavours(rsa3072) },
      ...ecs,
      {
        name: 'DSA', pair: dsa, mechs: [],
        pubPems: [dsa.publicKey.export({ type: 'spki', format: 'pem' })] as string[],
        privPems: [dsa.privateKey.export({ type: 'pkcs8', format: 'pem' })] as string[],
      },
    ];
  };

  it('importPubKey and importPrivateKey; the imported private key signs for node\'s public key and the reverse', async () => {
    let n = 0;
    for (const k of imports()) {
      let pubHandle = 0;
      for (const pem of k.pubPems) {
        await putFile(t, `in${++n}.pub`, pem);
        const out = await t.type(`importPubKey -l imported -f in${n}.pub`);
        const m = /Public Key Handle: (\d+)/.exec(out);
        expect(m, `${k.name}: ${out}`).not.toBeNull();
        pubHandle = Number(m![1]);
        expect(Buffer.from((await keyRecord(t, pubHandle))!.value).equals(k.pair.spki), `${k.name} SPKI`).toBe(true);
      }
      for (const pem of k.privPems) {
        await putFile(t, `in${++n}.key`, pem);
        const out = await t.type(`importPrivateKey -l imported -f in${n}.key -w 6`);
        expect(out, k.name).toContain(`BER encoded key length is ${k.pair.pkcs8.length}\n`);
        const m = /Private Key Unwrapped\. {2}Key Handle: (\d+)/.exec(out);
        expect(m, `${k.name}: ${out}`).not.toBeNull();
        const privHandle = Number(m![1]);
        expect(Buffer.from((await keyRecord(t, privHandle))!.value).equals(k.pair.pkcs8), `${k.name} PKCS #8`).toBe(true);
        await signBothWays({ pub: pubHandle, priv: privHandle }, k.pair.publicKey, k.pair.privateKey, k.mechs, `imp${n}`);
      }
    }
  }, 120_000);

  it('IsValidKeyHandlefile: OpenSSL-style private keys are real, with an EC PARAMETERS block first too', async () => {
    const p = ecPair('P-256');
    const params = '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n';
    await putFile(t, 'ecparam.pem', params + (p.privateKey.export({ type: 'sec1', format: 'pem' }) as string));
    expect(await t.type('IsValidKeyHandlefile -f ecparam.pem')).toBe('\nInput key file has real private key\n\n');
    // and importPrivateKey reads the same file
    expect(await t.type('importPrivateKey -l ecparam -f ecparam.pem -w 6')).toContain('Private Key Unwrapped.');
  });
});
