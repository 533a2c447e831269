/**
 * Property test (issue 4): 20,000 seeded random command lines — commands, flags, values, handles,
 * user names, files — across the host shell, key_mgmt_util and cloudhsm_mgmt_util, in a playground
 * with several users, keys and two clusters. No line may throw or print a JavaScript error, and
 * after every line the store's invariants hold. It reports how often each command reached its HSM
 * step and which return codes occurred, and requires every command to reach its HSM step at least
 * 100 times and every code of the commands to occur.
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { A, KEY_TYPE } from '../../src/hsm/attributes';
import type { ClusterRecord, KeyRecord, UserRecord } from '../../src/hsm/model';
import type { Scenario } from '../../src/hsm/scenario';
import { findKmuCommand, KMU_COMMANDS } from '../../src/commands/kmu/index';
import { findCmuCommand } from '../../src/commands/cmu/index';
import type { Console } from '../../src/shell/console';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import type { Backend, StoreName, StoredRecord } from '../../src/hsm/store';
import { openTerminal, type Terminal } from '../support/transcript';

const LINES = Number(process.env.PROPERTY_LINES ?? 20_000);

/** mulberry32: the test's own seeded choices (independent of the engine's seeded Rng). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

const USERS = [
  { name: 'example_user', password: 'example_pwd', type: 'CU' },
  { name: 'alice', password: 'alice_pwd', type: 'CU' },
  { name: 'bob', password: 'bob_pwd1', type: 'CU' },
  { name: 'admin', password: 'co12345', type: 'CO' },
  { name: 'officer', password: 'officer1', type: 'CO' },
] as const;

const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const SCENARIO: Scenario = {
  servingNode: 0,
  users: [
    { userId: 4, name: 'alice', type: 'CU', password: 'alice_pwd' },
    { userId: 5, name: 'bob', type: 'CU', password: 'bob_pwd1' },
    { userId: 6, name: 'officer', type: 'CO', password: 'officer1' },
    // nobody ever types mallory's password: her account gets locked (0xe4)
    { userId: 7, name: 'mallory', type: 'CU', password: 'never_typed' },
  ],
  keys: [
    { handle: 6, keyType: 'AES', label: 'w6', owner: 3, value: AES },
    { handle: 7, keyType: '3DES', label: 'd7', owner: 3, value: '0123456789abcdeffedcba987654321089abcdef01234567' },
    { handle: 8, keyType: 'AES', label: 'alice-w', owner: 4, shared: [3], value: AES.slice(0, 32) },
    { handle: 9, keyType: 'GENERIC_SECRET', label: 'g9', owner: 5, value: 'ab'.repeat(40) },
    { handle: 10, keyType: 'AES', label: 'nex', owner: 3, value: AES.slice(0, 48), extractable: false },
    { handle: 11, keyType: 'AES', label: 'quorum', id: 'id1', owner: 3, shared: [4, 5], value: AES, mValue: 2 },
  ],
  files: {
    'aes256.key': AES, 'aes128.key': AES.slice(0, 32), 'aes192.key': AES.slice(0, 48),
    '3des.key': '0123456789abcdeffedcba987654321089abcdef01234567', 'short.key': '0102', 'empty.key': '',
  },
};

const PROMPTS = ['$ ', 'Command: ', 'aws-cloudhsm>'];

interface Coverage {
  reached: Map<string, number>;
  codes: Map<string, number>;
  lines: number;
}

/** Commands without an HSM step: their "reached" count is not required. */
const NO_HSM_STEP = new Set(['help', 'exit', 'quit', 'listAttributes', 'Error2String', 'IsValidKeyHandlefile', 'server']);

/** Commands with many ways to fail before the HSM get picked more often. */
const FOCUS = ['wrapKey', 'wrapKey', 'unWrapKey', 'aesWrapUnwrap', 'aesWrapUnwrap', 'genSymKey', 'imSymKey', 'imSymKey', 'exSymKey', 'getAttribute'];

/** Lines aimed at the rarer codes, mixed in now and then so every run meets each code often. */
const RARE: readonly string[] = [
  'imSymKey -f aes256.key -w 11 -t 31 -l q', // a quorum key as wrapping key: 0xe7
  'exSymKey -k 6 -w 11 -out exported.key', // 0xe7
  'getAttribute -o 6 -a 288 -out attr.txt', // no modulus on an AES key: 0xe0
  'genSymKey -t 31 -s 16 -l x -u 99', // unknown user in the share list: 0xe9
  'genSymKey -t 31 -s 16 -l x -u 3', // the caller (example_user) in the share list: 0xe9
  'genSymKey -t 31 -s 16 -l x -id id1', // key 11 has ID id1: 0xe2
];

