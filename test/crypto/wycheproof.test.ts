/**
 * Project Wycheproof AES-KW (165 cases) and AES-KWP (254 cases); see test/vectors/README.md
 * for the source, licence and how each result class is judged.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, aesKwWrap, aesKwUnwrap, aesKwpWrap, aesKwpUnwrap } from '../../src/crypto/index';
import { hex, unhex, outcome } from './helpers';
import { CORES, useCore } from './cores';

interface Case { tcId: number; comment: string; flags: string[]; key: string; msg: string; ct: string; result: 'valid' | 'acceptable' | 'invalid' }
interface File { numberOfTests: number; testGroups: Array<{ keySize: number; tests: Case[] }> }

const load = (name: string): File => JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8')) as File;
const KW = load('wycheproof_aes_wrap_test.json');
const KWP = load('wycheproof_aes_kwp_test.json');
const cases = (f: File): Case[] => f.testGroups.flatMap((g) => g.tests);

beforeAll(() => initCrypto());

interface Suite {
  name: string;
  file: File;
  total: number;
  counts: Record<Case['result'], number>;
  wrap(k: Uint8Array, m: Uint8Array): Uint8Array;
  unwrap(k: Uint8Array, c: Uint8Array): Uint8Array;
  /** How many invalid cases carry a msg whose size wrap refuses. */
  wrapRefusedInvalid: number;
  /** Sizes the wrap side refuses with RangeError (SP 800-38F §5.3.1 / §6.3). */
  wrapRefuses(msgLen: number): boolean;
}

const suites: Suite[] = [
  {
    name: 'KW (RFC 3394)', file: KW, total: 165, counts: { valid: 36, acceptable: 3, invalid: 126 },
    // WrongDataSize 24 + EmptyKey 3 + ShortKey 3 + InvalidWrappingSize with an illegal msg 21
    wrapRefusedInvalid: 51,
    wrap: (k, m) => aesKwWrap(k, m), unwrap: (k, c) => aesKwUnwrap(k, c),
    wrapRefuses: (n) => n < 16 || n % 8 !== 0,
  },
  {
    name: 'KWP (RFC 5649)', file: KWP, total: 254, counts: { valid: 77, acceptable: 0, invalid: 177 },
    wrapRefusedInvalid: 3, // the empty-key cases
    wrap: aesKwpWrap, unwrap: aesKwpUnwrap,
    wrapRefuses: (n) => n === 0,
  },
];

describe.each(CORES)('core $name', (config) => {
  useCore(config);

  describe.each(suites)('Wycheproof $name', (s) => {
    const all = cases(s.file);

    it('has exactly the expected case counts', () => {
      expect(s.file.numberOfTests).toBe(s.total);
      expect(all.length).toBe(s.total);
      const by = { valid: 0, acceptable: 0, invalid: 0 };
      for (const c of all) by[c.result]++;
      expect(by).toEqual(s.counts);
    });

    it('valid: wrap gives exactly ct, unwrap gives msg', () => {
      let n = 0;
      for (const c of all.filter((x) => x.result === 'valid')) {
        const k = unhex(c.key);
        expect(hex(s.wrap(k, unhex(c.msg))), `tcId ${c.tcId}`).toBe(c.ct);
        expect(hex(s.unwrap(k, unhex(c.ct))), `tcId ${c.tcId}`).toBe(c.msg);
        n++;
      }
      expect(n).toBe(s.counts.valid);
    });

    it('invalid: unwrap refuses with the uniform CryptoError; wrap refuses illegal sizes or differs from ct', () => {
      let n = 0;
      let wrapRefused = 0;
      for (const c of all.filter((x) => x.result === 'invalid')) {
        const k = unhex(c.key);
        expect(outcome(() => s.unwrap(k, unhex(c.ct))), `tcId ${c.tcId} ${c.comment}`).toBe('integrity');
        const msg = unhex(c.msg);
        if (s.wrapRefuses(msg.length)) {
          expect(outcome(() => s.wrap(k, msg)), `tcId ${c.tcId}`).toMatch(/^RangeError: "data" expected/);
          wrapRefused++;
        } else {
          expect(hex(s.wrap(k, msg)), `tcId ${c.tcId}`).not.toBe(c.ct);
        }
        n++;
      }
      expect(n).toBe(s.counts.invalid);
      expect(wrapRefused).toBe(s.wrapRefusedInvalid);
    });

    // Decision (test/vectors/README.md): the 8-byte-key cases (RFC 3394 §2 single-block wrap) are
    // refused, following SP 800-38F §5.3.1 (KW needs >= 2 semiblocks); use KWP for such keys.
    it('acceptable: refused deliberately (SP 800-38F), both directions', () => {
      const acc = all.filter((x) => x.result === 'acceptable');
      expect(acc.length).toBe(s.counts.acceptable);
      for (const c of acc) {
        expect(c.flags).toEqual(['ShortKey']);
        const k = unhex(c.key);
        expect(outcome(() => s.wrap(k, unhex(c.msg)))).toBe(
          'RangeError: "data" expected Uint8Array of length >= 16 and a multiple of 8, got length=8');
        expect(outcome(() => s.unwrap(k, unhex(c.ct)))).toBe('integrity');
      }
    });
  });
});
