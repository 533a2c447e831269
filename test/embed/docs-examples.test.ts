/**
 * The documentation page's three guide examples (docs-site/embeds.html) print the spec's canonical
 * output exactly: each example's seed, handle numbering and hidden preamble, replayed on the engine
 * the way the embed runs them (src/embed/runtime.ts: settings first, then the preamble — every line
 * must succeed — then the script typed line by line), must give the guide's handles (262180, 37, 21)
 * and the canonical blocks line for line. The end-to-end test checks the same in the browsers.
 */
import { describe, expect, it } from 'vitest';
import { systemRng } from '../../src/crypto/rng';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { PROGRAMS } from '../../src/commands/programs';
import { createTerminals } from '../../src/shell/terminals';
import type { CommandEvent } from '../../src/shell/events';
import { fakeClock, memoKdf } from '../support/transcript';
import { docsExamples, examplesWithBlocks, type DocsExample } from '../support/docs-examples';

/** What the script prints (prompts and typed lines included), after the preamble ran without a failure. */
async function play(ex: Pick<DocsExample, 'seed' | 'handles' | 'preamble' | 'script'>): Promise<string> {
  let text = '';
  const terminals = createTerminals({ backend: createMemoryBackend(), rng: systemRng(), clock: fakeClock(), kdf: memoKdf, programs: PROGRAMS }, null);
  const con = await terminals.open({ write: (t) => { text += t; }, clear: () => { text = ''; } });
  await con.start();
  await con.changeSettings({ handles: ex.handles, seed: ex.seed });
  for (const [i, line] of ex.preamble.entries()) {
    let event: CommandEvent | null = null;
    const off = con.onEvent((e) => (event = e));
    await con.submit(line);
    off();
    const e = event as CommandEvent | null;
    expect(e && { status: e.status, codes: e.codes.filter((c) => c !== 0), exit: e.exit ?? 0 }, `preamble line ${i + 1}: ${line}`)
      .toEqual({ status: 'ok', codes: [], exit: 0 });
    expect(con.inputMode, `preamble line ${i + 1}: ${line}`).toBe('normal');
  }
  text = con.prompt;
  for (const line of ex.script) {
    text += `${line}\n`;
    await con.submit(line);
  }
  return text;
}

/** The output's blocks: from each `Command: ` line to the line before the next prompt, trailing blanks trimmed. */
const holdsInOrder = (text: string, blocks: string[]) => {
  let at = 0;
  for (const b of blocks) {
    const i = text.indexOf(`${b}\n`, at);
    if (i < 0) return false;
    at = i + b.length;
  }
  return true;
};

describe('the docs page\'s examples', () => {
  it('are the three guide examples, each seeded, with a preamble and a script', () => {
    const all = docsExamples();
    expect(all.map((e) => e.id)).toEqual(['example-import', 'example-session', 'example-move']);
    for (const e of all) {
      expect(Number.isInteger(e.seed) && e.seed > 0, e.id).toBe(true);
      expect(e.handles, e.id).toBe('realistic');
      expect(e.preamble.length, e.id).toBeGreaterThan(0);
      expect(e.script.length, e.id).toBeGreaterThan(0);
    }
  });

  for (const ex of examplesWithBlocks()) {
    it(`${ex.id} prints the canonical blocks exactly`, async () => {
      const text = await play(ex);
      for (const b of ex.blocks) expect(text).toContain(`${b}\n`);
      expect(holdsInOrder(text, ex.blocks)).toBe(true);
      // each block is followed at once by the next prompt: nothing extra after its last line
      for (const b of ex.blocks) expect(text).toMatch(new RegExp(`${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n\\n?(Command: |\\$ )`));
    }, 60_000);
  }

  it('the seed is what makes the guide\'s handles: another seed does not give them (the check can fail)', async () => {
    const ex = examplesWithBlocks().find((e) => e.id === 'example-import')!;
    const text = await play({ ...ex, seed: ex.seed + 1 });
    expect(text).not.toContain(`${ex.blocks[0]}\n`);
  }, 60_000);
});
