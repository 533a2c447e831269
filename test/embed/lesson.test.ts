/**
 * A lesson in an embed (src/embed/lesson.ts, `lesson=<id>`), on the real engine and the real embed
 * runtime with a fake terminal (what is pressed is gathered into lines and submitted, as the line
 * editor does): lesson 1 from its start state to done — step 1 typed by the reader, one hint, the
 * rest by "Show solution" (the line waits at the prompt, nothing runs until Enter) — with the
 * progress kept in memory only; the script's commands tick goals too; the preamble runs after the
 * lesson's start state; Restart (and the API's reset) starts the lesson again on a fresh
 * playground; an unknown lesson refuses the embed with a sentence.
 */
import { describe, expect, it } from 'vitest';
import { EmbedRuntime } from '../../src/embed/runtime';
import { openEmbedLesson, type EmbedLesson } from '../../src/embed/lesson';
import { parseEmbedConfig } from '../../src/embed/config';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { cachedBackend } from '../../src/hsm/cached-backend';
import { seededRng } from '../../src/crypto/rng';
import { initCrypto } from '../../src/crypto/index';
import { loadScenario } from '../../src/hsm/scenario';
import { lessonEntry } from '../../src/lessons/catalog';
import { PROGRAMS } from '../../src/commands/programs';
import { fakeClock, memoKdf } from '../support/transcript';
import type { Hsm } from '../../src/hsm/world';

const LESSON = 'imsymkey-import';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const IMPORT = 'imSymKey -f aes256.key -w 20 -t 31 -l imported';
const q = (lines: string[]) => encodeURIComponent(lines.join('\n'));

/** As src/embed/main.ts: the lesson's start state goes into the fresh playground before the preamble. */
async function prepare(hsm: Hsm): Promise<void> {
  const entry = lessonEntry(LESSON)!;
  const [data] = await Promise.all([entry.load(), initCrypto()]);
  await loadScenario(hsm, data.start);
}

/** An embed runtime on a fake terminal, and its lesson's controller (opened before the console starts, as the page does). */
async function start(params: string) {
  const parsed = parseEmbedConfig(`?${params}`, '');
  if (!parsed.ok) throw new Error(parsed.why);
  const rt = new EmbedRuntime(parsed.config, {
    backend: () => cachedBackend(createMemoryBackend()),
    rng: seededRng(1), clock: fakeClock(), programs: PROGRAMS, kdf: memoKdf, prepare,
  });
  const opened = await openEmbedLesson(LESSON, rt);
  if (!opened.ok) throw new Error(opened.why);
  let screen = '';
  let line = '';
  let queue = Promise.resolve();
  const press = (data: string) => {
    for (const ch of data) {
      if (ch === '\x05') continue;
      if (ch === '\x15') line = '';
      else if (ch === '\r') {
        const typed = line;
        line = '';
        queue = queue.then(async () => {
          screen += `${rt.session.inputMode === 'hidden' ? '' : typed}\n`;
          await rt.session.submit(typed);
        });
      } else line += ch;
    }
  };
  const started = rt.connect({ write: (t) => { screen += t; }, clear: () => { screen = ''; } }, { press });
  const ctl = opened.lesson;
  /** Everything typed has run, and the lesson has checked it. */
  const idle = async () => {
    await queue;
    await rt.run([]); // (after an autorun script)
    await new Promise((r) => setTimeout(r, 0));
    await ctl.idle();
  };
  return { rt, ctl, started, press, idle, screen: () => screen, pending: () => line };
}

const step = (ctl: EmbedLesson) => ctl.view.state.step;

