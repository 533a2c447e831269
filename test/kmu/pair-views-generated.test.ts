/**
 * Key pairs made by the generation commands (genRSAKeyPair, genECCKeyPair, genDSAKeyPair): every
 * record they store passes the damage check, the inventory shows their class, type and size, and
 * deleteKey of either half forgets that half's imported CryptoKeys (issue 12 point 2). One RSA-2048,
 * three curves and one DSA-2048 pair, generated once for the file.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Console } from '../../src/shell/console';
import type { KeyRecord } from '../../src/hsm/model';
import { STORE_NAMES } from '../../src/hsm/store';
import { recordProblem } from '../../src/hsm/validate';
import { cacheKeyOf } from '../../src/hsm/pairs';
import { cachedKeyCount, importKey } from '../../src/crypto/asym/webcrypto';
import { openTerminal, type Terminal } from '../support/transcript';
import { blockWithAnswers, storedKey } from './keys-support';

let t: Terminal;
const handles: Record<string, [number, number]> = {};

async function generate(line: string): Promise<[number, number]> {
  const out = await t.type(line);
  const m = /public key handle: (\d+)\s+private key handle: (\d+)/.exec(out);
  if (!m) throw new Error(`${line}: ${out}`);
  return [Number(m[1]), Number(m[2])];
}

beforeAll(async () => {
  t = await openTerminal();
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  handles['rsa'] = await generate('genRSAKeyPair -m 2048 -e 65537 -l rsa');
  handles['p256'] = await generate('genECCKeyPair -i 2 -l p256');
  handles['p384'] = await generate('genECCKeyPair -i 14 -l p384');
  handles['k1'] = await generate('genECCKeyPair -i 16 -l k1');
  handles['dsa'] = await generate('genDSAKeyPair -m 2048 -l dsa');
}, 60_000);

const hsm = () => (t.session as Console).hsm;

describe('generated key pairs', () => {
  it('every stored record passes the damage check', async () => {
    const { backend } = hsm().deps;
    let keys = 0;
    for (const store of STORE_NAMES) {
      for (const rec of await backend.list(store)) {
        if (store === 'meta' && rec.id === 'schema') continue;
        expect(recordProblem(store, rec), `${store}/${rec.id}`).toBeNull();
        if (store === 'keys') keys++;
      }
    }
    expect(keys).toBe(10);
  });

  it('the inventory: RSA 2048, EC P-256 / P-384 / secp256k1, DSA 2048, public and private', async () => {
    const view = await (t.session as Console).snapshot();
    const row = (h: number) => {
      const k = view.keys.find((x) => x.handle === h)!;
      return `${k.className} ${k.typeName} ${k.sizeText}`;
    };
    expect(Object.values(handles).flatMap(([pub, priv]) => [row(pub), row(priv)])).toEqual([
      'public RSA 2048', 'private RSA 2048', 'public EC P-256', 'private EC P-256', 'public EC P-384', 'private EC P-384',
      'public EC secp256k1', 'private EC secp256k1', 'public DSA 2048', 'private DSA 2048',
    ]);
  });

  it('deleteKey of either half drops that half\'s cached CryptoKeys and no other', async () => {
    const [pub, priv] = handles['p256']!;
    const recPub = (await storedKey(t, pub))!;
    const recPriv = (await storedKey(t, priv))!;
    const [rsaPub] = handles['rsa']!;
    const recRsa = (await storedKey(t, rsaPub))!;
    const ec = { name: 'ECDSA', namedCurve: 'P-256' } as const;
    // token keys: cacheKeyOf reads only the session's own session keys (none of these)
    const fakeSession = { sessionKeys: new Map<number, KeyRecord>() } as never;
    await importKey('spki', recPub.value, ec, cacheKeyOf(recPub, fakeSession));
    await importKey('pkcs8', recPriv.value, ec, cacheKeyOf(recPriv, fakeSession));
    await importKey('spki', recRsa.value, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as never, cacheKeyOf(recRsa, fakeSession));
    const before = cachedKeyCount();
    expect(before).toBeGreaterThanOrEqual(3);
    expect(await t.type(`deleteKey -k ${priv}`)).toMatch(/Cfm3DeleteKey returned: 0x00/);
    await vi.waitFor(() => expect(cachedKeyCount()).toBe(before - 1));
    expect(await t.type(`deleteKey -k ${pub}`)).toMatch(/Cfm3DeleteKey returned: 0x00/);
    await vi.waitFor(() => expect(cachedKeyCount()).toBe(before - 2));
    expect(await storedKey(t, rsaPub)).toBeDefined();
  });

  it('a key made a token key (setAttribute) drops its cached CryptoKeys; reset drops every one', async () => {
    const [pub] = await generate('genECCKeyPair -i 2 -l sess -sess');
    const [rsaPub] = handles['rsa']!;
    const recRsa = (await storedKey(t, rsaPub))!;
    const fakeSession = { sessionKeys: new Map<number, KeyRecord>() } as never;
    // the session key's record as a cache entry under its record id (the prefix the drop uses)
    const sessionRec = { ...recRsa, id: `cluster-1/${String(pub).padStart(10, '0')}` } as KeyRecord;
    await importKey('spki', recRsa.value, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as never, cacheKeyOf(sessionRec, fakeSession));
    await importKey('spki', recRsa.value, { name: 'RSA-PSS', hash: 'SHA-256' } as never, cacheKeyOf(recRsa, fakeSession));
    const before = cachedKeyCount();
    expect(await blockWithAnswers(t, `setAttribute -o ${pub} -a 1`, ['1'])).toMatch(/Cfm3SetAttribute returned: 0x00/);
    expect(cachedKeyCount()).toBe(before - 1);
    expect(cachedKeyCount()).toBeGreaterThan(0);
    await t.type('exit');
    await t.type('reset');
    await t.type('y');
    expect(cachedKeyCount()).toBe(0);
  });
});
