/**
 * Tab completion for the console (bash semantics are the view's business: this module only says
 * which words could replace the one under the cursor). Sources, all read live: command names of
 * the current program, the flags of a KMU command from its flag table, and for a flag's value —
 * chosen by the value placeholder of that table (`<key handle>`, `<file>`, `<label>`, …) — the
 * key handles and labels the logged-in user can see, user names and ids, key types, classes,
 * attribute ids, return codes, and the files of the virtual file system.
 */
import { A, ATTRIBUTES, KEY_TYPE } from '../hsm/attributes';
import { RETURN_CODES } from '../hsm/codes';
import type { FileRecord, KeyRecord, UserRecord } from '../hsm/model';
import { keyAllows } from '../hsm/policy';
import { listDir, resolvePath } from '../hsm/vfs';
import type { Tx } from '../hsm/tx';
import { HOST_COMMANDS } from '../commands/host/index';
import { KMU_COMMANDS, findKmuCommand } from '../commands/kmu/index';
import { CMU_COMMANDS } from '../commands/cmu/index';
import { explainKmu } from '../commands/kmu/explain';
import { tokenize } from '../commands/tokenize';
import type { ViewSource } from './view';

export interface Completion {
  /** Offset in the line where the word being completed starts. */
  replaceFrom: number;
  /** Whole replacement words, sorted, without duplicates. A directory ends in '/'. */
  candidates: string[];
}

type ValueKind = 'file' | 'handle' | 'label' | 'username' | 'usertype' | 'userids' | 'keytype' | 'class'
  | 'attribute' | 'code' | 'mechanism' | 'none';

/** Which values a flag takes, read from its placeholder in the flag table. */
export function valueKind(placeholder: string): ValueKind {
  const p = placeholder.toLowerCase().replace(/-/g, ' ');
  if (p.includes('file')) return 'file';
  if (p.includes('handle') || p.includes('key to export') || p === '<wrapping key>') return 'handle';
  if (p.includes('label')) return 'label';
  if (p.includes('username') || p.includes('user name')) return 'username';
  if (p.includes('user type')) return 'usertype';
  if (p.includes('user ids') || p.includes('user id')) return 'userids';
  if (p.includes('key type')) return 'keytype';
  if (p.includes('class')) return 'class';
  if (p.includes('attribute')) return 'attribute';
  if (p.includes('response code')) return 'code';
  if (p.includes('mechanism')) return 'mechanism';
  return 'none';
}

const uniqSorted = (xs: Iterable<string>) => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Start of the word under the cursor: after the last blank that is not inside double quotes. */
function wordStart(line: string): number {
  let start = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ' ' || ch === '\t')) start = i + 1;
  }
  return start;
}

const byPrefix = (words: Iterable<string>, prefix: string, caseless = false) => {
  const p = caseless ? prefix.toLowerCase() : prefix;
  return uniqSorted([...words].filter((w) => (caseless ? w.toLowerCase() : w).startsWith(p)));
};

async function fileCandidates(tx: Tx, cwd: string, word: string): Promise<string[]> {
  const slash = word.lastIndexOf('/');
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
  const dir = resolvePath(cwd, dirPart === '' ? '.' : dirPart);
  const entries = await listDir(tx, dir);
  const rest = word.slice(dirPart.length);
  return entries
    .filter((e) => e.name.startsWith(rest) && (rest.startsWith('.') || !e.name.startsWith('.')))
    .map((e) => dirPart + e.name + (e.rec === null || (e.rec as FileRecord).kind === 'dir' ? '/' : ''));
}

/**
 * Keys the logged-in user can list: in KMU the cluster's token keys and the session's own keys;
 * in CMU the cluster's keys the user may read (a CO sees every key, as findAllKeys does).
 */
async function visibleKeyRecords(tx: Tx, src: ViewSource): Promise<KeyRecord[]> {
  if (src.mode === 'cmu') {
    const u = src.cmu.user;
    if (!u) return [];
    const keys = (await tx.list<KeyRecord>('keys', `${src.cmu.cluster}/`)).filter((k) => k.holders.length > 0);
    return u.type === 'CU' ? keys.filter((k) => keyAllows(k, u.userId, 'read')) : keys;
  }
  const user = src.kmu.user;
  if (!user) return [];
  const token = (await tx.list<KeyRecord>('keys', `${src.kmu.cluster}/`))
    .filter((k) => k.holders.length > 0 && keyAllows(k, user.userId, 'list'));
  return [...token, ...src.kmu.sessionKeys.values()];
}

async function users(tx: Tx, src: ViewSource): Promise<UserRecord[]> {
  const cluster = src.mode === 'cmu' ? src.cmu.cluster : src.kmu.cluster || (await src.hsm.currentClusterName(tx));
  const all = await tx.list<UserRecord>('users', `${cluster}/`);
  const first = all[0]?.node ?? 0;
  return all.filter((u) => u.node === first);
}

