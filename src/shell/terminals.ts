/**
 * The page's terminals: several console sessions on ONE playground, like several SSH sessions to
 * the same client host. Each terminal is its own Console (its own cwd, program, KMU and CMU
 * sessions, session keys, line of commands), over the same store and cache; they differ only in
 * their `Output` and their name in events (tty1, tty2, …).
 *
 * Logins are the one thing they share: the HSM layer asks its LoginsPort who is logged in
 * (src/hsm/logins.ts), and every terminal's port answers with the logins of all the open
 * terminals, so a user logged in to key_mgmt_util in one tab cannot be deleted or re-keyed from
 * cloudhsm_mgmt_util in another (users-and-keys.md §3). A closed terminal's logins and session
 * keys are gone. The logins of the page's OTHER browser tabs come in through `presence` (a port;
 * src/platform/login-presence.ts tells the tabs of one playground each other's logins), and this
 * page tells them its own after every command and every close.
 */
import type { ActiveLogin, LoginsPort } from '../hsm/logins';
import { createConsole, type Console, type ConsoleDeps } from './console';
import type { Output } from './session';

export type TerminalsDeps = Omit<ConsoleDeps, 'output' | 'terminal' | 'logins'>;

/** The logins of other pages of the same playground, and where this page tells its own. */
export interface LoginPresencePort {
  elsewhere: LoginsPort;
  publish(logins: readonly ActiveLogin[]): void;
}

export class Terminals {
  readonly #open = new Map<string, Console>();
  #next = 1;

  constructor(private readonly deps: TerminalsDeps, private readonly presence?: LoginPresencePort | null) {}

  /** Every login held by an open terminal of this page. */
  readonly own = (): ActiveLogin[] => [...this.#open.values()].flatMap((c) => c.logins());

  /** Every login on the playground: this page's terminals and the other pages'. */
  readonly logins = (): ActiveLogin[] => [...this.own(), ...(this.presence?.elsewhere() ?? [])];

  #publish(): void {
    this.presence?.publish(this.own());
  }

  /** A new terminal named tty<N> (N counts up, never reused); not started yet. */
  async open(output: Output): Promise<Console> {
    const id = `tty${this.#next++}`;
    const con = await createConsole({ ...this.deps, output, terminal: id, logins: this.logins });
    this.#open.set(id, con);
    con.onEvent(() => this.#publish()); // (a login or logout is a command)
    con.onClose = () => {
      this.#open.delete(id);
      this.#publish();
    };
    return con;
  }

  /** The open terminals, oldest first. */
  get consoles(): Console[] {
    return [...this.#open.values()];
  }
}

export function createTerminals(deps: TerminalsDeps, presence?: LoginPresencePort | null): Terminals {
  return new Terminals(deps, presence);
}
