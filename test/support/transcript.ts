/**
 * Drives the real console engine the way the page does (start, then submit line by line) and
 * records what a terminal would show: each prompt, the typed line, then the output.
 */
import { seededRng } from '../../src/crypto/rng';
import type { PasswordKdf } from '../../src/crypto/kdf';
import { pbkdf2Sha256 } from '../../src/crypto/kdf';
import type { Clock } from '../../src/hsm/clock';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import type { Backend } from '../../src/hsm/store';
import { createConsole, type Console } from '../../src/shell/console';
import { PROGRAMS } from '../../src/commands/programs';
import { initCrypto } from '../../src/crypto/index';
import { loadScenario, type Scenario } from '../../src/hsm/scenario';

/**
 * A clock whose sleep advances time at once (so -timeout waits take no real time). Like a real
 * sleep it still ends in a later task, so two consoles backing off from a conflict interleave as
 * they would in two tabs instead of one of them retrying in lockstep with the other's commits.
 */
export function fakeClock(start = Date.UTC(2026, 10, 29, 17, 0, 0)): Clock & { slept: number } {
  let now = start;
  const clock = {
    slept: 0,
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
      clock.slept += ms;
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    },
  };
  return clock;
}

/** PBKDF2 is slow by design; memoise it so repeated logins in a test cost one derivation. */
const memo = new Map<string, Promise<Uint8Array>>();
export const memoKdf: PasswordKdf = {
  derive(password, salt, iterations) {
    const k = `${password}\u0000${Buffer.from(salt).toString('hex')}\u0000${iterations}`;
    let p = memo.get(k);
    if (!p) memo.set(k, (p = pbkdf2Sha256.derive(password, salt, iterations)));
    return p;
  },
};

export interface Terminal {
  session: Console;
  backend: Backend;
  clock: Clock & { slept: number };
  /** Everything shown so far. */
  screen(): string;
  /** Notices given outside the transcript (spec decision 7), in order; null clears one. */
  notices: Array<string | null>;
  /** Type a line and return what it printed up to (not including) the next prompt. */
  type(line: string): Promise<string>;
  /** Type a line; return the block "<prompt><line>\n<output>" without the trailing empty line and prompt. */
  block(line: string): Promise<string>;
}

export async function openTerminal(opts: { seed?: number; backend?: Backend; scenario?: Scenario } = {}): Promise<Terminal> {
  let text = '';
  const notices: Array<string | null> = [];
  const backend = opts.backend ?? createMemoryBackend();
  const clock = fakeClock();
  const session = await createConsole({
    backend, rng: seededRng(opts.seed ?? 1), clock, kdf: memoKdf, programs: PROGRAMS,
    output: { write: (t) => { text += t; }, clear: () => { text = ''; }, notice: (n) => { notices.push(n); } },
  });
  await initCrypto(); // the console sets it up in start(); a scenario needs it before
  if (opts.scenario) await loadScenario(session.hsm, opts.scenario);
  await session.start();
  const type = async (line: string) => {
    const prompt = session.prompt;
    if (session.inputMode === 'normal' && !text.endsWith(prompt)) throw new Error(`not at a prompt: ${JSON.stringify(text.slice(-40))}`);
    const hidden = session.inputMode === 'hidden';
    text += (hidden ? '' : line) + '\n';
    const start = text.length;
    await session.submit(line);
    const after = text.slice(start);
    const p = session.inputMode === 'hidden' ? '' : session.prompt;
    return p && after.endsWith(p) ? after.slice(0, after.length - p.length) : after;
  };
  return {
    session, backend, clock, notices,
    screen: () => text,
    type,
    async block(line) {
      const prompt = session.prompt;
      const outText = await type(line);
      const body = outText.endsWith('\n\n') ? outText.slice(0, -1) : outText;
      return `${prompt}${line}\n${body}`;
    },
  };
}
