/**
 * The whole playground as one JSON file (issue 15, item 3): clusters, users with their password
 * verifiers, keys with their values, files, settings and command history (every record of every
 * store, src/hsm/checkpoint.ts dumpStore), and the lessons' progress with each lesson's checkpoint
 * (src/hsm/lesson-progress.ts). Loaded on first use (Settings' export and import dialogs).
 *
 * The file:
 *
 *   { "format": "kmu-playground", "version": 1, "schema": 2, "exported": "<ISO time>",
 *     "stores": { "meta": [...], "clusters": [...], "users": [...], "keys": [...], "files": [...] },
 *     "lessons": [ { "progress": {...}, "checkpoint": {...} | null }, ... ] }
 *
 * - `version` is this file format's version (PLAYGROUND_FILE_VERSION); `schema` the store schema of
 *   the records (store.ts SCHEMA_VERSION). A file of a newer version or schema is refused (never
 *   guessed at); so is an older schema (no release wrote one: the format began at schema 2).
 * - Byte arrays (key values, file contents, verifiers) are written as `{ "$base64": "…" }` (standard
 *   Base64 with padding); a record holds no other object with a `$base64` field.
 * - The backend's own schema tag (`meta/schema`) is not part of `stores`.
 *
 * Import (parsePlaygroundFile, then importPlayground): the text is size-capped before it is parsed;
 * JSON becomes null-prototype objects (an own `__proto__` key, too deep a nesting or an unknown
 * field is refused); every record then passes what restoreDump checks (validate.ts consistency,
 * the dump's size caps), and every lesson record what the progress port checks. Only then is
 * anything written: the playground in one guarded commit (restoreDump: all or nothing), then the
 * lesson progress. Any refusal is a PlaygroundFileError with the store unchanged.
 *
 * Key material is in the file in plaintext (a key without its value cannot be restored): the
 * export dialog says so, as the real tool's plaintext exports warn.
 */
import { decodeBase64, encodeBase64 } from '../crypto/base64';
import { forgetCryptoKeys } from '../crypto/cryptokey-cache';
import { DumpError, MAX_DUMP_RECORDS, dumpProblem, dumpStore, restoreDump, type StoreDump } from './checkpoint';
import type { Checkpoint, LessonProgress, LessonProgressPort } from './lesson-progress';
import { readCheckpoint, readProgress } from './memory-lesson-progress';
import { SCHEMA_VERSION, STORE_NAMES, type Backend, type StoredRecord } from './store';

export const PLAYGROUND_FORMAT = 'kmu-playground';
/** Bump when the file's shape changes (and read every older one). */
export const PLAYGROUND_FILE_VERSION = 1;
/** Longest file text read (characters): the largest playground (checkpoint.ts MAX_DUMP_UNITS) in Base64, and room. */
export const MAX_PLAYGROUND_FILE_CHARS = 96 << 20;
/** Most lessons a file may carry progress for (far above the catalog). */
const MAX_LESSONS = 1000;
/** Deepest nesting of the JSON (file → lessons → entry → checkpoint → records → store → record → fields …). */
const MAX_JSON_DEPTH = 16;
const TOP_FIELDS = ['format', 'version', 'schema', 'exported', 'stores', 'lessons'];

/** A lesson's saved progress, with its current step's checkpoint when it has one. */
export interface LessonEntry {
  progress: LessonProgress;
  checkpoint: Checkpoint | null;
}

/** A parsed and checked playground file, ready to import. */
export interface PlaygroundFile {
  version: number;
  schema: number;
  /** When it was exported (as the file says; shown, never trusted for anything). */
  exported: string;
  stores: StoreDump;
  lessons: LessonEntry[];
}

/** What a playground holds, for the import dialog (what the file holds, what it replaces). */
export interface PlaygroundSummary {
  clusters: string[];
  /** Users: one per cluster and name (a user has a record on every HSM). */
  users: number;
  /** Token keys: one per cluster and handle. */
  keys: number;
  files: number;
  lessons: number;
}

/** A file that cannot be imported; nothing was changed. */
export class PlaygroundFileError extends Error {
  constructor(readonly reason: string) {
    super(`This file cannot be imported: ${reason}. Nothing was changed.`);
    this.name = 'PlaygroundFileError';
  }
}

function refuse(why: string): never {
  throw new PlaygroundFileError(why);
}

// ---------------------------------------------------------------- export

/** Bytes as `{ $base64 }`, everything else as is (records are plain data: checkpoint.ts). */
function toJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $base64: encodeBase64(value) };
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$base64') throw new Error('a record holds a field named $base64, which the file format reserves');
      out[k] = toJson(v);
    }
    return out;
  }
  return value;
}