function kmuLine(r: ReturnType<typeof prng>, ctx: World): string {
  if (r.chance(0.03)) return r.pick(RARE);
  const cmd = r.chance(0.3) ? findKmuCommand(r.pick(FOCUS))! : r.pick(KMU_COMMANDS);
  if (cmd.name === 'exit' || cmd.name === 'quit') return r.chance(0.2) ? cmd.name : r.chance(0.3) ? 'logoutHSM' : 'findKey';
  if (cmd.name === 'loginHSM') {
    const u = r.pick(USERS);
    if (r.chance(0.05)) return `loginHSM -u CU -s mallory -p wrong_${r.int(9)}`;
    return r.chance(0.1) ? `loginHSM -u ${r.pick(['CU', 'CO', 'cu', 'AU'])} -s ${u.name} -p ${u.password}`
      : `loginHSM -u CU -s ${r.chance(0.9) ? u.name : 'nobody'} -p ${u.password}`;
  }
  const parts = [r.chance(0.02) ? cmd.name.toLowerCase() : cmd.name];
  const optional = cmd.flags.filter((f) => !f.required).length;
  for (const f of cmd.flags) {
    // Commands with many optional flags (wrapKey, unWrapKey) mostly get few of them: most
    // combinations are refused on the client, and the HSM step must be reached often too.
    const include = f.required ? r.chance(0.96) : r.chance(optional >= 5 ? 0.6 / optional : 0.25);
    if (!include) continue;
    parts.push(f.flag);
    if (f.arg !== undefined && r.chance(0.98)) parts.push(value(r, cmd.name, f.flag, ctx));
  }
  if (r.chance(0.01)) parts.push(r.pick(['-h', '-bogus', 'stray']));
  return parts.join(' ');
}

interface World {
  handles: number[];
  files: string[];
}

function handle(r: ReturnType<typeof prng>, ctx: World): string {
  if (r.chance(0.06)) return String(r.pick([4, 999999, 0, 262143]));
  return String(r.pick(ctx.handles));
}

function value(r: ReturnType<typeof prng>, command: string, flag: string, ctx: World): string {
  if (r.chance(0.03)) return r.pick(['x', '-1', '99999999999', '0x1f', '']);
  switch (flag) {
    case '-k': case '-w': case '-o': return handle(r, ctx);
    case '-t':
      if (command === 'wrapKey' || command === 'unWrapKey') return r.pick(['2', '3', '4', '5', '6']);
      return command === 'findKey' ? r.pick(['0', '3', '16', '21', '31', '18']) : r.pick(['31', '31', '31', '21', '16', '18', '19']);
    case '-s': return r.pick(['16', '24', '32', '24', '512', '17']);
    case '-l': return r.pick(['k1', 'k2', 'w6', 'imported', 'x']);
    case '-id': return r.pick(['id1', 'id2', 'id3', 'unique' + r.int(100000)]);
    case '-u': return r.pick(['4', '5', '4,5', '3', '2', '99', '4,4']);
    case '-m_value': return r.pick(['0', '1', '2', '9']);
    case '-min_srv': return r.pick(['1', '2', '3', '4']);
    case '-timeout': return r.pick(['0', '1', '2']);
    case '-f':
      if (command === 'unWrapKey' && r.chance(0.7)) return 'wrapped.key';
      if (command === 'aesWrapUnwrap' && r.chance(0.5)) return r.pick(['wrapped_key', 'aes256.key', '3des.key']);
      return r.pick(ctx.files);
    case '-wk': case '-aad': case '-iv_file': return r.pick(ctx.files);
    case '-out':
      if (command === 'wrapKey' && r.chance(0.6)) return 'wrapped.key';
      return r.pick(['out.bin', 'wrapped.key', 'exported.key', 'attr.txt', 'nodir/x']);
    case '-m':
      if (command === 'aesWrapUnwrap') return r.pick(['1', '0', '2']);
      if (command === 'findKey') return r.pick(ctx.files);
      return r.pick(['4', '5', '6', '4', '7', '10', '11', '3']);
    case '-a': return r.pick(['0', '1', '3', '256', '262', '355', '371', '512', '288', '134', '999']);
    case '-sess': return r.pick(['0', '1', '2']);
    case '-c': case '-kc': return r.pick(['2', '3', '4']);
    case '-kt': return r.pick(['31', '21', '16', '0']);
    case '-kcv': return r.pick(['0x000000', 'abcdef', '123']);
    case '-r': return r.pick(['0xc6', '0xa8', 'c6', '0x30000085', '0x00']);
    case '-i': return r.pick(['0xA6A6A6A6A6A6A6A6', '0x0102030405060708', '0x12']);
    case '-tag_size': return r.pick(['8', '12', '16', '4']);
    default: return r.pick(['1', 'x']);
  }
}

