/**
 * The lesson format (issue 13): a lesson is a typed data file — title, what it teaches, a start
 * state, and steps whose goals are checked declaratively against the playground after every
 * command. No scripts, no functions, no `eval`: a lesson file exports one plain object of these
 * types (checked by src/lessons/validate.ts and test/lessons/*). docs/lessons.md documents the
 * format for lesson authors.
 *
 * Text (`summary`, step `text`, hints, goal `text`) is plain text with a tiny markup (src/lessons/
 * text.ts): blank line = paragraph, `code`, **strong**, [words](https://…) links (http/https only).
 * It is never rendered as HTML. `{name}` in text, hints and solution lines is replaced by the handle
 * of the key bound as `name` by an earlier goal (`{name.ref}`: its CloudHSM CLI key-reference,
 * 0x%016x); `{{` and `}}` are literal braces.
 */
import type { ProgramId } from '../commands/program';
import type { Scenario } from '../hsm/scenario';

/** A name a `key` goal binds (letters, digits, `-`, `_`; starts with a letter). */
export type KeyRef = string;

export type KeyClassName = 'secret' | 'public' | 'private';
export type KeyTypeName = 'AES' | '3DES' | 'GENERIC_SECRET' | 'RSA' | 'EC' | 'DSA';

/** What a key must be like; every field given must hold, absent fields are free. */
export interface KeyMatch {
  /** The cluster the key is in (default: the cluster the learner's terminal is on). */
  cluster?: string;
  label?: string;
  id?: string;
  keyClass?: KeyClassName;
  keyType?: KeyTypeName;
  /** OBJ_ATTR_VALUE_LEN in bytes (secret keys), or modulus bits (RSA) — as the inventory's size. */
  size?: number;
  /** true: a token key; false: a session key of the learner's terminal. */
  token?: boolean;
  /** OBJ_ATTR_LOCAL: generated inside the HSM (true) or imported/unwrapped (false). */
  local?: boolean;
  extractable?: boolean;
  /** OBJ_ATTR_TRUSTED (134). */
  trusted?: boolean;
  /** OBJ_ATTR_WRAP_WITH_TRUSTED (528). */
  wrapWithTrusted?: boolean;
  /** Owner's user name. */
  owner?: string;
  /** A user name the key is shared with. */
  sharedWith?: string;
  /** Not shared with anyone. */
  unshared?: boolean;
  /** The key's material equals a file's bytes, or another bound key's material. */
  materialOf?: { file: string } | { key: KeyRef };
  /** The key's KCV equals a bound key's KCV. */
  kcvOf?: KeyRef;
  /** It is exactly this bound key (to check what became of it). */
  is?: KeyRef;
  /** It is none of these bound keys (a new key, not the one already there). */
  notAny?: KeyRef[];
}

/** One thing the learner must bring about. `text` says it in words (the panel shows it, ticking). */
export type Goal =
  /** A key matching `match` exists (or, with `absent`, none does). `bind` names the match for later steps (the newest match when several). */
  | { kind: 'key'; text: string; match: KeyMatch; bind?: KeyRef; absent?: boolean }
  /** A file of the client host (path relative to the home directory, or absolute). */
  | { kind: 'file'; text: string; path: string; exists?: boolean; size?: number; sameAs?: { file: string } | { key: KeyRef } }
  /** Two bound keys (possibly in different clusters) have the same KCV. */
  | { kind: 'kcv-equal'; text: string; a: KeyRef; b: KeyRef }
  /** A user of a cluster (default: the learner's current cluster), on every HSM that is up. */
  | { kind: 'user'; text: string; name: string; cluster?: string; exists?: boolean; locked?: boolean; type?: 'CO' | 'CU' | 'AU' | 'PCO' | 'PRECO' }
  /** The command just run returned `code` (one of its return codes), in `program` / `command` if given. */
  | { kind: 'code'; text: string; code: number; program?: ProgramId; command?: string }
  /** The learner's terminal is in `program` (logged in as `user` when given). */
  | { kind: 'program'; text: string; program: ProgramId; user?: string }
  /** An HSM of a cluster is up or down. */
  | { kind: 'hsm'; text: string; cluster?: string; node: number; state: 'up' | 'down' };

/** Marks a solution line that answers the question of the command before it (see Step.solution). */
export const ANSWER_PREFIX = '> ';

/** Goal kinds that look at the model's state (a key, file, user or KCV). */
export const STATE_GOALS: ReadonlySet<Goal['kind']> = new Set(['key', 'file', 'kcv-equal', 'user']);

export interface Step {
  /** Short heading of the step. */
  title: string;
  /** What to do and why (markup as above). */
  text: string;
  /** All must hold at once after a command for the step to be done. */
  goals: Goal[];
  /** Shown one at a time, in order. */
  hints: string[];
  /**
   * Lines that complete the step from its start (typed one at a time by "show solution"). The step
   * must be done after the last one, not before (move lines that follow into the next step). A line
   * that answers a question the command before it asks (a y/n confirmation, a password asked for)
   * starts with ANSWER_PREFIX (`> `): "show solution" types it without the prefix while the question
   * waits, and the runner counts it as run with its command (answers make no command event).
   */
  solution: string[];
  /**
   * The step teaches a refusal (a command that must fail): it may have no state goal, only `code`
   * or `program` goals.
   */
  refusal?: boolean;
}

export interface Lesson {
  /** URL-safe id (`?lesson=<id>`), unique. */
  id: string;
  title: string;
  /** What it teaches, one or two sentences. */
  summary: string;
  /** The start state: a scenario loaded into the lesson's own playground. */
  start: Scenario;
  steps: Step[];
  /** Where the guide teaches it (a link shown under the lesson). */
  source?: { title: string; url: string };
}

/** A catalog entry: what the list shows before the lesson's file is loaded. */
export interface LessonEntry {
  id: string;
  title: string;
  summary: string;
  load: () => Promise<Lesson>;
}
