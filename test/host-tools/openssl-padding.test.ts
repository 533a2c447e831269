/**
 * `openssl rsautl -verify` and `pkeyutl -verify` on a block that is not PKCS #1 type 1 padding: the
 * error line names the first fault, as OpenSSL 3.0.19's RSA_padding_check_PKCS1_type_1 does. The
 * expected lines were printed by the real openssl 3.0.19 for blocks made for each fault (signed raw
 * with a 1024-bit key, then verified); a random signature used to hit the second case one time in
 * 256, and the differential test (openssl.test.ts) then failed.
 */
import { describe, expect, it } from 'vitest';
import { checkPad1, pad1Error } from '../../src/commands/host/openssl-rsa';

const K = 128;
const bytes = (...parts: Array<number | [number, number]>) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : Array<number>(p[1]).fill(p[0]))));
/** The part of the error line after the thread id, as openssl printed it. */
const reason = (line: string) => line.slice(line.indexOf(':error:') + 1);

describe('type 1 padding faults, in OpenSSL\'s order', () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ['first byte not 0', bytes(1, [0, K - 1]), 'error:0200008A:rsa routines:RSA_padding_check_PKCS1_type_1:invalid padding:../crypto/rsa/rsa_pk1.c:75:'],
    ['block type 02', bytes(0, 2, [0xff, K - 3], 0), 'error:0200006A:rsa routines:RSA_padding_check_PKCS1_type_1:block type is not 01:../crypto/rsa/rsa_pk1.c:82:'],
    ['a byte other than ff in the padding', bytes(0, 1, [0xff, 5], 0x33, [0xff, K - 9], 0), 'error:02000066:rsa routines:RSA_padding_check_PKCS1_type_1:bad fixed header decrypt:../crypto/rsa/rsa_pk1.c:94:'],
    ['no zero after the padding', bytes(0, 1, [0xff, K - 2]), 'error:02000071:rsa routines:RSA_padding_check_PKCS1_type_1:null before block missing:../crypto/rsa/rsa_pk1.c:102:'],
    ['five bytes of padding', bytes(0, 1, [0xff, 5], 0, [0x41, K - 8]), 'error:02000067:rsa routines:RSA_padding_check_PKCS1_type_1:bad pad byte count:../crypto/rsa/rsa_pk1.c:107:'],
    ['no padding at all', bytes(0, 1, 0, [0x41, K - 3]), 'error:02000067:rsa routines:RSA_padding_check_PKCS1_type_1:bad pad byte count:../crypto/rsa/rsa_pk1.c:107:'],
  ];
  it.each(cases)('%s', (_name, em, line) => {
    const r = checkPad1(em);
    expect('error' in r && reason(r.error)).toBe(line);
    expect(reason(pad1Error(em))).toBe(line);
  });

  it('eight bytes of padding and a zero: what follows', () => {
    const r = checkPad1(bytes(0, 1, [0xff, 8], 0, [0x41, K - 11]));
    expect('data' in r && Array.from(r.data)).toEqual(Array<number>(K - 11).fill(0x41));
  });

  it('no block (a signature of the wrong length): invalid padding, as before', () => {
    expect(reason(pad1Error(undefined))).toBe(cases[0]![2]);
  });
});
