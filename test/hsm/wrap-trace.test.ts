/**
 * Inside a key wrap (issue 13): every AES wrap and unwrap a command does records a WrapRef in its
 * event (no key material), and the console's traceWrap re-runs it on the wasm core's trace — whose
 * output equals the bytes the command wrote — showing the values only for keys the learner could
 * have exported anyway (src/hsm/ops/wrap-trace.ts header).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/hsm/scenario';
import type { WrapRef, WrapTrace } from '../../src/hsm/ops/wrap-trace';
import type { CommandEvent } from '../../src/shell/events';
import { openTerminal, type Terminal } from '../support/transcript';

const KEK = '000102030405060708090a0b0c0d0e0f';
const DATA = '00112233445566778899aabbccddeeff';
const K256 = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
/** RFC 3394 §4.1 (KEK, key data, ciphertext). */
const RFC41_CT = '1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5';

const SCENARIO: Scenario = {
  servingNode: 0,
  keys: [
    { handle: 6, keyType: 'AES', label: 'kek', owner: 3, value: KEK },
    { handle: 7, keyType: 'AES', label: 'data', owner: 3, value: DATA },
    { handle: 8, keyType: 'AES', label: 'nex-kek', owner: 3, value: K256, extractable: false },
    { handle: 9, keyType: 'AES', label: 'theirs', owner: 4, shared: [3], value: K256 },
    { handle: 10, keyType: 'AES', label: 'k256', owner: 3, value: K256 },
  ],
  files: { 'plain.key': DATA, 'kek.key': KEK, 'blob.bin': RFC41_CT, 'bad.bin': `${RFC41_CT.slice(0, -2)}e4` },
};

let t: Terminal;
let events: CommandEvent[];
beforeEach(async () => {
  t = await openTerminal({ scenario: SCENARIO });
  events = [];
  t.session.onEvent((e) => events.push(e));
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
});

/** The wraps the last command's event lists. */
async function wrapsOf(line: string): Promise<WrapRef[]> {
  const out = await t.type(line);
  const e = events.at(-1)!;
  expect(e.line, out).toBe(line);
  return e.wraps ?? [];
}
const trace = (ref: WrapRef): Promise<WrapTrace | null> => t.session.traceWrap(ref);
const noMaterial = (refs: WrapRef[]) => {
  const text = JSON.stringify(refs).toLowerCase();
  for (const secret of [KEK, DATA, K256]) expect(text).not.toContain(secret);
};

