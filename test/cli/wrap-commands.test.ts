/**
 * CloudHSM CLI `key wrap <mechanism>` / `key unwrap <mechanism>` (cloudhsm-cli.md §3.19, §3.20),
 * called through the command objects (the program prints the envelope; here the result's `data`
 * and the §2.8 text of a refusal are checked):
 * - `key wrap aes-no-pad` and KMU `wrapKey -m 5 -noheader` of the same key are the same bytes (and
 *   so are aes-pkcs5-pad / -m 4 and aes-zero-pad / -m 6: deterministic mechanisms);
 * - every mechanism round-trips through `key unwrap` to a key with the payload's check value and
 *   the CLI's unwrap defaults (§4.3); KMU's own file with its header does not unwrap (§5.9);
 * - `--path` writes the same bytes and the JSON still carries them (G-CLI-17);
 * - every refusal of §3.19/§3.20 with its §2.8 text, the whole database unchanged.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CliSession } from '../../src/hsm/cli-session';
import { cliLogin } from '../../src/hsm/ops/cli-session';
import type { Scenario } from '../../src/hsm/scenario';
import { openIdbBackend } from '../../src/platform/idb-backend';
import type { CliArgs, CliCommand, CliContext, CliResult, JsonObject } from '../../src/commands/cli/command';
import { cliErrorText } from '../../src/commands/cli/errors';
import { CLI_COMMANDS } from '../../src/commands/cli/index';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';
import { fileBytes, patchKey, storedKey } from '../kmu/keys-support';
import { nodePair, putPair, type NodePair } from '../kmu/wrap-rsa-support';

const HOME = '/home/user/';
const hex = (n: number, b: number) => b.toString(16).padStart(2, '0').repeat(n);
const SCENARIO: Scenario = {
  servingNode: 0, handles: 'simple', nextIndex: 100,
  users: [{ userId: 4, name: 'bob', type: 'CU', password: 'bob_pwd1' }],
  keys: [
    { handle: 6, keyType: 'AES', label: 'wrapping-key', owner: 3, value: hex(32, 0xa5) },
    { handle: 7, keyType: 'AES', label: 'payload-key', owner: 3, value: hex(16, 0x17) },
    { handle: 8, keyType: 'GENERIC_SECRET', label: 'gen20', owner: 3, value: hex(20, 0x20) },
    { handle: 9, keyType: 'AES', label: 'nex', owner: 3, value: hex(16, 0x09), extractable: false },
    { handle: 10, keyType: 'AES', label: 'shared-with-me', owner: 4, shared: [3], value: hex(16, 0x0a) },
    { handle: 11, keyType: 'AES', label: 'quorum', owner: 3, shared: [4], value: hex(16, 0x0b) },
    { handle: 12, keyType: 'AES', label: 'wrap-with-trusted', owner: 3, value: hex(16, 0x0c) },
    { handle: 13, keyType: 'AES', label: 'no-wrap-flags', owner: 3, value: hex(16, 0x0d) },
    { handle: 14, keyType: '3DES', label: 'des3', owner: 3, value: '0123456789abcdeffedcba987654321089abcdef01234567' },
    { handle: 15, keyType: 'AES', label: 'aes-twin', owner: 3, value: hex(16, 0x0f) },
    { handle: 16, keyType: 'AES', label: 'aes-twin', owner: 3, value: hex(16, 0x10) },
  ],
  files: { 'garbage.bin': 'ee'.repeat(24) },
};

/** 20/21 an RSA pair whose public half wraps (20 public, 21 private); 22/23 EC P-256; 24/25 DSA. */
let RSA: NodePair, EC: NodePair, DSA: NodePair;
beforeAll(() => {
  RSA = nodePair('rsa');
  EC = nodePair('ec');
  DSA = nodePair('dsa');
});

const DB = 'cli-wrap';
let factory: IDBFactory;
let t: Terminal;
let cli: CliSession;

