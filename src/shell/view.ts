/**
 * What the page shows beside the terminal, as plain data: the current cluster and its HSMs, who is
 * logged in, every key of the cluster (token keys from the store, session keys from this console's
 * KMU session — or its CloudHSM CLI session while the terminal is in the CLI —, which never reach the store) with the attributes a learner looks at, the virtual
 * files and the settings. Read in one read-only unit of work; nothing here writes, except the
 * page-side file upload and the reset, which commit like any command.
 */
import { A, KEY_TYPE_NAMES } from '../hsm/attributes';
import type { CliSession } from '../hsm/cli-session';
import type { CmuSession } from '../hsm/cmu-session';
import { keyReference } from '../hsm/key-reference';
import type { ClusterRecord, FileRecord, KeyRecord, UserRecord, UserType } from '../hsm/model';
import { keyAllows } from '../hsm/policy';
import type { KmuSession } from '../hsm/session';
import { readFile, resolvePath, writeFile, type WriteResult } from '../hsm/vfs';
import type { Hsm } from '../hsm/world';
import type { ProgramId } from '../commands/program';
import { toHex } from '../crypto/hex';
import { keySize } from './key-size';

export interface KeyView {
  /** Unique among the view's keys (a token key's record id, `session/<handle>` for a session key): the page's row key. */
  key: string;
  handle: number;
  /** The CloudHSM CLI's name of the same object: the handle as `0x%016x` (cloudhsm-cli.md §5.2). */
  keyReference: string;
  label: string;
  /** OBJ_ATTR_CLASS: 2 public, 3 private, 4 secret. */
  keyClass: number;
  className: string;
  keyType: number;
  typeName: string;
  /** OBJ_ATTR_VALUE_LEN, bytes. */
  size: number;
  /** What the inventory shows as the key's size (key-size.ts): bytes of a secret key, RSA/DSA bits, an EC curve. */
  sizeText: string;
  /** Its unit: `bytes`, `modulus bits`, `curve`, `prime bits`. */
  sizeUnit: string;
  /** OBJ_ATTR_KCV as 6 lower-case hex digits (what getAttribute -a 371 prints after 0x). */
  kcv: string;
  token: boolean;
  owner: number;
  ownerName: string;
  shared: number[];
  sharedNames: string[];
  extractable: boolean;
  local: boolean;
  /** Node ids of the HSMs holding a copy. */
  holders: number[];
  /** The logged-in user can see it (findKey would list it). */
  visible: boolean;
}

export interface HsmView {
  node: number;
  state: 'up' | 'down';
  tampered: boolean;
  keyCount: number;
}

export interface FileView {
  path: string;
  /** Path relative to the current directory when inside it. */
  name: string;
  size: number;
}

export interface PlaygroundView {
  cluster: string;
  clusters: string[];
  /** Which program the terminal is in. */
  mode: ProgramId;
  cwd: string;
  user: { id: number; name: string; type: UserType | '?'; tool: 'key_mgmt_util' | 'cloudhsm_mgmt_util' | 'cloudhsm-cli' } | null;
  /** HSM serving the KMU (or CloudHSM CLI) session, when logged in to key_mgmt_util (or the CLI). */
  servingNode: number | null;
  hsms: HsmView[];
  /** Every key of the current cluster plus this session's session keys, by handle. */
  keys: KeyView[];
  files: FileView[];
  settings: { handles: string; seed: number | null };
  /** 'indexeddb' or 'memory': where the playground is kept. */
  storage: string;
}

export interface ViewSource {
  hsm: Hsm;
  kmu: KmuSession;
  cmu: CmuSession;
  /** The terminal's CloudHSM CLI session (absent: a view without one). */
  cli?: CliSession;
  mode: ProgramId;
  cwd: string;
}

const CLASS_NAMES: Record<number, string> = { 2: 'public', 3: 'private', 4: 'secret' };

function sizeOf(k: KeyRecord): { sizeText: string; sizeUnit: string } {
  const { text, unit } = keySize(k);
  return { sizeText: text, sizeUnit: unit };
}
const hex = (b: unknown) => (b instanceof Uint8Array ? toHex(b) : '');

/** The view of each key record, for the viewer and user names it was made with. */
const keyViews = new WeakMap<KeyRecord, { viewer: number | null; usersSig: string; view: KeyView }>();

function keyView(k: KeyRecord, key: string, nameOf: (id: number) => string, viewer: number | null): KeyView {
  const cls = Number(k.attrs[A.CLASS] ?? 4);
  const type = Number(k.attrs[A.KEY_TYPE] ?? -1);
  return {
    key,
    handle: k.handle,
    keyReference: keyReference(k.handle),
    label: String(k.attrs[A.LABEL] ?? ''),
    keyClass: cls, className: CLASS_NAMES[cls] ?? String(cls),
    keyType: type, typeName: KEY_TYPE_NAMES[type] ?? String(type),
    size: Number(k.attrs[A.VALUE_LEN] ?? 0),
    ...sizeOf(k),
    kcv: hex(k.attrs[A.KCV]),
    token: k.attrs[A.TOKEN] === 1,
    owner: k.owner, ownerName: nameOf(k.owner),
    shared: [...k.shared], sharedNames: k.shared.map(nameOf),
    extractable: k.attrs[A.EXTRACTABLE] === 1,
    local: k.attrs[A.LOCAL] === 1,
    holders: [...k.holders].sort((a, b) => a - b),
    visible: viewer !== null && keyAllows(k, viewer, 'list'),
  };
}

