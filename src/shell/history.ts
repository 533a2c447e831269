/**
 * Command history of the playground, kept in the playground's own store (the 'meta' record
 * 'history', so it lives and dies with the playground: another browser profile, a reset or a
 * memory fallback each have their own). Written through the engine like any change: one small
 * commit per line, retried on a conflict with another tab, so two tabs never lose each other's
 * lines. Hidden lines (passwords) never reach this module: the view does not pass them.
 */
import type { StoredRecord } from '../hsm/store';
import type { Hsm } from '../hsm/world';

export const HISTORY_LIMIT = 500;
const HISTORY_ID = 'history';

export interface HistoryRecord extends StoredRecord {
  lines: string[];
}

export async function loadHistory(hsm: Hsm): Promise<string[]> {
  const rec = (await hsm.deps.backend.get('meta', HISTORY_ID)) as HistoryRecord | undefined;
  return Array.isArray(rec?.lines) ? rec.lines.filter((l): l is string => typeof l === 'string') : [];
}

/** Append a line (not a repeat of the last one), dropping the oldest beyond HISTORY_LIMIT. */
export async function appendHistory(hsm: Hsm, line: string): Promise<void> {
  if (line.trim() === '') return;
  await hsm.transact(async (tx) => {
    const rec = await tx.get<HistoryRecord>('meta', HISTORY_ID);
    const lines = Array.isArray(rec?.lines) ? [...rec.lines] : [];
    if (lines[lines.length - 1] === line) return;
    lines.push(line);
    tx.put<HistoryRecord>('meta', { id: HISTORY_ID, rev: 0, lines: lines.slice(-HISTORY_LIMIT) });
  });
}
