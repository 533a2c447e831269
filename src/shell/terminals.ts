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
 * keys are gone. `elsewhere` adds logins held outside this page (none today: another browser tab's
 * sessions live in that tab's memory and are not shared).
 */
import type { ActiveLogin, LoginsPort } from '../hsm/logins';
import { createConsole, type Console, type ConsoleDeps } from './console';
import type { Output } from './session';

export type TerminalsDeps = Omit<ConsoleDeps, 'output' | 'terminal' | 'logins'>;

export class Terminals {
  readonly #open = new Map<string, Console>();
  #next = 1;

  constructor(private readonly deps: TerminalsDeps, private readonly elsewhere?: LoginsPort) {}

  /** Every login held by an open terminal of this page (and by `elsewhere`). */
  readonly logins = (): ActiveLogin[] => {
    const out: ActiveLogin[] = [];
    for (const c of this.#open.values()) out.push(...c.logins());
    if (this.elsewhere) out.push(...this.elsewhere());
    return out;
  };

  /** A new terminal named tty<N> (N counts up, never reused); not started yet. */
  async open(output: Output): Promise<Console> {
    const id = `tty${this.#next++}`;
    const con = await createConsole({ ...this.deps, output, terminal: id, logins: this.logins });
    this.#open.set(id, con);
    con.onClose = () => this.#open.delete(id);
    return con;
  }

  /** The open terminals, oldest first. */
  get consoles(): Console[] {
    return [...this.#open.values()];
  }
}

export function createTerminals(deps: TerminalsDeps, elsewhere?: LoginsPort): Terminals {
  return new Terminals(deps, elsewhere);
}
