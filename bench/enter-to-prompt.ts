/**
 * The real page's Enter → next prompt stopwatch, shared by the page benches that time single commands
 * in headless Chromium (keygen, sign; page-commands.bench.ts keeps its own, which also counts IndexedDB
 * transactions): `instrument` is an init script (it runs in the page before any of its scripts, so it
 * is self-contained), `typeLine` types a line and waits for a text, `sampleLine` times one command.
 */
import type { Page } from 'playwright-core';

/** In the page before any script: arm('Command:') then Enter; `ms` is −1 until the prompt is back. */
export function instrument(): void {
  const st = { armed: false, prompt: '', t0: 0, ms: -1 };
  addEventListener('keydown', (e) => {
    if (st.armed && e.key === 'Enter' && st.t0 === 0) st.t0 = performance.now();
  }, true);
  const check = (): void => {
    if (!st.armed || st.t0 === 0) return;
    const row = document.querySelector('.xterm-rows .xterm-cursor')?.closest('.xterm-rows > div');
    if ((row?.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd() === st.prompt) {
      st.ms = performance.now() - st.t0;
      st.armed = false;
    }
  };
  addEventListener('DOMContentLoaded', () => {
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  (globalThis as unknown as { __bench: unknown }).__bench = {
    arm(prompt: string) { Object.assign(st, { armed: true, prompt, t0: 0, ms: -1 }); },
    get ms() { return st.ms; },
  };
}

type Bench = { arm(p: string): void; ms: number };

/** The terminal's text. */
export const screen = (p: Page): Promise<string> =>
  p.evaluate(() => (document.querySelector('.xterm-rows')?.textContent ?? '').replace(/\u00a0/g, ' '));

/** Type `line`, press Enter, wait until the screen shows `expectText`; returns the screen. */
export async function typeLine(p: Page, line: string, expectText: string, timeoutMs = 60_000): Promise<string> {
  await p.keyboard.type(line);
  await p.keyboard.press('Enter');
  await p.waitForFunction((t) => (document.querySelector('.xterm-rows')?.textContent ?? '').replace(/\u00a0/g, ' ').includes(t),
    expectText, { timeout: timeoutMs });
  return screen(p);
}

/** One key_mgmt_util command, Enter → next prompt, in ms (the screen is cleared afterwards). */
export async function sampleLine(p: Page, line: string, timeoutMs = 60_000): Promise<number> {
  await p.keyboard.type(line);
  await p.waitForFunction((l) => {
    const row = document.querySelector('.xterm-rows .xterm-cursor')?.closest('.xterm-rows > div');
    return (row?.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd() === `Command: ${l}`;
  }, line, { timeout: 30_000 });
  await p.evaluate(() => (globalThis as unknown as { __bench: Bench }).__bench.arm('Command:'));
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => (globalThis as unknown as { __bench: Bench }).__bench.ms >= 0, undefined, { timeout: timeoutMs });
  const ms = await p.evaluate(() => (globalThis as unknown as { __bench: Bench }).__bench.ms);
  await p.waitForTimeout(300); // the panels' refresh after the command stays out of the next sample
  await p.keyboard.press('Control+L');
  return ms;
}
