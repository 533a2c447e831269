/**
 * Command events: after every command line, one structured record of what it did. The page's
 * inventory highlight, the screen-reader announcement, the explain links and the history read
 * these; lessons and the embed API subscribe to the same stream. Nothing reads printed text or
 * diffs snapshots to learn what happened.
 *
 * Secrets never appear here: `line` and `args` have had the one redaction rule applied (every
 * token a program's flag table marks secret is replaced by REDACTED).
 */
import type { TouchedObjects } from '../hsm/journal';
import type { ProgramId } from '../commands/program';
import type { WrapRef } from '../hsm/ops/wrap-trace';

export const REDACTED = '********';

export interface CommandEvent {
  /** 1, 2, … per console. */
  seq: number;
  /** The terminal session the line was typed in. */
  terminal: string;
  /** The cluster the program worked on. */
  cluster: string;
  /** The program the line was typed into. */
  program: ProgramId;
  /** The command's name as its program spells it; null for an empty or unknown command line. */
  command: string | null;
  /** The typed line and its arguments (after the command name), secrets redacted. */
  line: string;
  args: string[];
  /** Return codes the command reported, in order. */
  codes: number[];
  created: TouchedObjects;
  changed: TouchedObjects;
  deleted: TouchedObjects;
  /** Objects used without change: named with -o/-k/-w and the like, or matched by a search. */
  used: TouchedObjects;
  /** Virtual files written (created or changed). */
  files: string[];
  /** What the command printed, line by line (the prompt excluded). */
  lines: string[];
  /** The program the terminal is in after the line. */
  next: ProgramId;
  /** How it ended: normally, stopped by Ctrl-C, or with a playground error (storage, damaged record). */
  status: 'ok' | 'interrupted' | 'error';
  /** Units of work that committed at least one write. */
  commits: number;
  /** The host shell's exit status of the line ($?), when it ran one. */
  exit?: number;
  /** The AES wraps and unwraps the command did (issue 13's key-wrap view); no key material. */
  wraps?: WrapRef[];
}

export type CommandListener = (event: CommandEvent) => void;

/** A small publish/subscribe stream of command events. */
export class CommandEvents {
  private readonly listeners = new Set<CommandListener>();

  /** Listen to every event from now on; returns the unsubscribe function. */
  subscribe(listener: CommandListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: CommandEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (e) {
        console.error('a command-event listener failed:', e); // one listener never breaks the others
      }
    }
  }
}

/**
 * What a masked token keeps of itself: the name of the secret it assigns, `--password=` and
 * `CLOUDHSM_PIN=` with the user name before the colon (`CLOUDHSM_PIN=alice:********`), so a
 * recalled line still reads as typed and only the password is asked for (cloudhsm-cli.md §1.2).
 */
const KEPT_PREFIX = /^(?:--password=|CLOUDHSM_PIN=(?:[^:'"\s]*:)?)/;

/** Whether a token of a redacted line is a mask (REDACTED, or a kept prefix and REDACTED). */
export function isRedacted(token: string): boolean {
  return token === REDACTED || (token.endsWith(REDACTED) && KEPT_PREFIX.exec(token)?.[0].length === token.length - REDACTED.length);
}

/**
 * Apply the redaction rule: the tokens at `secret` indexes become REDACTED (after their kept
 * prefix, KEPT_PREFIX), the rest stays as typed.
 */
export function redactLine(line: string, secret: readonly number[]): string {
  if (secret.length === 0) return line;
  const spans = tokenSpans(line);
  let out = '';
  let at = 0;
  for (const i of [...secret].sort((a, b) => a - b)) {
    const s = spans[i];
    if (!s) continue;
    const kept = KEPT_PREFIX.exec(line.slice(s.start, s.end))?.[0] ?? '';
    out += line.slice(at, s.start) + kept + REDACTED;
    at = s.end;
  }
  return out + line.slice(at);
}

/**
 * Where each token of `line` stands (the same splitting as src/commands/tokenize.ts: blanks
 * separate, double quotes group and belong to the token).
 */
export function tokenSpans(line: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let start = -1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') quoted = false;
    } else if (ch === '"') {
      quoted = true;
      if (start < 0) start = i;
    } else if (ch === ' ' || ch === '\t') {
      if (start >= 0) spans.push({ start, end: i });
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) spans.push({ start, end: line.length });
  return spans;
}

/** Every key an event names (created, changed, deleted or used), ascending: the inventory's highlight. */
export function touchedKeys(e: CommandEvent): number[] {
  return [...new Set([...e.created.keys, ...e.changed.keys, ...e.deleted.keys, ...e.used.keys])].sort((a, b) => a - b);
}
