/**
 * The host shell's grammar and runner load when the first line is entered (the page's first
 * script stays small, src/commands/host/program.ts). Before they have loaded, the prompt,
 * completion, the redaction rule and Ctrl-C at the prompt answer; Ctrl-C while the runner loads
 * stops the first line before any of it runs (the runner's loading is held open here until the
 * test lets it go); a terminal's first line may be a `for` loop that asks for its continuation, or
 * a pipe.
 */
import { describe, expect, it, vi } from 'vitest';
import { openTerminal } from '../support/transcript';

const load = vi.hoisted(() => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => { release = resolve; });
  return { started: false, released, release };
});

vi.mock('../../src/commands/host/program-run', async (importOriginal) => {
  load.started = true;
  await load.released;
  return importOriginal();
});

describe('the host shell before its runner has loaded', () => {
  it('the prompt, completion, the redaction rule and Ctrl-C at the prompt need no runner', async () => {
    const t = await openTerminal();
    expect(t.session.prompt).toBe('$ ');
    expect((await t.session.complete('for i in 1 2; do ca')).candidates).toEqual(['cat']);
    expect((await t.session.complete('echo x | gr')).candidates).toEqual(['grep']);
    expect((await t.session.complete('key_mgmt_util singlecmd loginHSM -u CU -s a -p b genS')).candidates).toEqual(['genSymKey']);
    const line = 'for i in 1 2; do key_mgmt_util singlecmd loginHSM -u CU -s app_user -p hunter2 genSymKey -t 31 -s 32 -l k$i; done';
    expect(t.session.redact(line)).not.toContain('hunter2');
    expect(t.session.interrupt()).toBe(false); // nothing runs: the view writes ^C and the prompt
    expect(t.session.prompt).toBe('$ ');
    expect(load.started).toBe(false);
  });

  it('Ctrl-C while the runner loads stops the first line typed (a `for` loop being continued) before any of it runs', async () => {
    const t = await openTerminal();
    const typed = t.type('for i in 1 2; do echo $i');
    await vi.waitUntil(() => load.started);
    expect(t.session.interrupt()).toBe(true); // the line runs: the engine writes the next prompt
    load.release();
    expect(await typed).toBe('\n');
    expect(t.session.prompt).toBe('$ ');
    expect(await t.type('echo $i fresh')).toBe('fresh\n');
  });

  it('the first line of a terminal may be a `for` loop continued at `> `, or a pipe', async () => {
    const loop = await openTerminal();
    expect(await loop.type('for i in 1 2')).toBe('');
    expect(loop.session.prompt).toBe('> ');
    expect(await loop.type('do echo n=$i; done')).toBe('n=1\nn=2\n');
    const pipe = await openTerminal();
    expect(await pipe.type('echo abc | wc -c')).toBe('4\n');
  });
});
