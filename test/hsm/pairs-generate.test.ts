/**
 * How a pair is generated (issue 12 points 3–4): through the keygen port (the page's worker) when
 * WebCrypto may not (seeded mode, e ≠ 65537, P-224, secp256k1, DSA) with the 32 seed bytes drawn
 * before the unit of work; a retried commit never generates again; a long generation shows a
 * progress line outside the transcript and clears it; Ctrl-C abandons it and a failed generation
 * leaves nothing behind.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPairFromSeed, type KeyPairDer, type KeyPairSpec } from '../../src/crypto/asym/index';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { ConflictError, type Backend } from '../../src/hsm/store';
import type { HsmDeps } from '../../src/hsm/world';
import type { Console } from '../../src/shell/console';
import { openTerminal, type Terminal } from '../support/transcript';

const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
let t: Terminal;
let calls: Array<{ spec: KeyPairSpec; seed: string }>;
let backend: Backend;
/** Commits to refuse with a conflict (another tab won the race), counted down. */
let conflicts = 0;

const deps = () => (t.session as Console).hsm.deps as HsmDeps;
/** A keygen port that records its calls and generates inline (as the worker would). */
const recording: NonNullable<HsmDeps['keygen']> = async (spec, seed, opts) => {
  calls.push({ spec, seed: Buffer.from(seed).toString('hex') });
  opts?.progress?.(0.5);
  return generateKeyPairFromSeed(spec, seed);
};
const keyCount = async () => (await backend.list('keys')).length;

beforeEach(async () => {
  calls = [];
  conflicts = 0;
  const mem = createMemoryBackend();
  backend = {
    ...mem, kind: mem.kind, get: mem.get.bind(mem), list: mem.list.bind(mem), clear: mem.clear.bind(mem), close: mem.close.bind(mem),
    commit: async (writes, guards) => {
      if (conflicts > 0 && writes.some((w) => w.store === 'keys')) {
        conflicts--;
        throw new ConflictError({ store: 'clusters', id: 'cluster-1', rev: 1 }, 2);
      }
      return mem.commit(writes, guards);
    },
  };
  t = await openTerminal({ backend, scenario: { servingNode: 0, handles: 'simple' } });
  deps().keygen = recording;
});

async function kmu(seed?: number): Promise<void> {
  if (seed !== undefined) await t.type(`settings seed ${seed}`);
  await t.type('key_mgmt_util');
  await t.type(LOGIN);
}

describe('the keygen port', () => {
  it('seeded mode: every spec goes through the port, with 32 seed bytes; the same seed gives the same seed bytes', async () => {
    await kmu(99);
    await t.type('genECCKeyPair -i 2 -l a');
    await t.type('genRSAKeyPair -m 2048 -e 65537 -l b');
    expect(calls.map((c) => c.spec)).toEqual([{ kind: 'ec', curve: 'P-256' }, { kind: 'rsa', bits: 2048, exponent: 65537n }]);
    expect(calls.every((c) => c.seed.length === 64)).toBe(true);
    const first = calls.map((c) => c.seed);
    calls = [];
    await t.type('exit');
    await t.type('settings seed 99');
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    await t.type('genECCKeyPair -i 2 -l a');
    await t.type('genRSAKeyPair -m 2048 -e 65537 -l b');
    expect(calls.map((c) => c.seed)).toEqual(first);
  }, 60_000);

  it('not seeded: WebCrypto for e = 65537 and P-256/384/521; the port for e = 195193, P-224, secp256k1', async () => {
    await kmu();
    await t.type('genECCKeyPair -i 2 -l a');
    await t.type('genECCKeyPair -i 15 -l a');
    expect(calls).toEqual([]);
    await t.type('genECCKeyPair -i 13 -l a');
    await t.type('genECCKeyPair -i 16 -l a');
    await t.type('genRSAKeyPair -m 2048 -e 195193 -l x');
    expect(calls.map((c) => c.spec)).toEqual([
      { kind: 'ec', curve: 'P-224' }, { kind: 'ec', curve: 'secp256k1' }, { kind: 'rsa', bits: 2048, exponent: 195193n },
    ]);
    expect(await keyCount()).toBe(10);
  }, 60_000);

  it('a commit that loses a race is retried without generating again (the seed is drawn once, before the unit of work)', async () => {
    await kmu(5);
    conflicts = 2;
    expect(await t.type('genECCKeyPair -i 16 -l raced')).toContain('public key handle: 6    private key handle: 7');
    expect(conflicts).toBe(0);
    expect(calls).toHaveLength(1);
    expect(await keyCount()).toBe(2);
  });
});

describe('progress, Ctrl-C, failures', () => {
  it('RSA-4096 (and DSA) show a progress line outside the transcript, cleared afterwards; a P-256 pair shows none', async () => {
    await kmu(3);
    deps().keygen = async (spec, seed, opts) => {
      opts?.progress?.(0.25);
      opts?.progress?.(0.5);
      return generateKeyPairFromSeed({ kind: 'ec', curve: 'P-256' }, seed); // stands in for the slow generation
    };
    t.notices.length = 0;
    const out = await t.type('genRSAKeyPair -m 4096 -e 65537 -l big');
    expect(out).toContain('Cfm3GenerateKeyPair returned: 0x00');
    expect(out).not.toContain('Generating');
    expect(t.notices).toEqual([
      'Generating an RSA 4096-bit key pair…', 'Generating an RSA 4096-bit key pair… 25%', 'Generating an RSA 4096-bit key pair… 50%', null,
    ]);
    t.notices.length = 0;
    await t.type('genECCKeyPair -i 2 -l small');
    expect(t.notices).toEqual([]);
  });

  it('Ctrl-C during the generation: the command is interrupted, the port sees the abort, nothing is stored', async () => {
    await kmu(4);
    let seen: AbortSignal | undefined;
    let started!: () => void;
    const running = new Promise<void>((r) => { started = r; });
    deps().keygen = (_spec, _seed, opts) => new Promise<KeyPairDer>((_resolve, reject) => {
      seen = opts?.signal;
      opts?.signal?.addEventListener('abort', () => reject(opts.signal!.reason));
      started();
    });
    const before = await keyCount();
    const typed = t.type('genRSAKeyPair -m 4096 -e 65537 -l never');
    await running;
    expect(t.session.interrupt()).toBe(true);
    expect(await typed).toBe('\n\n');
    expect(seen?.aborted).toBe(true);
    expect(t.notices.at(-1)).toBeNull();
    expect(await keyCount()).toBe(before);
    // the console is usable again and the next pair takes the next indexes
    deps().keygen = recording;
    expect(await t.type('genECCKeyPair -i 2 -l after')).toContain('public key handle: 6    private key handle: 7');
  });

  it('a generation that fails leaves nothing and says so', async () => {
    await kmu(6);
    deps().keygen = async () => { throw new Error('worker could not start'); };
    const out = await t.type('genDSAKeyPair -m 2048 -l broken');
    expect(out).toBe('\n        Error: key generation failed (worker could not start); nothing was changed\n\n');
    expect(await keyCount()).toBe(0);
  });
});
