/**
 * The lesson-progress port in memory (tests; a page whose IndexedDB does not open), and the checks
 * every adapter applies to a record before it keeps it or hands it out (the IndexedDB adapter,
 * src/platform/lesson-progress.ts, reads records a browser kept: they may be damaged).
 *
 * Both adapters behave alike (test/store/lesson-progress.test.ts runs one contract against both):
 * records are copied on the way in and out (a caller changing what it got changes nothing kept),
 * `put` / `saveCheckpoint` refuse a malformed record with a TypeError (nothing kept), a lesson id
 * that is not [a-z0-9-]{1,64} reads as absent, and bindings come back as null-prototype tables.
 */
import { dumpProblem } from './checkpoint';
import type { Checkpoint, LessonProgress, LessonProgressPort } from './lesson-progress';

/** A lesson id: what the catalog uses, and what may go into a database name or a URL. */
export const LESSON_ID = /^[a-z0-9-]{1,64}$/;
/** A binding's name (format.ts KeyRef: starts with a letter). */
const BINDING_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** Most bindings a lesson keeps, most steps and hints (far above any lesson). */
const MAX_BINDINGS = 256;
const MAX_STEPS = 1000;

export const isLessonId = (v: unknown): v is string => typeof v === 'string' && LESSON_ID.test(v);

const isCount = (v: unknown, max = MAX_STEPS): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

const own = (o: object, key: string): unknown => {
  const d = Object.getOwnPropertyDescriptor(o, key);
  return d && 'value' in d ? d.value : undefined;
};

function isPlainObject(v: unknown): v is object {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The bindings as a null-prototype table, or why not. */
function readBindings(v: unknown): Record<string, number> | string {
  if (!isPlainObject(v)) return 'its bindings are not a table';
  const keys = Object.keys(v);
  if (keys.length > MAX_BINDINGS) return 'it has too many bindings';
  const out = Object.create(null) as Record<string, number>;
  for (const k of keys) {
    const h = own(v, k);
    if (!BINDING_NAME.test(k) || typeof h !== 'number' || !Number.isSafeInteger(h) || h < 0) return `its binding ${JSON.stringify(k.slice(0, 70))} is malformed`;
    out[k] = h;
  }
  return out;
}

/** A copy of a progress record as the port hands it out, or why it is not one. */
export function readProgress(v: unknown): LessonProgress | string {
  if (!isPlainObject(v)) return 'not a progress record';
  const lesson = own(v, 'lesson');
  const step = own(v, 'step');
  const done = own(v, 'done');
  const hintsShown = own(v, 'hintsShown');
  const started = own(v, 'started');
  const updated = own(v, 'updated');
  if (!isLessonId(lesson)) return 'its lesson id is malformed';
  if (!isCount(step)) return 'its step is malformed';
  if (typeof done !== 'boolean') return 'its done flag is malformed';
  if (!isCount(hintsShown)) return 'its hint count is malformed';
  if (!isTime(started) || !isTime(updated)) return 'its times are malformed';
  const bindings = readBindings(own(v, 'bindings'));
  if (typeof bindings === 'string') return bindings;
  return { lesson, step, done, bindings, hintsShown, started, updated };
}

/** A copy of a checkpoint as the port hands it out, or why it is not one (its records checked as restoreDump would). */
export function readCheckpoint(v: unknown): Checkpoint | string {
  if (!isPlainObject(v)) return 'not a checkpoint';
  const lesson = own(v, 'lesson');
  const step = own(v, 'step');
  if (!isLessonId(lesson)) return 'its lesson id is malformed';
  if (!isCount(step)) return 'its step is malformed';
  const bindings = readBindings(own(v, 'bindings'));
  if (typeof bindings === 'string') return bindings;
  const records = own(v, 'records');
  const problem = dumpProblem(records);
  if (problem !== null) return `its records: ${problem}`;
  return { lesson, step, bindings, records: structuredClone(records) as Checkpoint['records'] };
}

/** `read`'s result, or a TypeError saying what is wrong (what `put` refuses). */
function accept<T>(what: string, result: T | string): T {
  if (typeof result === 'string') throw new TypeError(`cannot keep this lesson ${what}: ${result}`);
  return result;
}

export function memoryLessonProgress(): LessonProgressPort {
  const progress = new Map<string, LessonProgress>();
  const checkpoints = new Map<string, Checkpoint>();
  const out = <T>(read: (v: unknown) => T | string, v: unknown): T => read(v) as T; // kept records were checked on the way in
  return {
    async list() {
      return [...progress.values()].map((p) => out(readProgress, p));
    },
    async get(lesson) {
      const p = isLessonId(lesson) ? progress.get(lesson) : undefined;
      return p === undefined ? undefined : out(readProgress, p);
    },
    async put(p) {
      const copy = accept('progress', readProgress(p));
      progress.set(copy.lesson, copy);
    },
    async checkpoint(lesson) {
      const c = isLessonId(lesson) ? checkpoints.get(lesson) : undefined;
      return c === undefined ? undefined : out(readCheckpoint, c);
    },
    async saveCheckpoint(c) {
      const copy = accept('checkpoint', readCheckpoint(c));
      checkpoints.set(copy.lesson, copy);
    },
    async delete(lesson) {
      if (!isLessonId(lesson)) return;
      progress.delete(lesson);
      checkpoints.delete(lesson);
    },
  };
}
