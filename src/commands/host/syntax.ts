/**
 * The host shell's grammar (a small part of bash's, its own parser: the key_mgmt_util and
 * cloudhsm_mgmt_util tokenizers stay as they are):
 *
 *   line     := list
 *   list     := pipeline ((';' | '&&' | '||' | newline) pipeline)* [';']
 *   pipeline := command ('|' newline* command)*
 *   command  := simple | 'for' NAME ['in' WORD*] (';' | newline) newline* 'do' list 'done'
 *   simple   := (WORD | redirection)+          redirection := [N]('>' | '>>' | '<' | '>&') WORD
 *
 * Words: single quotes (literal), double quotes (`$NAME` expands inside, `\` escapes `$ " \ \``),
 * a backslash outside quotes escapes the next character (at the end of a line it continues it),
 * `$NAME`, `${NAME}`, `$?`, brace expansion `{1..30}`, `{a..e}`, `{01..10..3}`, `{x,y}` and
 * `#` comments; redirections `< FILE`, `> FILE`, `>> FILE`, `2> FILE`, `2>&1`, `>&2`. A line that
 * stops inside a quote, after `|`, `&&`, `||` or a trailing `\`, or inside a `for` before its
 * `done`, is incomplete: the shell asks for more with `> ` (parse answers 'incomplete').
 */

/** A piece of a word: literal text (quoted or not) or a parameter to expand. */
export type Part =
  | { kind: 'text'; text: string; quoted: boolean }
  | { kind: 'param'; name: string; quoted: boolean };

export interface Word {
  parts: Part[];
  /** The word as typed (for messages). */
  raw: string;
}

export type RedirOp = '>' | '>>' | '<' | '>&';
export interface Redirection {
  op: RedirOp;
  /** The descriptor redirected: 1 (standard output) for `>`, `>>`, `>&`; 0 for `<`; `2>`: 2. */
  fd: number;
  target: Word;
}

export interface SimpleCommand {
  kind: 'simple';
  words: Word[];
  redirs: Redirection[];
}

export interface ForCommand {
  kind: 'for';
  name: string;
  /** The words after `in` (none for `for NAME; do`: the positional parameters, none here). */
  words: Word[];
  body: List;
  redirs: Redirection[];
}

export type Command = SimpleCommand | ForCommand;
export type Pipeline = Command[];
export interface List {
  items: { pipeline: Pipeline; /** how it is joined to the item before it */ join: ';' | '&&' | '||' }[];
}

export type ParseResult =
  | { kind: 'ok'; list: List }
  | { kind: 'incomplete' }
  | { kind: 'error'; message: string };

type Token =
  | { t: 'word'; word: Word }
  | { t: 'op'; op: '|' | ';' | '&&' | '||' | '\n' | '&' | '(' | ')' | ';;' }
  | { t: 'op'; op: RedirOp; fd: number };

class Incomplete extends Error {}
class SyntaxError_ extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BLANK = /[ \t]/;
const META = /[ \t\n|;&<>()]/;

