/**
 * `explain`: one lookup for every shell and for the page's side panel. A topic is a return code
 * (`0xc6`, or decimal `157` as the audit log prints it), an attribute (`371`, `OBJ_ATTR_KCV`), a
 * flag with its value (`-t 31`, `-m 4`, `-c 4`, `-i 14`, `-a 354`), a key type or class name
 * (`AES`, `secret`), a key_mgmt_util command (`imSymKey`), a whole KMU/CMU line (its CloudHSM CLI
 * line with the learner's values, kmu-line.ts) or a CloudHSM CLI path (its KMU/CMU counterpart,
 * cli-paths.ts; both from cloudhsm-cli.md §7.1, cli-map.ts). Plain data in, plain lines out.
 */
import { ATTR_PREFIX } from '../../hsm/attributes';
import { ATTRIBUTE_ENTRIES, CLASSES, CURVES, HASHES, KEY_TYPES, MECHANISMS, type ValueEntry } from './constants';
import { COMMAND_BY_NAME, COMMANDS, type CommandEntry } from './commands';
import { ERROR_BY_CODE, ERRORS, errorText, type ErrorEntry } from './errors';
import { rowsForCommand } from './cli-map';
import { explainCliPath, CLI_PATHS } from './cli-paths';
import { translateLine, translatable, LINE_RULES } from './kmu-line';

export interface Explanation {
  /** One line: what the topic is. */
  title: string;
  /** Further lines: meaning, cause, fix, CLI equivalent. */
  lines: string[];
}

export const hexCode = (code: number) => '0x' + code.toString(16).padStart(2, '0');

function explainError(e: ErrorEntry): Explanation {
  return {
    title: `${hexCode(e.code)} (${e.code})  ${errorText(e)}${e.name ? `  [${e.name}]` : ''}`,
    lines: [
      `Meaning: ${e.meaning}`,
      `Likely cause: ${e.cause}`,
      `Fix: ${e.fix}`,
      ...(e.note === 'invented' ? ['(The guide documents no code for this situation; 0xe0-0xe9 are this playground\'s own.)'] : []),
    ],
  };
}

function explainAttribute(id: number): Explanation | undefined {
  const a = ATTRIBUTE_ENTRIES.find((x) => x.id === id);
  if (!a) return undefined;
  return { title: `${a.name} = ${a.id} (attribute id, 0x${a.id.toString(16)})`, lines: [a.meaning] };
}

function explainValue(kind: string, flagNote: string, table: readonly ValueEntry[], v: number): Explanation | undefined {
  const e = table.find((x) => x.value === v);
  if (!e) return undefined;
  return { title: `${flagNote} ${v} = ${e.name} (${kind})`, lines: [e.meaning] };
}

function explainCommand(c: CommandEntry, available?: boolean): Explanation {
  const lines = [c.what];
  if (available !== undefined) lines.push(available ? 'In this playground: available.' : 'In this playground: not available yet.');
  lines.push(c.cli
    ? `CloudHSM CLI (Client SDK 5): ${c.cli}${c.cliNote ? ` (${c.cliNote})` : ''}`
    : `CloudHSM CLI (Client SDK 5): no equivalent${c.cliNote ? ` — ${c.cliNote}` : ''}.`);
  lines.push(...commandMapLines(c.name));
  return { title: `${c.name}  (key_mgmt_util command)`, lines };
}

/** The rows of cloudhsm-cli.md §7.1 that name a KMU/CMU command. */
function commandMapLines(name: string): string[] {
  const rows = rowsForCommand(name);
  return rows.length === 0 ? [] : ['Command map (cloudhsm-cli.md §7.1):', ...rows.map((r) => `  ${r.kmu}  →  ${r.cli}`)];
}

/** A cloudhsm_mgmt_util command of the §7.1 map that key_mgmt_util does not have (createUser, shareKey…). */
function explainCmuCommand(name: string): Explanation | undefined {
  const rule = LINE_RULES.find((r) => r.tool === 'cloudhsm_mgmt_util' && r.command.toLowerCase() === name.toLowerCase());
  const lines = commandMapLines(name);
  if (!rule || lines.length === 0) return undefined;
  return { title: `${rule.command}  (cloudhsm_mgmt_util command)`, lines };
}

