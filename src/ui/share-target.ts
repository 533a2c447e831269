/**
 * What the share dialogs (issue 15, item 1) need of the page: the focused terminal's console and
 * view. Loaded with the dialogs.
 */
import type { ConsoleSession } from '../shell/session';
import { submitsDone, typedSteps, type Step } from '../shell/share-record';
import type { ReplayTarget, ShareSettings } from '../shell/share';

export interface Focused {
  session: ConsoleSession | undefined;
  /**
   * The focused terminal's view: input as if typed, and (src/ui/Terminal.svelte) holding the
   * reader's own input while a replay types.
   */
  term: { press(data: string): void; hold?(to: ((data: string) => void) | null): void } | undefined;
  /** Re-read the playground for the panels. */
  refresh: () => Promise<void>;
}

/** The focused terminal's recorded lines and the playground's settings now. */
export async function shareSource(f: Focused): Promise<{ steps: Step[]; settings: ShareSettings }> {
  const view = await f.session?.snapshot?.().catch(() => undefined);
  const s = view?.settings;
  return { steps: typedSteps(f.session) ?? [], settings: { handles: s?.handles === 'simple' ? 'simple' : 'realistic', seed: s?.seed ?? null } };
}

/** The focused terminal as a replay drives it (null until its console is ready). */
export function replayTarget(f: Focused): (ReplayTarget & { apply(settings: ShareSettings): Promise<void> }) | null {
  const { session: s, term } = f;
  if (!s || !term) return null;
  return {
    press: (data) => term.press(data),
    clearLine: () => term.press('\x05\x15'), // (End, Ctrl-U: src/shell/line-editor/keys.ts)
    hold: (to) => term.hold?.(to),
    inputMode: () => s.inputMode,
    done: () => submitsDone(s),
    // (a closed terminal finishes nothing more: the wait ends, and the replay says why)
    gone: () => s.closed === true,
    submitted: (n) => new Promise<void>((resolve) => {
      const check = () => (submitsDone(s) >= n || s.closed === true ? resolve() : void setTimeout(check, 20));
      check();
    }),
    apply: async (settings) => {
      await s.changeSettings?.(settings);
      await f.refresh();
    },
  };
}