function cmuLine(r: ReturnType<typeof prng>, ctx: World): string {
  const u = r.pick(USERS);
  const uid = r.pick(['1', '2', '3', '4', '5', '6', '7', '8', '9', '42']);
  const t = r.pick(['CU', 'CO', 'CU', 'PCO', 'cu']);
  const lines: Array<[number, () => string]> = [
    [3, () => `loginHSM ${r.chance(0.9) ? u.type : r.pick(['CU', 'CO', 'AU', 'PRECO'])} ${u.name} ${u.password}`],
    [1.2, () => 'logoutHSM'],
    [2, () => `createUser ${t} ${r.pick(['carol', 'dave', 'erin', 'bad name!', 'x'.repeat(32)])} ${r.pick(['password1', 'short', 'p'.repeat(33)])}`],
    [2, () => `deleteUser ${t} ${r.pick(['carol', 'dave', 'erin', 'nobody'])}`],
    // Passwords change to themselves (or an invalid one), so every login above keeps working.
    [2, () => `changePswd ${t} ${u.name} ${r.chance(0.8) ? u.password : 'short'}`],
    [1, () => 'listUsers'],
    [5, () => `shareKey ${handle(r, ctx)} ${uid} ${r.pick(['1', '0', '2'])}`],
    [2, () => `findAllKeys ${uid} ${r.pick(['0', '1'])}`],
    [2, () => `getKeyInfo -k ${handle(r, ctx)}`],
    [2, () => `getAttribute ${handle(r, ctx)} ${r.pick(['0', '3', '134', '256', '371', '512', '288'])}`],
    [3, () => `setAttribute ${handle(r, ctx)} ${r.pick(['3', '134', '260', '262', '1', '528'])} ${r.pick(['0', '1', 'label'])}`],
    [1, () => r.pick(['listAttributes', 'help', 'bogusCommand', 'listU'])],
    [1, () => `info server ${r.pick(['0', '1', '2', '9'])}`],
    [1, () => 'getHSMInfo'],
    [5, () => `syncKey ${handle(r, ctx)} ${r.pick(['0', '1', '2', '7'])}`],
    [2, () => `syncUser ${uid} ${r.pick(['0', '1', '2'])}`],
    [1, () => r.pick(['server 0', 'server 1', 'exit', 'server 9', `loginHSM CU mallory bad_${r.int(9)}`])],
    [0.3, () => 'quit'],
  ];
  let x = r.next() * lines.reduce((a, [w]) => a + w, 0);
  for (const [w, make] of lines) {
    x -= w;
    if (x < 0) return make();
  }
  return 'listUsers';
}

function hostLine(r: ReturnType<typeof prng>): string {
  switch (r.int(12)) {
    case 0: case 1: case 2: return 'key_mgmt_util';
    case 3: case 4: case 5: return 'cloudhsm_mgmt_util';
    case 6: return r.pick(['hsm stop 1', 'hsm start 1', 'hsm stop 2', 'hsm start 2', 'hsm tamper 0', 'hsm repair 0', 'hsm list']);
    case 7: return r.pick(['cluster use cluster-1', 'cluster use cluster-2', 'cluster list', 'cluster use cluster-1', 'cluster use full']);
    case 8: return `openssl rand -out ${r.pick(['r16.key', 'r32.key', 'aes256.key'])} ${r.pick(['16', '32', '24', '5'])}`;
    case 9: return r.pick(['ls', 'xxd out.bin', 'cat attr.txt', 'rm out.bin', 'hexdump -C exported.key']);
    case 10: return r.pick(['settings handles simple', 'settings handles realistic', 'mkdir -p nodir']);
    default: return r.pick(['explain 0xc6', 'help', 'echo hi > note.txt', 'foo']);
  }
}

/**
 * A backend that also keeps a shadow of everything committed, so the invariants can be checked
 * after each of 20,000 lines without copying the whole store out every time.
 */
