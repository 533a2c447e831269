/** The host shell's state per terminal: read by its prompt (./program.ts) and kept by its runner (./program-run.ts). */
import type { TerminalSession } from '../program';

/** The text of a line being continued (`> ` prompt), per terminal. */
export const pending = new WeakMap<TerminalSession, string>();
/** `$?` per terminal. */
export const lastStatus = new WeakMap<TerminalSession, number>();
