/**
 * Tab completion for the console (bash semantics are the view's business: this module only says
 * which words could replace the one under the cursor). The program the terminal is in says what
 * the word is, from its tables (Program.complete: command names, flags not yet given, the kind of
 * a flag's value or of a positional argument, fixed words); this module adds the live values of
 * that kind — the key handles and labels the logged-in user can see, user names and ids, the files
 * of the virtual file system, the server numbers of a cloudhsm_mgmt_util session — and the HSM's vocabularies: key types, classes, attribute ids,
 * return codes. It knows no program's commands.
 */
import { A, ATTRIBUTES, KEY_TYPE } from '../hsm/attributes';
import { RETURN_CODES } from '../hsm/codes';
import type { FileRecord, KeyRecord, UserRecord } from '../hsm/model';
import { keyAllows } from '../hsm/policy';
import { listDir, resolvePath } from '../hsm/vfs';
import type { Tx } from '../hsm/tx';
import type { ValueKind } from '../commands/flags';
import type { Program } from '../commands/program';
import { tokenize } from '../commands/tokenize';
import type { ViewSource } from './view';

export interface Completion {
  /** Offset in the line where the word being completed starts. */
  replaceFrom: number;
  /** Whole replacement words, sorted, without duplicates. A directory ends in '/'. */
  candidates: string[];
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
    case 'server': return byPrefix(src.cmu.servers.map((_, i) => String(i)), word);
    case 'none': return [];
  }
}

export async function completeLine(src: ViewSource, line: string, program: Pick<Program, 'complete'>): Promise<Completion> {
  const replaceFrom = wordStart(line);
  const word = line.slice(replaceFrom).replace(/"/g, '');
  const before = tokenize(line.slice(0, replaceFrom));
  const slot = program.complete ? await program.complete(before, word) : { words: [], kind: 'none' as const };
  const live = slot.kind === 'none' ? [] : await src.hsm.transact((tx) => valueCandidates(tx, src, slot.kind, word));
  return { replaceFrom, candidates: uniqSorted([...byPrefix(slot.words, word, slot.caseless), ...live]) };
}