beforeEach(async () => {
  factory = freshFactory();
  t = await openTerminal({ backend: await openIdbBackend({ name: DB, factory }), scenario: SCENARIO });
  await putPair(t, 20, 21, RSA, { label: 'rsa-wrap' });
  await putPair(t, 22, 23, EC, { label: 'ec' });
  await putPair(t, 24, 25, DSA, { label: 'dsa' });
  await patchKey(t, 11, (k) => ({ ...k, manageQuorum: 2, useQuorum: 0 }));
  await patchKey(t, 12, (k) => ({ ...k, attrs: { ...k.attrs, 528: 1 } }));
  await patchKey(t, 13, (k) => ({ ...k, attrs: { ...k.attrs, 262: 0, 263: 0 } }));
  cli = new CliSession();
  const hsm = t.session.hsm;
  cli.cluster = await hsm.transact((tx) => hsm.currentClusterName(tx));
  const login = await cliLogin(hsm, cli, { username: 'example_user', role: 'crypto-user', password: 'example_pwd' });
  expect(login.ok).toBe(true);
});

/** A command by its path words. */
function command(...path: string[]): CliCommand {
  const found = CLI_COMMANDS.find((c) => c.path.join(' ') === path.join(' '));
  if (!found) throw new Error(`no command ${path.join(' ')}`);
  return found;
}

/** Parsed options as the program would hand them over: single values as strings, multi as lists, flags as true. */
function argsOf(options: Record<string, string | readonly string[] | true>): CliArgs {
  const m = new Map(Object.entries(options));
  return {
    value: (long) => { const v = m.get(long); return typeof v === 'string' ? v : undefined; },
    values: (long) => { const v = m.get(long); return typeof v === 'string' ? [v] : Array.isArray(v) ? v : []; },
    has: (long) => m.has(long),
  };
}

const ctx = (): CliContext => ({ hsm: t.session.hsm, session: cli, cwd: '/home/user', readLine: async () => '' });

async function run(path: string, options: Record<string, string | readonly string[] | true>): Promise<CliResult> {
  return command(...path.split(' ')).run(ctx(), argsOf(options));
}

async function ok(path: string, options: Record<string, string | readonly string[] | true>): Promise<JsonObject> {
  const r = await run(path, options);
  if (!r.ok) throw new Error(`${path} refused: ${cliErrorText(r.refusal)}`);
  return r.data as JsonObject;
}

/** The command refuses with `text` and the whole database is as it was. */
async function refused(path: string, options: Record<string, string | readonly string[] | true>, text: string): Promise<void> {
  const before = await dumpIdb(DB, factory);
  const r = await run(path, options);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(cliErrorText(r.refusal)).toBe(text);
  expect(await dumpIdb(DB, factory)).toBe(before);
}

/** Write the IV a CLI aes-gcm wrap returned to iv.bin, as a learner would (for KMU -iv_file). */
async function putIv(iv: Buffer): Promise<void> {
  const hsm = t.session.hsm;
  await hsm.transact(async (tx) => {
    await tx.get('files', HOME + 'iv.bin');
    tx.put('files', { id: HOME + 'iv.bin', rev: 0, kind: 'file', data: new Uint8Array(iv), mtime: 0 });
  });
}

/** Mark the HSMs up (`up(node)`) or down, as `hsm stop` leaves them. */
async function setHsms(up: (node: number) => boolean): Promise<void> {
  const hsm = t.session.hsm;
  await hsm.transact(async (tx) => {
    const c = await hsm.cluster(tx, await hsm.currentClusterName(tx));
    tx.put('clusters', { ...c, hsms: c.hsms.map((h) => ({ ...h, state: up(h.node) ? 'up' as const : 'down' as const })) });
  });
}

const b64 = (data: JsonObject) => Buffer.from(data['wrapped_key_data'] as string, 'base64');

describe('key wrap and KMU wrapKey -noheader write the same bytes (walkthrough 2, §5.9)', () => {
  for (const [mech, m] of [['aes-no-pad', 5], ['aes-pkcs5-pad', 4], ['aes-zero-pad', 6]] as const) {
    it(`key wrap ${mech} = wrapKey -m ${m} -noheader`, async () => {
      await t.type('key_mgmt_util');
      await t.type('loginHSM -u CU -s example_user -p example_pwd');
      expect(await t.type(`wrapKey -k 7 -w 6 -m ${m} -noheader -out payload.kmu`)).toContain('Key Wrapped.');
      await t.type('exit');
      const data = await ok(`key wrap ${mech}`, { 'payload-filter': ['attr.label=payload-key'], 'wrapping-filter': ['attr.label=wrapping-key'] });
      expect(Object.keys(data)).toEqual(['payload_key_reference', 'wrapping_key_reference', 'wrapped_key_data']);
      expect(data['payload_key_reference']).toBe('0x0000000000000007');
      expect(data['wrapping_key_reference']).toBe('0x0000000000000006');
      const kmu = (await fileBytes(t, HOME + 'payload.kmu'))!;
      expect(b64(data).equals(kmu)).toBe(true);
      if (mech === 'aes-no-pad') expect(kmu.length).toBe(24);
    });
  }

  it('--path writes the same bytes and the JSON still carries them (G-CLI-17)', async () => {
    const data = await ok('key wrap aes-no-pad', { 'payload-filter': ['key-reference=0x7'], 'wrapping-filter': ['key-reference=6'], path: 'payload.cli' });
    expect((await fileBytes(t, HOME + 'payload.cli'))!.equals(b64(data))).toBe(true);
  });
});

