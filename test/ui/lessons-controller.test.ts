/**
 * The page's lesson controller (src/ui/lessons.svelte.ts, issue 13) over the real lesson adapters
 * (src/platform/lesson-ports.ts on fake-indexeddb) and the real lesson 1: a lesson opens in its
 * own playground from its start state, its goals are checked after every command event, "Show
 * solution" types the next line (it never runs it), a second page (a reload) comes back at the
 * current step's checkpoint, Restart starts again, and the free-play playground is never touched.
 * The terminals are driven the way Terminal.svelte drives them: connect(output), start(), submit().
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { LessonsController, lessonUrl, plainText, type LessonPorts } from '../../src/ui/lessons.svelte';
import { lessonPorts } from '../../src/platform/lesson-ports';
import { openStorage } from '../../src/platform/open-storage';
import { systemRng } from '../../src/crypto/rng';
import { pbkdf2Sha256 } from '../../src/crypto/kdf';
import { systemClock } from '../../src/hsm/clock';
import { PROGRAMS } from '../../src/commands/programs';
import { dumpStore } from '../../src/hsm/checkpoint';
import type { ConsoleSession, Output } from '../../src/shell/session';
import type { CommandEvent } from '../../src/shell/events';

// the browser globals the controller uses to keep ?lesson= in the address
const page = { href: 'https://playground.test/?x=1' };
beforeAll(() => {
  Object.assign(globalThis, {
    location: { get href() { return page.href; }, get search() { return new URL(page.href).search; } },
    history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => { page.href = new URL(url, page.href).href; } },
  });
});

const until = async (what: string, check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

interface Screen { text: string; typed: string[] }

/** What Terminal.svelte and TerminalTabs do for the controller: a terminal over its playground, events to it. */
async function terminal(ctl: LessonsController): Promise<{ con: ConsoleSession; screen: Screen; run: (line: string) => Promise<CommandEvent> }> {
  await until('the lesson playground', () => ctl.connect !== null);
  const screen: Screen = { text: '', typed: [] };
  const output: Output = { write: (t) => { screen.text += t; }, clear: () => { screen.text = ''; } };
  const con = await ctl.connect!(output);
  await con.start();
  let last: CommandEvent | null = null;
  con.onEvent!((e) => { last = e; void ctl.observe(e, con); });
  ctl.typer = (line) => screen.typed.push(line);
  ctl.ready(con);
  await ctl.observe(null);
  const run = async (line: string) => {
    last = null;
    await con.submit(line);
    await ctl.observe(null); // (the check of this command's event is queued before this one)
    return last!;
  };
  return { con, screen, run };
}

describe('lesson URLs and announcements', () => {
  it('?lesson= set and removed, the rest of the address kept', () => {
    expect(lessonUrl('https://a.test/p?x=1#h', 'imsymkey-import')).toBe('/p?x=1&lesson=imsymkey-import#h');
    expect(lessonUrl('https://a.test/p?lesson=lockout&x=1', null)).toBe('/p?x=1');
    expect(lessonUrl('https://a.test/?lesson=a', 'b')).toBe('/?lesson=b');
  });

  it('lesson text is announced in words: no markup, no HTML', () => {
    expect(plainText('Type `exit`, then **read** [the guide](https://docs.aws.amazon.com/x).')).toBe('Type exit, then read the guide.');
    expect(plainText('a\n\nb')).toBe('a b');
    expect(plainText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('the lesson controller', () => {
  const free = { backend: undefined as unknown as Awaited<ReturnType<typeof openStorage>> };
  let ports: () => Promise<LessonPorts>;

  beforeAll(async () => {
    free.backend = await openStorage({ onFallback: () => {} });
    const deps = { backend: free.backend, rng: systemRng(), clock: systemClock, programs: PROGRAMS, kdf: pbkdf2Sha256 };
    ports = async () => lessonPorts(deps);
  });

  it('opens lesson 1 in its own playground, ticks goals from events, types but never runs the solution, resumes at the checkpoint after a reload', async () => {
    const freeBefore = await dumpStore(free.backend);
    let backs = 0;
    const ctl = new LessonsController({ ports, back: () => backs++ }, '?lesson=imsymkey-import');
    const t = await terminal(ctl);
    expect(page.href).toMatch(/[?&]lesson=imsymkey-import/);
    expect(ctl.lesson?.id).toBe('imsymkey-import');
    expect(ctl.state).toMatchObject({ step: 0, total: 3, done: false, hintsLeft: 3 });
    expect(ctl.state!.goals.map((g) => g.met)).toEqual([false]);
    expect(t.screen.text).toMatch(/\$ $/); // (the start state's welcome and the host prompt)

    await ctl.hint();
    expect(ctl.state!.hints).toHaveLength(1);
    expect(ctl.said).toMatch(/^Hint 1: /);

    await t.run('key_mgmt_util');
    await t.run('loginHSM -u CU -s example_user -p example_pwd');
    // Show solution: the next line is typed for the learner, and nothing runs
    ctl.solution();
    expect(t.screen.typed).toEqual(['imSymKey -f aes256.key -w 20 -t 31 -l imported']);
    await ctl.observe(null);
    expect(ctl.state!.step).toBe(0);
    const e = await t.run(t.screen.typed[0]!);
    expect(e.codes).toEqual([0, 0, 0]);
    expect(ctl.state).toMatchObject({ step: 1, done: false });
    await until('the announcement', () => /Goal met: .*Step 2 of 3/.test(ctl.said));
    expect(ctl.said).not.toMatch(/`/);

    // half of step 2, then the page goes away (a reload): a new controller over the same storage
    await t.run('getAttribute -o 262180 -a 355 -out imported-local.txt');
    const search = new URL(page.href).search;
    await ctl.leave(); // (as the old page's storage connection goes away with it)
    t.con.close?.();
    const again = new LessonsController({ ports, back: () => backs++ }, search);
    const u = await terminal(again);
    expect(again.state).toMatchObject({ step: 1, done: false });
    await u.run('ls');
    expect(u.screen.text).not.toMatch(/imported-local\.txt/); // (back at the start of step 2)
    expect(u.screen.text).toMatch(/aes256\.key/);
    await u.run('key_mgmt_util');
    await u.run('loginHSM -u CU -s example_user -p example_pwd');
    await u.run('getAttribute -o 262180 -a 355 -out imported-local.txt');
    await u.run('getAttribute -o 20 -a 355 -out wrapping-local.txt');
    expect(again.state!.step).toBe(2);
    for (const line of ['exit', 'rm aes256.key']) await u.run(line);
    expect(again.state!.done).toBe(true);
    await until('the list\'s progress', () => again.progress.get('imsymkey-import')?.done === true);

    // Restart: the start state again, step 1
    await again.restart();
    const w = await terminal(again);
    expect(again.state).toMatchObject({ step: 0, done: false });
    await w.run('ls');
    expect(w.screen.text).toMatch(/aes256\.key/);

    // back to free play: the address loses ?lesson=, the page's free-play tabs come back, free play untouched
    await again.leave();
    expect(again.connect).toBeNull();
    expect(page.href).not.toMatch(/lesson=/);
    expect(backs).toBe(2);
    expect(await dumpStore(free.backend)).toEqual(freeBefore);
  }, 60_000);

  it('an unknown lesson in the address is said, and nothing opens', async () => {
    const ctl = new LessonsController({ ports, back: () => {} }, '?lesson=%3Cimg%20src%3Dx%3E');
    await until('the error', () => ctl.error !== null);
    expect(ctl.error).toBe('There is no lesson called “<img src=x>”.');
    expect(ctl.connect).toBeNull();
  });
});
