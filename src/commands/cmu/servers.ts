/**
 * What the cloudhsm_mgmt_util commands share (users-and-keys.md §7, errors.md §1.3): server
 * labels, the CAUTION banner and its y/n question, the recovery prompts, the wording of a refusal,
 * usage errors, and the reporter that prints each server's attempt of a state-changing operation
 * (src/hsm/ops/cmu-servers.ts runs the loop) and asks what to do about a refusal.
 */
import type { CmuRefusal } from '../../hsm/cmu-results';
import type { CmuSession } from '../../hsm/cmu-session';
import type { UserType } from '../../hsm/model';
import { hsmIp } from '../../hsm/network';
import { codesOf, targets, type Recovery, type ServerResult } from '../../hsm/ops/cmu-servers';
import { serverOf } from '../../hsm/ops/cmu-hsms';
import { arityFits, type ArgSpec } from '../flags';

export { arityFits };
import type { CmuContext, CmuResult } from './command';
import { refusalText } from './failure-text';

export { codesOf, targets };

export const CAUTION: readonly string[] = [
  '*************************CAUTION********************************',
  'This is a CRITICAL operation, should be done on all nodes in the',
  'cluster. AWS does NOT synchronize these changes automatically with the',
  'nodes on which this operation is not executed or failed, please',
  'ensure this operation is executed on all nodes in the cluster.',
  '****************************************************************',
];
export const CONTINUE = 'Do you want to continue(y/n)?';
const INVALID_YN = "Invalid option, please type 'y' or 'n'";
const RECOVERY = {
  RIA: { prompt: 'Retry/Ignore/Abort?(R/I/A):', letters: 'RIA' },
  RBI: { prompt: 'Retry/rollBack/Ignore?(R/B/I):', letters: 'RBI' },
} as const;

/** `server N(<ip>)` (users-and-keys.md §7). */
export function label(session: CmuSession, server: number): string {
  return `server ${server}(${hsmIp(session.servers[server]!)})`;
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

  /** Everything not shown yet, as the command's result (with its codes, when it reported any). */
  done(codes: readonly number[] = []): CmuResult {
    return codes.length > 0 ? { output: this.text, codes: [...codes] } : { output: this.text };
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

async function recovery(screen: Screen, kind: keyof typeof RECOVERY): Promise<Recovery> {
  const r = RECOVERY[kind];
  for (;;) {
    const a = (await screen.ask(r.prompt)).toUpperCase();
    if (a.length === 1 && r.letters.includes(a)) return LETTERS[a as keyof typeof LETTERS];
  }
}

const LETTERS = { R: 'retry', I: 'ignore', A: 'abort', B: 'rollback' } as const;

/** `<cmd> failed: <why>`. */
export const failed = (cmd: string, r: CmuRefusal) => `${cmd} failed: ${refusalText(r)}`;

/** A refusal before any server (the §2.3 gate, a login already there): its line and code. */
export function refused(cmd: string, r: CmuRefusal): CmuResult {
  return { output: failed(cmd, r) + '\n', codes: codesOf({ refused: r }) };
}

/** A usage error [invented: the guide shows none]: what is wrong, then the syntax. */
export function usage(syntax: readonly string[], why: string): string {
  return [`Error: ${why}`, `Usage: ${syntax[0]}`, ...syntax.slice(1).map((s) => `       ${s}`)].map((l) => l + '\n').join('');
}

/**
 * The arguments loginHSM, createUser and changePswd share: `<user-type> <user-name>
 * <password | -hpswd> [-2fa <path>]`, by their table. Either the parsed words or the usage error to print.
 */
export function userArgs(
  syntax: readonly string[], table: readonly ArgSpec[], args: readonly string[], types: ReadonlyMap<string, UserType>,
): { type: UserType; typeWord: string; name: string; password: string } | { output: string } {
  if (args.includes('-2fa')) return { output: usage(syntax, '2FA (-2fa) is not emulated in this playground.') };
  if (!arityFits(table, args)) return { output: usage(syntax, 'Invalid number of arguments.') };
  const [typeWord, name, password] = args as [string, string, string];
  const type = types.get(typeWord);
  if (!type) return { output: usage(syntax, `Invalid user type ${typeWord}.`) };
  return { type, typeWord, name, password };
}

export const isNumber = (s: string | undefined): s is string => s !== undefined && /^\d{1,10}$/.test(s);

/** A server number of this session, or undefined. */
export function serverNumber(session: CmuSession, s: string | undefined): number | undefined {
  return isNumber(s) ? serverOf(session, Number(s)) : undefined;
}

/** How a state-changing command prints each server's attempt (errors.md §1.3). */
export interface ChangeWords {
  cmd: string;
  /** Line printed for each server that accepted it (none for createUser / changePswd). */
  success?: (label: string) => string;
  /** Second failure line, naming the server. */
  failedOn: (label: string) => string;
  recovery: keyof typeof RECOVERY;
}

/**
 * The reporter a state-changing operation calls per attempt: a server that accepted prints its
 * success line; one that refused prints `<cmd> failed: <why>`, the server line and the recovery
 * question, whose answer it returns. `codes` collects each attempt's return code.
 */
export function reporter(screen: Screen, session: CmuSession, words: ChangeWords, codes: number[]) {
  return async (attempt: ServerResult): Promise<Recovery | void> => {
    codes.push(...codesOf([attempt]));
    const where = label(session, attempt.server);
    if (attempt.ok) {
      if (words.success) screen.line(words.success(where));
      return;
    }
    screen.line(failed(words.cmd, attempt.refusal), words.failedOn(where), '');
    return recovery(screen, words.recovery);
  };
}

/** The two lines of a server that refused a read-only command. */
export function failedOn(cmd: string, session: CmuSession, r: ServerResult<unknown> & { ok: false }): string[] {
  return [failed(cmd, r.refusal), `${cmd} failed on ${label(session, r.server)}`];
}

export const cannotCreate = (name: string) => `Error: Unable to create file ${name}.\n`;

/** syncKey, syncUser and getCert run only in server mode (users-and-keys.md §7) [invented text]. */
export function serverMode(cmd: string, session: CmuSession): string | null {
  return session.serverMode === null ? `Error: ${cmd} runs in server mode only; enter server <server-number> first.\n` : null;
}