export async function takeSnapshot(src: ViewSource): Promise<PlaygroundView> {
  const { hsm, kmu, cmu, cli, mode } = src;
  return hsm.transact(async (tx) => {
    const clusterName = mode === 'kmu' && kmu.cluster ? kmu.cluster
      : mode === 'cmu' && cmu.cluster ? cmu.cluster : mode === 'cli' && cli?.cluster ? cli.cluster : await hsm.currentClusterName(tx);
    const clusters = (await tx.list<ClusterRecord>('clusters')).map((c) => c.name);
    const cluster = await tx.get<ClusterRecord>('clusters', clusterName);
    const hsms = cluster?.hsms ?? [];
    const usersNode = hsms[0]?.node ?? 0;
    const users = await tx.list<UserRecord>('users', `${clusterName}/${usersNode}/`);
    const nameOf = (id: number) => users.find((u) => u.userId === id)?.name ?? `user ${id}`;

    const who = mode === 'kmu' && kmu.user ? { ...kmu.user, tool: 'key_mgmt_util' as const }
      : mode === 'cmu' && cmu.user ? { ...cmu.user, tool: 'cloudhsm_mgmt_util' as const }
      : mode === 'cli' && cli?.user ? { ...cli.user, tool: 'cloudhsm-cli' as const } : null;
    const user = who === null ? null : {
      id: who.userId, name: who.name, tool: who.tool,
      type: ('type' in who ? who.type : users.find((u) => u.userId === who.userId)?.type) ?? ('?' as const),
    };

    const token = (await tx.list<KeyRecord>('keys', `${clusterName}/`)).filter((k) => k.holders.length > 0);
    const session = mode === 'kmu' && kmu.cluster === clusterName ? [...kmu.sessionKeys.values()]
      : mode === 'cli' && cli?.cluster === clusterName ? [...cli.sessionKeys.values()] : [];
    const viewer = user && (user.type === 'CU') ? user.id : null;
    const usersSig = users.map((u) => `${u.id}:${u.rev}`).join(',');
    const inSession = new Set(session);
    const keys = [...token, ...session].sort((a, b) => a.handle - b.handle).map((k): KeyView => {
      // a record read again unchanged is the same object (the cached backend): so is its view,
      // and the page re-renders only the rows of keys that changed
      const memo = keyViews.get(k);
      if (memo && memo.viewer === viewer && memo.usersSig === usersSig) return memo.view;
      const view = keyView(k, inSession.has(k) ? `session/${k.handle}` : k.id, nameOf, viewer);
      keyViews.set(k, { viewer, usersSig, view });
      return view;
    });

    const files = (await tx.list<FileRecord>('files')).filter((f) => f.kind === 'file').map((f) => ({
      path: f.id,
      name: f.id.startsWith(src.cwd + '/') ? f.id.slice(src.cwd.length + 1) : f.id,
      size: f.data?.length ?? 0, // the record is in memory already (cached backend): no bytes are copied
    }));
    const settings = await hsm.settings(tx);
    return {
      cluster: clusterName, clusters, mode, cwd: src.cwd, user,
      servingNode: mode === 'kmu' && kmu.user ? kmu.servingNode : mode === 'cli' && cli?.user ? cli.servingNode : null,
      hsms: hsms.map((h) => ({
        node: h.node, state: h.state, tampered: h.tampered,
        keyCount: token.filter((k) => k.holders.includes(h.node)).length,
      })),
      keys, files,
      settings: { handles: settings.handles, seed: settings.seed },
      storage: hsm.deps.backend.kind,
    };
  });
}

/**
 * The page's upload button: store `data` as NAME in the current directory (or an absolute path).
 * Bounded like every file write (vfs.ts writeFile): beyond a file's or the playground's bound it
 * rejects with FileSpaceError and its one message, and nothing is stored.
 */
export async function uploadFile(hsm: Hsm, cwd: string, name: string, data: Uint8Array): Promise<WriteResult | 'bad-name'> {
  const clean = name.replace(/^.*[\\/]/, '');
  if (clean === '' || clean === '.' || clean === '..') return 'bad-name';
  const path = resolvePath(cwd, clean);
  return hsm.transact((tx) => writeFile(tx, path, data, hsm.deps.clock.now()));
}

/** The page's download button: the bytes of a virtual file, or undefined. */
export async function downloadFile(hsm: Hsm, path: string): Promise<Uint8Array | undefined> {
  return hsm.transact((tx) => readFile(tx, path));
}
