/**
 * Wrapped blobs are interoperable (kmu-commands.md §3.4–3.6): -m 5 (RFC 3394) and -m 6 (RFC 5649)
 * output — the whole -noheader file, or the key-bytes part after a header — unwraps with OpenSSL's
 * id-aes*-wrap / id-aes*-wrap-pad (node:crypto), and blobs made there unwrap here; the GCM
 * mechanisms match aes-*-gcm; aesWrapUnwrap matches id-aes*-wrap with the default and a custom IV.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { openTerminal, type Terminal } from '../support/transcript';
import { fileBytes, nodeKw, nodeKwp, nodeKwpUnwrap, nodeKwUnwrap, readHeader } from './keys-support';

const HOME = '/home/user/';
const KEKS = { 6: randomBytes(32), 7: randomBytes(16), 8: randomBytes(24) } as const;
const TARGETS = { 20: randomBytes(32), 21: randomBytes(16), 22: randomBytes(24) } as const; // AES-256, AES-128, 3DES
const GENERIC = randomBytes(21); // not block-aligned: -m 6 only

let t: Terminal;
beforeEach(async () => {
  t = await openTerminal({
    scenario: {
      servingNode: 0, handles: 'simple',
      keys: [
        ...Object.entries(KEKS).map(([h, v]) => ({ handle: Number(h), keyType: 'AES' as const, label: `kek${h}`, owner: 3, value: v.toString('hex') })),
        { handle: 20, keyType: 'AES', label: 'aes256', owner: 3, value: TARGETS[20].toString('hex') },
        { handle: 21, keyType: 'AES', label: 'aes128', owner: 3, value: TARGETS[21].toString('hex') },
        { handle: 22, keyType: '3DES', label: 'des3', owner: 3, value: TARGETS[22].toString('hex') },
        { handle: 23, keyType: 'GENERIC_SECRET', label: 'gen', owner: 3, value: GENERIC.toString('hex') },
      ],
    },
  });
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
});

/** Write `bytes` to a host file (as `upload` would) straight into the store. */
async function putFile(name: string, bytes: Buffer): Promise<void> {
  const { Console } = await import('../../src/shell/console');
  const hsm = (t.session as InstanceType<typeof Console>).hsm;
  await hsm.transact(async (tx) => {
    await tx.get('files', HOME + name); // an overwrite must name the revision it replaces
    tx.put('files', { id: HOME + name, rev: 0, kind: 'file', data: new Uint8Array(bytes), mtime: 0 });
  });
}

/** Unwrap handle `h`'s material back out through exSymKey with the AES key 6. */
async function material(h: string): Promise<string> {
  expect(await t.type(`exSymKey -k ${h} -w 6 -out m.key`)).toContain('written to file');
  return (await fileBytes(t, HOME + 'm.key'))!.toString('hex');
}
const handleOf = (out: string) => /Key Handle: (\d+)/.exec(out)?.[1] ?? `no handle in ${out}`;

describe('-m 5 and -m 6 against OpenSSL key wrap (node:crypto)', () => {
  for (const [w, kek] of Object.entries(KEKS)) {
    for (const [k, target] of Object.entries(TARGETS)) {
      it(`kek ${kek.length * 8} bits, target ${target.length} bytes: both directions, with and without header`, async () => {
        // Here → OpenSSL, -noheader: the whole file.
        await t.type(`wrapKey -k ${k} -w ${w} -m 5 -noheader -out kw.bin`);
        expect(nodeKwUnwrap(kek, (await fileBytes(t, HOME + 'kw.bin'))!).equals(target)).toBe(true);
        await t.type(`wrapKey -k ${k} -w ${w} -m 6 -noheader -out kwp.bin`);
        expect(nodeKwpUnwrap(kek, (await fileBytes(t, HOME + 'kwp.bin'))!).equals(target)).toBe(true);
        // With the header: the key-bytes part.
        await t.type(`wrapKey -k ${k} -w ${w} -m 5 -out kw.hdr`);
        expect(nodeKwUnwrap(kek, readHeader((await fileBytes(t, HOME + 'kw.hdr'))!).wrapped).equals(target)).toBe(true);
        await t.type(`wrapKey -k ${k} -w ${w} -m 6 -out kwp.hdr`);
        expect(nodeKwpUnwrap(kek, readHeader((await fileBytes(t, HOME + 'kwp.hdr'))!).wrapped).equals(target)).toBe(true);
        // OpenSSL → here.
        const kt = target.length === 24 ? 21 : 31;
        await putFile('ossl-kw.bin', nodeKw(kek, target));
        await putFile('ossl-kwp.bin', nodeKwp(kek, target));
        const a = handleOf(await t.type(`unWrapKey -f ossl-kw.bin -w ${w} -m 5 -noheader -l a -kc 4 -kt ${kt}`));
        const b = handleOf(await t.type(`unWrapKey -f ossl-kwp.bin -w ${w} -m 6 -noheader -l b -kc 4 -kt ${kt}`));
        expect(await material(a)).toBe(target.toString('hex'));
        expect(await material(b)).toBe(target.toString('hex'));
      });
    }
  }

  it('-m 5 with the explicit default IV (-i) is the same RFC 3394 output', async () => {
    await t.type('wrapKey -k 20 -w 6 -m 5 -noheader -i 0xA6A6A6A6A6A6A6A6 -out kw.bin');
    expect((await fileBytes(t, HOME + 'kw.bin'))!.equals(nodeKw(KEKS[6], TARGETS[20]))).toBe(true);
    await putFile('ossl.bin', nodeKw(KEKS[6], TARGETS[21]));
    const h = handleOf(await t.type('unWrapKey -f ossl.bin -w 6 -m 5 -noheader -l x -kc 4 -kt 31 -i a6a6a6a6a6a6a6a6'));
    expect(await material(h)).toBe(TARGETS[21].toString('hex'));
  });

  it('a key that is not block-aligned goes with -m 6 both ways (RFC 5649 padding)', async () => {
    await t.type('wrapKey -k 23 -w 8 -m 6 -noheader -out g.bin');
    expect(nodeKwpUnwrap(KEKS[8], (await fileBytes(t, HOME + 'g.bin'))!).equals(GENERIC)).toBe(true);
    await putFile('og.bin', nodeKwp(KEKS[8], GENERIC));
    const h = handleOf(await t.type('unWrapKey -f og.bin -w 8 -m 6 -noheader -l g -kc 4 -kt 16'));
    expect(await material(h)).toBe(GENERIC.toString('hex'));
  });
});

