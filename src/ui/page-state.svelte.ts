/**
 * State of the page around the terminal (Svelte 5 runes in a class; components call methods and
 * read fields, never mutate them from outside).
 */
import type { PlaygroundView } from '../shell/view';
import type { Explanation } from '../commands/explain/index';
import type { WrapRef } from '../hsm/ops/wrap-trace';
import type { ConsoleExtras } from '../shell/session';

/**
 * The AES wraps and unwraps of the focused terminal's last command that did any, and the terminal's
 * session that traces them (issue 13's key-wrap view; src/ui/WrapOffer.svelte).
 */
export interface WrapOffer {
  line: string;
  refs: WrapRef[];
  session: ConsoleExtras | undefined;
}

/**
 * The most characters of one output the live region gets: a screen reader reads no 2 MiB hex dump,
 * and laying such a text out kept the page busy for most of a second (issue 11, finding 12).
 */
export const ANNOUNCE_CHARS = 16 * 1024;

/** `text` as the live region gets it: cut after ANNOUNCE_CHARS characters, saying how much more there is. */
export function announcement(text: string): string {
  if (text.length <= ANNOUNCE_CHARS) return text;
  return `${text.slice(0, ANNOUNCE_CHARS)} … and ${text.length - ANNOUNCE_CHARS} more characters`;
}

export class PageState {
  /** Why the playground runs in memory only (null: it is kept in IndexedDB). */
  banner = $state<string | null>(null);
  /** Result of navigator.storage.persist(): true, false, or null when unknown/unsupported. */
  persisted = $state<boolean | null>(null);
  /** Outside-the-transcript notice (spec decision 7): a command that runs, an export warning. */
  status = $state<string>('');
  /** The last command's output, for the screen-reader live region. */
  announcement = $state<string>('');
  view = $state.raw<PlaygroundView | null>(null);
  touched = $state.raw<number[]>([]);
  showAll = $state(false);
  /** Bumped when another tab changed the playground (the panels re-read it). */
  externalChanges = $state(0);
  explanation = $state.raw<{ topic: string; items: Explanation[] } | null>(null);
  /** What the key-wrap view may show (WrapOffer.svelte offers it). */
  wraps = $state.raw<WrapOffer | null>(null);

  setBanner(text: string | null): void { this.banner = text; }
  setPersisted(p: boolean | null): void { this.persisted = p; }
  setStatus(text: string): void { this.status = text; }
  announce(text: string): void {
    // the same text twice in a row must still be read out: clear, then set
    this.announcement = '';
    queueMicrotask(() => { this.announcement = announcement(text); });
  }
  setView(view: PlaygroundView, touched: number[]): void { this.view = view; this.touched = touched; }
  toggleAll(all: boolean): void { this.showAll = all; }
  explain(topic: string, items: Explanation[] | null): void {
    this.explanation = items ? { topic, items } : { topic, items: [{ title: `Nothing known about ${topic}`, lines: [] }] };
  }
  closeExplanation(): void { this.explanation = null; }
  noteExternalChange(): void { this.externalChanges++; }
  setWraps(offer: WrapOffer | undefined): void { this.wraps = offer ?? null; }
}
