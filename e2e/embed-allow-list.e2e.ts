/**
 * The embed's allow-list end to end, in every engine, fresh profile: the TEST build
 * (`vite build --mode embed-test`, dist-embed-test/, made by `npm test` and `npm run test:e2e`)
 * compiles in embed-origins.test.json, which lists http://127.0.0.1:4180. A page served from that
 * origin — another site, for the embed — gets its answers: `<kmu-console>`'s events, and the
 * client's run and getState on an iframe of its own. (A page from an origin on no list gets no
 * answer and no event: embed-docs.e2e.ts, against the normal build; the normal build never lists a
 * test origin: test/embed/allow-list.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, type E2EPage } from './harness';

/** The port of the test origin embed-origins.test.json lists (http://127.0.0.1:4180). */
const LISTED_PORT = 4180;

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

/** Another site's page: a `<kmu-console>` and an iframe it drives, both of the playground at `playground`. */
function hostPage(playground: string): string {
  const preamble = encodeURIComponent('key_mgmt_util\nloginHSM -u CU -s example_user -p example_pwd');
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>A documentation site on the embed's allow-list</title></head>
  <body>
    <main>
      <h1>Listed site</h1>
      <kmu-console id="listed" autorun seed="3" handles="simple">
        <script type="text/kmu-preamble">
          key_mgmt_util
          loginHSM -u CU -s example_user -p example_pwd
        </script>
        genSymKey -t 31 -s 16 -l listed
      </kmu-console>
      <iframe id="driven" title="key_mgmt_util console driven by this page" style="width:100%;height:300px;border:0"
        src="${playground}/embed.html#load=now&amp;seed=5&amp;handles=simple&amp;preamble=${preamble}"></iframe>
    </main>
    <script type="module">
      // the page's own script: the client from the same file, driving the iframe (called by the test)
      import { connect } from '${playground}/kmu-console.js';
      window.drive = async () => {
        const frame = document.getElementById('driven');
        const embed = await connect(frame, { origin: new URL(frame.src).origin, timeout: 20000 });
        const done = [];
        embed.on('commandDone', (d) => done.push(d));
        const run = await embed.run('genSymKey -t 31 -s 32 -l driven\\ndeleteKey -k 999999');
        const state = await embed.getState();
        return { run, done, program: state.program, user: state.user, labels: state.keys.map((k) => k.label) };
      };
    </script>
  </body>
</html>
`;
}

describeE2E('the embed-test build answers an origin its allow-list names (embed-origins.test.json)', (engine) => {
  const pg = usePlayground(import.meta.url, engine, { outDir: 'dist-embed-test', secondOrigin: LISTED_PORT });

  it('a page of the listed origin: <kmu-console>\'s events arrive, and connect() runs a line and reads the state', async () => {
    const listed = (JSON.parse(readFileSync(join(process.cwd(), 'embed-origins.test.json'), 'utf8')) as { origins: string[] }).origins;
    expect(listed).toContain(pg.secondOrigin);
    expect(pg.secondOrigin).not.toBe(pg.origin);
    pg.serveOnSecond('/listed.html', hostPage(pg.origin));
    const t = await pg.open({ origin: pg.secondOrigin, path: '/listed.html', waitForPrompt: false, init: recordKmuEvents });
    await t.page.locator('#listed button').waitFor();
    await t.page.locator('#listed button', { hasText: 'Run in a live console' }).click();
    await expect.poll(async () => (await events(t.page)).filter((e) => e.name === 'kmu-command-done').length, { timeout: 45_000 }).toBe(1);
    const seen = await events(t.page);
    expect(seen[0]).toEqual({ name: 'kmu-ready', target: 'listed', detail: { version: expect.stringMatching(/^\d+\.\d+\.\d+$/) } });
    expect(seen.find((e) => e.name === 'kmu-command-done')).toEqual({ name: 'kmu-command-done', target: 'listed',
      detail: { program: 'key_mgmt_util', command: 'genSymKey', line: 'genSymKey -t 31 -s 16 -l listed', codes: [0], status: 'ok' } });
    expect(seen.some((e) => e.name === 'kmu-resize' && e.detail.height > 0)).toBe(true);

    type Driven = { run: Array<{ command: string; codes: number[] }>; done: unknown[]; program: string; user: string | null; labels: string[] };
    await expect.poll(() => t.page.evaluate(() => typeof (window as unknown as { drive?: unknown }).drive)).toBe('function');
    const driven = await t.page.evaluate(() => (window as unknown as { drive(): Promise<Driven> }).drive());
    expect(driven.run.map((r) => [r.command, r.codes])).toEqual([['genSymKey', [0]], ['deleteKey', [0xa8]]]);
    expect(driven.done).toEqual(driven.run);
    expect(driven.program).toBe('key_mgmt_util');
    expect(driven.user).toBe('example_user');
    expect(driven.labels).toEqual(['driven']);
    await t.page.close();
  });
});
