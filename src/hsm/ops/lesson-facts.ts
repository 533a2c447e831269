/**
 * What a lesson's goals are checked against (issue 13): a plain, read-only picture of the
 * playground as the learner's terminal sees it — every cluster's HSMs, users and keys (token keys
 * from the store, this terminal's session keys), the client host's files, and where the learner
 * is. Read in one read-only unit of work after every command; nothing here writes. Key material
 * is in it (goals compare material with files): it stays in the page's memory, is never printed,
 * and never goes into an event.
 */
import type { CliSession } from '../cli-session';
import type { CmuSession } from '../cmu-session';
import type { KmuSession } from '../session';
import type { Hsm } from '../world';

/** The learner's terminal: the program it is in ('host' | 'kmu' | 'cmu' | 'cli') and its sessions. */
export interface FactSource {
  program: string;
  kmu: KmuSession;
  cmu: CmuSession;
  cli: CliSession;
}

export interface FactKey {
  cluster: string;
  handle: number;
  /** The CloudHSM CLI's key-reference of it (0x%016x). */
  keyReference: string;
  label: string;
  id: string;
  keyClass: 'secret' | 'public' | 'private';
  /** 'AES' | '3DES' | 'GENERIC_SECRET' | 'RSA' | 'EC' | 'DSA' (or the type's number as text). */
  keyType: string;
  /** As the inventory shows it: bytes of a secret key, modulus/prime bits, an EC curve's bits. */
  size: number;
  token: boolean;
  local: boolean;
  extractable: boolean;
  trusted: boolean;
  wrapWithTrusted: boolean;
  owner: string;
  sharedWith: string[];
  /** OBJ_ATTR_KCV, lower-case hex ('' when the key has none). */
  kcv: string;
  /** The key's material: a secret key's value, a private key's PKCS #8, a public key's SPKI. */
  material: Uint8Array;
}

export interface FactUser {
  name: string;
  type: string;
  userId: number;
  /** Locked out on some HSM that is up (too many failed logins). */
  locked: boolean;
  /** Failed logins, the most on any HSM that is up. */
  failures: number;
}

export interface FactCluster {
  id: string;
  hsms: { node: number; state: 'up' | 'down' }[];
  /** Users present on every HSM that is up (by name). */
  users: FactUser[];
  keys: FactKey[];
}

export interface LessonFacts {
  /** The program the terminal is in ('host' | 'kmu' | 'cmu' | 'cli'). */
  program: string;
  /** Who is logged in to the program the terminal is in (null: nobody, or the host shell). */
  user: { name: string; type: string } | null;
  /** The cluster the terminal works on. */
  cluster: string;
  clusters: FactCluster[];
  /** Files of the client host by absolute path. */
  files: { path: string; data: Uint8Array }[];
}

/** Read the facts for the learner's terminal (its program, sessions and session keys). */
export async function readLessonFacts(hsm: Hsm, terminal: FactSource): Promise<LessonFacts> {
  void hsm; void terminal;
  throw new Error('readLessonFacts: not built yet');
}