/** Split the text into words and operators; throws Incomplete at an open quote or a trailing `\`. */
function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (BLANK.test(c)) {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      out.push({ t: 'op', op: '\n' });
      i++;
      continue;
    }
    // a redirection: [N]> [N]>> [N]< [N]>& (N: the descriptor, digits right before it)
    const redir = /^(\d*)(>>|>&|>|<)/.exec(src.slice(i, i + 12));
    if (redir) {
      const op = redir[2] as RedirOp;
      out.push({ t: 'op', op, fd: redir[1] !== '' ? Math.min(Number(redir[1]), 1e6) : op === '<' ? 0 : 1 });
      i += redir[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === ';;') {
      out.push({ t: 'op', op: two });
      i += 2;
      continue;
    }
    if ('|;&()'.includes(c)) {
      out.push({ t: 'op', op: c as '|' });
      i++;
      continue;
    }
    // a word
    const start = i;
    const parts: Part[] = [];
    let lit = '';
    const flush = (quoted: boolean) => {
      if (lit !== '') parts.push({ kind: 'text', text: lit, quoted });
      lit = '';
    };
    const param = (quoted: boolean): boolean => {
      // at src[i] === '$'
      const rest = src.slice(i + 1);
      let m: RegExpExecArray | null;
      if ((m = /^\{([A-Za-z_][A-Za-z0-9_]*|\?)\}/.exec(rest))) {
        flush(quoted);
        parts.push({ kind: 'param', name: m[1]!, quoted });
        i += 1 + m[0].length;
        return true;
      }
      if (rest.startsWith('{')) {
        if (!rest.includes('}')) throw new Incomplete();
        const body = rest.slice(1, rest.indexOf('}'));
        throw new SyntaxError_(`\${${body}}: bad substitution`);
      }
      if ((m = /^([A-Za-z_][A-Za-z0-9_]*|[?0-9#$])/.exec(rest))) {
        flush(quoted);
        parts.push({ kind: 'param', name: m[1]!, quoted });
        i += 1 + m[0].length;
        return true;
      }
      return false;
    };
    while (i < src.length && !META.test(src[i]!)) {
      const ch = src[i]!;
      if (ch === "'") {
        flush(false);
        const end = src.indexOf("'", i + 1);
        if (end < 0) throw new Incomplete();
        parts.push({ kind: 'text', text: src.slice(i + 1, end), quoted: true });
        i = end + 1;
      } else if (ch === '"') {
        flush(false);
        i++;
        let closed = false;
        parts.push({ kind: 'text', text: '', quoted: true }); // "" is a word of its own
        while (i < src.length) {
          const d = src[i]!;
          if (d === '"') {
            closed = true;
            i++;
            break;
          }
          if (d === '\\' && i + 1 < src.length && '$"\\`\n'.includes(src[i + 1]!)) {
            if (src[i + 1] !== '\n') lit += src[i + 1];
            i += 2;
          } else if (d === '$' && param(true)) {
            // expanded later
          } else {
            lit += d;
            i++;
          }
        }
        if (!closed) throw new Incomplete();
        flush(true);
      } else if (ch === '\\') {
        if (i + 1 >= src.length) throw new Incomplete();
        flush(false);
        if (src[i + 1] !== '\n') parts.push({ kind: 'text', text: src[i + 1]!, quoted: true });
        i += 2;
      } else if (ch === '$' && param(false)) {
        // expanded later
      } else {
        lit += ch;
        i++;
      }
    }
    flush(false);
    out.push({ t: 'word', word: { parts, raw: src.slice(start, i) } });
  }
  return out;
}

/** The word's text when it is one plain unquoted literal (a keyword or a NAME), else null. */
function plain(w: Word): string | null {
  return w.parts.length === 1 && w.parts[0]!.kind === 'text' && !w.parts[0]!.quoted ? w.parts[0]!.text : null;
}

const RESERVED = new Set(['do', 'done', 'then', 'fi', 'else', 'elif', 'esac', 'in', '{', '}', '!']);

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(): Token | undefined {
    return this.toks[this.i];
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t?.t === 'op' && t.op === op;
  }

  private isKeyword(k: string): boolean {
    const t = this.peek();
    return t?.t === 'word' && plain(t.word) === k;
  }

  private skipNewlines(): void {
    while (this.isOp('\n')) this.i++;
  }

  private unexpected(): never {
    const t = this.peek();
    if (!t) throw new Incomplete();
    const what = t.t === 'op' ? (t.op === '\n' ? 'newline' : t.op) : t.word.raw;
    throw new SyntaxError_(`syntax error near unexpected token \`${what}'`);
  }

  /** A list up to the end, or (inside a loop) up to the keyword `done`. */
  list(inLoop: boolean): List {
    const items: List['items'] = [];
    let join: ';' | '&&' | '||' = ';';
    this.skipNewlines();
    for (;;) {
      const t = this.peek();
      if (!t) {
        if (inLoop) throw new Incomplete();
        break;
      }
      if (inLoop && this.isKeyword('done')) {
        if (items.length === 0 || join !== ';') this.unexpected();
        break;
      }
      items.push({ pipeline: this.pipeline(), join });
      const n = this.peek();
      if (!n) {
        if (inLoop) throw new Incomplete();
        break;
      }
      if (n.t === 'op' && (n.op === ';' || n.op === '\n')) {
        this.i++;
        join = ';';
        this.skipNewlines();
        if (!inLoop && !this.peek()) break;
        if (this.isOp(';')) this.unexpected();
        continue;
      }
      if (n.t === 'op' && (n.op === '&&' || n.op === '||')) {
        this.i++;
        join = n.op;
        this.skipNewlines();
        if (!this.peek()) throw new Incomplete();
        continue;
      }
      if (inLoop && this.isKeyword('done')) {
        // `do echo x done` is `echo x done`; a `done` here is only met after an operator
        this.unexpected();
      }
      this.unexpected();
    }
    return { items };
  }

  private pipeline(): Pipeline {
    const cmds: Command[] = [this.command()];
    while (this.isOp('|')) {
      this.i++;
      this.skipNewlines();
      if (!this.peek()) throw new Incomplete();
      cmds.push(this.command());
    }
    return cmds;
  }

  private command(): Command {
    const t = this.peek();
    if (!t) throw new Incomplete();
    if (t.t === 'word') {
      const k = plain(t.word);
      if (k === 'for') return this.forCommand();
      if (k !== null && RESERVED.has(k) && k !== 'in' && k !== '{' && k !== '}') this.unexpected();
    }
    const words: Word[] = [];
    const redirs: Redirection[] = [];
    for (;;) {
      const n = this.peek();
      if (!n) break;
      if (n.t === 'word') {
        words.push(n.word);
        this.i++;
        continue;
      }
      if ('fd' in n) {
        this.i++;
        const target = this.peek();
        if (!target || target.t !== 'word') {
          if (!target) throw new SyntaxError_("syntax error near unexpected token `newline'");
          this.unexpected();
        }
        redirs.push({ op: n.op, fd: n.fd, target: target.word });
        this.i++;
        continue;
      }
      break;
    }
    if (words.length === 0 && redirs.length === 0) this.unexpected();
    return { kind: 'simple', words, redirs };
  }

  private forCommand(): ForCommand {
    this.i++; // for
    const nameTok = this.peek();
    if (!nameTok) throw new Incomplete();
    if (nameTok.t !== 'word') this.unexpected();
    const name = plain(nameTok.word);
    if (name === null || !NAME.test(name)) throw new SyntaxError_(`\`${nameTok.word.raw}': not a valid identifier`);
    this.i++;
    const words: Word[] = [];
    this.skipNewlines();
    if (this.isKeyword('in')) {
      this.i++;
      while (this.peek()?.t === 'word') {
        words.push((this.peek() as { word: Word }).word);
        this.i++;
      }
      if (!this.peek()) throw new Incomplete();
      if (!this.isOp(';') && !this.isOp('\n')) this.unexpected();
      this.i++;
    } else if (this.isOp(';')) {
      this.i++;
    }
    this.skipNewlines();
    if (!this.peek()) throw new Incomplete();
    if (!this.isKeyword('do')) this.unexpected();
    this.i++;
    this.skipNewlines();
    if (!this.peek()) throw new Incomplete();
    if (this.isKeyword('done')) this.unexpected();
    const body = this.list(true);
    this.i++; // done
    const redirs: Redirection[] = [];
    for (let t = this.peek(); t?.t === 'op' && 'fd' in t; t = this.peek()) {
      this.i++;
      const target = this.peek();
      if (!target) throw new SyntaxError_("syntax error near unexpected token `newline'");
      if (target.t !== 'word') this.unexpected();
      redirs.push({ op: t.op, fd: t.fd, target: target.word });
      this.i++;
    }
    const after = this.peek();
    if (after && after.t === 'word') this.unexpected();
    return { kind: 'for', name, words, body, redirs };
  }
}

/** Parse a (possibly multi-line) command text. */
export function parse(src: string): ParseResult {
  try {
    const toks = lex(src);
    const list = new Parser(toks).list(false);
    return { kind: 'ok', list };
  } catch (e) {
    if (e instanceof Incomplete) return { kind: 'incomplete' };
    if (e instanceof SyntaxError_) return { kind: 'error', message: e.message };
    throw e;
  }
}

/** At most this many words come out of one brace expansion (bad input never exhausts memory). */
export const MAX_BRACE_WORDS = 100_000;

export class ExpansionError extends Error {}

/**
 * Expand a word: braces (on its unquoted text), then parameters; unquoted expansions are split at
 * blanks and an unquoted empty result disappears, as bash does.
 */
export function expandWord(w: Word, lookup: (name: string) => string): string[] {
  const out: string[] = [];
  for (const parts of braceExpand(w.parts)) out.push(...fields(parts, lookup));
  return out;
}

function fields(parts: readonly Part[], lookup: (name: string) => string): string[] {
  const result: string[] = [];
  let cur = '';
  let has = false; // the current field exists (quoted text or a character makes one)
  for (const p of parts) {
    if (p.kind === 'text') {
      cur += p.text;
      if (p.quoted || p.text !== '') has = true;
      continue;
    }
    const value = lookup(p.name);
    if (p.quoted) {
      cur += value;
      has = true;
      continue;
    }
    const pieces = value.split(/[ \t\n]+/);
    pieces.forEach((piece, k) => {
      if (k > 0) {
        if (has) result.push(cur);
        cur = '';
        has = false;
      }
      cur += piece;
      if (piece !== '') has = true;
    });
  }
  if (has) result.push(cur);
  return result;
}

/** Brace expansion on the unquoted text of a word; a word without a valid brace stays as it is. */
function braceExpand(parts: readonly Part[], budget = { left: MAX_BRACE_WORDS }): Part[][] {
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    if (p.kind !== 'text' || p.quoted) continue;
    const found = findBrace(p.text);
    if (!found) continue;
    const { start, end, alternatives } = found;
    const before: Part[] = [...parts.slice(0, k), { kind: 'text', text: p.text.slice(0, start), quoted: false }];
    const after: Part[] = [{ kind: 'text', text: p.text.slice(end + 1), quoted: false }, ...parts.slice(k + 1)];
    const out: Part[][] = [];
    for (const alt of alternatives) {
      for (const tail of braceExpand(after, budget)) {
        if (--budget.left < 0) throw new ExpansionError(`brace expansion: more than ${MAX_BRACE_WORDS} words`);
        out.push([...before, { kind: 'text', text: alt, quoted: false }, ...tail]);
      }
    }
    return out;
  }
  return [[...parts]];
}