/** `explain <a whole KMU/CMU line>`: the CLI line with the learner's values, or why there is none. */
function explainLine(words: readonly string[]): Explanation | undefined {
  const t = translateLine(words);
  if (!t) return undefined;
  const lines = t.cli !== null ? [`CloudHSM CLI: ${t.cli}`] : [`CloudHSM CLI: no equivalent — ${t.none}`];
  lines.push(...t.notes.map((n) => `Note: ${n}`));
  return { title: `${t.typed}  (${t.tool} line)`, lines };
}

/** Indexed by typed words: read only through `own` (a topic like `constructor` is no tool). */
const TOOLS: Record<string, Explanation> = {
  key_mgmt_util: {
    title: 'key_mgmt_util  (KMU, AWS CloudHSM Client SDK 3)',
    lines: [
      'The crypto user\'s command-line tool of the legacy Client SDK 3: generate, import, export, wrap and find keys.',
      'Its successor is the AWS CloudHSM CLI (Client SDK 5): one tool with user, quorum, key and crypto command groups,',
      'JSON output and key selection by filters. explain <command> shows each KMU command\'s CLI equivalent.',
    ],
  },
  cloudhsm_mgmt_util: {
    title: 'cloudhsm_mgmt_util  (CMU, AWS CloudHSM Client SDK 3)',
    lines: [
      'The officers\' tool of the legacy Client SDK 3: users, quorum, key sharing, attributes across HSMs.',
      'Its successor is the AWS CloudHSM CLI (user … and key share/unshare commands).',
    ],
  },
};

/** Indexed by typed words: read only through `own` (a flag like `__proto__` has no table). */
const FLAG_TABLES: Record<string, { kind: string; table: readonly ValueEntry[] }> = {
  '-t': { kind: 'key type', table: KEY_TYPES },
  '-kt': { kind: 'key type', table: KEY_TYPES },
  '-c': { kind: 'key class', table: CLASSES },
  '-kc': { kind: 'key class', table: CLASSES },
  '-i': { kind: 'ECC curve id of genECCKeyPair', table: CURVES },
  '-m': { kind: 'wrapping mechanism', table: MECHANISMS },
};

/** `table[word]` when `word` is the table's own key, never a property inherited from Object.prototype. */
function own<T>(table: Readonly<Record<string, T>>, word: string): T | undefined {
  return Object.hasOwn(table, word) ? table[word] : undefined;
}

function parseNumber(s: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s, 16);
  if (/^\d{1,10}$/.test(s)) return Number(s);
  return undefined;
}

/**
 * Explain a topic given as shell arguments (`['-t', '31']`, `['0xc6']`, `['imSymKey']`).
 * `available` tells whether a KMU command is offered by this playground (for the command note).
 */
export function explain(args: readonly string[], available?: (command: string) => boolean): Explanation[] | undefined {
  const [first, second] = args;
  if (first === undefined) return undefined;
  if (first.startsWith('-') && second !== undefined) {
    const n = parseNumber(second);
    if (n === undefined) return undefined;
    if (first === '-a') { const a = explainAttribute(n); return a ? [a] : undefined; }
    if (first === '-r') { const e = ERROR_BY_CODE.get(n); return e ? [explainError(e)] : undefined; }
    const t = own(FLAG_TABLES, first);
    if (!t) return undefined;
    const out: Explanation[] = [];
    const main = explainValue(t.kind, first, t.table, n);
    if (main) out.push(main);
    // -t of wrapKey/unWrapKey with an RSA mechanism is a hash type (attributes.md §4.6).
    if (first === '-t') {
      const h = explainValue('hash type of wrapKey/unWrapKey with an RSA mechanism', '-t', HASHES, n);
      if (h) out.push(h);
    }
    return out.length ? out : undefined;
  }
  // A whole KMU/CMU line (`genSymKey -t 31 -s 32 -l k1`, `shareKey 6 4 1`): its CLI line.
  if (args.length > 1 && translatable(first)) {
    const line = explainLine(args);
    if (line) return [line];
  }
  const word = explainWord(first, available);
  if (word) return word;
  // A CloudHSM CLI path (`key wrap aes-no-pad`, `user list`): its KMU/CMU counterpart.
  const path = explainCliPath(args);
  if (path) return [path];
  const cmu = explainCmuCommand(first);
  return cmu ? [cmu] : undefined;
}