describe('GCM mechanisms against aes-*-gcm (node:crypto)', () => {
  it('-m 10 -noheader: ciphertext ‖ tag in the file, the IV in -iv_file, AAD and a short tag honoured', async () => {
    const aad = Buffer.from('context-42');
    await putFile('aad.bin', aad);
    await t.type('wrapKey -k 20 -w 6 -m 10 -noheader -iv_file iv.bin -aad aad.bin -tag_size 12 -out g.bin');
    const blob = (await fileBytes(t, HOME + 'g.bin'))!;
    const iv = (await fileBytes(t, HOME + 'iv.bin'))!;
    expect(iv.length).toBe(12);
    const d = createDecipheriv('aes-256-gcm', KEKS[6], iv, { authTagLength: 12 });
    d.setAAD(aad);
    d.setAuthTag(blob.subarray(blob.length - 12));
    expect(Buffer.concat([d.update(blob.subarray(0, blob.length - 12)), d.final()]).equals(TARGETS[20])).toBe(true);

    // And a node-made blob unwraps here.
    const myIv = randomBytes(12);
    const c = createCipheriv('aes-128-gcm', KEKS[7], myIv);
    c.setAAD(aad);
    await putFile('n.bin', Buffer.concat([c.update(TARGETS[22]), c.final(), c.getAuthTag()]));
    await putFile('niv.bin', myIv);
    const h = handleOf(await t.type('unWrapKey -f n.bin -w 7 -m 10 -noheader -iv_file niv.bin -aad aad.bin -l n -kc 4 -kt 21'));
    expect(await material(h)).toBe(TARGETS[22].toString('hex'));
  });

  it('-m 11 -noheader: IV ‖ ciphertext ‖ tag in one file, both directions; with a header the IV travels too', async () => {
    await t.type('wrapKey -k 21 -w 8 -m 11 -noheader -out g.bin');
    const blob = (await fileBytes(t, HOME + 'g.bin'))!;
    const d = createDecipheriv('aes-192-gcm', KEKS[8], blob.subarray(0, 12));
    d.setAuthTag(blob.subarray(blob.length - 16));
    expect(Buffer.concat([d.update(blob.subarray(12, blob.length - 16)), d.final()]).equals(TARGETS[21])).toBe(true);

    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', KEKS[6], iv);
    await putFile('n.bin', Buffer.concat([iv, c.update(TARGETS[20]), c.final(), c.getAuthTag()]));
    const h = handleOf(await t.type('unWrapKey -f n.bin -w 6 -m 11 -noheader -l n -kc 4 -kt 31'));
    expect(await material(h)).toBe(TARGETS[20].toString('hex'));

    for (const m of [10, 11]) {
      await t.type(`wrapKey -k 22 -w 6 -m ${m} -out h${m}.bin`);
      const back = handleOf(await t.type(`unWrapKey -f h${m}.bin -w 6 -m ${m}`));
      expect(await material(back)).toBe(TARGETS[22].toString('hex'));
    }
  });
});

describe('aesWrapUnwrap against id-aes*-wrap (node:crypto)', () => {
  const data = randomBytes(48);
  for (const iv of [undefined, Buffer.from('0123456789abcdef', 'hex')]) {
    it(`${iv ? 'custom IV 0x0123456789ABCDEF' : 'default IV'}: wrap matches OpenSSL, OpenSSL's output unwraps`, async () => {
      const flag = iv ? ' -i 0x0123456789ABCDEF' : '';
      for (const [w, kek] of Object.entries(KEKS)) {
        await putFile('d.bin', data);
        await t.type(`aesWrapUnwrap -m 1 -f d.bin -w ${w}${flag} -out d.wrapped`);
        expect((await fileBytes(t, HOME + 'd.wrapped'))!.equals(nodeKw(kek, data, iv))).toBe(true);
        await putFile('o.wrapped', nodeKw(kek, data, iv));
        await t.type(`aesWrapUnwrap -m 0 -f o.wrapped -w ${w}${flag} -out o.plain`);
        expect((await fileBytes(t, HOME + 'o.plain'))!.equals(data)).toBe(true);
      }
    });
  }

  it('the default and a custom IV give different blobs, and each unwraps only with its own IV', async () => {
    await putFile('d.bin', data);
    await t.type('aesWrapUnwrap -m 1 -f d.bin -w 6 -i 0x0123456789ABCDEF -out c.wrapped');
    expect(await t.type('aesWrapUnwrap -m 0 -f c.wrapped -w 6 -out x')).toContain('Cfm3UnWrapHostKey returned: 0xe5');
    expect(await t.type('aesWrapUnwrap -m 0 -f c.wrapped -w 6 -i 0123456789abcdef -out x')).toContain('Cfm3UnWrapHostKey returned: 0x00');
    expect(() => nodeKwUnwrap(KEKS[6], nodeKw(KEKS[6], data, Buffer.from('0123456789abcdef', 'hex')))).toThrow();
  });
});
