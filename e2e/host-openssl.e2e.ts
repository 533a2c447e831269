/**
 * The host's openssl in a real browser (issue 12 point 5): keys made by WebCrypto (genrsa), by the
 * JavaScript engines in the page's worker (secp256k1, and every key in seeded mode), a signature
 * made and verified, base64 of it; node:crypto checks the public key and signature read from the
 * screen.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeE2E, usePlayground } from './harness';

describeE2E('openssl on the host: keys, signatures and base64 in the browser', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('genrsa, ecparam -genkey (worker), seeded genrsa (worker), dgst -sign / -verify, base64; node:crypto agrees', async () => {
    const t = await pg.open();
    await t.welcome();
    expect(await t.run('echo hello > msg')).toBe('');
    expect(await t.run('openssl genrsa -out k.pem 2048')).toBe('');
    expect(await t.run('openssl rsa -in k.pem -pubout -out k.pub')).toBe('writing RSA key');
    expect(await t.run('openssl dgst -sha256 -sign k.pem -out msg.sig msg')).toBe('');
    expect(await t.run('openssl dgst -sha256 -verify k.pub -signature msg.sig msg')).toBe('Verified OK');
    expect(await t.run('openssl ecparam -name secp256k1 -genkey -noout -out k1.pem')).toBe('');
    expect(await t.run('openssl pkey -in k1.pem -text -noout | tail -1')).toBe('ASN1 OID: secp256k1');
    await t.run('settings seed 5');
    expect(await t.run('openssl genrsa -out seeded.pem')).toBe('');
    expect(await t.run('openssl pkey -in seeded.pem -text -noout | head -1')).toBe('Private-Key: (2048 bit, 2 primes)');
    await t.run('settings seed random');

    const pem = (await t.run('cat k.pub')).trim().split('\n').map((l) => l.trim()).join('\n') + '\n';
    const key = createPublicKey(pem);
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const b64 = (await t.run('base64 msg.sig')).replace(/\s+/g, '');
    const sig = Buffer.from(b64, 'base64');
    expect(sig.length).toBe(256);
    expect(nodeVerify('sha256', Buffer.from('hello\n'), key, sig)).toBe(true);
  });
});
