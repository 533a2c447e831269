/**
 * Key pairs from the outside (issue 12's end-to-end acceptance): a learner generates an RSA-2048
 * pair, exports the public key, makes a file, signs it (SHA256_RSA_PKCS, -m 1) and verifies it in
 * the playground; the test then reads the public key PEM (`cat`) and the signature (`xxd -p`) from
 * the terminal's screen and verifies the signature with node:crypto — and that it fails for other data.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeE2E, usePlayground } from './harness';

const KMU = 'Command: ';

describeE2E('sign and verify: an RSA-2048 signature the playground makes verifies with node:crypto', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('generates a pair, exports the public key, signs and verifies a file; node:crypto verifies the signature', async () => {
    const t = await pg.open();
    await t.welcome();
    expect(await t.run('echo hello > msg')).toBe('');
    await t.run('key_mgmt_util', { next: KMU });
    expect(await t.run('loginHSM -u CU -s example_user -p example_pwd')).toMatch(/^\s*Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS$/m);

    const gen = await t.run('genRSAKeyPair -m 2048 -e 65537 -l e2e-rsa');
    const h = /public key handle: (\d+)\s+private key handle: (\d+)/.exec(gen);
    expect(h, gen).not.toBeNull();
    const [pub, priv] = [Number(h![1]), Number(h![2])];

    const exported = await t.run(`exportPubKey -k ${pub} -out rsa.pub`);
    expect(exported).toContain('PEM formatted public key is written to rsa.pub');
    expect(exported).toMatch(/^Cfm3ExportPubKey returned: 0x00 : HSM Return: SUCCESS$/m);

    const signed = await t.run(`sign -f msg -k ${priv} -m 1 -out msg.sig`);
    expect(signed).toMatch(/^Cfm3Sign returned: 0x00 : HSM Return: SUCCESS$/m);
    expect(signed).toContain('signature is written to file msg.sig');

    const verified = await t.run(`verify -f msg -s msg.sig -k ${pub} -m 1`);
    expect(verified).toContain('Signature verification successful');
    expect(verified).toMatch(/^Cfm3Verify returned: 0x00 : HSM Return: SUCCESS$/m);

    await t.run('exit', { next: '$ ' });
    const pem = (await t.run('cat rsa.pub')).trim().split('\n').map((l) => l.trim()).join('\n') + '\n';
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
    const key = createPublicKey(pem);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);

    const sig = Buffer.from((await t.run('xxd -p msg.sig')).replace(/\s+/g, ''), 'hex');
    expect(sig.length).toBe(256);
    expect(nodeVerify('sha256', Buffer.from('hello\n'), key, sig)).toBe(true);
    expect(nodeVerify('sha256', Buffer.from('hello!\n'), key, sig)).toBe(false);
  });
});
