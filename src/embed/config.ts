/**
 * Embed mode (issue 14, item 1): what an embed is told by its URL — query parameters or the
 * fragment (`#script=…&autorun`; the fragment wins where both name a parameter). Parsing is
 * strict and never throws: an unknown parameter, a value out of range or a control character in
 * a line is refused with a sentence the embed shows instead of a console.
 *
 * Nothing here decides who may talk to the embed: the API's allow-list is fixed at build time
 * (src/embed/allow-list.ts), never by a parameter.
 */

/** The side panels an embed may show beside its terminal. */
export type EmbedPanel = 'inventory' | 'files';

export interface EmbedConfig {
  /** Command lines to type, in order (`script`: lines separated by newlines). */
  script: string[];
  /** Type and run the script as soon as the console is live (else the reader runs each line with Enter: the next line waits at the prompt). */
  autorun: boolean;
  /** The reader cannot type: only the script (and the API's `run`) types. */
  readonly: boolean;
  /** Hidden setup lines run before the script; their output is not shown; the first that fails stops the embed with a visible error. */
  preamble: string[];
  /** Seeded randomness (`settings seed N` range); null: the embed default, seed 1 — an embed prints the same every time unless told otherwise. */
  seed: number;
  /** Handle numbering: 'realistic' (the guide's 262xxx) or 'simple'. */
  handles: 'simple' | 'realistic';
  theme: 'light' | 'dark' | 'auto';
  /** Terminal rows (5–60); `height` in CSS pixels is the alternative (rows wins when both are given). */
  rows: number | null;
  height: number | null;
  panels: EmbedPanel[];
  /** A lesson id to open instead of free play (src/lessons/catalog.ts), or null. */
  lesson: string | null;
  /** Load the live console at once instead of showing the static script until the reader asks (`load=now`). */
  loadNow: boolean;
}

export type EmbedConfigResult = { ok: true; config: EmbedConfig } | { ok: false; why: string };

/** The parameters an embed URL may carry (anything else is refused). */
export const EMBED_PARAMS = ['script', 'autorun', 'readonly', 'preamble', 'seed', 'handles', 'theme', 'rows', 'height', 'panels', 'lesson', 'load'] as const;

/** Parse `location.search` and `location.hash` of an embed page. (Helper "embed" implements.) */
export declare function parseEmbedConfig(search: string, hash: string): EmbedConfigResult;
