/**
 * What the embed's API (src/embed/api.ts) needs of the running embed (src/embed/main.ts and
 * src/ui/Embed.svelte implement it). The API never reaches the HSM or the terminal directly.
 */
import type { CommandEvent } from '../shell/events';
import type { EmbedState } from './protocol';

export interface EmbedHost {
  /** Type `lines` into the embed's terminal one after another, each after the previous finished; resolves with their events. A readonly embed runs them too (the API is the page's, not the reader's). */
  run(lines: readonly string[]): Promise<CommandEvent[]>;
  /** A fresh in-memory playground (the embed's own; preamble run again), terminal cleared. Never the reader's saved playground. */
  reset(): Promise<void>;
  /** Keys as the inventory shows them, files, current program and user, transcript; secrets redacted. */
  state(): Promise<EmbedState>;
  /** Every command event of the embed's terminal (script, reader and API alike); returns unsubscribe. */
  onEvent(listener: (event: CommandEvent) => void): () => void;
  /** The embed's content height in CSS pixels changed (measured on a wrapper element). */
  onResize(listener: (height: number) => void): () => void;
  /** Resolves when the live console is up and the preamble has run (rejects with the preamble's error). */
  live(): Promise<void>;
}
