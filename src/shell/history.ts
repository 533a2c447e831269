/**
 * Command history of the playground, kept in the playground's own store (the 'meta' record
 * 'history', so it lives and dies with the playground: another browser profile, a reset or a
 * memory fallback each have their own). Written through the engine like any change, but never
 * one commit per line: the lines a console remembers wait in its queue, and one writer commits
 * them in order, as many as have come in one commit, so a pasted block is a few commits instead
 * of hundreds racing for the same record. A conflict with another tab is retried on the record
 * as that tab left it (the batch is merged in), so two tabs never lose each other's lines.
 * Hidden lines (passwords) never reach this module: the view does not pass them.
 *
 * Bounded twice: at most HISTORY_LIMIT lines and at most HISTORY_CHARS characters in all (the
 * record is rewritten by every batch, so its size, not only its length, must stay small); a line
 * longer than HISTORY_LINE_CHARS is not kept.
 */
import type { Backend, StoredRecord } from '../hsm/store';
import { Hsm } from '../hsm/world';

export const HISTORY_LIMIT = 500;
/** Characters (UTF-16 code units) of all kept lines together: 256 Ki. */
export const HISTORY_CHARS = 256 * 1024;
/** A longer line is run but not kept: 16 Ki characters. */
export const HISTORY_LINE_CHARS = 16 * 1024;
const HISTORY_ID = 'history';

export interface HistoryRecord extends StoredRecord {
  lines: string[];
}

export async function loadHistory(hsm: Hsm): Promise<string[]> {
  const rec = (await hsm.deps.backend.get('meta', HISTORY_ID)) as HistoryRecord | undefined;
  return Array.isArray(rec?.lines) ? rec.lines.filter((l): l is string => typeof l === 'string') : [];
}

/** `lines` with `batch` appended (no line repeating the one before it), trimmed to both bounds. */
export function mergeHistory(lines: readonly string[], batch: readonly string[]): string[] {
  const out = [...lines];
  for (const line of batch) if (out[out.length - 1] !== line) out.push(line);
  let start = Math.max(0, out.length - HISTORY_LIMIT);
  let chars = 0;
  for (let i = start; i < out.length; i++) chars += out[i]!.length;
  while (chars > HISTORY_CHARS) chars -= out[start++]!.length;
  return out.slice(start);
}

interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

/** One console's queue of lines to keep, written by one writer in order, batched. */
class HistoryWriter {
  private pending: string[] = [];
  private waiters: Waiter[] = [];
  private writing = false;

  constructor(private readonly hsm: Hsm) {}

  add(line: string): Promise<void> {
    this.pending.push(line);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.writing) void this.drain();
    return done;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0);
        const waiters = this.waiters.splice(0);
        try {
          await this.hsm.transact(async (tx) => {
            const rec = await tx.get<HistoryRecord>('meta', HISTORY_ID);
            const lines = Array.isArray(rec?.lines) ? rec.lines.filter((l): l is string => typeof l === 'string') : [];
            const next = mergeHistory(lines, batch);
            if (next.length === lines.length && next.every((l, i) => l === lines[i])) return;
            tx.put<HistoryRecord>('meta', { id: HISTORY_ID, rev: 0, lines: next });
          });
          for (const w of waiters) w.resolve();
        } catch (e) {
          for (const w of waiters) w.reject(e); // storage failed: this batch is lost, the console goes on
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

/**
 * One writer per playground store: the page's terminal tabs (a console each, over one backend)
 * share its queue, so their lines reach the record in the order they were entered. It commits
 * through an engine of its own, so no console's running command counts these writes as its own.
 */
const writers = new WeakMap<Backend, HistoryWriter>();

/**
 * Keep a line (not a repeat of the last one, not blank, not longer than HISTORY_LINE_CHARS); the
 * promise settles when the batch holding it is committed. Lines remembered without waiting are
 * still kept, all of them, in the order they came.
 */
export function appendHistory(hsm: Hsm, line: string): Promise<void> {
  if (line.trim() === '' || line.length > HISTORY_LINE_CHARS) return Promise.resolve();
  const backend = hsm.deps.backend;
  let writer = writers.get(backend);
  if (!writer) writers.set(backend, (writer = new HistoryWriter(new Hsm(hsm.deps))));
  return writer.add(line);
}
