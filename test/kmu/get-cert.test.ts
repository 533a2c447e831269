/**
 * getCert (kmu-commands.md §6.3, G-43): the canonical block, -t as a synonym of -s, the irregular
 * return line on failure too, and the chain itself — every type parses with node:crypto, 8 → 4 and
 * 16 → 2 → 1 verify with node:crypto and `openssl verify`, the chain is the same every time it is
 * asked for (made once and kept), a clone keeps the customer root, another cluster has its own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { openTerminal, type Terminal } from '../support/transcript';
import { fileBytes, H } from './keys-support';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/kmu/${name}.txt`, import.meta.url), 'utf8').replace(/\n$/, '');
const HOME = '/home/user/';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const TYPES = [1, 2, 4, 8, 16] as const;

async function kmu(opts: Parameters<typeof openTerminal>[0] = {}): Promise<Terminal> {
  const t = await openTerminal({ scenario: { servingNode: 1 }, ...opts });
  await t.type('key_mgmt_util');
  await t.type(LOGIN);
  return t;
}

async function chain(t: Terminal): Promise<Record<number, string>> {
  const out: Record<number, string> = {};
  for (const s of TYPES) {
    expect(await t.type(`getCert -f c${s}.pem -s ${s}`)).toBe('\nCfm3GetCert() returned 0 :HSM Return: SUCCESS\n\n');
    out[s] = (await fileBytes(t, `${HOME}c${s}.pem`))!.toString('utf8');
  }
  return out;
}

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('getCert', () => {
  let t: Terminal;
  let pems: Record<number, string>;
  beforeAll(async () => {
    t = await kmu();
    pems = await chain(t);
  });

  it('the canonical block (§6.3)', async () => {
    const want = fixture('getCert');
    expect(await t.block(want.split('\n')[0]!.replace(/^Command: /, ''))).toBe(want + '\n');
    expect((await fileBytes(t, HOME + 'userRoot.crt'))!.toString()).toBe(pems[4]);
  });

  it('-t is a synonym of -s; other types, a missing type and no login are refused', async () => {
    expect(await t.type('getCert -f t8.pem -t 8')).toBe('\nCfm3GetCert() returned 0 :HSM Return: SUCCESS\n\n');
    expect((await fileBytes(t, HOME + 't8.pem'))!.toString()).toBe(pems[8]);
    expect(await t.type('getCert -f x.pem -s 3')).toBe(`\n${H}Error: Invalid value (3) for parameter (-s).\n\n`);
    expect(await t.type('getCert -f x.pem -t 32')).toBe(`\n${H}Error: Invalid value (32) for parameter (-s).\n\n`);
    expect((await t.type('getCert -f x.pem')).startsWith(`\n${H}Error: Required parameter (-s) is missing.\n\n${H}Description\n`)).toBe(true);
    const help = await t.type('getCert -h');
    expect(help).toContain(`${H}-s  Required  which certificate`);
    expect(help).not.toContain(`${H}-t  `);
    await t.type('logoutHSM');
    expect(await t.type('getCert -f x.pem -s 4')).toBe('\nCfm3GetCert() returned 227 :HSM Error: User is not logged in\n\n');
    expect(await fileBytes(t, HOME + 'x.pem')).toBeUndefined();
    await t.type(LOGIN);
  });

  it('every certificate parses; 8 → 4 and 16 → 2 → 1 verify with node:crypto', () => {
    const c = Object.fromEntries(TYPES.map((s) => [s, new X509Certificate(pems[s]!)])) as Record<number, X509Certificate>;
    for (const s of TYPES) expect(pems[s]).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
    expect(c[1]!.verify(c[1]!.publicKey)).toBe(true);
    expect(c[2]!.verify(c[1]!.publicKey)).toBe(true);
    expect(c[16]!.verify(c[2]!.publicKey)).toBe(true);
    expect(c[4]!.verify(c[4]!.publicKey)).toBe(true);
    expect(c[8]!.verify(c[4]!.publicKey)).toBe(true);
    expect(c[8]!.verify(c[1]!.publicKey)).toBe(false);
    expect(c[2]!.checkIssued(c[1]!)).toBe(true);
    expect(c[16]!.checkIssued(c[2]!)).toBe(true);
    expect(c[8]!.checkIssued(c[4]!)).toBe(true);
    // 8 and 16 certify one cluster key; the CAs say so, the cluster certificates are no CAs.
    expect(c[8]!.publicKey.export({ type: 'spki', format: 'der' })).toEqual(c[16]!.publicKey.export({ type: 'spki', format: 'der' }));
    expect(c[8]!.subject).toBe(c[16]!.subject);
    for (const s of [1, 2, 4]) expect(c[s]!.ca).toBe(true);
    for (const s of [8, 16]) expect(c[s]!.ca).toBe(false);
    expect(c[2]!.subject).toContain('HSM cluster-1/1');
    // Valid now, by the injected clock.
    const now = t.clock.now();
    for (const s of TYPES) expect(Date.parse(c[s]!.validFrom) <= now && now <= Date.parse(c[s]!.validTo)).toBe(true);
  });

  it('the chains verify with openssl verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'getcert-'));
    for (const s of TYPES) writeFileSync(join(dir, `c${s}.pem`), pems[s]!);
    const f = (s: number) => join(dir, `c${s}.pem`);
    expect(openssl(['verify', '-CAfile', f(4), f(8)])).toBe(`${f(8)}: OK\n`);
    expect(openssl(['verify', '-CAfile', f(1), '-untrusted', f(2), f(16)])).toBe(`${f(16)}: OK\n`);
    expect(openssl(['verify', '-CAfile', f(1), f(2)])).toBe(`${f(2)}: OK\n`);
    expect(() => openssl(['verify', '-CAfile', f(1), f(8)])).toThrow();
    expect(openssl(['x509', '-in', f(16), '-noout', '-issuer'])).toContain('HSM cluster-1/1 hardware certificate');
  });

  it('made once and kept: the same bytes in a new session, a new console on the same store, and from the same seed', async () => {
    const backend = createMemoryBackend();
    const a = await kmu({ backend });
    const first = await chain(a);
    await a.type('logoutHSM');
    await a.type(LOGIN);
    expect(await chain(a)).toEqual(first);
    const b = await openTerminal({ backend });
    await b.type('key_mgmt_util');
    await b.type(LOGIN);
    const second = await chain(b);
    expect(second[1]).toBe(first[1]);
    expect(second[4]).toBe(first[4]);
    expect(second[8]).toBe(first[8]);
    const seeded = await kmu({ seed: 42 });
    expect(await chain(seeded)).toEqual(pems);
  });

  it('another HSM serves another hardware certificate; a clone keeps the customer root; another cluster has its own', async () => {
    const other = await kmu({ scenario: { servingNode: 2 } });
    const viaNode2 = await chain(other);
    expect(viaNode2[1]).toBe(pems[1]);
    expect(viaNode2[2]).not.toBe(pems[2]);
    expect(viaNode2[4]).toBe(pems[4]);
    expect(viaNode2[8]).toBe(pems[8]);
    const c = await openTerminal({ scenario: { servingNode: 1 } });
    await c.type('cluster clone copy');
    await c.type('cluster create fresh');
    await c.type('cluster use copy');
    await c.type('key_mgmt_util');
    await c.type(LOGIN);
    const copy = await chain(c);
    expect(copy[4]).toBe(pems[4]);
    expect(copy[8]).not.toBe(pems[8]);
    expect(new X509Certificate(copy[8]!).verify(new X509Certificate(pems[4]!).publicKey)).toBe(true);
    await c.type('exit');
    await c.type('cluster use fresh');
    await c.type('key_mgmt_util');
    await c.type(LOGIN);
    const fresh = await chain(c);
    expect(fresh[1]).toBe(pems[1]);
    expect(fresh[4]).not.toBe(pems[4]);
  });
});