async function valueCandidates(tx: Tx, src: ViewSource, kind: ValueKind, word: string): Promise<string[]> {
  switch (kind) {
    case 'file': return fileCandidates(tx, src.cwd, word);
    case 'handle': return byPrefix((await visibleKeyRecords(tx, src)).map((k) => String(k.handle)), word);
    case 'label': return byPrefix((await visibleKeyRecords(tx, src)).map((k) => String(k.attrs[A.LABEL] ?? '')).filter((l) => l !== '' && !/\s/.test(l)), word);
    case 'username': return byPrefix((await users(tx, src)).map((u) => u.name), word, true);
    case 'usertype': return byPrefix(['CU', 'CO', 'PCO', 'PRECO', 'AU'], word);
    case 'userids': {
      const me = src.kmu.user?.userId;
      return byPrefix((await users(tx, src)).filter((u) => u.type === 'CU' && u.userId !== me).map((u) => String(u.userId)), word);
    }
    case 'keytype': return byPrefix(Object.values(KEY_TYPE).map(String), word);
    case 'class': return byPrefix(['2', '3', '4'], word);
    case 'attribute': return byPrefix([...ATTRIBUTES.map((a) => String(a.id)), String(A.ALL)], word);
    case 'code': return byPrefix(RETURN_CODES.map((r) => '0x' + r.code.toString(16).padStart(2, '0')), word);
    case 'mechanism': return byPrefix(['4', '5', '6'], word);
    case 'none': return [];
  }
}

export async function completeLine(src: ViewSource, line: string): Promise<Completion> {
  const replaceFrom = wordStart(line);
  const word = line.slice(replaceFrom).replace(/"/g, '');
  const before = tokenize(line.slice(0, replaceFrom));
  const done = (candidates: string[]) => ({ replaceFrom, candidates });

  if (before.length === 0) {
    if (src.mode === 'host') return done(byPrefix([...HOST_COMMANDS.map((c) => c.name), 'explain'], word));
    if (src.mode === 'kmu') return done(byPrefix([...KMU_COMMANDS.map((c) => c.name), 'explain'], word, true));
    return done(byPrefix([...CMU_COMMANDS.map((c) => c.name), 'explain'], word));
  }

  const name = before[0]!;
  const prev = before[before.length - 1]!;
  if (name.toLowerCase() === 'explain') {
    const flag = explainKmu.flags.find((f) => f.flag === prev);
    if (flag && before.length >= 2) return done(await src.hsm.transact((tx) => valueCandidates(tx, src, valueKind(flag.arg!), word)));
    const { EXPLAIN_WORDS } = await import('../commands/explain/index');
    return done(byPrefix([...EXPLAIN_WORDS, ...explainKmu.flags.map((f) => f.flag)], word, true));
  }

  return src.hsm.transact(async (tx) => {
    if (src.mode === 'kmu') {
      const cmd = findKmuCommand(name);
      if (!cmd) return done([]);
      const flag = cmd.flags.find((f) => f.flag === prev);
      if (flag?.arg !== undefined && before.length >= 2) return done(await valueCandidates(tx, src, valueKind(flag.arg), word));
      const present = new Set(before.slice(1));
      return done(byPrefix(cmd.flags.filter((f) => !present.has(f.flag)).map((f) => f.flag), word));
    }
    if (src.mode === 'host') {
      if (word.startsWith('-')) return done([]);
      return done(await fileCandidates(tx, src.cwd, word));
    }
    // CMU (a deliberate improvement: the real tool completes nothing): positional arguments,
    // read from the command's syntax line (`shareKey <key handle> <user id> …`).
    const cmd = CMU_COMMANDS.find((c) => c.name === name);
    if (!cmd) return done([]);
    const slot = cmuSlot(cmd.syntax[0] ?? '', before.slice(1));
    return done(slot === undefined ? [] : await valueCandidates(tx, src, valueKind(`<${slot}>`), word));
  });
}

/**
 * The placeholder of the argument being typed, given the arguments before it: a flag's value
 * (`-k <key-handle>`) when the previous word is that flag, else the next positional placeholder.
 */
export function cmuSlot(syntax: string, args: readonly string[]): string | undefined {
  const rest = syntax.slice(syntax.indexOf(' ') + 1);
  type Part = { flag: string } | { slot: string };
  const parts: Part[] = [...rest.matchAll(/(-\w+)|<([^<>]*)>/g)].map((m) => (m[1] !== undefined ? { flag: m[1] } : { slot: m[2] ?? '' }));
  const flagged = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const next = parts[i + 1];
    if ('flag' in p) {
      if (next && 'slot' in next) {
        flagged.set(p.flag, next.slot);
        i++;
      }
    } else {
      positional.push(p.slot.replace(/\s*\|.*$/, '').trim());
    }
  }
  const prev = args[args.length - 1];
  if (prev !== undefined && flagged.has(prev)) return flagged.get(prev);
  let count = 0;
  for (let i = 0; i < args.length; i++) {
    if (flagged.has(args[i]!)) i++;
    else if (!args[i]!.startsWith('-')) count++;
  }
  return positional[count];
}

