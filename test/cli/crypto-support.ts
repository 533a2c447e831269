/**
 * A playground for the CLI's crypto, import-pem and generate-file tests (cloudhsm-cli.md §3.17,
 * §3.18, §3.21, §3.22): an IndexedDB-backed terminal (so a refusal can be checked against the
 * whole database, read through a fresh connection), key pairs made by node:crypto (OpenSSL) and
 * placed as example_user's (user 3) or bob's (user 4), host files, and a CLI session logged in
 * through the operations layer. Commands run through their own `run`, their results compared
 * with the spec's words (cliErrorText) and with node:crypto.
 */
import { openIdbBackend } from '../../src/platform/idb-backend';
import { CliSession } from '../../src/hsm/cli-session';
import { cliLogin } from '../../src/hsm/ops/cli-session';
import type { CliArgs, CliCommand, CliResult } from '../../src/commands/cli/command';
import { cliErrorText } from '../../src/commands/cli/errors';
import { HOME } from '../../src/hsm/vfs';
import type { Console } from '../../src/shell/console';
import type { Hsm } from '../../src/hsm/world';
import type { Scenario } from '../../src/hsm/scenario';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { openTerminal, type Terminal } from '../support/transcript';
import { patchKey, putUser } from '../kmu/keys-support';
import { ecPair, putAsymKey, putFile, rsaPair, dsaPair, type NodePair } from '../kmu/pair-io-support';

export { getFile, putFile, putAsymKey } from '../kmu/pair-io-support';
export { patchKey } from '../kmu/keys-support';

const hex = (n: number) => n.toString(16).padStart(2, '0').repeat(32);

/** Handles of the keys every playground holds (example_user's unless said). */
export const K = {
  aes: 6, rsaPub: 20, rsaPriv: 21, ecPub: 22, ecPriv: 23, dsaPub: 24, dsaPriv: 25,
  bobRsaPub: 26, bobRsaPriv: 27, sharedPriv: 29, noVerify: 30, noSign: 32, quorum: 33, p384Pub: 34, p384Priv: 35,
} as const;

export interface Pairs { rsa: NodePair; rsaBob: NodePair; ec: NodePair; ec384: NodePair; dsa: NodePair }
let pairs: Pairs | undefined;
/** The key pairs, made once per test file (RSA 2048, P-256, P-384, DSA 2048). */
export function testPairs(): Pairs {
  return (pairs ??= { rsa: rsaPair(2048), rsaBob: rsaPair(2048), ec: ecPair('P-256'), ec384: ecPair('P-384'), dsa: dsaPair() });
}

const SCENARIO: Scenario = {
  servingNode: 0, nextIndex: 40,
  keys: [{ handle: 6, keyType: 'AES', label: 'aes-key', owner: 3, value: hex(0x06) }],
};

export interface CliPlayground {
  t: Terminal;
  hsm: Hsm;
  db: string;
  factory: IDBFactory;
  /** example_user's CLI session, logged in as crypto-user. */
  session: CliSession;
  /** A CLI session nobody logged in to. */
  loggedOut: CliSession;
  /** Run a command with options given as [long, value] pairs (a value-less flag: [long]). */
  run(cmd: CliCommand, argv: readonly (readonly [string, string?])[], session?: CliSession): Promise<CliResult>;
  /** The JSON `data` text of a refusal (§2.8), or throws when the command succeeded. */
  refusal(cmd: CliCommand, argv: readonly (readonly [string, string?])[], session?: CliSession): Promise<string>;
  /** The whole IndexedDB database, read through a fresh connection. */
  dump(): Promise<string>;
}

/** Parsed options as the program hands them to `run` (the table's rules are the parser's, not tested here). */
export function cliArgs(argv: readonly (readonly [string, string?])[]): CliArgs {
  const values = new Map<string, string[]>();
  for (const [long, value] of argv) {
    const list = values.get(long) ?? [];
    if (value !== undefined) list.push(...(long.endsWith('filter') || long.endsWith('attributes') ? value.split(' ') : [value]));
    values.set(long, list);
  }
  return {
    value: (long) => values.get(long)?.[0],
    values: (long) => values.get(long) ?? [],
    has: (long) => values.has(long),
  };
}

let dbCount = 0;