function shadowed(inner: Backend): Backend & { shadow: Map<StoreName, Map<string, StoredRecord>>; dirty: Set<string> } {
  const shadow = new Map<StoreName, Map<string, StoredRecord>>();
  /** Clusters whose records changed since the last check (invariants are per cluster). */
  const dirty = new Set<string>();
  for (const s of ['meta', 'clusters', 'users', 'keys', 'files'] as const) shadow.set(s, new Map());
  return {
    kind: inner.kind,
    shadow,
    dirty,
    get: (store, id) => inner.get(store, id),
    list: (store, prefix) => inner.list(store, prefix),
    async commit(writes, guards) {
      await inner.commit(writes, guards);
      for (const w of writes) {
        const id = w.op === 'put' ? w.value.id : w.id;
        if (w.store === 'clusters' || w.store === 'users' || w.store === 'keys') dirty.add(id.split('/')[0]!);
        if (w.op === 'put') shadow.get(w.store)!.set(w.value.id, structuredClone(w.value));
        else shadow.get(w.store)!.delete(w.id);
      }
    },
    async clear() {
      await inner.clear();
      for (const m of shadow.values()) m.clear();
    },
    close: () => inner.close(),
  };
}

const checkedKeys = new Set<string>();

/** Give `cluster` `count` AES token keys owned by example_user (through the store port). */
async function fillCluster(t: Terminal, cluster: string, count: number): Promise<void> {
  const { Tx } = await import('../../src/hsm/tx');
  const { secretKeyAttrs } = await import('../../src/hsm/keys');
  const { keyRecordId } = await import('../../src/hsm/model');
  const tx = new Tx(t.backend);
  const c = (await tx.get<ClusterRecord>('clusters', cluster))!;
  const value = Buffer.from(AES, 'hex');
  const attrs = secretKeyAttrs({ keyType: KEY_TYPE.AES, value, label: 'filler', id: '', session: false, local: true, extractable: true });
  for (let i = 0; i < count; i++) {
    const index = c.nextIndex + i;
    tx.put<KeyRecord>('keys', {
      id: keyRecordId(cluster, index), rev: 0, cluster, handle: index, index, attrs, value: new Uint8Array(value),
      owner: 3, shared: [], mValue: 0, holders: c.hsms.map((h) => h.node),
    });
  }
  tx.put<ClusterRecord>('clusters', { ...c, nextIndex: c.nextIndex + count });
  await tx.commit();
}

/** Store invariants after every line (issue 4 acceptance). */
async function checkInvariants(t: Terminal, shadow: Map<StoreName, Map<string, StoredRecord>>, dirty: Set<string>): Promise<void> {
  const c = t.session as Console;
  const all = <T>(store: StoreName) => [...shadow.get(store)!.values()] as T[];
  const clusters = all<ClusterRecord>('clusters').filter((cl) => dirty.has(cl.name));
  dirty.clear();
  const users = all<UserRecord>('users');
  const keys = all<KeyRecord>('keys');
  const cus = new Map<string, Set<number>>();
  for (const u of users) if (u.type === 'CU') (cus.get(u.cluster) ?? cus.set(u.cluster, new Set()).get(u.cluster)!).add(u.userId);
  for (const cl of clusters) {
    const nodes = new Set(cl.hsms.map((h) => h.node));
    expect(nodes.size, `${cl.name}: node ids unique`).toBe(cl.hsms.length);
    for (const node of nodes) {
      const mine = users.filter((u) => u.cluster === cl.name && u.node === node);
      expect(new Set(mine.map((u) => u.userId)).size, `${cl.name}/${node}: user ids unique`).toBe(mine.length);
      expect(new Set(mine.map((u) => u.name.toLowerCase())).size, `${cl.name}/${node}: user names unique`).toBe(mine.length);
    }
    const ck = keys.filter((k) => k.cluster === cl.name);
    expect(new Set(ck.map((k) => k.handle)).size, 'handles unique').toBe(ck.length);
    for (const k of ck) {
      const label = `${cl.name} key ${k.handle}`;
      if (!k.id.endsWith(String(k.handle).padStart(10, '0'))) expect.fail(`${label}: id ${k.id}`);
      if (k.holders.length === 0) expect.fail(`${label}: held by no HSM`);
      if (!k.holders.every((n) => nodes.has(n))) expect.fail(`${label}: holders ${k.holders} are not all HSMs of the cluster`);
      const cuIds = cus.get(cl.name) ?? new Set<number>();
      if (!cuIds.has(k.owner)) expect.fail(`${label}: owner ${k.owner} exists as a CU`);
      for (const sh of k.shared) if (!cuIds.has(sh)) expect.fail(`${label}: shared user ${sh} is a CU`);
      expect(k.shared).not.toContain(k.owner);
      const version = `${k.id}@${k.rev}`;
      if (!checkedKeys.has(version)) {
        checkAttributes(k, label, 1);
        checkedKeys.add(version);
      }
    }
  }
  const session = c.kmuSession;
  if (session.sessionKeys.size > 0) expect(session.user, 'session keys belong to a live session').not.toBeNull();
  const tokenHandles = new Set(keys.filter((k) => k.cluster === session.cluster).map((k) => k.handle));
  for (const k of session.sessionKeys.values()) {
    expect(tokenHandles.has(k.handle), `session key ${k.handle} does not share a token key's handle`).toBe(false);
    checkAttributes(k, `session key ${k.handle}`, 0);
  }
}