describe('a lesson in an embed', () => {
  it('lesson 1 from its start state to done: typed, one hint, then "Show solution" line by line; progress in memory', async () => {
    const e = await start(`lesson=${LESSON}`);
    const views: string[] = [];
    e.ctl.subscribe((v) => views.push(v.said));
    await e.started;
    await e.idle();
    expect(e.ctl.view.looking).toBe(true);
    expect(e.ctl.view.state).toMatchObject({ step: 0, total: 3, done: false, hints: [], hintsLeft: 3 });
    expect(e.ctl.view.state.goals.map((g) => g.met)).toEqual([false]);
    expect(e.ctl.view.said).toBe('Step 1 of 3: Import aes256.key into the HSM.');

    // one hint
    await e.ctl.hint();
    expect(e.ctl.view.state.hints).toHaveLength(1);
    expect(e.ctl.view.state.hintsLeft).toBe(2);
    expect(e.ctl.view.said).toMatch(/^Hint 1: At the \$ +prompt type key_mgmt_util/);

    // the reader types step 1
    for (const l of ['key_mgmt_util', LOGIN, IMPORT]) e.press(`${l}\r`);
    await e.idle();
    expect(e.screen()).toMatch(/Symmetric Key Unwrapped\.\s+Key Handle: 262180/);
    expect(step(e.ctl)).toBe(1);
    expect(e.ctl.view.said).toBe('Goal met: A token AES-256 key labelled imported, owned by example_user, holds the bytes of aes256.key. ' +
      'Step done: Import aes256.key into the HSM. Step 2 of 3: Ask the HSM where each key came from.');
    expect(e.ctl.view.state.text).toContain('handle **262180**'); // (the binding filled in)
    expect(e.ctl.view.state.hints).toEqual([]); // (a new step: its hints closed)

    // the rest by "Show solution": each line waits at the prompt and nothing runs until Enter
    const typed: string[] = [];
    for (let i = 0; i < 10 && !e.ctl.view.state.done; i++) {
      const before = e.screen();
      const at = step(e.ctl);
      await e.ctl.solution();
      const line = e.pending();
      expect(e.ctl.view.said).toBe(`Typed at the prompt: ${line} — press Enter to run it.`);
      await e.idle();
      expect(e.screen()).toBe(before);
      expect(step(e.ctl)).toBe(at);
      typed.push(line);
      e.press('\r');
      await e.idle();
    }
    expect(typed).toEqual(['getAttribute -o 262180 -a 355 -out imported-local.txt', 'getAttribute -o 20 -a 355 -out wrapping-local.txt',
      'exit', 'cat imported-local.txt', 'cat wrapping-local.txt', 'rm aes256.key']);
    expect(e.ctl.view.state).toMatchObject({ done: true, step: 3 });
    expect(e.ctl.view.said).toMatch(/Step done: Read the answers, then remove the plaintext\. Lesson complete: Import a plaintext key with imSymKey\.$/);
    expect(e.screen()).toContain('0x00000000');
    await e.ctl.solution();
    expect(e.ctl.view.said).toBe('Nothing left to type: the lesson is done.');
    expect(e.pending()).toBe('');
    // the progress: in memory, done, the binding kept
    expect(await e.ctl.progress.get(LESSON)).toMatchObject({ lesson: LESSON, done: true, step: 3, bindings: { imported: 262180 } });
    expect(views.length).toBeGreaterThan(5);
  }, 60_000);

  it('the script\'s commands tick goals as the reader\'s do (autorun)', async () => {
    const e = await start(`lesson=${LESSON}&autorun&script=${q(['key_mgmt_util', LOGIN, IMPORT])}`);
    await e.started;
    await e.idle();
    expect(step(e.ctl)).toBe(1);
    expect(e.ctl.view.state.title).toBe('Ask the HSM where each key came from');
    // the API's getState says where the lesson is
    expect((await e.rt.state()).lesson).toEqual({
      id: LESSON, step: 1, total: 3, done: false, title: 'Ask the HSM where each key came from',
      goals: [{ text: 'imported-local.txt holds OBJ_ATTR_LOCAL of the imported key', met: false },
        { text: 'wrapping-local.txt holds OBJ_ATTR_LOCAL of key 20', met: false }],
    });
  }, 30_000);

  it('without autorun, "Show solution" replaces the offered script line; the script line is offered again after', async () => {
    const e = await start(`lesson=${LESSON}&script=${q(['echo from-the-script'])}`);
    await e.started;
    await e.idle();
    expect(e.pending()).toBe('echo from-the-script');
    await e.ctl.solution();
    expect(e.pending()).toBe('key_mgmt_util');
    expect(e.rt.scriptLeft).toBe(1);
    e.press('\r');
    await e.idle();
    expect(e.pending()).toBe('echo from-the-script');
  }, 30_000);

  it('the preamble runs after the lesson\'s start state (its commands are setup: the reader goes on from there)', async () => {
    const e = await start(`lesson=${LESSON}&preamble=${q(['key_mgmt_util', LOGIN])}`);
    await e.started;
    await e.idle();
    expect(e.screen()).toBe('Command: ');
    expect(step(e.ctl)).toBe(0);
    e.press(`${IMPORT}\r`);
    await e.idle();
    expect(step(e.ctl)).toBe(1);
  }, 30_000);

  it('Restart (and the API\'s reset) starts the lesson again on a fresh playground, at step 1', async () => {
    const e = await start(`lesson=${LESSON}`);
    await e.started;
    await e.idle();
    for (const l of ['key_mgmt_util', LOGIN, IMPORT]) e.press(`${l}\r`);
    await e.idle();
    await e.ctl.hint();
    expect(step(e.ctl)).toBe(1);
    await e.ctl.restart();
    await e.idle();
    expect(e.ctl.view.said).toBe('Restarted the lesson “Import a plaintext key with imSymKey” from its start. Step 1 of 3: Import aes256.key into the HSM.');
    expect(e.ctl.view.state).toMatchObject({ step: 0, hints: [], hintsLeft: 3 });
    expect(e.screen()).toBe('$ ');
    expect((await e.rt.state()).keys.map((k) => k.label)).not.toContain('imported');
    // the API's reset too
    for (const l of ['key_mgmt_util', LOGIN, IMPORT]) e.press(`${l}\r`);
    await e.idle();
    expect(step(e.ctl)).toBe(1);
    await e.rt.reset();
    await e.idle();
    expect(step(e.ctl)).toBe(0);
    expect(await e.ctl.progress.get(LESSON)).toMatchObject({ step: 0, done: false });
  }, 60_000);

  it('an unknown lesson refuses the embed with a sentence: no console starts, the API\'s requests fail with it', async () => {
    const parsed = parseEmbedConfig('?lesson=no-such-lesson&load=now', '');
    if (!parsed.ok) throw new Error(parsed.why);
    let made = 0;
    const rt = new EmbedRuntime(parsed.config, {
      backend: () => { made++; return cachedBackend(createMemoryBackend()); },
      rng: seededRng(1), clock: fakeClock(), programs: PROGRAMS, kdf: memoKdf,
    });
    const opened = await openEmbedLesson('no-such-lesson', rt);
    expect(opened).toEqual({ ok: false, why: expect.stringMatching(/^There is no lesson called “no-such-lesson”/) });
    const why = (opened as { why: string }).why;
    await expect(rt.live()).rejects.toThrow(why);
    await expect(rt.run(['ls'])).rejects.toThrow(why);
    await expect(rt.reset()).rejects.toThrow(why);
    await expect(rt.connect({ write: () => {}, clear: () => {} }, { press: () => {} })).rejects.toThrow(why);
    expect(made).toBe(0);
  });
});