/** A fresh playground: example_user (3) and bob (4) crypto users, the keys of K, a few host files. */
export async function cliPlayground(): Promise<CliPlayground> {
  const p = testPairs();
  const db = `cli-crypto-${++dbCount}`;
  const factory = freshFactory();
  const t = await openTerminal({ backend: await openIdbBackend({ name: db, factory }), scenario: SCENARIO });
  const hsm = (t.session as Console).hsm;
  await putUser(t, { userId: 4, name: 'bob', type: 'CU', passwordOf: 3 });
  await putAsymKey(t, { handle: K.rsaPub, cls: 2, der: p.rsa.spki, label: 'rsa-public' });
  await putAsymKey(t, { handle: K.rsaPriv, cls: 3, der: p.rsa.pkcs8, label: 'rsa-private' });
  await putAsymKey(t, { handle: K.ecPub, cls: 2, der: p.ec.spki, label: 'ec-public' });
  await putAsymKey(t, { handle: K.ecPriv, cls: 3, der: p.ec.pkcs8, label: 'ec-private' });
  await putAsymKey(t, { handle: K.dsaPub, cls: 2, der: p.dsa.spki, label: 'dsa-public' });
  await putAsymKey(t, { handle: K.dsaPriv, cls: 3, der: p.dsa.pkcs8, label: 'dsa-private' });
  await putAsymKey(t, { handle: K.bobRsaPub, cls: 2, der: p.rsaBob.spki, owner: 4, label: 'bob-public' });
  await putAsymKey(t, { handle: K.bobRsaPriv, cls: 3, der: p.rsaBob.pkcs8, owner: 4, label: 'bob-private' });
  await putAsymKey(t, { handle: K.sharedPriv, cls: 3, der: p.rsaBob.pkcs8, owner: 4, shared: [3], label: 'bob-shared' });
  await putAsymKey(t, { handle: K.noVerify, cls: 2, der: p.rsa.spki, attrs: { 266: 0 }, label: 'no-verify' });
  await putAsymKey(t, { handle: K.noSign, cls: 3, der: p.rsa.pkcs8, attrs: { 264: 0 }, label: 'no-sign' });
  await putAsymKey(t, { handle: K.quorum, cls: 3, der: p.rsa.pkcs8, label: 'quorum' });
  await patchKey(t, K.quorum, (k) => ({ ...k, manageQuorum: 0, useQuorum: 2 }));
  await putAsymKey(t, { handle: K.p384Pub, cls: 2, der: p.ec384.spki, label: 'p384-public' });
  await putAsymKey(t, { handle: K.p384Priv, cls: 3, der: p.ec384.pkcs8, label: 'p384-private' });
  await putFile(t, 'msg.txt', 'hello\n');
  await putFile(t, 'garbage.pem', 'not a key\n');
  await putFile(t, 'rsa-public.pem', p.rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  await putFile(t, 'rsa-pkcs1-public.pem', p.rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string);
  await putFile(t, 'ec-public.pem', p.ec.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  await putFile(t, 'dsa-public.pem', p.dsa.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  await putFile(t, 'rsa-private.pem', p.rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  const login = async (): Promise<CliSession> => {
    const s = new CliSession();
    const out = await cliLogin(hsm, s, { username: 'example_user', role: 'crypto-user', password: 'example_pwd' });
    if (!out.ok) throw new Error(`login: ${cliErrorText(out.refusal)}`);
    return s;
  };
  const session = await login();
  const loggedOut = new CliSession();
  loggedOut.cluster = session.cluster;
  const run = (cmd: CliCommand, argv: readonly (readonly [string, string?])[], s = session) =>
    cmd.run({ hsm, session: s, cwd: HOME, readLine: async () => '' }, cliArgs(argv));
  return {
    t, hsm, db, factory, session, loggedOut, run,
    async refusal(cmd, argv, s) {
      const out = await run(cmd, argv, s);
      if (out.ok) throw new Error(`${cmd.path.join(' ')} succeeded: ${JSON.stringify(out.data)}`);
      return cliErrorText(out.refusal);
    },
    dump: () => dumpIdb(db, factory),
  };
}

/** Bytes of a Base64 string (node's decoder; the code under test has its own). */
export const fromB64 = (s: string) => Buffer.from(s, 'base64');