function checkAttributes(k: KeyRecord, label: string, token: number): void {
  const a = k.attrs;
  expect(a[A.TOKEN], `${label}: TOKEN`).toBe(token);
  expect([2, 3, 4]).toContain(a[A.CLASS]);
  expect(a[A.VALUE_LEN], `${label}: VALUE_LEN`).toBe(k.value.length);
  for (const b of [A.EXTRACTABLE, A.LOCAL, A.SENSITIVE, A.ENCRYPT, A.DECRYPT, A.WRAP, A.UNWRAP, A.SIGN, A.VERIFY]) {
    expect([0, 1], `${label}: boolean ${b}`).toContain(a[b]);
  }
  if (a[A.NEVER_EXTRACTABLE] === 1) expect(a[A.EXTRACTABLE], `${label}: never extractable`).toBe(0);
  if (a[A.KEY_TYPE] === KEY_TYPE.AES) expect([16, 24, 32]).toContain(k.value.length);
  if (a[A.KEY_TYPE] === KEY_TYPE.DES3) expect(k.value.length).toBe(24);
  const kcv = Buffer.from(a[A.KCV] as Uint8Array).toString('hex');
  if (a[A.KEY_TYPE] === KEY_TYPE.AES || a[A.KEY_TYPE] === KEY_TYPE.DES3) {
    const alg = a[A.KEY_TYPE] === KEY_TYPE.AES ? `aes-${k.value.length * 8}-ecb` : 'des-ede3-ecb';
    const c = createCipheriv(alg, Buffer.from(k.value), null).setAutoPadding(false);
    const z = Buffer.concat([c.update(Buffer.alloc(a[A.KEY_TYPE] === KEY_TYPE.AES ? 16 : 8)), c.final()]);
    expect(kcv, `${label}: KCV matches the key`).toBe(z.subarray(0, 3).toString('hex'));
  }
  expect(k.mValue).toBeGreaterThanOrEqual(0);
  expect(k.mValue).toBeLessThanOrEqual(8);
}

function record(cov: Coverage, mode: string, line: string, output: string): void {
  if (mode === 'answer') return;
  const typed = line.trim().split(/\s+/)[0] ?? '';
  const cmu = mode === 'cmu' ? findCmuCommand(typed) : undefined;
  const name = mode === 'kmu' ? findKmuCommand(typed)?.name ?? typed : typeof cmu === 'object' ? cmu.name : typed;
  const key = `${mode}:${name}`;
  let reached = false;
  for (const m of output.matchAll(/(\S+) returned: (0x[0-9a-f]+)/g)) {
    cov.codes.set(m[2]!, (cov.codes.get(m[2]!) ?? 0) + 1);
    if (m[2] !== '0xe3') reached = true;
  }
  for (const m of output.matchAll(/err state (0x[0-9a-f]{8})/g)) {
    const code = '0x' + (parseInt(m[1]!, 16).toString(16).padStart(2, '0'));
    cov.codes.set(code, (cov.codes.get(code) ?? 0) + 1);
  }
  // CMU: anything but a client-side refusal (usage, unknown command, not logged in) reached the HSMs.
  if (mode === 'cmu' && output.trim() !== '' && !/^Error:|Usage:|Invalid command|Ambiguous|User is not logged in/.test(output)) reached = true;
  if (reached) cov.reached.set(key, (cov.reached.get(key) ?? 0) + 1);
}

