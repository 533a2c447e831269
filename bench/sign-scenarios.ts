/**
 * The signature benchmark itself (issue 12's acceptance), environment-agnostic: the same code runs
 * in Node (under Vitest, bench/sign.bench.ts) and in headless Chromium (bench/sign-browser/, built
 * by Vite and driven by playwright-core from the same bench file).
 *
 * A console of the real engine (the page's memory store: the read cache over memory; not seeded) logs in to key_mgmt_util and generates an
 * RSA-2048 and a P-256 pair with the real commands. Then, for RSA-2048 SHA256_RSA_PKCS (-m 1) and
 * P-256 ECDSA_SHA256 (-m 17), sign and verify of a 256-byte message are timed four ways:
 * - `operation`: src/hsm/ops/signatures.ts through the runner (one unit of work: the key looked up
 *   in the store, the checks, the crypto layer with its CryptoKey cache warm) — what `sign` and
 *   `verify` call;
 * - `crypto layer`: src/crypto/asym's sign/verify with the key's cache name (CryptoKey cache warm);
 * - `WebCrypto (key held)`: crypto.subtle.sign/verify with a CryptoKey imported once — the floor;
 * - `command`: the whole `sign -f … -out …` / `verify …` line through Console.submit (parse, the
 *   operation, the file read and written, the output text; no terminal view).
 * Method as bench/aeskw-scenarios.ts: every case is checked once, warmed up, then SAMPLES rounds
 * in which each case of a scenario takes one sample of >= sampleMs (order rotated each round).
 * Reported: median ops/s and µs/op, and the overhead over WebCrypto two ways: from those medians,
 * and paired round by round (SignCase.pairedPct). No timing is ever asserted.
 */
import { initCrypto } from '../src/crypto/index';
import { systemRng } from '../src/crypto/rng';
import { systemClock } from '../src/hsm/clock';
import { sign as asymSign, verify as asymVerify } from '../src/crypto/asym/index';
import { cachedBackend } from '../src/hsm/cached-backend';
import { createMemoryBackend } from '../src/hsm/memory-backend';
import { lookupKey } from '../src/hsm/keys';
import { runOp } from '../src/hsm/ops/runner';
import { signData, verifyData } from '../src/hsm/ops/signatures';
import { cacheKeyOf } from '../src/hsm/pairs';
import { PROGRAMS } from '../src/commands/programs';
import { createConsole } from '../src/shell/console';
import type { KeyRecord } from '../src/hsm/model';

export interface SignBenchOptions {
  samples: number;
  sampleMs: number;
  log?: (line: string) => void;
}

export interface SignCase {
  impl: string;
  opsPerSec: number;
  usPerOp: number;
  spreadPct: number;
  samples: number[];
  /**
   * The overhead over the scenario's first case (WebCrypto), paired: the median over the rounds of
   * this case's µs/op over WebCrypto's in the same round, minus 1, in % (0 for WebCrypto itself).
   * A round's samples are taken one right after the other, so a slow spell of the machine that
   * lasts a few rounds shifts both sides of a pair; the two medians of µs/op, taken each over all
   * rounds apart, do not pair them and can differ by a few % from run to run for that alone.
   */
  pairedPct: number;
}

export interface SignScenario {
  id: string;
  title: string;
  cases: SignCase[];
}