describe('WrapRef recording', () => {
  it('wrapKey -m 5 records one wrap: handles, lengths, the file; the trace is RFC 3394 §4.1 and matches the file', async () => {
    const refs = await wrapsOf('wrapKey -k 7 -w 6 -m 5 -noheader -out w.bin');
    expect(refs).toEqual([expect.objectContaining({
      direction: 'wrap', variant: 'rfc3394', mechanism: '5', kek: 6, key: 7, inputBytes: 16, outputBytes: 24, header: false,
    })]);
    expect(refs[0]!.file).toMatch(/\/w\.bin$/);
    noMaterial(refs);
    const tr = (await trace(refs[0]!))!;
    expect(tr.hidden).toBeNull();
    expect(tr.iv).toBe('a6a6a6a6a6a6a6a6');
    expect(tr.plaintext).toBe(DATA);
    expect(tr.steps).toHaveLength(12);
    expect(tr.steps[0]).toMatchObject({ t: 1, j: 0, i: 1, a: 'a6a6a6a6a6a6a6a6', r: '0011223344556677', output: 'f4740052e82a225174ce86fbd7b805e7', aAfter: 'f4740052e82a2250' });
    expect(tr.steps.at(-1)).toMatchObject({ t: 12, aAfter: '1fa68b0a8112b447', rAfter: '9d3e862371d2cfe5' });
    expect(tr.output).toBe(RFC41_CT);
    expect(tr.matchesWritten).toBe(true);
  });

  it('wrapKey with the header: the trace matches the mechanism bytes after it; a changed file gives null', async () => {
    const [ref] = await wrapsOf('wrapKey -k 7 -w 6 -m 5 -out h.bin');
    expect(ref).toMatchObject({ header: true });
    expect((await trace(ref!))!.matchesWritten).toBe(true);
    await t.type('exit');
    await t.type('echo changed > h.bin');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    const again = (await trace(ref!))!;
    expect(again.output).toBe(RFC41_CT);
    expect(again.matchesWritten).toBeNull();
  });

  it('unWrapKey -m 5 -noheader: the integrity check passes against the IV, the plaintext is the new key', async () => {
    const refs = await wrapsOf('unWrapKey -f blob.bin -w 6 -m 5 -noheader -l u -kc 4 -kt 31');
    expect(refs).toEqual([expect.objectContaining({ direction: 'unwrap', variant: 'rfc3394', kek: 6, ok: true, inputBytes: 24, outputBytes: 16 })]);
    expect(refs[0]!.key).toBeGreaterThan(10);
    const tr = (await trace(refs[0]!))!;
    expect(tr.check).toEqual({ a: 'a6a6a6a6a6a6a6a6', expected: 'a6a6a6a6a6a6a6a6', ok: true });
    expect(tr.steps[0]).toMatchObject({ t: 12, j: 5, i: 2, input: '1fa68b0a8112b44b9d3e862371d2cfe5' });
    expect(tr.output).toBe(DATA);
    expect(tr.matchesWritten).toBe(true);
  });

  it('a blob that fails its check (0xe5) is traced too: the A that failed, no plaintext', async () => {
    const refs = await wrapsOf('unWrapKey -f bad.bin -w 6 -m 5 -noheader -l u -kc 4 -kt 31');
    expect(events.at(-1)!.codes).toContain(0xe5);
    expect(refs).toEqual([expect.objectContaining({ direction: 'unwrap', ok: false, inputBytes: 24 })]);
    const tr = (await trace(refs[0]!))!;
    expect(tr.check!.ok).toBe(false);
    expect(tr.check!.a).not.toBe('a6a6a6a6a6a6a6a6');
    expect(tr.output).toBe('');
    expect(tr.matchesWritten).toBeNull();
  });

  it('-m 6 (RFC 5649): the AIV with the length and the zero padding', async () => {
    const [ref] = await wrapsOf('wrapKey -k 7 -w 10 -m 6 -noheader -out p.bin');
    const tr = (await trace(ref!))!;
    expect(tr.iv).toBe('a65959a600000010');
    expect(tr.rfc5649).toEqual({ mli: 16, padding: 0 });
    expect(tr.matchesWritten).toBe(true);
    const [back] = await wrapsOf('unWrapKey -f p.bin -w 10 -m 6 -noheader -l u -kc 4 -kt 31');
    const un = (await trace(back!))!;
    expect(un.check).toMatchObject({ expected: 'a65959a600000010', ok: true });
    expect(un.output).toBe(DATA);
  });

  it('-m 4: the PKCS #5 padding (a whole block for an aligned key)', async () => {
    const [ref] = await wrapsOf('wrapKey -k 7 -w 6 -m 4 -noheader -out f.bin');
    const tr = (await trace(ref!))!;
    expect(tr.pkcs5).toEqual({ padding: 8 });
    expect(tr.plaintext).toBe(DATA + '08'.repeat(8));
    expect(tr.steps).toHaveLength(18);
    expect(tr.matchesWritten).toBe(true);
  });

  it('imSymKey records the wrap of the file and the unwrap into the new key; both re-run', async () => {
    const refs = await wrapsOf('imSymKey -f plain.key -w 6 -t 31 -l im');
    expect(refs.map((r) => [r.direction, r.variant, r.mechanism])).toEqual([['wrap', 'pkcs5', '4'], ['unwrap', 'pkcs5', '4']]);
    noMaterial(refs);
    const [wrap, unwrap] = await Promise.all(refs.map(trace));
    expect(wrap!.plaintext).toBe(DATA + '08'.repeat(8));
    expect(unwrap!.check!.ok).toBe(true);
    expect(unwrap!.output).toBe(DATA);
    expect(unwrap!.matchesWritten).toBe(true); // the key it made
    expect(wrap!.output).toBe(unwrap!.start.a + unwrap!.start.r.join(''));
  });

  it('imSymKey -wk: the wrap used the host file\'s key', async () => {
    const refs = await wrapsOf('imSymKey -f plain.key -w 6 -t 31 -l im2 -wk kek.key');
    expect(refs[0]).toMatchObject({ direction: 'wrap', kekFile: expect.stringMatching(/kek\.key$/) });
    expect((await trace(refs[1]!))!.check!.ok).toBe(true);
  });

  it('exSymKey records the wrap in the HSM and the unwrap for the host; the unwrap matches the file written', async () => {
    const refs = await wrapsOf('exSymKey -k 7 -w 6 -out ex.key');
    expect(refs.map((r) => r.direction)).toEqual(['wrap', 'unwrap']);
    const un = (await trace(refs[1]!))!;
    expect(un.output).toBe(DATA);
    expect(un.matchesWritten).toBe(true);
  });

  it('aesWrapUnwrap: RFC 3394 with the IV given, both ways', async () => {
    const [w] = await wrapsOf('aesWrapUnwrap -m 1 -f plain.key -w 6 -out aw.bin');
    expect(w).toMatchObject({ direction: 'wrap', variant: 'rfc3394', iv: 'a6a6a6a6a6a6a6a6' });
    const tw = (await trace(w!))!;
    expect(tw.output).toBe(RFC41_CT);
    expect(tw.matchesWritten).toBe(true);
    const [u] = await wrapsOf('aesWrapUnwrap -m 0 -f aw.bin -w 6 -i 0xA6A6A6A6A6A6A6A6 -out au.bin');
    const tu = (await trace(u!))!;
    expect(tu.output).toBe(DATA);
    expect(tu.matchesWritten).toBe(true);
    const [bad] = await wrapsOf('aesWrapUnwrap -m 0 -f aw.bin -w 6 -i 0x0102030405060708 -out au2.bin');
    expect(bad).toMatchObject({ ok: false, iv: '0102030405060708' });
    expect((await trace(bad!))!.check).toMatchObject({ a: 'a6a6a6a6a6a6a6a6', expected: '0102030405060708', ok: false });
  });

  it('GCM and RSA mechanisms, and refusals before any wrap, record nothing', async () => {
    expect(await wrapsOf('wrapKey -k 7 -w 6 -m 10 -noheader -out g.bin')).toEqual([]);
    expect(await wrapsOf('wrapKey -k 7 -w 99 -m 5 -out x.bin')).toEqual([]);
    expect(await wrapsOf('findKey')).toEqual([]);
  });
});