describe('property: 20,000 random command lines', () => {
  it('never throw, never print a JavaScript error, keep every invariant, and reach every HSM step', async () => {
    const backend = shadowed(createMemoryBackend());
    const t = await openTerminal({ seed: 20_000, scenario: SCENARIO, backend });
    await t.type('cluster clone cluster-2');
    // A third cluster at key capacity (3,300, cluster.md §7), so creations there answer 0xe6.
    await t.type('cluster create full');
    await fillCluster(t, 'full', 3300);
    const r = prng(4242);
    const world: World = { handles: [6, 7, 8, 9, 10, 11], files: Object.keys(SCENARIO.files!).concat(['exported.key', 'wrapped.key', 'wrapped_key', 'out.bin', 'r32.key']) };
    const cov: Coverage = { reached: new Map(), codes: new Map(), lines: 0 };
    const c = t.session as Console;
    for (let i = 0; i < LINES; i++) {
      const prompt = c.prompt;
      const mode = prompt === '$ ' ? 'host' : prompt === 'Command: ' ? 'kmu' : PROMPTS.includes(prompt) || /^server\d+>$/.test(prompt) ? 'cmu' : 'answer';
      let line: string;
      if (mode === 'answer') line = r.pick(['y', 'n', 'y', '1', '0', 'R', 'I', 'A', 'B', 'maybe', r.pick(USERS).password]);
      else if (mode === 'host') line = hostLine(r);
      else if (mode === 'kmu' && c.kmuSession.user === null && r.chance(0.7)) {
        const u = r.pick(USERS.slice(0, 3));
        // Wrong passwords only ever go to mallory: the others must not get locked out (0xe4 is mallory's).
        line = r.chance(0.06) ? `loginHSM -u CU -s mallory -p guess_${r.int(99)}`
          : r.chance(0.04) ? `loginHSM -u ${r.pick(['CO', 'AU', 'PCO'])} -s ${u.name} -p ${u.password}`
          : `loginHSM -u CU -s ${r.chance(0.97) ? u.name : 'nobody'} -p ${u.password}`;
      } else if (mode === 'kmu') line = kmuLine(r, world);
      else line = cmuLine(r, world);
      let output: string;
      try {
        output = await t.type(line);
      } catch (e) {
        throw new Error(`line ${i} (${mode}) threw: ${line}\n${(e as Error).stack}`);
      }
      if (/internal error|TypeError|RangeError|ReferenceError|undefined|NaN|\[object /.test(output)) {
        throw new Error(`line ${i} printed a JavaScript error: ${line}\n${output}`);
      }
      for (const m of output.matchAll(/Key Handle: (\d+)/g)) world.handles.push(Number(m[1]));
      if (world.handles.length > 200) world.handles.splice(5, 50);
      record(cov, mode, line, output);
      cov.lines++;
      try {
        await checkInvariants(t, backend.shadow, backend.dirty);
      } catch (e) {
        throw new Error(`after line ${i} (${mode}): ${line}\n${output}\n${(e as Error).message}`);
      }
    }
    const report = [...cov.reached.entries()].sort().map(([k, n]) => `${k.padEnd(28)} ${n}`).join('\n');
    const codes = [...cov.codes.entries()].sort().map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`HSM steps reached per command:\n${report}\nReturn codes seen: ${codes}`);
    expect(cov.lines).toBe(LINES);
    const kmuNames = KMU_COMMANDS.map((k) => k.name).filter((n) => !NO_HSM_STEP.has(n));
    for (const n of kmuNames) expect(cov.reached.get(`kmu:${n}`) ?? 0, `kmu ${n} reached its HSM step`).toBeGreaterThanOrEqual(100);
    const cmuNames = ['loginHSM', 'logoutHSM', 'createUser', 'deleteUser', 'changePswd', 'listUsers', 'shareKey',
      'findAllKeys', 'getKeyInfo', 'getAttribute', 'setAttribute', 'info', 'getHSMInfo', 'syncKey', 'syncUser'];
    for (const n of cmuNames) expect(cov.reached.get(`cmu:${n}`) ?? 0, `cmu ${n} reached its HSM step`).toBeGreaterThanOrEqual(100);
    for (const code of ['0x00', '0x9d', '0xa3', '0xa8', '0xb3', '0xc6', '0xdb', '0xe0', '0xe1', '0xe2', '0xe3', '0xe4', '0xe5', '0xe6', '0xe7', '0xe8', '0xe9', '0x30000085']) {
      expect(cov.codes.get(code) ?? 0, `code ${code} occurred`).toBeGreaterThan(0);
    }
  }, 600_000);
});