const withoutSchemaTag = (dump: StoreDump): StoreDump => ({ ...dump, meta: dump.meta.filter((r) => r.id !== 'schema') });

/**
 * The playground behind `backend` and the lesson progress behind `lessons` (when given) as the
 * file's text. `now` is the export time written into it.
 */
export async function exportPlayground(backend: Backend, lessons?: LessonProgressPort, now: Date = new Date()): Promise<string> {
  const dump = await dumpStore(backend);
  // a file that could not be imported again is no export: say so now, not on the other machine
  const problem = dumpProblem(dump);
  if (problem !== null) throw new Error(`the playground cannot be exported as it is: ${problem.replace('the record', 'its record')}`);
  const stores = withoutSchemaTag(dump);
  const entries: LessonEntry[] = [];
  if (lessons) {
    const all = (await lessons.list()).sort((a, b) => (a.lesson < b.lesson ? -1 : a.lesson > b.lesson ? 1 : 0));
    for (const progress of all) entries.push({ progress, checkpoint: (await lessons.checkpoint(progress.lesson)) ?? null });
  }
  const file = {
    format: PLAYGROUND_FORMAT, version: PLAYGROUND_FILE_VERSION, schema: SCHEMA_VERSION, exported: now.toISOString(),
    stores: toJson(stores), lessons: toJson(entries),
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

/** The file name an export suggests: kmu-playground-YYYY-MM-DD.json. */
export function exportFileName(now: Date = new Date()): string {
  return `kmu-playground-${now.toISOString().slice(0, 10)}.json`;
}

// ---------------------------------------------------------------- import

/**
 * The parsed JSON as null-prototype objects, `{ $base64 }` as bytes; refuses `__proto__` keys,
 * nesting deeper than MAX_JSON_DEPTH and malformed Base64.
 */
function fromJson(value: unknown, where: string, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_JSON_DEPTH) refuse(`${where} is nested too deeply`);
  if (Array.isArray(value)) return value.map((v, i) => fromJson(v, `${where}[${i}]`, depth + 1));
  const keys = Object.keys(value);
  if (keys.includes('__proto__')) refuse(`${where} has a field named "__proto__"`);
  const obj = value as Record<string, unknown>;
  if (keys.includes('$base64')) {
    const text = obj['$base64'];
    const bytes = keys.length === 1 && typeof text === 'string' ? decodeBase64(text) : undefined;
    if (bytes === undefined) refuse(`${where} is not well-formed Base64 bytes`);
    return bytes;
  }
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of keys) out[k] = fromJson(obj[k], depth === 0 ? k : `${where}.${k}`, depth + 1);
  return out;
}

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const isVersion = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** The file's text checked through and through (throws PlaygroundFileError); writes nothing. */
export function parsePlaygroundFile(text: string): PlaygroundFile {
  if (typeof text !== 'string') refuse('it is not text');
  if (text.length > MAX_PLAYGROUND_FILE_CHARS) refuse(`it is larger than a playground can be (${MAX_PLAYGROUND_FILE_CHARS >> 20} MiB at most)`);
  if (text.trim() === '') refuse('it is empty');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    refuse('it is not complete, well-formed JSON (was it cut short?)');
  }
  const top = fromJson(raw, 'the file', 0);
  if (!isTable(top) || own(top, 'format') !== PLAYGROUND_FORMAT) refuse('it is not a kmu-playground export');
  const t = top as Record<string, unknown>;
  const version = own(t, 'version');
  const schema = own(t, 'schema');
  if (!isVersion(version)) refuse('its format version is missing or malformed');
  if ((version as number) > PLAYGROUND_FILE_VERSION) {
    refuse(`it was made by a newer version of kmu-playground (file format ${version as number}; this version reads format ${PLAYGROUND_FILE_VERSION})`);
  }
  if (!isVersion(schema)) refuse('its schema version is missing or malformed');
  if ((schema as number) > SCHEMA_VERSION) {
    refuse(`it was made by a newer version of kmu-playground (record schema ${schema as number}; this version uses ${SCHEMA_VERSION})`);
  }
  if (schema !== SCHEMA_VERSION) refuse(`its records are of schema ${schema as number}, which no release exported (this version uses ${SCHEMA_VERSION})`);
  for (const k of Object.keys(t)) if (!TOP_FIELDS.includes(k)) refuse(`it has an unknown field ${JSON.stringify(k.slice(0, 40))}`);
  const exported = own(t, 'exported');
  if (typeof exported !== 'string' || exported.length > 64) refuse('its export time is missing or malformed');

  // the records: what restoreDump checks (consistency, caps, duplicates), nothing written
  const stores = own(t, 'stores');
  if (!isTable(stores)) refuse('it holds no playground records');
  const s = stores as Record<string, unknown>;
  if (Array.isArray(s['meta']) && (s['meta'] as unknown[]).some((r) => isTable(r) && own(r, 'id') === 'schema')) {
    refuse('its records hold the storage\'s own schema tag');
  }
  const problem = dumpProblem(stores);
  if (problem !== null) refuse(`its records: ${problem}`);

  // the lessons: what the progress port checks
  const list = own(t, 'lessons');
  if (!Array.isArray(list)) refuse('its lesson progress is missing');
  if ((list as unknown[]).length > MAX_LESSONS) refuse(`it has progress for more than ${MAX_LESSONS} lessons`);
  const lessons: LessonEntry[] = [];
  const seen = new Set<string>();
  let checkpointRecords = 0;
  for (const [i, entry] of (list as unknown[]).entries()) {
    if (!isTable(entry) || Object.keys(entry).some((k) => k !== 'progress' && k !== 'checkpoint')) refuse(`its lesson entry ${i} is malformed`);
    const e = entry as Record<string, unknown>;
    const progress = readProgress(own(e, 'progress'));
    if (typeof progress === 'string') refuse(`the progress of its lesson entry ${i} is malformed (${progress})`);
    const p = progress as LessonProgress;
    if (seen.has(p.lesson)) refuse(`it has the lesson "${p.lesson}" twice`);
    seen.add(p.lesson);
    const c = own(e, 'checkpoint');
    let checkpoint: Checkpoint | null = null;
    if (c !== null) {
      const read = readCheckpoint(c);
      if (typeof read === 'string') refuse(`the checkpoint of its lesson "${p.lesson}" is malformed (${read})`);
      checkpoint = read as Checkpoint;
      if (checkpoint.lesson !== p.lesson) refuse(`the checkpoint of its lesson "${p.lesson}" names another lesson`);
      for (const n of STORE_NAMES) checkpointRecords += checkpoint.records[n].length;
      if (checkpointRecords > MAX_DUMP_RECORDS * 4) refuse('its lesson checkpoints hold too many records');
    }
    lessons.push({ progress: p, checkpoint });
  }
  return { version: version as number, schema: schema as number, exported: exported as string, stores: s as unknown as StoreDump, lessons };
}

