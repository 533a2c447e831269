/**
 * What the cloudhsm_mgmt_util commands share (users-and-keys.md §7, errors.md §1.3): server
 * labels, the CAUTION banner and its y/n question, the recovery prompts, the §2.3 refusal line,
 * usage errors, and the per-server loop of the state-changing commands, which decides every
 * server first (asking the learner about failures) and then commits what was kept in ONE commit.
 */
import { codeText, RC } from '../../hsm/codes';
import { cmuAllows, type CmuAction } from '../../hsm/cmu-policy';
import type { CmuSession } from '../../hsm/cmu-session';
import type { ServerFailure } from '../../hsm/cmu-results';
import type { ClusterRecord, UserType } from '../../hsm/model';
import { hsmIp } from '../../hsm/network';
import { Tx } from '../../hsm/tx';
import { nodeUp } from '../../hsm/users';
import { canWrite, resolvePath, writeFile } from '../../hsm/vfs';
import type { CmuContext } from './command';

export const CAUTION: readonly string[] = [
  '*************************CAUTION********************************',
  'This is a CRITICAL operation, should be done on all nodes in the',
  'cluster. AWS does NOT synchronize these changes automatically with the',
  'nodes on which this operation is not executed or failed, please',
  'ensure this operation is executed on all nodes in the cluster.',
  '****************************************************************',
];
export const CONTINUE = 'Do you want to continue(y/n)?';
export const INVALID_YN = "Invalid option, please type 'y' or 'n'";
const RECOVERY = {
  RIA: { prompt: 'Retry/Ignore/Abort?(R/I/A):', letters: 'RIA' },
  RBI: { prompt: 'Retry/rollBack/Ignore?(R/B/I):', letters: 'RBI' },
} as const;

export const UNAVAILABLE = codeText(RC.SERVER_UNAVAILABLE);
export const NOT_LOGGED_IN = codeText(RC.NOT_LOGGED_IN);

/** `server N(<ip>)` (users-and-keys.md §7). */
export function label(session: CmuSession, server: number): string {
  return `server ${server}(${hsmIp(session.servers[server]!)})`;
}

/** The servers a command runs on: all of them, or the one of server mode. */
export function targets(session: CmuSession): number[] {
  return session.serverMode === null ? session.servers.map((_, i) => i) : [session.serverMode];
}

/** Output gathered until the next question; a question shows it, then the question itself. */
export class Screen {
  private text = '';
  constructor(private readonly ctx: CmuContext) {}

  line(...lines: string[]): void {
    for (const l of lines) this.text += l + '\n';
  }

  async ask(prompt: string, hidden = false): Promise<string> {
    const shown = this.text;
    this.text = '';
    return (await this.ctx.readLine(shown + prompt, hidden)).trim();
  }

  done(exit?: boolean): { output: string; exit?: boolean } {
    return exit ? { output: this.text, exit } : { output: this.text };
  }
}

/** The CAUTION banner and its question (§7); anything but y/n asks again; n cancels silently. */
export async function confirm(screen: Screen, blankFirst: boolean): Promise<boolean> {
  if (blankFirst) screen.line('');
  screen.line(...CAUTION, '');
  for (;;) {
    const a = await screen.ask(CONTINUE);
    if (a === 'y' || a === 'Y') return true;
    if (a === 'n' || a === 'N') return false;
    screen.line(INVALID_YN, '');
  }
}

async function recovery(screen: Screen, kind: keyof typeof RECOVERY): Promise<string> {
  const r = RECOVERY[kind];
  for (;;) {
    const a = (await screen.ask(r.prompt)).toUpperCase();
    if (a.length === 1 && r.letters.includes(a)) return a;
  }
}

/** users-and-keys.md §2.3: null when the caller's type may run `action`, else the line to print. */
export function refusal(cmd: string, action: CmuAction, session: CmuSession): string | null {
  const type = session.user?.type ?? null;
  if (cmuAllows(action, type)) return null;
  return `${cmd} failed: ${codeText(type === null ? RC.NOT_LOGGED_IN : RC.INVALID_USER_TYPE)}`;
}

/** A usage error [invented: the guide shows none]: what is wrong, then the syntax. */
export function usage(syntax: readonly string[], why: string): string {
  return [`Error: ${why}`, `Usage: ${syntax[0]}`, ...syntax.slice(1).map((s) => `       ${s}`)].map((l) => l + '\n').join('');
}

/**
 * The arguments loginHSM, createUser and changePswd share: `<user-type> <user-name>
 * <password | -hpswd> [-2fa <path>]`. Either the parsed words or the usage error to print.
 */