function explainWord(word: string, available?: (command: string) => boolean): Explanation[] | undefined {
  const tool = own(TOOLS, word.toLowerCase());
  if (tool) return [tool];
  const cmd = COMMAND_BY_NAME.get(word.toLowerCase());
  if (cmd) return [explainCommand(cmd, available?.(cmd.name))];
  const upper = word.toUpperCase();
  const named = ERRORS.filter((e) => e.name === upper);
  if (named.length) return named.map(explainError);
  const attr = ATTRIBUTE_ENTRIES.find((a) => a.name === upper || a.name === ATTR_PREFIX + upper);
  if (attr && upper.startsWith(ATTR_PREFIX)) return [explainAttribute(attr.id)!];
  if (/^0x[0-9a-f]+$/i.test(word)) {
    const e = ERROR_BY_CODE.get(parseInt(word, 16));
    return e ? [explainError(e)] : undefined;
  }
  if (/^\d{1,10}$/.test(word)) {
    const n = Number(word);
    const out: Explanation[] = [];
    const a = explainAttribute(n);
    if (a) out.push(a);
    // Decimal return codes as the HSM audit log prints them (157, 163).
    const e = ERROR_BY_CODE.get(n);
    if (e && n > 0x10) out.push(explainError(e));
    return out.length ? out : undefined;
  }
  const type = KEY_TYPES.find((k) => k.name.toUpperCase() === upper);
  if (type) return [explainValue('key type', '-t', KEY_TYPES, type.value)!];
  const cls = CLASSES.find((c) => c.name.split(' ')[0]!.toUpperCase() === upper || c.name.toUpperCase() === upper);
  if (cls) return [explainValue('key class', '-c', CLASSES, cls.value)!];
  if (attr) return [explainAttribute(attr.id)!];
  return undefined;
}

/** Shell output lines for `explain ARGS` (usage or "nothing known" included). */
export function explainLines(args: readonly string[], available?: (command: string) => boolean): string[] {
  if (args.length === 0 || args.includes('-h') || args.includes('--help')) return EXPLAIN_USAGE;
  const found = explain(args, available);
  if (!found) return [`explain: nothing known about "${args.join(' ')}". Try explain with no arguments for examples.`];
  return found.flatMap((e, i) => [...(i > 0 ? [''] : []), e.title, ...e.lines.map((l) => '  ' + l)]);
}

const EXPLAIN_USAGE: string[] = [
  'explain TOPIC: what a code, constant or command means.',
  '  explain 0xc6            a return code (and its likely cause and fix)',
  '  explain 371             an attribute id; also explain OBJ_ATTR_KCV or explain -a 354',
  '  explain -t 31           a key type; also -m 4 (mechanism), -c 4 (class), -i 14 (curve)',
  '  explain AES, explain secret   a key type or class by name',
  '  explain imSymKey        a key_mgmt_util command and its CloudHSM CLI equivalent',
  '  explain genSymKey -t 31 -s 32 -l k1   that line in the CloudHSM CLI, with your values',
  '  explain key wrap aes-no-pad   a CloudHSM CLI command and its key_mgmt_util equivalent',
  '  explain key_mgmt_util   the tool itself and its successor',
];

/** Every command name the explain data knows (for completion). */
export const EXPLAIN_WORDS: readonly string[] = [...new Set([
  ...Object.keys(TOOLS), ...COMMANDS.map((c) => c.name), ...ATTRIBUTE_ENTRIES.map((a) => a.name),
  ...KEY_TYPES.map((k) => k.name), ...ERRORS.map((e) => hexCode(e.code)),
  // cloudhsm_mgmt_util commands of the §7.1 map and the CloudHSM CLI's first words.
  ...LINE_RULES.filter((r) => r.tool === 'cloudhsm_mgmt_util').map((r) => r.command), ...CLI_PATHS.map((c) => c.path.split(' ')[0]!),
])];
