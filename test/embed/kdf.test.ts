/**
 * The embed's password KDF (src/embed/kdf.ts): derivations remembered for the page's life, and the
 * logins its lines will make derived ahead, while the console's parts load.
 */
import { describe, expect, it } from 'vitest';
import { deriveAhead, EARLY_LOGINS, loginsIn, rememberingKdf } from '../../src/embed/kdf';
import { pbkdf2Sha256, type PasswordKdf } from '../../src/crypto/kdf';
import { DEFAULT_USERS } from '../../src/hsm/default-users';
import { fromHex, toHex } from '../../src/crypto/hex';

/** A KDF that answers from its arguments at once and counts its calls. */
function counting(): PasswordKdf & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async derive(password, salt, iterations) {
      calls.push(`${password}/${toHex(salt)}/${iterations}`);
      return new TextEncoder().encode(`${password}:${toHex(salt)}:${iterations}`);
    },
  };
}

describe('the logins an embed\'s lines make', () => {
  it('are read from key_mgmt_util\'s and cloudhsm_mgmt_util\'s loginHSM, once each, at most EARLY_LOGINS', () => {
    expect(loginsIn([
      'key_mgmt_util',
      'loginHSM -u CU -s example_user -p example_pwd',
      '  loginHSM -u CO -p co12345 -s admin  ',
      'loginHSM CU example_user example_pwd', // (cloudhsm_mgmt_util's order; the same pair again)
      'loginHSM -u CU -s example_user', // (no password: nothing to derive)
      'loginHSM -u CU -s "example user" -p x', // (quoted: not guessed)
      'echo loginHSM -u CU -s a -p b',
      'genSymKey -t 31 -s 16 -l key',
    ])).toEqual([{ user: 'example_user', password: 'example_pwd' }, { user: 'admin', password: 'co12345' }]);
    const many = Array.from({ length: 10 }, (_, i) => `loginHSM CU u${i} p${i}`);
    expect(loginsIn(many)).toHaveLength(EARLY_LOGINS);
    expect(loginsIn(['loginHSM', 'loginHSM -p', 'loginHSM -s', ''])).toEqual([]);
  });

  it('are derived ahead for users of the fresh playground only, and the login then derives nothing again', async () => {
    const inner = counting();
    const kdf = rememberingKdf(inner);
    deriveAhead(kdf, DEFAULT_USERS, ['loginHSM -u CU -s example_user -p example_pwd', 'loginHSM CU nobody secret', 'loginHSM CU app_user x']);
    expect(kdf.derived).toBe(1); // (nobody is not a user; app_user has no password)
    const cu = DEFAULT_USERS.find((u) => u.name === 'example_user')!.verifier!;
    const bits = await kdf.derive('example_pwd', fromHex(cu.salt), cu.iterations);
    expect(kdf.derived).toBe(1);
    expect(new TextDecoder().decode(bits)).toBe(`example_pwd:${cu.salt}:${cu.iterations}`);
    // a different password is derived (and remembered) on its own
    await kdf.derive('wrong', fromHex(cu.salt), cu.iterations);
    await kdf.derive('wrong', fromHex(cu.salt), cu.iterations);
    expect(kdf.derived).toBe(2);
    expect(inner.calls).toHaveLength(2);
  });

  it('derived ahead with the real PBKDF2, gives the stored verifier of the documented password', async () => {
    const kdf = rememberingKdf(pbkdf2Sha256);
    deriveAhead(kdf, DEFAULT_USERS, ['loginHSM -u CU -s example_user -p example_pwd']);
    const cu = DEFAULT_USERS.find((u) => u.name === 'example_user')!.verifier!;
    expect(toHex(await kdf.derive('example_pwd', fromHex(cu.salt), cu.iterations))).toBe(cu.hash);
    expect(kdf.derived).toBe(1);
  });

  it('a failed derivation is forgotten (the next login tries again)', async () => {
    let fail = true;
    const kdf = rememberingKdf({ derive: async () => { if (fail) throw new Error('busy'); return new Uint8Array([1]); } });
    await expect(kdf.derive('p', new Uint8Array([1]), 1)).rejects.toThrow('busy');
    fail = false;
    await expect(kdf.derive('p', new Uint8Array([1]), 1)).resolves.toEqual(new Uint8Array([1]));
    expect(kdf.derived).toBe(2);
  });
});
