/**
 * The welcome says where the playground is kept (issue 15): saved in this browser, or in memory
 * only — and then why, from the one answer the page gives (src/main.ts: `inMemory`): the storage
 * failed, a share link's session, an embed. A share link's page is in memory by choice, so its
 * welcome must not say the browser cannot store the playground.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../src/crypto/rng';
import { initCrypto } from '../../src/crypto/index';
import { PROGRAMS } from '../../src/commands/programs';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import type { Backend } from '../../src/hsm/store';
import { createTerminals } from '../../src/shell/terminals';
import { WELCOME, welcomeLines, type InMemory } from '../../src/shell/welcome';
import { fakeClock, memoKdf } from '../support/transcript';

const STORAGE_LINE = /Nothing you type leaves your browser/;
const CANNOT_STORE = /cannot store/;

/** A backend the console takes for saved storage (its kind is not 'memory'). */
function savedBackend(): Backend {
  const inner = createMemoryBackend();
  return Object.assign(Object.create(inner) as Backend, { kind: 'indexeddb' });
}

/** The page's wiring (src/main.ts: createTerminals with its `inMemory`); the text above the first prompt. */
async function shown(backend: Backend, inMemory?: () => InMemory | null): Promise<{ text: () => string; reset: () => Promise<void> }> {
  let text = '';
  const terminals = createTerminals({ backend, rng: seededRng(1), clock: fakeClock(), kdf: memoKdf, programs: PROGRAMS, ...(inMemory ? { inMemory } : {}) });
  const s = await terminals.open({ write: (t) => { text += t; }, clear: () => { text = ''; } });
  await s.start();
  return { text: () => text, reset: () => s.reset!() };
}

beforeAll(async () => {
  await initCrypto();
});

describe('the welcome for each place the playground is kept', () => {
  it('saved: the welcome as it is, no word of memory', () => {
    expect(welcomeLines(null)).toEqual(WELCOME);
    expect(WELCOME.join('\n')).not.toMatch(/memory/);
    expect(WELCOME.join('\n')).toMatch(/keys and files are kept in this browser/);
  });

  it('the storage failed: the browser cannot store it, kept in memory only', () => {
    const text = welcomeLines('storage').join('\n');
    expect(text).toMatch(/This browser cannot store the playground, so it is\nkept in memory only: it is lost when you reload or close the tab\./);
    expect(text).not.toMatch(/kept in this browser|shared/);
  });

  it('a share link: a shared session in memory, the saved playground untouched — never "cannot store"', () => {
    const text = welcomeLines('share').join('\n');
    expect(text).toMatch(/shared session/);
    expect(text).toMatch(/kept\nin memory only/);
    expect(text).toMatch(/your saved playground is not opened or changed/);
    expect(text).not.toMatch(CANNOT_STORE);
    expect(text).not.toMatch(/kept in this browser/);
  });

  it('an embed: an embedded playground in memory, the saved playground untouched — never "cannot store"', () => {
    const text = welcomeLines('embed').join('\n');
    expect(text).toMatch(/embedded playground is kept in memory only/);
    expect(text).toMatch(/your saved playground is not opened or changed/);
    expect(text).not.toMatch(CANNOT_STORE);
  });

  it('each reason changes only the storage sentence; every line stays as narrow as the welcome\'s own', () => {
    const width = Math.max(...WELCOME.map((l) => l.length));
    const at = WELCOME.findIndex((l) => STORAGE_LINE.test(l));
    for (const why of ['storage', 'share', 'embed'] as const) {
      const lines = welcomeLines(why);
      const n = lines.length - WELCOME.length + 1; // (the lines that replace the storage sentence)
      expect(lines.findIndex((l) => STORAGE_LINE.test(l))).toBe(at);
      expect([...lines.slice(0, at), WELCOME[at], ...lines.slice(at + n)]).toEqual(WELCOME);
      for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(width);
    }
    // (a reason the welcome does not know, from a caller outside the type, says what is surely true)
    expect(welcomeLines('__proto__' as InMemory)).toEqual(welcomeLines('storage'));
  });
});

describe('the console shows the welcome the page\'s answer calls for', () => {
  it('a share link\'s page (memory by choice) says so, not that the browser cannot store it', async () => {
    const t = await shown(createMemoryBackend(), () => 'share');
    expect(t.text()).toContain(welcomeLines('share').join('\n'));
    expect(t.text()).not.toMatch(CANNOT_STORE);
  });

  it('an embed\'s page says it is an embedded playground in memory', async () => {
    const t = await shown(createMemoryBackend(), () => 'embed');
    expect(t.text()).toContain(welcomeLines('embed').join('\n'));
    expect(t.text()).not.toMatch(CANNOT_STORE);
  });

  it('without an answer (tests, a lesson\'s playground): memory storage means the storage failed; other storage is saved', async () => {
    expect((await shown(createMemoryBackend())).text()).toContain(welcomeLines('storage').join('\n'));
    const saved = (await shown(savedBackend())).text();
    expect(saved).toContain(WELCOME.join('\n'));
    expect(saved).not.toMatch(/memory/);
  });

  it('the answer is asked each time the welcome is shown: after the storage fails, a reset says so', async () => {
    let why: InMemory | null = null;
    const t = await shown(savedBackend(), () => why);
    expect(t.text()).not.toMatch(/memory/);
    why = 'storage';
    await t.reset();
    expect(t.text()).toContain(welcomeLines('storage').join('\n'));
  });
});
