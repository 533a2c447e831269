/**
 * What in a terminal line can be clicked for an explanation: return codes (`0xc6`, in result
 * lines and `Error2String`), `-t`/`-m`/`-c`/`-i`/`-a` values, attribute names (`OBJ_ATTR_KCV`) and
 * attribute ids in `listAttributes` lines (`= 371`). Given `known` (explain's lookup, loaded
 * lazily), only topics it knows become links. Pure: the xterm adapter makes them decorations.
 */

export interface LinkRange {
  /** 0-based start column and exclusive end column in the line. */
  start: number;
  end: number;
  /** Arguments for `explain`. */
  topic: string[];
}

const PATTERNS: Array<{ re: RegExp; topic: (m: RegExpExecArray) => string[]; offset?: (m: RegExpExecArray) => number }> = [
  // a return code: "returned: 0xc6", "err state 0x000000a8", "Error2String -r 0xdb", "Error Code c6 maps"
  { re: /(?<=err state )0x[0-9a-f]{8}\b|\b0x30000085\b|\b0x[0-9a-fA-F]{2}\b/g, topic: (m) => [normaliseCode(m[0])] },
  { re: /(?<=Error Code )[0-9a-f]+(?= maps)/g, topic: (m) => ['0x' + m[0]] },
  // a flag and its value: "-t 31", "-m 4"
  { re: /(?<![\w-])-(t|m|c|i|a|kt|kc) (\d{1,10})\b/g, topic: (m) => [`-${m[1]}`, m[2]!] },
  { re: /\bOBJ_ATTR_[A-Z_]+\b/g, topic: (m) => [m[0]] },
  // listAttributes: "OBJ_ATTR_KCV                    = 371"
  { re: /(?<=OBJ_ATTR_[A-Z_]+\s+= )\d+/g, topic: (m) => [m[0]] },
];

/** `0x000000a8` → `0xa8` (per-node lines pad to 8 digits). */
function normaliseCode(s: string): string {
  const n = parseInt(s, 16);
  return '0x' + n.toString(16).padStart(2, '0');
}

export function findLinks(line: string, known?: (topic: string[]) => boolean): LinkRange[] {
  const out: LinkRange[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(line); m; m = p.re.exec(line)) {
      const topic = p.topic(m);
      if (known && !known(topic)) continue;
      const start = m.index;
      const end = start + m[0].length;
      if (out.some((r) => start < r.end && end > r.start)) continue; // first pattern wins
      out.push({ start, end, topic });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Whether a link a program's output carries (an OSC 8 hyperlink) may be followed from the page:
 * only to the page's own origin. Output can hold stored names and typed words, so a link to
 * anywhere else (or a `javascript:` one, whose origin is opaque) is never opened.
 */
export function sameOriginLink(url: string, origin: string): boolean {
  try {
    return new URL(url, origin).origin === origin;
  } catch {
    return false;
  }
}