export interface SignBenchResult {
  scenarios: SignScenario[];
  /** ms of the two key generations through the commands (WebCrypto in this unseeded console). */
  generateMs: { rsa2048: number; p256: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Op = () => Promise<unknown>;

async function timeOnce(op: Op, iterations: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) await op();
  return performance.now() - t0;
}

/** Iterations that take about `ms`. */
async function calibrate(op: Op, ms: number): Promise<number> {
  let n = 1;
  for (;;) {
    const t = await timeOnce(op, n);
    if (t >= ms / 4 || n >= 1 << 20) return Math.max(1, Math.ceil((n * ms) / Math.max(t, 0.001)));
    n *= 2;
  }
}

async function scenario(id: string, title: string, cases: Array<[string, Op]>, opts: SignBenchOptions): Promise<SignScenario> {
  const iters = new Map<string, number>();
  for (const [name, op] of cases) iters.set(name, await calibrate(op, opts.sampleMs));
  const samples = new Map<string, number[]>(cases.map(([n]) => [n, []]));
  for (let round = 0; round < opts.samples; round++) {
    for (let k = 0; k < cases.length; k++) {
      const [name, op] = cases[(k + round) % cases.length]!;
      const n = iters.get(name)!;
      await timeOnce(op, Math.max(1, n >> 3)); // untimed re-warm-up
      const ms = await timeOnce(op, n);
      samples.get(name)!.push((n * 1000) / ms);
    }
  }
  const floor = samples.get(cases[0]![0])!; // ops/s of WebCrypto, round by round
  const out = cases.map(([impl]) => {
    const xs = samples.get(impl)!;
    const ops = median(xs);
    const pairedPct = (median(xs.map((x, round) => floor[round]! / x)) - 1) * 100; // (µs/op ratio = inverse ops/s ratio)
    return { impl, opsPerSec: ops, usPerOp: 1e6 / ops, spreadPct: ((Math.max(...xs) - Math.min(...xs)) / 2 / ops) * 100, samples: xs, pairedPct };
  });
  opts.log?.(`${id}: ${out.map((c) => `${c.impl} ${c.opsPerSec.toFixed(0)}/s`).join(', ')}`);
  return { id, title, cases: out };
}

const MSG: Uint8Array<ArrayBuffer> = Uint8Array.from({ length: 256 }, (_, i) => (i * 7 + 3) & 0xff);

export async function runSignBench(opts: SignBenchOptions): Promise<SignBenchResult> {
  await initCrypto();
  let text = '';
  const con = await createConsole({
    // the page's store in memory mode (src/platform/open-storage.ts): the read cache over the memory
    // store, so a warm operation reads frozen records (the raw memory store copies and re-checks each one)
    backend: cachedBackend(createMemoryBackend()), rng: systemRng(), clock: systemClock,
    programs: PROGRAMS, output: { write: (t) => { text += t; }, clear: () => { text = ''; } },
  });
  await con.start();
  const run = async (line: string): Promise<string> => {
    text = '';
    await con.submit(line);
    return text;
  };
  const { writeFile } = await import('../src/hsm/vfs');
  await con.hsm.transact(async (tx) => { await writeFile(tx, '/home/user/msg', MSG, Date.now()); });
  await run('key_mgmt_util');
  const login = await run('loginHSM -u CU -s example_user -p example_pwd');
  if (!login.includes('Cfm3LoginHSM returned: 0x00')) throw new Error(`login: ${login}`);
  const handles = (out: string) => {
    const m = /public key handle: (\d+)\s+private key handle: (\d+)/.exec(out);
    if (!m) throw new Error(`no pair: ${out}`);
    return { pub: Number(m[1]), priv: Number(m[2]) };
  };
  let t0 = performance.now();
  const rsa = handles(await run('genRSAKeyPair -m 2048 -e 65537 -l bench-rsa'));
  const rsaMs = performance.now() - t0;
  t0 = performance.now();
  const ec = handles(await run('genECCKeyPair -i 2 -l bench-ec'));
  const ecMs = performance.now() - t0;

  const hsm = con.hsm;
  const session = con.kmuSession;
  const record = (h: number) => hsm.transact((tx) => lookupKey(tx, session, h)) as Promise<KeyRecord>;
  const scenarios: SignScenario[] = [];
  for (const [name, h, m, wc] of [
    ['RSA-2048 SHA256_RSA_PKCS (-m 1)', rsa, 1, { sign: { name: 'RSASSA-PKCS1-v1_5' } as AlgorithmIdentifier, imp: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as RsaHashedImportParams }],
    ['P-256 ECDSA_SHA256 (-m 17)', ec, 17, { sign: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams, imp: { name: 'ECDSA', namedCurve: 'P-256' } as EcKeyImportParams }],
  ] as const) {
    const priv = await record(h.priv);
    const pub = await record(h.pub);
    const mech = m === 1 ? { scheme: 'rsa-pkcs1' as const, hash: 'SHA-256' as const } : { scheme: 'ecdsa' as const, hash: 'SHA-256' as const };
    const privKey = await crypto.subtle.importKey('pkcs8', priv.value.slice() as Uint8Array<ArrayBuffer>, wc.imp, false, ['sign']);
    const pubKey = await crypto.subtle.importKey('spki', pub.value.slice() as Uint8Array<ArrayBuffer>, wc.imp, false, ['verify']);
    const sig = await asymSign(priv.value, mech, MSG, { cacheKey: cacheKeyOf(priv, session) });
    // WebCrypto's own signature (ECDSA: raw r‖s, where the HSM's is DER) for its verify case
    const wcSig = await crypto.subtle.sign(wc.sign, privKey, MSG);
    if (!(await crypto.subtle.verify(wc.sign, pubKey, wcSig, MSG))) throw new Error(`${name}: WebCrypto disagrees with itself`);
    // correctness gate: every case agrees before it is timed
    const op = await runOp(hsm, (scope) => signData(scope, session, { k: h.priv, m, data: MSG }), { serving: session });
    if (op.code !== 0 || !(await asymVerify(pub.value, mech, MSG, op.signature!))) throw new Error(`${name}: the operation's signature does not verify`);
    if (!(await asymVerify(pub.value, mech, MSG, sig, { cacheKey: cacheKeyOf(pub, session) }))) throw new Error(`${name}: the crypto layer disagrees`);
    const cmd = await run(`sign -f msg -k ${h.priv} -m ${m} -out msg.sig`);
    if (!cmd.includes('signature is written to file msg.sig')) throw new Error(`${name}: sign: ${cmd}`);
    const ver = await run(`verify -f msg -s msg.sig -k ${h.pub} -m ${m}`);
    if (!ver.includes('Signature verification successful')) throw new Error(`${name}: verify: ${ver}`);

    scenarios.push(await scenario(`sign ${name}`, `sign, ${name}, 256-byte message`, [
      ['WebCrypto (key held)', () => crypto.subtle.sign(wc.sign, privKey, MSG)],
      ['crypto layer (cache warm)', () => asymSign(priv.value, mech, MSG, { cacheKey: cacheKeyOf(priv, session) })],
      ['operation (runner + store + checks)', () => runOp(hsm, (scope) => signData(scope, session, { k: h.priv, m, data: MSG }), { serving: session })],
      ['command (Console.submit, file in and out)', () => run(`sign -f msg -k ${h.priv} -m ${m} -out msg.sig`)],
    ], opts));
    scenarios.push(await scenario(`verify ${name}`, `verify, ${name}, 256-byte message`, [
      ['WebCrypto (key held)', () => crypto.subtle.verify(wc.sign, pubKey, wcSig, MSG)],
      ['crypto layer (cache warm)', () => asymVerify(pub.value, mech, MSG, sig, { cacheKey: cacheKeyOf(pub, session) })],
      ['operation (runner + store + checks)', () => runOp(hsm, (scope) => verifyData(scope, session, { k: h.pub, m, data: MSG, signature: sig }), { serving: session })],
      ['command (Console.submit, files in)', () => run(`verify -f msg -s msg.sig -k ${h.pub} -m ${m}`)],
    ], opts));
  }
  return { scenarios, generateMs: { rsa2048: rsaMs, p256: ecMs } };
}
