/**
 * `<kmu-console>` (src/embed/kmu-console.ts, built to /kmu-console.js) in a real page, every
 * engine, fresh profile — the docs page (/docs/embeds.html) as the host, on the embed's own origin
 * (always allowed):
 *
 * - before a click: the script as a code block and a button, no iframe (click-to-load); the hidden
 *   preamble is not shown;
 * - the click: an iframe of embed.html next to the script (load=now, the attributes in the fragment),
 *   and the embed's events re-dispatched on the element: `kmu-ready` with the version,
 *   `kmu-command-done` for the autorun line with its return codes, `kmu-resize` with the iframe's
 *   height set from it;
 * - the element's client (`el.embed`): run a line, then getState — secrets redacted in the
 *   commandDone line and the transcript.
 *
 * The docs page's own e2e (embed-docs.e2e.ts) checks the examples' canonical output, the API-driven
 * iframe and the second origin; this file checks what the element itself does.
 */
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, type E2EPage } from './harness';

const DOCS = '/docs/embeds.html';

/** In the page, before its scripts: every kmu-* event with its target and detail. */
function recordKmuEvents(): void {
  const w = window as unknown as { __kmuEvents: Array<{ name: string; target: string; detail: unknown }> };
  w.__kmuEvents = [];
  for (const name of ['kmu-ready', 'kmu-command-done', 'kmu-resize']) {
    addEventListener(name, (e) => {
      w.__kmuEvents.push({ name, target: (e.target as Element | null)?.id ?? '?', detail: (e as CustomEvent).detail as unknown });
    });
  }
}

type Recorded = { name: string; target: string; detail: any };
const events = (page: E2EPage): Promise<Recorded[]> =>
  page.evaluate(() => (window as unknown as { __kmuEvents: Recorded[] }).__kmuEvents);

describeE2E('<kmu-console>: click-to-load, the embed\'s events as DOM events, the element\'s client', (engine) => {
  const pg = usePlayground(import.meta.url, engine, { pages: [DOCS] });

  it('shows the script until clicked, then loads the embed and re-dispatches ready, commandDone and resize', async () => {
    const t = await pg.open({ path: DOCS, waitForPrompt: false, init: recordKmuEvents });
    const el = '#example-session';
    await t.page.locator(`${el} button`).waitFor();
    const poster = await t.page.evaluate((sel) => {
      const e = document.querySelector(sel)!;
      return { code: e.querySelector('pre code')?.textContent, button: e.querySelector('button')?.textContent, frames: e.querySelectorAll('iframe').length,
        text: (e as HTMLElement).innerText };
    }, el);
    expect(poster).toMatchObject({ code: 'imSymKey -f 3des192.key -w 6 -t 21 -l temp -id test01 -sess -attest', button: 'Run in a live console', frames: 0 });
    expect(poster.text).not.toContain('loginHSM'); // the preamble stays hidden
    expect(await t.page.evaluate(() => document.querySelectorAll('iframe[src*="embed.html"]').length)).toBe(1); // only the page's own API iframe
    expect(await events(t.page)).toEqual([]);

    await t.page.locator(`${el} button`, { hasText: 'Run in a live console' }).click();
    const src = await t.page.evaluate((sel) => document.querySelector(`${sel} iframe`)!.getAttribute('src')!, el);
    const url = new URL(src);
    expect(url.origin + url.pathname).toBe(`${pg.origin}/embed.html`);
    const params = new URLSearchParams(url.hash.slice(1));
    expect(params.get('script')).toBe('imSymKey -f 3des192.key -w 6 -t 21 -l temp -id test01 -sess -attest');
    expect(params.get('preamble')!.split('\n')[0]).toBe('openssl rand -out 3des192.key 24');
    expect([params.get('autorun'), params.get('seed'), params.get('handles'), params.get('load')]).toEqual(['1', '12', 'realistic', 'now']);

    await expect.poll(async () => (await events(t.page)).filter((e) => e.target === 'example-session' && e.name === 'kmu-command-done').length,
      { timeout: 45_000 }).toBeGreaterThan(0);
    const seen = (await events(t.page)).filter((e) => e.target === 'example-session');
    expect(seen[0]).toEqual({ name: 'kmu-ready', target: 'example-session', detail: { version: expect.stringMatching(/^\d+\.\d+\.\d+$/) } });
    const done = seen.filter((e) => e.name === 'kmu-command-done').map((e) => e.detail);
    // only the script's line: the preamble ran before the page connected, hidden
    expect(done).toEqual([{ program: 'key_mgmt_util', command: 'imSymKey', line: 'imSymKey -f 3des192.key -w 6 -t 21 -l temp -id test01 -sess -attest',
      codes: expect.arrayContaining([0]), status: 'ok' }]);
    expect(done[0].codes.every((c: number) => c === 0)).toBe(true);
    const resizes = seen.filter((e) => e.name === 'kmu-resize').map((e) => e.detail.height as number);
    expect(resizes.length).toBeGreaterThan(0);
    expect(resizes.every((h) => Number.isInteger(h) && h > 0)).toBe(true);
    const height = await t.page.evaluate((sel) => (document.querySelector(`${sel} iframe`) as HTMLIFrameElement).style.height, el);
    expect(height).toBe(`${resizes[resizes.length - 1]}px`);
    await t.page.close();
  });

  it('the element\'s client: run, then getState, secrets redacted', async () => {
    const t = await pg.open({ path: DOCS, waitForPrompt: false, init: recordKmuEvents });
    await t.page.locator('#example-import button').waitFor();
    const result = await t.page.evaluate(async () => {
      const el = document.querySelector('#example-import') as HTMLElement & { load(): Promise<any> };
      const embed = await el.load(); // what the button does
      const run = await embed.run(['logoutHSM', 'loginHSM -u CU -s example_user -p example_pwd', 'findKey -l imported']);
      const state = await embed.getState();
      return { run, program: state.program, user: state.user, imported: state.keys.filter((k: any) => k.label === 'imported'), transcript: state.transcript };
    });
    expect(result.run.map((r: any) => [r.command, r.line, r.status])).toEqual([
      ['logoutHSM', 'logoutHSM', 'ok'],
      ['loginHSM', 'loginHSM -u CU -s example_user -p ********', 'ok'],
      ['findKey', 'findKey -l imported', 'ok'],
    ]);
    expect(result.run.every((r: any) => r.codes.every((c: number) => c === 0))).toBe(true);
    expect(result.program).toBe('key_mgmt_util');
    expect(result.user).toBe('example_user');
    expect(result.imported).toEqual([expect.objectContaining({ handle: 262180, label: 'imported', session: false })]);
    expect(result.transcript).toContain('loginHSM -u CU -s example_user -p ********');
    expect(result.transcript).not.toContain('example_pwd');
    const lines = (await events(t.page)).filter((e) => e.name === 'kmu-command-done').map((e) => e.detail.line as string);
    expect(lines).toContain('loginHSM -u CU -s example_user -p ********');
    expect(lines.join('\n')).not.toContain('example_pwd');
    await t.page.close();
  });
});