describe('randomised mechanisms: CLI blobs unwrap in KMU (-noheader) and KMU blobs in the CLI (§5.9)', () => {
  const kmu = async () => {
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
  };
  const handleOf = (out: string) => Number(/Key Handle: (\d+)/.exec(out)?.[1] ?? NaN);
  const material = async (h: number) => Buffer.from((await storedKey(t, h))!.value).toString('hex');

  it('aes-gcm (IV file), cloudhsm-aes-gcm, rsa-oaep (sha256), rsa-aes, rsa-pkcs: CLI → KMU', async () => {
    const g = await ok('key wrap aes-gcm', { 'payload-filter': ['key-reference=7'], 'wrapping-filter': ['key-reference=6'], 'tag-length-bits': '96', path: 'g.bin' });
    await ok('key wrap cloudhsm-aes-gcm', { 'payload-filter': ['key-reference=7'], 'wrapping-filter': ['key-reference=6'], 'tag-length-bits': '128', path: 'c.bin' });
    await ok('key wrap rsa-oaep', { 'payload-filter': ['key-reference=7'], 'wrapping-filter': ['key-reference=20'], 'hash-function': 'sha256', mgf: 'mgf1-sha256', path: 'o.bin' });
    await ok('key wrap rsa-aes', { 'payload-filter': ['key-reference=7'], 'wrapping-filter': ['key-reference=20'], 'hash-function': 'sha1', mgf: 'mgf1-sha1', path: 'a.bin' });
    await ok('key wrap rsa-pkcs', { 'payload-filter': ['key-reference=7'], 'wrapping-filter': ['key-reference=20'], path: 'p.bin' });
    await putIv(Buffer.from((g['iv'] as string).slice(2), 'hex'));
    await kmu();
    const lines = [
      'unWrapKey -f g.bin -w 6 -m 10 -noheader -tag_size 12 -iv_file iv.bin -l g -kc 4 -kt 31',
      'unWrapKey -f c.bin -w 6 -m 11 -noheader -tag_size 16 -l c -kc 4 -kt 31',
      'unWrapKey -f o.bin -w 21 -m 8 -t 3 -noheader -l o -kc 4 -kt 31',
      'unWrapKey -f a.bin -w 21 -m 7 -t 2 -noheader -l a -kc 4 -kt 31',
      'unWrapKey -f p.bin -w 21 -m 12 -noheader -l p -kc 4 -kt 31',
    ];
    for (const line of lines) {
      const out = await t.type(line);
      expect(await material(handleOf(out)), `${line}\n${out}`).toBe(hex(16, 0x17));
    }
  });

  it('KMU -m 11 and -m 8 -noheader blobs unwrap in the CLI', async () => {
    await kmu();
    expect(await t.type('wrapKey -k 7 -w 6 -m 11 -noheader -tag_size 16 -out c.bin')).toContain('Key Wrapped.');
    expect(await t.type('wrapKey -k 7 -w 20 -m 8 -t 4 -noheader -out o.bin')).toContain('Key Wrapped.');
    await t.type('exit');
    const c = await ok('key unwrap cloudhsm-aes-gcm', { filter: ['key-reference=6'], 'key-type-class': 'aes', label: 'c', 'data-path': 'c.bin', 'tag-length-bits': '128' });
    expect(await material(Number((c['key'] as JsonObject)['key-reference']))).toBe(hex(16, 0x17));
    const o = await ok('key unwrap rsa-oaep', {
      filter: ['key-reference=21'], 'key-type-class': 'aes', label: 'o', 'data-path': 'o.bin', 'hash-function': 'sha384', mgf: 'mgf1-sha384',
    });
    expect(await material(Number((o['key'] as JsonObject)['key-reference']))).toBe(hex(16, 0x17));
  });
});

