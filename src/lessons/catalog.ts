/**
 * The lessons, in the order the list shows them. Each entry names its file, which loads when the
 * lesson opens (lessons are not in the first prompt's JavaScript). Title and summary repeat the
 * file's (test/lessons/catalog.test.ts checks they agree, and that ids are unique).
 */
import type { LessonEntry } from './format';

export const LESSONS: readonly LessonEntry[] = [
  {
    id: 'imsymkey-import',
    title: 'Import a plaintext key with imSymKey',
    summary: 'Bring an AES key from a file into the HSM by wrapping it with a key the HSM holds, and see that the HSM marks it as not generated inside (OBJ_ATTR_LOCAL = 0).',
    load: async () => (await import('./data/01-imsymkey-import')).default,
  },

  {
    id: 'export-and-prove',
    title: 'Export it again, and prove it is the same',
    summary: 'Take the imported key back out with exSymKey and prove with key check values that the material never changed.',
    load: async () => (await import('./data/02-export-and-prove')).default,
  },

  {
    id: 'session-vs-token',
    title: 'Session keys and token keys',
    summary: 'Import a 3DES key as a session key, see it vanish when the session ends, and turn a session key into a token key.',
    load: async () => (await import('./data/03-session-vs-token')).default,
  },

  {
    id: 'move-between-clusters',
    title: 'Move a key between two clusters',
    summary: 'Export a key from one cluster, import it into another with a wrapping key of that cluster, and prove it arrived.',
    load: async () => (await import('./data/04-move-between-clusters')).default,
  },

  {
    id: 'wrap-mechanisms',
    title: 'Wrap and unwrap: -m 5, -m 6 and -m 4',
    summary: 'Wrap one key with three AES mechanisms and unwrap each blob, and see why only RFC 3394 and RFC 5649 interoperate with other tools.',
    load: async () => (await import('./data/05-wrap-mechanisms')).default,
  },

  {
    id: 'share-a-key',
    title: 'Share a key with another crypto user',
    summary: 'Share a key from cloudhsm_mgmt_util, use it as the second user, and meet 0xc6 where sharing stops.',
    load: async () => (await import('./data/06-share-a-key')).default,
  },

  {
    id: 'lockout',
    title: 'Lock out a user, and reset them',
    summary: 'Type wrong passwords until a crypto user is locked out, then have the crypto officer reset the password.',
    load: async () => (await import('./data/07-lockout')).default,
  },

  {
    id: 'min-srv-timeout',
    title: '-min_srv and -timeout with an HSM down',
    summary: 'Take an HSM down and see how -min_srv and -timeout decide whether a new key is made.',
    load: async () => (await import('./data/08-min-srv-timeout')).default,
  },

  {
    id: 'trusted-keys',
    title: 'Trusted keys',
    summary: 'As the crypto officer, mark a wrapping key trusted, and make a key that may only be wrapped with trusted keys.',
    load: async () => (await import('./data/09-trusted-keys')).default,
  },

  {
    id: 'sign-verify',
    title: 'Sign, and verify with an exported public key',
    summary: 'Generate a key pair, sign a file in the HSM, export the public key and verify the signature outside it.',
    load: async () => (await import('./data/10-sign-verify')).default,
  },

  {
    id: 'import-private-key',
    title: 'Import a private key by wrapping it',
    summary: 'Bring a private key made outside the HSM in with importPrivateKey, which wraps it with an AES key and unwraps it inside.',
    load: async () => (await import('./data/11-import-private-key')).default,
  },

  {
    id: 'cli-migration',
    title: 'From key_mgmt_util to the CloudHSM CLI',
    summary: "Do what you know in key_mgmt_util again in the CloudHSM CLI, on the same keys: find, share and wrap them in the successor's syntax.",
    load: async () => (await import('./data/12-cli-migration')).default,
  },
];

/** The catalog entry of `id` (an id from a URL: any string), or undefined. */
export function lessonEntry(id: string): LessonEntry | undefined {
  return LESSONS.find((l) => l.id === id);
}
