/**
 * The embed's password derivations (PBKDF2-SHA-256, 100,000 iterations: tens of milliseconds each).
 *
 * - Remembered for the page's life: the same password, salt and iteration count give the same bits,
 *   so a preamble that logs in again (after a logoutHSM, or the API's reset running it once more)
 *   waits for them once. In memory only, gone with the page (as the typed lines and the playground
 *   are); at most KDF_KEEP entries.
 * - Started early: the logins the embed's lines will make (`loginHSM -u CU -s NAME -p PASSWORD` in
 *   key_mgmt_util, `loginHSM CU NAME PASSWORD` in cloudhsm_mgmt_util) by a user of the fresh
 *   playground are derived while the console's parts still load (the platform's PBKDF2 runs off the
 *   page's thread), so the login line finds its bits ready. A guess that is wrong (the preamble
 *   changed that user's password, say) costs one derivation that nothing waits for.
 */
import type { PasswordKdf } from '../crypto/kdf';
import type { DefaultUser } from '../hsm/default-users';

/** How many derivations are remembered (the oldest go first). */
export const KDF_KEEP = 32;

export interface RememberingKdf extends PasswordKdf {
  /** How many derivations the underlying KDF was asked for (tests). */
  readonly derived: number;
}

export function rememberingKdf(kdf: PasswordKdf): RememberingKdf {
  const memo = new Map<string, Promise<Uint8Array>>();
  let derived = 0;
  return {
    get derived() { return derived; },
    derive(password, salt, iterations) {
      const key = `${iterations}\u0000${Array.from(salt, (b) => b.toString(16).padStart(2, '0')).join('')}\u0000${password}`;
      let bits = memo.get(key);
      if (!bits) {
        derived++;
        bits = kdf.derive(password, salt, iterations);
        memo.set(key, bits);
        bits.catch(() => memo.delete(key));
        if (memo.size > KDF_KEEP) memo.delete(memo.keys().next().value!);
      }
      return bits.then((b) => b.slice());
    },
  };
}

/** At most this many logins are derived ahead (a script with many is not a reason to derive many). */
export const EARLY_LOGINS = 4;

/** The user names and passwords the lines log in with, as key_mgmt_util's and cloudhsm_mgmt_util's `loginHSM` take them. */
export function loginsIn(lines: readonly string[]): Array<{ user: string; password: string }> {
  const out: Array<{ user: string; password: string }> = [];
  for (const line of lines) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== 'loginHSM' || words.some((w) => /["'\\$]/.test(w))) continue; // (quoted or expanded words: not guessed)
    let user: string | undefined;
    let password: string | undefined;
    if (words.includes('-p')) {
      for (let i = 1; i + 1 < words.length; i++) {
        if (words[i] === '-s') user = words[i + 1];
        if (words[i] === '-p') password = words[i + 1];
      }
    } else if (words.length === 4) {
      [, , user, password] = words;
    }
    if (user !== undefined && password !== undefined && !out.some((l) => l.user === user && l.password === password)) out.push({ user, password });
  }
  return out.slice(0, EARLY_LOGINS);
}

/** Derive now what the lines' logins by users of the fresh playground will need. */
export function deriveAhead(kdf: PasswordKdf, users: readonly DefaultUser[], lines: readonly string[]): void {
  for (const { user, password } of loginsIn(lines)) {
    const v = users.find((u) => u.name === user)?.verifier;
    if (!v) continue;
    const salt = Uint8Array.from(v.salt.match(/../g) ?? [], (b) => parseInt(b, 16));
    kdf.derive(password, salt, v.iterations).catch(() => {}); // (the login itself reports a failure)
  }
}