export function userArgs(
  syntax: readonly string[], args: readonly string[], types: Readonly<Record<string, UserType>>,
): { type: UserType; typeWord: string; name: string; password: string } | { output: string } {
  if (args.includes('-2fa')) return { output: usage(syntax, '2FA (-2fa) is not emulated in this playground.') };
  if (args.length !== 3) return { output: usage(syntax, 'Invalid number of arguments.') };
  const [typeWord, name, password] = args as [string, string, string];
  const type = types[typeWord];
  if (!type) return { output: usage(syntax, `Invalid user type ${typeWord}.`) };
  return { type, typeWord, name, password };
}

export const isNumber = (s: string | undefined): s is string => s !== undefined && /^\d{1,10}$/.test(s);

/** A server number of this session, or undefined. */
export function serverNumber(session: CmuSession, s: string | undefined): number | undefined {
  return isNumber(s) && Number(s) < session.servers.length ? Number(s) : undefined;
}

/** Where one server stands before a command touches it: its node, or why it cannot be used. */
export async function reach(
  ctx: CmuContext, tx: Tx, server: number, needsLogin: boolean,
): Promise<{ node: number; userId: number | undefined; cluster: ClusterRecord } | { failure: string }> {
  const { hsm, session } = ctx;
  const node = session.servers[server]!;
  const cluster = await hsm.cluster(tx, session.cluster);
  if (!nodeUp(cluster, node)) return { failure: UNAVAILABLE };
  const userId = session.loggedOn.get(node);
  if (needsLogin && userId === undefined) return { failure: NOT_LOGGED_IN };
  return { node, userId, cluster };
}

export interface Change {
  cmd: string;
  /** Decide (and stage) the change on one HSM; `userId` is the caller's id there. */
  step(tx: Tx, node: number, userId: number | undefined): Promise<ServerFailure>;
  /** Line printed for each server that accepted it (none for createUser / changePswd). */
  success?: (label: string) => string;
  /** Second failure line, naming the server (errors.md §1.3). */
  failedOn: (label: string) => string;
  recovery: keyof typeof RECOVERY;
}

/**
 * Run a state-changing command server by server (errors.md §1.3): a server that refuses prints
 * `<cmd> failed: <why>`, the server line and the recovery question — R tries it again, I goes on
 * to the next server, A stops (keeping the servers already done), B stops and rolls them back.
 * Nothing is written until every server is decided; then the accepted ones commit together.
 */
export async function changeOnServers(ctx: CmuContext, screen: Screen, change: Change): Promise<void> {
  const { hsm, session } = ctx;
  const attempt = async (tx: Tx, server: number): Promise<ServerFailure> => {
    const at = await reach(ctx, tx, server, true);
    return 'failure' in at ? at.failure : change.step(tx, at.node, at.userId);
  };
  const accepted: number[] = [];
  const scratch = new Tx(hsm.deps.backend); // planning only: never committed
  servers: for (const server of targets(session)) {
    for (;;) {
      const failure = await attempt(scratch, server);
      if (failure === null) {
        accepted.push(server);
        if (change.success) screen.line(change.success(label(session, server)));
        continue servers;
      }
      screen.line(`${change.cmd} failed: ${failure}`, change.failedOn(label(session, server)), '');
      const choice = await recovery(screen, change.recovery);
      if (choice === 'R') {
        scratch.refresh(); // the server may be back: look again
        continue;
      }
      if (choice === 'I') continue servers;
      if (choice === 'B') accepted.length = 0;
      break servers;
    }
  }
  if (accepted.length === 0) return;
  await hsm.transact(async (tx) => {
    for (const server of accepted) await attempt(tx, server);
  });
}

/**
 * Optional output file of findAllKeys, getAttribute and getKeyInfo: the per-server text goes to
 * the file (overwritten silently), the per-server success lines to the screen [invented layout].
 */
export async function outputPath(tx: Tx, cwd: string, name: string): Promise<string | null> {
  const path = resolvePath(cwd, name);
  return (await canWrite(tx, path)) === 'ok' ? path : null;
}

export const cannotCreate = (name: string) => `Error: Unable to create file ${name}.\n`;

export async function writeText(ctx: CmuContext, tx: Tx, path: string, text: string): Promise<void> {
  await writeFile(tx, path, new TextEncoder().encode(text), ctx.hsm.deps.clock.now());
}

/** syncKey, syncUser and getCert run only in server mode (users-and-keys.md §7) [invented text]. */
export function serverMode(cmd: string, session: CmuSession): string | null {
  return session.serverMode === null ? `Error: ${cmd} runs in server mode only; enter server <server-number> first.\n` : null;
}