describe('what the trace shows', () => {
  it('a non-extractable wrapping key: hidden, with the reason; the structure stays', async () => {
    const [ref] = await wrapsOf('wrapKey -k 7 -w 8 -m 5 -noheader -out n.bin');
    const tr = (await trace(ref!))!;
    expect(tr.hidden).toMatch(/Key 8 is not extractable/);
    expect(tr.steps).toHaveLength(12);
    expect(tr.steps.every((s) => s.a === '' && s.r === '' && s.input === '' && s.output === '' && s.aAfter === '' && s.rAfter === '')).toBe(true);
    expect({ plaintext: tr.plaintext, output: tr.output, start: tr.start }).toEqual({ plaintext: '', output: '', start: { a: '', r: ['', ''] } });
    expect(tr.matchesWritten).toBeNull();
  });

  it("a key shared with the viewer but not theirs: hidden (they could use it, not export it)", async () => {
    const [ref] = await wrapsOf('wrapKey -k 7 -w 9 -m 5 -noheader -out s.bin');
    const tr = (await trace(ref!))!;
    expect(tr.hidden).toMatch(/Key 9 is not yours/);
    expect(tr.output).toBe('');
  });

  it('logged out: hidden; a deleted wrapping key: null; a garbled reference: null', async () => {
    const [ref] = await wrapsOf('wrapKey -k 7 -w 10 -m 5 -noheader -out l.bin');
    await t.type('logoutHSM');
    expect((await trace(ref!))!.hidden).toMatch(/Log in/);
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    await t.type('deleteKey -k 10');
    expect(await trace(ref!)).toBeNull();
    for (const bad of [null, {}, { ...ref, variant: '__proto__' }, { ...ref, kek: -1 }, { ...ref, input: { from: 'wrap', input: { from: 'wrap', input: { from: 'wrap', input: ref!.input, kek: 6 }, kek: 6 }, kek: 6 } }]) {
      expect(await trace(bad as unknown as WrapRef)).toBeNull();
    }
  });
});

describe('the CloudHSM CLI', () => {
  it('key wrap aes-no-pad / key unwrap aes-no-pad record the CLI mechanism and re-run in the CLI session', async () => {
    await t.type('exit');
    await t.type('cloudhsm-cli interactive');
    await t.type('login --username example_user --role crypto-user --password example_pwd');
    const [w] = await wrapsOf('key wrap aes-no-pad --payload-filter attr.label=data --wrapping-filter attr.label=kek --path cw.bin');
    expect(w).toMatchObject({ program: 'cli', mechanism: 'aes-no-pad', direction: 'wrap' });
    const tw = (await trace(w!))!;
    expect(tw.output).toBe(RFC41_CT);
    expect(tw.matchesWritten).toBe(true);
    const [u] = await wrapsOf('key unwrap aes-no-pad --filter attr.label=kek --data-path cw.bin --key-type-class aes --label back');
    expect(u).toMatchObject({ program: 'cli', direction: 'unwrap', ok: true });
    const tu = (await trace(u!))!;
    expect(tu.output).toBe(DATA);
    expect(tu.matchesWritten).toBe(true);
  });
});