describe('every mechanism round-trips through key unwrap', () => {
  const cases: Array<{ mech: string; wrapping: string; unwrapping: string; extra?: Record<string, string> }> = [
    { mech: 'aes-no-pad', wrapping: 'attr.label=wrapping-key', unwrapping: 'attr.label=wrapping-key' },
    { mech: 'aes-pkcs5-pad', wrapping: 'attr.label=wrapping-key', unwrapping: 'attr.label=wrapping-key' },
    { mech: 'aes-zero-pad', wrapping: 'attr.label=wrapping-key', unwrapping: 'attr.label=wrapping-key' },
    { mech: 'aes-gcm', wrapping: 'attr.label=wrapping-key', unwrapping: 'attr.label=wrapping-key', extra: { 'tag-length-bits': '64', aad: '0x10' } },
    { mech: 'cloudhsm-aes-gcm', wrapping: 'attr.label=wrapping-key', unwrapping: 'attr.label=wrapping-key', extra: { 'tag-length-bits': '128' } },
    { mech: 'rsa-aes', wrapping: 'key-reference=20', unwrapping: 'key-reference=21', extra: { 'hash-function': 'sha256', mgf: 'mgf1-sha256' } },
    { mech: 'rsa-oaep', wrapping: 'key-reference=20', unwrapping: 'key-reference=21', extra: { 'hash-function': 'sha1', mgf: 'mgf1-sha1' } },
    { mech: 'rsa-pkcs', wrapping: 'key-reference=20', unwrapping: 'key-reference=21' },
  ];
  for (const c of cases) {
    it(c.mech, async () => {
      const wrapped = await ok(`key wrap ${c.mech}`, { 'payload-filter': ['key-reference=7'], 'wrapping-filter': [c.wrapping], ...c.extra });
      const unwrapExtra: Record<string, string> = { ...c.extra };
      if (c.mech === 'aes-gcm') {
        expect(wrapped['iv']).toMatch(/^0x[0-9a-f]{24}$/);
        unwrapExtra['iv'] = wrapped['iv'] as string;
        expect(Object.keys(wrapped)).toEqual(['payload_key_reference', 'wrapping_key_reference', 'iv', 'wrapped_key_data']);
      } else {
        expect(Object.keys(wrapped)).toEqual(['payload_key_reference', 'wrapping_key_reference', 'wrapped_key_data']);
      }
      const data = await ok(`key unwrap ${c.mech}`, {
        filter: [c.unwrapping], 'key-type-class': 'aes', label: 'copy', data: wrapped['wrapped_key_data'] as string, ...unwrapExtra,
      });
      const key = data['key'] as JsonObject;
      expect(key['key-reference']).toBe('0x0000000000000064'); // object index 100
      const copy = (await storedKey(t, 100))!;
      expect(Buffer.from(copy.value).toString('hex')).toBe(hex(16, 0x17));
      const attrs = key['attributes'] as JsonObject;
      expect(attrs['check-value']).toBe('0x' + Buffer.from((await storedKey(t, 7))!.attrs[371] as Uint8Array).toString('hex'));
      expect({ ...attrs }).toMatchObject({
        'key-type': 'aes', label: 'copy', id: '0x', class: 'secret-key', encrypt: false, decrypt: false, token: true,
        'always-sensitive': false, derive: false, destroyable: true, extractable: true, local: false, 'never-extractable': false,
        private: true, sensitive: true, sign: true, trusted: false, unwrap: false, verify: true, wrap: false, 'wrap-with-trusted': false,
        'key-length-bytes': 16,
      });
    });
  }

  it('an RSA private key wraps under AES and unwraps as rsa-private (sign and verify false, §4.3)', async () => {
    const wrapped = await ok('key wrap aes-zero-pad', { 'payload-filter': ['key-reference=21'], 'wrapping-filter': ['key-reference=6'] });
    const data = await ok('key unwrap aes-zero-pad', {
      filter: ['key-reference=6'], 'key-type-class': 'rsa-private', label: 'rsa-copy', data: wrapped['wrapped_key_data'] as string,
    });
    const attrs = (data['key'] as JsonObject)['attributes'] as JsonObject;
    expect(attrs).toMatchObject({ 'key-type': 'rsa', class: 'private-key', sign: false, verify: false, local: false, sensitive: true });
    expect(Buffer.from((await storedKey(t, 100))!.value).equals(RSA.pkcs8)).toBe(true);
  });

  it('a 3DES key (aes-no-pad, des3) and an EC private key (rsa-aes, ec-private) come back as the same material (§5.3)', async () => {
    const des = await ok('key wrap aes-no-pad', { 'payload-filter': ['key-reference=14'], 'wrapping-filter': ['key-reference=6'] });
    const d = await ok('key unwrap aes-no-pad', {
      filter: ['key-reference=6'], 'key-type-class': 'des3', label: 'des-copy', data: des['wrapped_key_data'] as string,
    });
    expect(((d['key'] as JsonObject)['attributes'] as JsonObject)['key-type']).toBe('des3');
    expect(Buffer.from((await storedKey(t, 100))!.value).toString('hex')).toBe('0123456789abcdeffedcba987654321089abcdef01234567');
    const ec = await ok('key wrap rsa-aes', {
      'payload-filter': ['key-reference=23'], 'wrapping-filter': ['key-reference=20'], 'hash-function': 'sha384', mgf: 'mgf1-sha384',
    });
    const e = await ok('key unwrap rsa-aes', {
      filter: ['key-reference=21'], 'key-type-class': 'ec-private', label: 'ec-copy', data: ec['wrapped_key_data'] as string,
      'hash-function': 'sha384', mgf: 'mgf1-sha384',
    });
    expect(((e['key'] as JsonObject)['attributes'] as JsonObject)).toMatchObject({ 'key-type': 'ec', class: 'private-key' });
    expect(Buffer.from((await storedKey(t, 101))!.value).equals(EC.pkcs8)).toBe(true);
  });

  it('--session, --attributes, --share-crypto-users and the two quorum values reach the new key', async () => {
    const wrapped = await ok('key wrap aes-no-pad', { 'payload-filter': ['key-reference=7'], 'wrapping-filter': ['key-reference=6'] });
    const data = await ok('key unwrap aes-no-pad', {
      filter: ['key-reference=6'], 'key-type-class': 'aes', label: 'shared-copy', data: wrapped['wrapped_key_data'] as string,
      attributes: ['encrypt=true', 'decrypt=TRUE'], 'share-crypto-users': ['bob'], 'manage-key-quorum-value': '2', 'use-key-quorum-value': '1',
    });
    const key = data['key'] as JsonObject;
    expect((key['attributes'] as JsonObject)['encrypt']).toBe(true);
    expect((key['attributes'] as JsonObject)['decrypt']).toBe(true);
    const stored = (await storedKey(t, 100))!;
    expect(stored.shared).toEqual([4]);
    expect([stored.manageQuorum, stored.useQuorum]).toEqual([2, 1]);

    const before = await dumpIdb(DB, factory);
    const s = await ok('key unwrap aes-no-pad', {
      filter: ['key-reference=6'], 'key-type-class': 'aes', label: 'session-copy', data: wrapped['wrapped_key_data'] as string, session: true,
    });
    expect(((s['key'] as JsonObject)['attributes'] as JsonObject)['token']).toBe(false);
    expect(cli.sessionKeys.size).toBe(1);
    // The session key wraps again to the same bytes (it is the payload's material) under its reference.
    const ref = (s['key'] as JsonObject)['key-reference'] as string;
    const again = await ok('key wrap aes-no-pad', { 'payload-filter': [`key-reference=${ref}`], 'wrapping-filter': ['key-reference=6'] });
    expect(again['wrapped_key_data']).toBe(wrapped['wrapped_key_data']);
    // A session key is not stored: only the cluster's next object index moved.
    expect(JSON.parse(await dumpIdb(DB, factory)).stores?.keys ?? null).toEqual(JSON.parse(before).stores?.keys ?? null);
  });
});

