/**
 * Project Wycheproof AES-GCM (testvectors_v1/aes_gcm_test.json, 316 cases; source and licence in
 * test/vectors/README.md) for every tag length key_mgmt_util accepts (8..16 bytes), on every AES
 * core and build. Wycheproof's tags are all 128-bit: a GCM tag truncated to t bytes is the first
 * t bytes of the full tag (SP 800-38D §7.1 step 6, MSB_t), so each valid case is also checked
 * truncated, and each ModifiedTag case is judged by where its modification falls.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto/index';
import { aesGcmDecrypt, aesGcmEncrypt } from '../../src/crypto/gcm';
import { hex, unhex, outcome } from './helpers';
import { CORES, useCore } from './cores';

interface Case { tcId: number; comment: string; flags: string[]; key: string; iv: string; aad: string; msg: string; ct: string; tag: string; result: 'valid' | 'invalid' }
interface File { numberOfTests: number; testGroups: Array<{ keySize: number; ivSize: number; tagSize: number; tests: Case[] }> }

const FILE = JSON.parse(readFileSync(new URL('../vectors/wycheproof_aes_gcm_test.json', import.meta.url), 'utf8')) as File;
const ALL = FILE.testGroups.flatMap((g) => g.tests);
const TAG_LENGTHS = [8, 9, 10, 11, 12, 13, 14, 15, 16] as const;

/** Index of the first byte where a and b differ (hex strings of equal length), or -1. */
function firstDiff(a: string, b: string): number {
  for (let i = 0; i < a.length; i += 2) if (a.slice(i, i + 2) !== b.slice(i, i + 2)) return i / 2;
  return -1;
}

beforeAll(() => initCrypto());

describe('Wycheproof aes_gcm_test.json', () => {
  it('has the cases this suite expects', () => {
    expect(FILE.numberOfTests).toBe(316);
    expect(ALL.length).toBe(316);
    expect(ALL.filter((c) => c.result === 'valid').length).toBe(229);
    expect(ALL.filter((c) => c.result === 'invalid').length).toBe(87);
    expect(FILE.testGroups.every((g) => g.tagSize === 128)).toBe(true);
  });
});

describe.each(CORES)('core $name', (config) => {
  useCore(config);

  it('valid cases: encrypt gives ct ‖ tag and decrypt gives msg, at every tag length 8..16', () => {
    let checked = 0;
    for (const c of ALL.filter((x) => x.result === 'valid')) {
      const [key, iv, aad, msg] = [unhex(c.key), unhex(c.iv), unhex(c.aad), unhex(c.msg)];
      for (const t of TAG_LENGTHS) {
        const want = c.ct + c.tag.slice(0, 2 * t);
        expect(hex(aesGcmEncrypt(key, iv, msg, aad, t)), `tcId ${c.tcId} tag ${t}`).toBe(want);
        expect(hex(aesGcmDecrypt(key, iv, unhex(want), aad, t)), `tcId ${c.tcId} tag ${t}`).toBe(c.msg);
        // the last tag bit flipped: refused
        const bad = unhex(want);
        bad[bad.length - 1]! ^= 0x01;
        expect(outcome(() => aesGcmDecrypt(key, iv, bad, aad, t)), `tcId ${c.tcId} tag ${t}`).toBe('integrity');
        checked++;
      }
    }
    expect(checked).toBe(229 * 9);
  });

  it('ModifiedTag cases: refused when the change is inside the first t tag bytes, accepted when it is past them', () => {
    const cases = ALL.filter((x) => x.flags.includes('ModifiedTag'));
    expect(cases.length).toBe(81);
    let refused = 0;
    let accepted = 0;
    for (const c of cases) {
      const [key, iv, aad] = [unhex(c.key), unhex(c.iv), unhex(c.aad)];
      // the correct tag of this (key, iv, aad, ct): from the decryption side of a valid encryption
      const good = hex(aesGcmEncrypt(key, iv, unhex(c.msg), aad, 16)).slice(-32);
      expect(hex(aesGcmEncrypt(key, iv, unhex(c.msg), aad, 16)).slice(0, -32), `tcId ${c.tcId}`).toBe(c.ct);
      const at = firstDiff(good, c.tag);
      expect(at, `tcId ${c.tcId}: the tag differs`).toBeGreaterThanOrEqual(0);
      for (const t of TAG_LENGTHS) {
        const sealed = unhex(c.ct + c.tag.slice(0, 2 * t));
        const result = outcome(() => aesGcmDecrypt(key, iv, sealed, aad, t));
        if (at < t) {
          expect(result, `tcId ${c.tcId} tag ${t}`).toBe('integrity');
          refused++;
        } else {
          expect(result, `tcId ${c.tcId} tag ${t}: the truncated tag is unchanged`).toBe('ok');
          accepted++;
        }
      }
    }
    expect(refused + accepted).toBe(81 * 9);
    expect(refused).toBeGreaterThan(accepted);
    expect(accepted).toBeGreaterThan(0);
  });

  it('ZeroLengthIv cases: refused with RangeError both ways (SP 800-38D §5.2.1.1: len(IV) >= 1)', () => {
    const cases = ALL.filter((x) => x.flags.includes('ZeroLengthIv'));
    expect(cases.length).toBe(6);
    for (const c of cases) {
      const [key, aad] = [unhex(c.key), unhex(c.aad)];
      expect(outcome(() => aesGcmEncrypt(key, new Uint8Array(0), unhex(c.msg), aad, 16))).toMatch(/^RangeError: "iv"/);
      expect(outcome(() => aesGcmDecrypt(key, new Uint8Array(0), unhex(c.ct + c.tag), aad, 16))).toMatch(/^RangeError: "iv"/);
    }
  });

  it('every invalid case is one of the two kinds above', () => {
    for (const c of ALL.filter((x) => x.result === 'invalid')) {
      expect(c.flags.includes('ModifiedTag') || c.flags.includes('ZeroLengthIv'), `tcId ${c.tcId}`).toBe(true);
    }
  });
});