/** The first `{…}` in text that is a sequence or a comma list (nested braces are not expanded). */
function findBrace(text: string): { start: number; end: number; alternatives: string[] } | null {
  for (let s = text.indexOf('{'); s >= 0; s = text.indexOf('{', s + 1)) {
    const e = text.indexOf('}', s + 1);
    if (e < 0) return null;
    const inner = text.slice(s + 1, e);
    if (inner.includes('{')) continue;
    const seq = sequence(inner);
    if (seq) return { start: s, end: e, alternatives: seq };
    if (inner.includes(',')) return { start: s, end: e, alternatives: inner.split(',') };
  }
  return null;
}

function sequence(inner: string): string[] | null {
  let m = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(inner);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    let step = Math.abs(Number(m[3] ?? 1)) || 1;
    const count = Math.floor(Math.abs(b - a) / step) + 1;
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || count > MAX_BRACE_WORDS) {
      throw new ExpansionError(`brace expansion: more than ${MAX_BRACE_WORDS} words`);
    }
    const pad = /^-?0\d/.test(m[1]!) || /^-?0\d/.test(m[2]!) ? Math.max(m[1]!.length, m[2]!.length) : 0;
    if (b < a) step = -step;
    const out: string[] = [];
    for (let n = 0, v = a; n < count; n++, v += step) {
      const s = String(Math.abs(v)).padStart(pad - (v < 0 ? 1 : 0), '0');
      out.push(v < 0 ? '-' + s : s);
    }
    return out;
  }
  m = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?$/.exec(inner);
  if (m) {
    const a = m[1]!.charCodeAt(0);
    const b = m[2]!.charCodeAt(0);
    const step = (Math.abs(Number(m[3] ?? 1)) || 1) * (b < a ? -1 : 1);
    const out: string[] = [];
    for (let v = a; step > 0 ? v <= b : v >= b; v += step) out.push(String.fromCharCode(v));
    return out;
  }
  return null;
}

export { NAME as SHELL_NAME };
