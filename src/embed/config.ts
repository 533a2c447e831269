/**
 * Embed mode (issue 14, item 1): what an embed is told by its URL — query parameters or the
 * fragment (`#script=…&autorun`; the fragment wins where both name a parameter). Parsing is
 * strict and never throws: an unknown parameter, a value out of range or a control character in
 * a line is refused with a sentence the embed shows instead of a console.
 *
 * Nothing here decides who may talk to the embed: the API's allow-list is fixed at build time
 * (src/embed/allow-list.ts), never by a parameter.
 */
import { HEIGHT_RANGE, ROWS_RANGE, wholeNumberIn } from './layout';

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

/** The most lines `script` or `preamble` may hold, and the longest line (the API's LIMITS too). */
export const MAX_LINES = 200;
export const MAX_LINE = 4096;
/** The longest a URL's parameters may be, in characters, before anything is read. */
export const MAX_PARAMS = 64 * 1024;

/** Control characters (C0 but the line end, DEL, C1), invisible and direction-changing format characters. */
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

const DEFAULTS: EmbedConfig = {
  script: [], autorun: false, readonly: false, preamble: [], seed: 1, handles: 'realistic', theme: 'auto',
  rows: null, height: null, panels: [], lesson: null, loadNow: false,
};

type Param = (typeof EMBED_PARAMS)[number];
type Raw = Map<Param, string[]>;

/** The name=value pairs of a query or fragment (null when a pair does not decode). */
function pairs(text: string): Array<[string, string]> | null {
  const out: Array<[string, string]> = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    try {
      out.push([decodeURIComponent(name.replace(/\+/g, ' ')), decodeURIComponent(value.replace(/\+/g, ' '))]);
    } catch {
      return null;
    }
  }
  return out;
}

const known = (name: string): name is Param => (EMBED_PARAMS as readonly string[]).includes(name);

/** Lines of `script` or `preamble`: every value's lines in order (newline-separated; CR LF too), a trailing empty line dropped. */
function lines(values: string[], what: string): string[] | string {
  const out: string[] = [];
  for (const v of values) {
    const ls = v.split(/\r?\n/);
    if (ls.length > 1 && ls[ls.length - 1] === '') ls.pop();
    out.push(...ls);
  }
  if (out.length > MAX_LINES) return `The ${what} has ${out.length} lines; an embed takes at most ${MAX_LINES}.`;
  for (let i = 0; i < out.length; i++) {
    const l = out[i]!;
    if (l.length > MAX_LINE) return `Line ${i + 1} of the ${what} is longer than ${MAX_LINE} characters.`;
    if (CONTROL.test(l)) return `Line ${i + 1} of the ${what} holds a control character; it is not run.`;
  }
  return out;
}

function flag(name: string, v: string): boolean | string {
  if (v === '' || v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  return `The parameter ${name} takes no value, 1 or 0 (true or false).`;
}

function integer(name: string, v: string, min: number, max: number): number | string {
  return wholeNumberIn(v, [min, max]) ?? `The parameter ${name} must be a whole number from ${min} to ${max}.`;
}

/** Parse `location.search` and `location.hash` of an embed page (strict; never throws). */
export function parseEmbedConfig(search: string, hash: string): EmbedConfigResult {
  const bad = (why: string): EmbedConfigResult => ({ ok: false, why });
  try {
    if (typeof search !== 'string' || typeof hash !== 'string') return bad('This embed\'s address cannot be read.');
    if (search.length + hash.length > MAX_PARAMS) return bad('This embed\'s address is longer than 64 kB; it is not read.');
    // the fragment wins where both name a parameter
    const raw: Raw = new Map();
    for (const source of [search.replace(/^\?/, ''), hash.replace(/^#/, '')]) {
      const ps = pairs(source);
      if (!ps) return bad('This embed\'s address is damaged (a parameter does not decode).');
      const here: Raw = new Map();
      for (const [name, value] of ps) {
        if (!known(name)) return bad(`This embed's address has a parameter the playground does not know (${JSON.stringify(name.slice(0, 40))}).`);
        const list = here.get(name);
        if (list) list.push(value);
        else here.set(name, [value]);
      }
      for (const [name, values] of here) raw.set(name, values);
    }
    const config: EmbedConfig = { ...DEFAULTS, script: [], preamble: [], panels: [] };
    for (const [name, values] of raw) {
      if (name !== 'script' && name !== 'preamble' && values.length > 1) return bad(`The parameter ${name} is given more than once.`);
      const v = values[0]!;
      if (name !== 'script' && name !== 'preamble' && CONTROL.test(v)) return bad(`The parameter ${name} holds a control character.`);
      switch (name) {
        case 'script':
        case 'preamble': {
          const ls = lines(values, name);
          if (typeof ls === 'string') return bad(ls);
          config[name] = ls;
          break;
        }
        case 'autorun':
        case 'readonly': {
          const f = flag(name, v);
          if (typeof f === 'string') return bad(f);
          config[name] = f;
          break;
        }
        case 'seed': {
          const n = integer(name, v, 0, 999_999_999);
          if (typeof n === 'string') return bad(n);
          config.seed = n;
          break;
        }
        case 'handles':
          if (v !== 'simple' && v !== 'realistic') return bad('The parameter handles must be simple or realistic.');
          config.handles = v;
          break;
        case 'theme':
          if (v !== 'light' && v !== 'dark' && v !== 'auto') return bad('The parameter theme must be light, dark or auto.');
          config.theme = v;
          break;
        case 'rows': {
          const n = integer(name, v, ...ROWS_RANGE);
          if (typeof n === 'string') return bad(n);
          config.rows = n;
          break;
        }
        case 'height': {
          const n = integer(name, v, ...HEIGHT_RANGE);
          if (typeof n === 'string') return bad(n);
          config.height = n;
          break;
        }
        case 'panels': {
          const ps = v === '' ? [] : v.split(',');
          const out: EmbedPanel[] = [];
          for (const p of ps) {
            if (p !== 'inventory' && p !== 'files') return bad('The parameter panels takes inventory, files or both (comma-separated).');
            if (out.includes(p)) return bad(`The parameter panels names ${p} twice.`);
            out.push(p);
          }
          config.panels = out;
          break;
        }
        case 'lesson':
          if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(v)) return bad('The parameter lesson must be a lesson id (lower-case letters, digits and dashes).');
          config.lesson = v;
          break;
        case 'load':
          if (v !== 'now' && v !== 'click') return bad('The parameter load must be now or click.');
          config.loadNow = v === 'now';
          break;
      }
    }
    // rows wins when both are given
    if (config.rows !== null) config.height = null;
    return { ok: true, config };
  } catch {
    return bad('This embed\'s address cannot be read.');
  }
}