describe('refusals (§2.8 texts), the database unchanged', () => {
  const wrap = (payload: string, wrapping: string, extra: Record<string, string> = {}) =>
    ({ 'payload-filter': [payload], 'wrapping-filter': [wrapping], ...extra });
  const ACCESS = 'Key Access is denied';
  const KIND = 'Key type or class is not valid for this operation';

  it('a filter that matches no key, or two', async () => {
    await refused('key wrap aes-no-pad', wrap('attr.label=nothing', 'key-reference=6'),
      'Key selection criteria matched 0 keys. Refine selection criteria to select a single key.');
    await refused('key wrap aes-no-pad', wrap('key-reference=7', 'attr.label=aes-twin'),
      'Key selection criteria matched 2 keys. Refine selection criteria to select a single key.');
  });
  it('a payload shared with the caller, not owned', () => refused('key wrap aes-no-pad', wrap('key-reference=10', 'key-reference=6'), ACCESS));
  it('a DSA key has no wrap command in the CLI (§5.3); someone else\'s shared DSA key: access first', async () => {
    await refused('key wrap aes-zero-pad', wrap('key-reference=25', 'key-reference=6'), KIND);
    await patchKey(t, 25, (k) => ({ ...k, owner: 4, shared: [3] }));
    await refused('key wrap aes-zero-pad', wrap('key-reference=25', 'key-reference=6'), ACCESS);
  });
  it('an EC private key unwrapped as rsa-private', async () => {
    const w = await ok('key wrap aes-zero-pad', wrap('key-reference=23', 'key-reference=6'));
    await refused('key unwrap aes-zero-pad', unwrap({ data: w['wrapped_key_data'] as string, 'key-type-class': 'rsa-private' }), 'Unwrap failed - integrity check error');
  });
  it('a public key as payload', () => refused('key wrap aes-zero-pad', wrap('key-reference=20', 'key-reference=6'), KIND));
  it('a non-extractable payload', () =>
    refused('key wrap aes-no-pad', wrap('key-reference=9', 'key-reference=6'), 'The key attribute extractable must be true for this operation'));
  it('a wrapping key with wrap false', () =>
    refused('key wrap aes-no-pad', wrap('key-reference=7', 'key-reference=13'), 'The key attribute wrap must be true for this operation'));
  it('an AES wrapping key for rsa-oaep, an RSA key for aes-no-pad', async () => {
    await refused('key wrap rsa-oaep', wrap('key-reference=7', 'key-reference=6', { 'hash-function': 'sha1', mgf: 'mgf1-sha1' }), KIND);
    await refused('key wrap aes-no-pad', wrap('key-reference=7', 'key-reference=20'), KIND);
  });
  it('wrap-with-trusted under an untrusted key', () =>
    refused('key wrap aes-no-pad', wrap('key-reference=12', 'key-reference=6'), 'The wrapping key must be trusted to wrap this key'));
  it('a payload with a manage quorum', () =>
    refused('key wrap aes-no-pad', wrap('key-reference=11', 'key-reference=6'), 'Quorum approval is required for this operation'));
  it('§3.19 order: the wrapping key and wrap-with-trusted before quorum (KMU checks the payload\'s quorum first)', async () => {
    await refused('key wrap aes-no-pad', wrap('key-reference=11', 'key-reference=13'), 'The key attribute wrap must be true for this operation');
    await patchKey(t, 12, (k) => ({ ...k, manageQuorum: 1, useQuorum: 1 }));
    await refused('key wrap aes-no-pad', wrap('key-reference=12', 'key-reference=6'), 'The wrapping key must be trusted to wrap this key');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await t.type('wrapKey -k 11 -w 13 -m 5 -noheader -out q.bin')).toContain('Cfm2WrapKey returned: 0xe7');
    expect(await t.type('wrapKey -k 12 -w 6 -m 5 -noheader -out q.bin')).toContain('Cfm2WrapKey returned: 0xe7');
  });
  it('aes-no-pad of a 20-byte key; rsa-pkcs of a key over k − 11', async () => {
    await refused('key wrap aes-no-pad', wrap('key-reference=8', 'key-reference=6'), 'Payload length is not valid for this mechanism');
    await refused('key wrap rsa-pkcs', wrap('key-reference=21', 'key-reference=20'), 'Payload length is not valid for this mechanism');
  });
  it('--mgf of another hash, --tag-length-bits outside 64–128, --aad not hex', async () => {
    await refused('key wrap rsa-oaep', wrap('key-reference=7', 'key-reference=20', { 'hash-function': 'sha256', mgf: 'mgf1-sha1' }),
      'Invalid value mgf1-sha1 for --mgf');
    await refused('key wrap aes-gcm', wrap('key-reference=7', 'key-reference=6', { 'tag-length-bits': '60' }), 'Invalid value 60 for --tag-length-bits');
    await refused('key wrap aes-gcm', wrap('key-reference=7', 'key-reference=6', { 'tag-length-bits': '64', aad: 'xyz' }), 'Invalid value xyz for --aad');
  });
  it('--path in a directory that does not exist', () =>
    refused('key wrap aes-no-pad', wrap('key-reference=7', 'key-reference=6', { path: 'no/such/dir/w.bin' }), 'Unable to create file no/such/dir/w.bin'));
  it('a token key on fewer than 2 up HSMs (availability check)', async () => {
    await setHsms((node) => node === 0);
    await refused('key wrap aes-no-pad', wrap('key-reference=7', 'key-reference=6'),
      'Cannot perform the requested key operation as the key must be available on at least 2 HSMs. ' +
      'Either increase the number of HSMs in the cluster, or disable the key availability check.');
  });

  const unwrap = (extra: Record<string, string | readonly string[]>) =>
    ({ filter: ['key-reference=6'], 'key-type-class': 'aes', label: 'copy', ...extra });
  const INTEGRITY = 'Unwrap failed - integrity check error';

  it('garbage, a key with unwrap false, the wrong key, the wrong mechanism, the wrong key type', async () => {
    await refused('key unwrap aes-no-pad', unwrap({ 'data-path': 'garbage.bin' }), INTEGRITY);
    const w = await ok('key wrap aes-no-pad', wrap('key-reference=7', 'key-reference=6'));
    const data = w['wrapped_key_data'] as string;
    await refused('key unwrap aes-no-pad', { ...unwrap({ data }), filter: ['key-reference=13'] }, 'The key attribute unwrap must be true for this operation');
    await refused('key unwrap aes-no-pad', { ...unwrap({ data }), filter: ['key-reference=15'] }, INTEGRITY);
    await refused('key unwrap aes-zero-pad', unwrap({ data }), INTEGRITY);
    await refused('key unwrap aes-no-pad', unwrap({ data, 'key-type-class': 'rsa-private' }), INTEGRITY);
  });
  it('a KMU wrapKey file with its header (§5.9)', async () => {
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await t.type('wrapKey -k 7 -w 6 -m 5 -out payload.hdr')).toContain('Key Wrapped.');
    await t.type('exit');
    await refused('key unwrap aes-no-pad', unwrap({ 'data-path': 'payload.hdr' }), INTEGRITY);
  });
  it('--data that is not Base64, a --data-path that does not exist', async () => {
    await refused('key unwrap aes-no-pad', unwrap({ data: 'not*base64' }), 'Invalid base64 data');
    await refused('key unwrap aes-no-pad', unwrap({ 'data-path': 'missing.bin' }), 'Unable to open file missing.bin');
  });
  it('an RSA public key to unwrap with, an AES key for rsa-oaep', async () => {
    await refused('key unwrap rsa-pkcs', { ...unwrap({ 'data-path': 'garbage.bin' }), filter: ['key-reference=20'] }, KIND);
    await refused('key unwrap rsa-oaep', unwrap({ 'data-path': 'garbage.bin', 'hash-function': 'sha1', mgf: 'mgf1-sha1' }), KIND);
  });
  it('an unknown crypto user, an unknown attribute, a quorum value too large', async () => {
    const w = await ok('key wrap aes-no-pad', wrap('key-reference=7', 'key-reference=6'));
    const data = w['wrapped_key_data'] as string;
    await refused('key unwrap aes-no-pad', unwrap({ data, 'share-crypto-users': ['nobody'] }), 'Specified user does not exist');
    await refused('key unwrap aes-no-pad', unwrap({ data, attributes: ['colour=blue'] }), 'Unknown key attribute: colour');
    await refused('key unwrap aes-no-pad', unwrap({ data, 'manage-key-quorum-value': '2' }), 'Invalid value 2 for --manage-key-quorum-value');
  });
  it('hostile values: an IV of the wrong length, empty data, another hash, another tag length', async () => {
    const gcm = await ok('key wrap aes-gcm', wrap('key-reference=7', 'key-reference=6', { 'tag-length-bits': '96' }));
    const data = gcm['wrapped_key_data'] as string;
    for (const iv of ['0x10', '00', '0x' + '00'.repeat(64)]) {
      await refused('key unwrap aes-gcm', unwrap({ data, iv, 'tag-length-bits': '96' }), INTEGRITY);
    }
    await refused('key unwrap aes-gcm', unwrap({ data, iv: 'zz', 'tag-length-bits': '96' }), 'Invalid value zz for --iv');
    await refused('key unwrap aes-gcm', unwrap({ data, iv: gcm['iv'] as string, 'tag-length-bits': '128' }), INTEGRITY);
    await refused('key unwrap aes-no-pad', unwrap({ data: '' }), INTEGRITY);
    await refused('key unwrap cloudhsm-aes-gcm', unwrap({ data: 'AAAA', 'tag-length-bits': '128' }), INTEGRITY);
    const oaep = await ok('key wrap rsa-oaep', wrap('key-reference=7', 'key-reference=20', { 'hash-function': 'sha256', mgf: 'mgf1-sha256' }));
    await refused('key unwrap rsa-oaep', { ...unwrap({ data: oaep['wrapped_key_data'] as string, 'hash-function': 'sha1', mgf: 'mgf1-sha1' }), filter: ['key-reference=21'] }, INTEGRITY);
    await refused('key unwrap rsa-aes', { ...unwrap({ data: 'AAAA', 'hash-function': 'sha1', mgf: 'mgf1-sha1' }), filter: ['key-reference=21'] }, INTEGRITY);
  });
  it('an ID another key has (Key ID already exists)', async () => {
    const w = await ok('key wrap aes-no-pad', wrap('key-reference=7', 'key-reference=6'));
    const data = w['wrapped_key_data'] as string;
    await ok('key unwrap aes-no-pad', unwrap({ data, attributes: ['id=0x7731'] }));
    await refused('key unwrap aes-no-pad', unwrap({ data, attributes: ['id=0x7731'], label: 'again' }), 'Key ID already exists');
  });
  it('an unwrapping key with a manage quorum; unwrap on fewer than 2 up HSMs', async () => {
    await refused('key unwrap aes-no-pad', { ...unwrap({ 'data-path': 'garbage.bin' }), filter: ['key-reference=11'] }, 'Quorum approval is required for this operation');
    await setHsms((node) => node === 0);
    await refused('key unwrap aes-no-pad', unwrap({ 'data-path': 'garbage.bin' }),
      'Cannot perform the requested key operation as the key must be available on at least 2 HSMs. ' +
      'Either increase the number of HSMs in the cluster, or disable the key availability check.');
  });
  it('every HSM down; another cluster id', async () => {
    await refused('key wrap aes-no-pad', wrap('key-reference=7', 'key-reference=6', { 'cluster-id': 'cluster-9' }), 'Cluster cluster-9 is not configured');
    await refused('key unwrap aes-no-pad', unwrap({ 'data-path': 'garbage.bin', 'cluster-id': 'cluster-9' }), 'Cluster cluster-9 is not configured');
    await setHsms(() => false);
    await refused('key wrap aes-no-pad', wrap('key-reference=7', 'key-reference=6'), 'HSM is disconnected');
    await refused('key unwrap aes-no-pad', unwrap({ 'data-path': 'garbage.bin' }), 'HSM is disconnected');
  });
  it('an attribute value that is no boolean; sharing with oneself or an admin', async () => {
    const w = await ok('key wrap aes-no-pad', wrap('key-reference=7', 'key-reference=6'));
    const data = w['wrapped_key_data'] as string;
    await refused('key unwrap aes-no-pad', unwrap({ data, attributes: ['encrypt=maybe'] }), 'Invalid value maybe for key attribute encrypt');
    await refused('key unwrap aes-no-pad', unwrap({ data, 'share-crypto-users': ['example_user'] }), 'Key is already shared with example_user');
    await refused('key unwrap aes-no-pad', unwrap({ data, 'share-crypto-users': ['admin'] }), 'Invalid user type for this operation');
  });
  it('an admin may not wrap or unwrap (Who: CU)', async () => {
    cli.end();
    const hsm = t.session.hsm;
    expect((await cliLogin(hsm, cli, { username: 'admin', role: 'admin', password: 'co12345' })).ok).toBe(true);
    await refused('key wrap aes-no-pad', wrap('key-reference=7', 'key-reference=6'), 'Invalid user type for this operation');
    await refused('key unwrap aes-no-pad', unwrap({ 'data-path': 'garbage.bin' }), 'Invalid user type for this operation');
  });
  it('not logged in', async () => {
    cli.end();
    await refused('key wrap aes-no-pad', wrap('key-reference=7', 'key-reference=6'), 'User is not logged in');
    await refused('key unwrap aes-no-pad', unwrap({ 'data-path': 'garbage.bin' }), 'User is not logged in');
  });
});
