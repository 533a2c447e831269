/**
 * IsValidKeyHandlefile's file check (src/hsm/private-key-file.ts, kmu-commands.md §5.11, G-20):
 * real RSA, EC and DSA keys in PKCS #1 / SEC 1 / traditional DSA and PKCS #8 PEM made by
 * node:crypto; fake PEMs built here from the documented format; everything else is invalid.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inspectPrivateKeyFile } from '../../src/hsm/private-key-file';
import { der, derInt, fakeRsaPem } from '../kmu/keys-support';

const enc = (s: string) => new TextEncoder().encode(s);
const pem = (type: string, body: Buffer) =>
  `-----BEGIN ${type}PRIVATE KEY-----\n${body.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${type}PRIVATE KEY-----\n`;

describe('inspectPrivateKeyFile', () => {
  it('real keys in every accepted PEM flavour', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const dsa = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey;
    const files = [
      rsa.export({ type: 'pkcs1', format: 'pem' }), rsa.export({ type: 'pkcs8', format: 'pem' }),
      ec.export({ type: 'sec1', format: 'pem' }), ec.export({ type: 'pkcs8', format: 'pem' }),
      dsa.export({ type: 'pkcs8', format: 'pem' }),
    ] as string[];
    for (const f of files) expect(inspectPrivateKeyFile(enc(f))).toEqual({ kind: 'real' });
  });

  it('fake PEMs: RSA (PKCS #1 and inside PKCS #8) and EC (SEC 1) give back their handle', () => {
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    const rsaPem = fakeRsaPem(jwk, 262150);
    expect(inspectPrivateKeyFile(enc(rsaPem))).toEqual({ kind: 'fake', handle: 262150 });
    const inner = Buffer.from(rsaPem.split('\n').slice(1, -2).join(''), 'base64');
    const rsaAlg = der(0x30, Buffer.concat([der(0x06, Buffer.from('2a864886f70d010101', 'hex')), Buffer.from([0x05, 0x00])]));
    const p8 = der(0x30, Buffer.concat([derInt(Buffer.from([0])), rsaAlg, der(0x04, inner)]));
    expect(inspectPrivateKeyFile(enc(pem('', p8)))).toEqual({ kind: 'fake', handle: 262150 });
    const ecFake = der(0x30, Buffer.concat([
      derInt(Buffer.from([1])), der(0x04, Buffer.from('KMU-PLAYGROUND-HSM-KEY-HANDLE:15')),
      der(0xa0, der(0x06, Buffer.from('2a8648ce3d030107', 'hex'))),
    ]));
    expect(inspectPrivateKeyFile(enc(pem('EC ', ecFake)))).toEqual({ kind: 'fake', handle: 15 });
  });

  it('anything else is not a private-key file', () => {
    const pub = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const bad = [
      '', 'hello', pub, rsa.replace('RSA PRIVATE', 'EC PRIVATE'), rsa.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'),
      rsa.replace('-----END RSA PRIVATE KEY-----', ''), pem('RSA ', der(0x30, derInt(Buffer.from([0])))),
      pem('', Buffer.from('300a020100', 'hex')),
    ];
    for (const f of bad) expect(inspectPrivateKeyFile(enc(f))).toEqual({ kind: 'invalid' });
    expect(inspectPrivateKeyFile(Uint8Array.from([0xff, 0xfe, 0x00]))).toEqual({ kind: 'invalid' });
  });
});
