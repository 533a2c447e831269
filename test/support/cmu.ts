/**
 * Helpers for the cloudhsm_mgmt_util tests: fixtures, a terminal already in CMU, transcripts of
 * a command together with its answers, direct edits of the store through a Tx (to arrange what
 * no command can, e.g. a key with a quorum value), and scenario keys.
 */
import { readFileSync } from 'node:fs';
import type { Console } from '../../src/shell/console';
import type { Scenario, ScenarioKey } from '../../src/hsm/scenario';
import type { Tx } from '../../src/hsm/tx';
import { openTerminal, type Terminal } from './transcript';
import type { Backend } from '../../src/hsm/store';

export const fixture = (name: string) => readFileSync(new URL(`../fixtures/cmu/${name}.txt`, import.meta.url), 'utf8');

/** A terminal at the `aws-cloudhsm>` prompt. */
export async function cmuTerminal(opts: { scenario?: Scenario; backend?: Backend } = {}): Promise<Terminal> {
  const t = await openTerminal(opts);
  await t.type('cloudhsm_mgmt_util');
  return t;
}

/**
 * Type `lines` (a command, then the answers to its questions) and return what the terminal shows
 * from the prompt of the first line on, without the next prompt and without the empty line before it.
 */
export async function run(t: Terminal, ...lines: string[]): Promise<string> {
  const start = t.screen().length - t.session.prompt.length;
  for (const l of lines) await t.type(l);
  let s = t.screen().slice(start);
  const p = t.session.prompt;
  if (s.endsWith(p)) s = s.slice(0, -p.length);
  return s.endsWith('\n\n') ? s.slice(0, -1) : s;
}

/** Change the store directly, in one commit (arrangements only; commands never do this). */
export async function edit(t: Terminal, work: (tx: Tx) => Promise<void>): Promise<void> {
  const hsm = (t.session as Console).hsm;
  await hsm.transact(work);
}

export const AES_KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

export function aes(handle: number, owner: number, shared: number[] = [], label = `k${handle}`): ScenarioKey {
  return { handle, keyType: 'AES', label, owner, shared, value: AES_KEY };
}

/** A CU with a known password on every HSM (ids from 4 up). */
export const cu = (userId: number, name: string, password = 'password1') => ({ userId, name, type: 'CU' as const, password });
export const co = (userId: number, name: string, password = 'password1') => ({ userId, name, type: 'CO' as const, password });