/** What a set of records holds (the import dialog's two columns). */
export function summarize(stores: StoreDump, lessons: number): PlaygroundSummary {
  const str = (r: StoredRecord, k: string) => String(r[k]);
  return {
    clusters: stores.clusters.map((r) => str(r, 'name')).sort(),
    users: new Set(stores.users.map((r) => `${str(r, 'cluster')}/${str(r, 'name')}`)).size,
    keys: new Set(stores.keys.map((r) => `${str(r, 'cluster')}/${str(r, 'handle')}`)).size,
    files: stores.files.filter((r) => r['data'] instanceof Uint8Array).length,
    lessons,
  };
}

/** What the playground behind `backend` (and the lesson progress) holds now. */
export async function currentSummary(backend: Backend, lessons?: LessonProgressPort): Promise<PlaygroundSummary> {
  return summarize(await dumpStore(backend), lessons ? (await lessons.list()).length : 0);
}

/**
 * Replace the playground by `file` (from parsePlaygroundFile): the records in one guarded commit
 * (all or nothing), then the lesson progress (when `lessons` is given: every lesson's progress and
 * checkpoint replaced by the file's; lessons the file has no progress for are forgotten). Rejects
 * with a PlaygroundFileError (the records were refused: nothing changed), a StorageError or a
 * ConflictError (nothing changed), or, when only the lesson progress could not be saved, an Error
 * saying so (the playground itself was imported).
 */
export async function importPlayground(backend: Backend, file: PlaygroundFile, lessons?: LessonProgressPort): Promise<void> {
  try {
    await restoreDump(backend, file.stores);
  } catch (e) {
    if (e instanceof DumpError) refuse(`its records: ${e.reason}`);
    throw e;
  }
  forgetCryptoKeys(''); // a cached CryptoKey of the old playground may have the id of an imported key
  if (!lessons) return;
  try {
    for (const p of await lessons.list()) await lessons.delete(p.lesson);
    for (const { progress, checkpoint } of file.lessons) {
      await lessons.put(progress);
      if (checkpoint) await lessons.saveCheckpoint(checkpoint);
    }
  } catch (e) {
    throw new Error(`The playground was imported, but the lesson progress could not be saved (${e instanceof Error ? e.message : String(e)}). ` +
      'Reload the page to use the imported playground.', { cause: e });
  }
}
