/**
 * Documentation embeds (issue 14), from the documentation page's side, in every engine, each file
 * run from a fresh profile:
 *
 * - the full playground refuses to run framed by a foreign page (another origin), before it opens
 *   any storage, and offers a link to open it in its own tab;
 * - the docs page (/docs/embeds.html): its three `<kmu-console>` examples show their script until
 *   clicked, then load, autorun, and print the spec's canonical blocks exactly (seeded: the guide's
 *   handles); the elements re-dispatch the embed's `kmu-ready`; axe finds no serious or critical
 *   violation on the page nor in its embeds;
 * - the iframe the page drives through the API: `run`, then `getState`, and `commandDone` with the
 *   right return code (0x00 for a key made, 0xa8 for a key that does not exist);
 * - the same page served from a second origin (not on the allow-list: another preview server,
 *   same site, another port) gets no answer and no event, although its embeds load and run;
 * - an embed's "open in the full playground" link: the full page shows every line the embed runs
 *   (the hidden preamble too), runs nothing until the visitor confirms, then replays in memory,
 *   never in the saved playground.
 *
 * The embeds of the docs page are of the page's own origin, so the test reads their terminals
 * (`.xterm-rows`) through `iframe.contentDocument`; the second origin's cannot be read, and need not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, type E2EPage, type Term } from './harness';
import { examplesWithBlocks } from '../test/support/docs-examples';

const DOCS = '/docs/embeds.html';
const KMU = 'Command: ';
const EXAMPLES = examplesWithBlocks();

/** The rows of the terminal in the embed of `selector` (an iframe, or an element holding one), as the harness reads the page's own. */
async function frameRows(page: E2EPage, selector: string): Promise<string[] | null> {
  const rows = await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const frame = (el instanceof HTMLIFrameElement ? el : el?.querySelector('iframe')) ?? null;
    const doc = frame?.contentDocument;
    const term = doc?.querySelector('.xterm-rows');
    return term ? Array.from(term.children, (row) => (row as HTMLElement).innerText) : null;
  }, selector);
  return rows ? rows.map((r) => r.replace(/\u00a0/g, ' ').trimEnd()) : null;
}

/** Wait until the embed's screen holds `blocks` in order, each line exactly; returns the screen. */
async function waitForBlocks(page: E2EPage, selector: string, blocks: string[], timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  for (;;) {
    const rows = await frameRows(page, selector);
    text = (rows ?? []).join('\n');
    let at = 0;
    const found = blocks.every((b) => {
      const i = text.indexOf(`${b}\n`, at);
      if (i < 0) return false;
      at = i + b.length;
      return true;
    });
    if (found) return text;
    if (Date.now() > deadline) break;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for the canonical blocks in ${selector}\n--- expected ---\n${blocks.join('\n…\n')}\n--- screen ---\n${text}`);
}

/** axe-core in the page and in each embed of the page's origin: serious and critical violations, as lines. */
async function axeEverywhere(page: E2EPage): Promise<string[]> {
  return page.evaluate(async () => {
    const load = (win: Window & { axe?: unknown }, doc: Document) => new Promise<void>((resolve, reject) => {
      if (win.axe) return resolve();
      const s = doc.createElement('script');
      s.src = '/__e2e/axe.min.js';
      s.onload = () => resolve();
      s.onerror = () => reject(new Error('axe-core did not load'));
      doc.head.append(s);
    });
    type Axe = { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }> }> };
    const docs: Array<[string, Window & { axe?: unknown }, Document]> = [['page', window, document]];
    for (const f of document.querySelectorAll('iframe')) {
      if (f.contentDocument && f.contentWindow) docs.push([`#${f.closest('[id]')?.id ?? '?'} iframe`, f.contentWindow as Window & { axe?: unknown }, f.contentDocument]);
    }
    const out: string[] = [];
    for (const [name, win, doc] of docs) {
      await load(win, doc);
      const { violations } = await (win.axe as Axe).run(doc, { resultTypes: ['violations'], iframes: false });
      for (const v of violations) {
        if (v.impact === 'serious' || v.impact === 'critical') out.push(`${name}: ${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(v.nodes.map((n) => n.target))}`);
      }
    }
    return out;
  });
}

/** Records, in the page, every event a `<kmu-console>` re-dispatches and every message the window gets (capture phase: none escapes). */
function recordEmbedEvents(): void {
  const w = window as unknown as { __kmu: { events: string[]; messages: string[]; heights: Record<string, number[]> } };
  w.__kmu = { events: [], messages: [], heights: {} };
  for (const name of ['kmu-ready', 'kmu-command-done', 'kmu-resize']) {
    addEventListener(name, (e) => w.__kmu.events.push(`${name} on #${(e.target as Element | null)?.id ?? '?'}`), true);
  }
  addEventListener('message', (e) => w.__kmu.messages.push(`${e.origin}: ${JSON.stringify(e.data).slice(0, 200)}`), true);
  // each embed's iframe height: the one it was made with (right after the click), then each the embed reported
  const heightOf = (id: string) => (w.__kmu.heights[id] ??= []);
  addEventListener('click', (e) => {
    const el = (e.target as Element | null)?.closest('kmu-console');
    if (el) setTimeout(() => { const f = el.querySelector('iframe'); if (f) heightOf(el.id).push(parseFloat(f.style.height)); });
  }, true);
  addEventListener('kmu-resize', (e) => heightOf((e.target as Element).id).push((e as CustomEvent<{ height: number }>).detail.height), true);
}

const recorded = (page: E2EPage) => page.evaluate(() => (window as unknown as { __kmu: { events: string[]; messages: string[]; heights: Record<string, number[]> } }).__kmu);

/** Go to `url` in the test's tab and wait for the full page's first prompt (through about:blank: a fragment-only change would not load anew). */
async function gotoPlayground(t: Term, url: string): Promise<void> {
  await t.page.driver.goto('about:blank');
  await t.page.driver.goto(url);
  await t.page.locator('.xterm-rows').waitFor();
  await t.waitForPrompt('$ ');
}

/** The handles of the inventory's rows labelled `label`. */
const rowsLabelled = (t: Term, label: string) =>
  t.page.evaluate((l) => [...document.querySelectorAll('tr[data-handle]')].filter((r) => (r as HTMLElement).innerText.includes(l)).length, label);

const databases = (t: Term) => t.page.evaluate(async () => (indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name).sort() : null));

describeE2E('documentation embeds: the docs page, the API from two origins, the framed full page, the script link', (engine) => {
  const pg = usePlayground(import.meta.url, engine, { secondOrigin: true, pages: [DOCS] });

  it('the full playground refuses to run framed by a foreign page, before it opens any storage', async () => {
    // in the framed page (only there), before its scripts: every IndexedDB open is recorded, and
    // what the page shows is posted to the parent once it shows something
    const id = pg.addInit(() => {
      if (window.top === window) return;
      const opened: string[] = [];
      const open = IDBFactory.prototype.open;
      IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
        opened.push(name);
        return version === undefined ? open.call(this, name) : open.call(this, name, version);
      };
      const report = () => {
        const refusal = document.querySelector('.framed');
        const terminal = document.querySelector('.xterm-rows');
        if (!refusal && !terminal) return void setTimeout(report, 50);
        const link = refusal?.querySelector('a');
        parent.postMessage({ e2eFramed: {
          text: document.body.innerText.trim(), terminal: terminal !== null, opened,
          link: link ? { href: link.getAttribute('href'), target: link.getAttribute('target') } : null,
        } }, '*');
      };
      addEventListener('load', () => setTimeout(report, 500));
    });
    const framedUrl = `${pg.origin}/?e2e=${id}`;
    pg.serveOnSecond('/foreign.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A foreign page</title></head><body>
<h1>A page of another site</h1>
<iframe title="the playground, framed" src="${framedUrl}" width="900" height="400"></iframe>
<script>addEventListener('message', (e) => { if (e.origin === ${JSON.stringify(pg.origin)} && e.data && e.data.e2eFramed) window.__framed = e.data.e2eFramed; });</script>
</body></html>`);
    const t = await pg.open({ origin: pg.secondOrigin, path: '/foreign.html', waitForPrompt: false });
    await t.page.waitForFunction(() => (window as unknown as { __framed?: unknown }).__framed !== undefined, undefined, { timeout: 20_000 });
    const framed = await t.page.evaluate(() => (window as unknown as { __framed: { text: string; terminal: boolean; opened: string[]; link: { href: string; target: string } | null } }).__framed);
    expect(framed.text).toMatch(/does not run inside another page/);
    expect(framed.terminal).toBe(false);
    expect(framed.opened).toEqual([]);
    expect(framed.link).toEqual({ href: framedUrl, target: '_blank' });
    await t.page.close();
  });

  it('the docs page: each example shows its script until clicked, then loads, autoruns and prints the canonical output exactly', async () => {
    const t = await pg.open({ path: DOCS, waitForPrompt: false, init: recordEmbedEvents });
    await t.page.locator('kmu-console button').waitFor();
    // click-to-load: the script as a code block and a button, no embed yet
    for (const ex of EXAMPLES) {
      expect(await t.page.locator(`#${ex.id} pre`).innerText()).toBe(ex.script.join('\n'));
      expect(await t.page.locator(`#${ex.id} iframe`).count()).toBe(0);
    }
    expect(await axeEverywhere(t.page)).toEqual([]);
    for (const ex of EXAMPLES) {
      await t.page.locator(`#${ex.id} button`, { hasText: 'Run in a live console' }).click();
      await waitForBlocks(t.page, `#${ex.id}`, ex.blocks);
      // the script ran to its end: the last line's output, then the next prompt
      const rows = (await frameRows(t.page, `#${ex.id}`))!.filter((r) => r !== '');
      expect(rows.at(-1)).toBe(KMU.trimEnd());
    }
    await expect.poll(async () => (await recorded(t.page)).events.filter((e) => e.startsWith('kmu-ready')).sort())
      .toEqual(EXAMPLES.map((ex) => `kmu-ready on #${ex.id}`).sort());
    // the page did not move when the embeds first said their heights: each iframe was made as tall
    // as its embed then reported (src/embed/layout.ts), so nothing below it jumped under the reader's
    // next click (it did: 420 px made, 401 reported ~0.5 s after the click). (Later heights follow
    // what the embed shows: exSymKey's plaintext warning under #example-move's terminal.)
    const { heights } = await recorded(t.page);
    for (const ex of EXAMPLES) {
      const [made, ...reported] = heights[ex.id] ?? [];
      expect(reported[0], `#${ex.id}: made ${made} px, then reported ${reported.join(', ') || 'nothing'}`).toBe(made);
    }
    expect(await axeEverywhere(t.page)).toEqual([]);
    await t.screenshot('embed-docs-page');
    await t.page.close();
  });

  it('the iframe driven through the API: run, then getState, and commandDone with the right code', async () => {
    const t = await pg.open({ path: DOCS, waitForPrompt: false });
    const status = t.page.locator('#api-status');
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toMatch(/^Connected to the embed \(playground \d+\.\d+\.\d+\)\.$/);
    await t.page.locator('#api-generate').click();
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toBe('genSymKey -t 31 -s 32 -l from-the-page returned 0x00.');
    await expect.poll(() => t.page.locator('#api-done li').allInnerTexts())
      .toEqual(['key_mgmt_util: genSymKey -t 31 -s 32 -l from-the-page — 0x00 (ok)']);
    // getState: the key the run made, as the inventory shows it (seeded, simple handles: the first key is 6)
    expect(await t.page.locator('#api-keys tr[data-handle="6"]').innerText()).toMatch(/^6\s+from-the-page\s+AES/);
    await t.page.locator('#api-fail').click();
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toBe('deleteKey -k 999999 returned 0xa8.');
    await expect.poll(() => t.page.locator('#api-done li').count()).toBe(2);
    expect(await t.page.locator('#api-done li').nth(1).innerText()).toBe('key_mgmt_util: deleteKey -k 999999 — 0xa8 (ok)');
    // the embed's own screen shows what the page ran
    // (its terminal is 80 columns wide: the error line wraps; its start is enough)
    await expect.poll(async () => (await frameRows(t.page, '#api-embed'))?.join('\n'))
      .toMatch(/^Command: deleteKey -k 999999\n\n? {8}Cfm3FindKey returned: 0xa8 : HSM Error: Invalid object handle/m);
    await t.page.close();
  });

  it('the same page served from a second origin, not on the allow-list, gets no answer and no event', async () => {
    // the docs page as another site would serve it: its own copy, the playground's script and embed by absolute URL
    // (without the site's own CSP meta: another site serves its copy under its own policy)
    const html = readFileSync(join(process.cwd(), 'dist/docs/embeds.html'), 'utf8')
      .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
      .replace('"kmu-console": "/kmu-console.js"', `"kmu-console": "${pg.origin}/kmu-console.js"`)
      .replace('src="/embed.html#', `src="${pg.origin}/embed.html#`);
    expect(html).toContain(`${pg.origin}/kmu-console.js`);
    expect(html).toContain(`src="${pg.origin}/embed.html#`);
    expect(html).not.toContain('Content-Security-Policy');
    pg.serveOnSecond(DOCS, html);
    const t = await pg.open({ origin: pg.secondOrigin, path: DOCS, waitForPrompt: false, init: recordEmbedEvents });
    await t.page.locator('#example-import button').waitFor();
    await t.page.locator('#example-import button', { hasText: 'Run in a live console' }).click();
    // the embeds are the playground's (another origin: the test cannot read them, nor can the page)
    expect(await t.page.evaluate(() => [...document.querySelectorAll('iframe')].map((f) => new URL(f.src).origin)))
      .toEqual([pg.origin, pg.origin]);
    // the page's client offers the handshake for 10 s, then says it had no answer
    await expect.poll(() => t.page.locator('#api-status').innerText(), { timeout: 20_000 }).toMatch(/^No answer from the embed after 10 s/);
    // the element's client gives up after its own 15 s: wait past it
    await t.page.waitForTimeout(6_000);
    const seen = await recorded(t.page);
    expect(seen.events).toEqual([]);
    expect(seen.messages.filter((m) => m.startsWith(pg.origin))).toEqual([]);
    expect(await t.page.locator('#api-done li').count()).toBe(0);
    expect(await t.page.locator('#api-generate').evaluate((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await t.page.close();
  });

  it('an embed\'s link to the full playground shows every line, preamble included, runs nothing until confirmed, and then not in the saved playground', async () => {
    // the saved playground, with a key of its own
    const t = await pg.open();
    await t.run('key_mgmt_util', { next: KMU });
    await t.run('loginHSM -u CU -s example_user -p example_pwd');
    await t.run('genSymKey -t 31 -s 32 -l saved-key');
    await expect.poll(() => rowsLabelled(t, 'saved-key')).toBe(1);
    const inventory = await t.page.locator('section[aria-labelledby="inv-h"]').innerText();
    const dbsBefore = await databases(t);

    // the first example's embed, and its link
    const ex = EXAMPLES[0]!;
    await t.page.driver.goto(`${pg.origin}${DOCS}`);
    await t.page.locator(`#${ex.id} button`, { hasText: 'Run in a live console' }).click();
    await waitForBlocks(t.page, `#${ex.id}`, ex.blocks);
    const link = await t.page.evaluate((id) => {
      const frame = document.querySelector<HTMLIFrameElement>(`#${id} iframe`);
      return frame?.contentDocument?.querySelector<HTMLAnchorElement>('a[href*="#share="]')?.href ?? null;
    }, ex.id);
    expect(link).toMatch(new RegExp(`^${pg.origin}/#share=[A-Za-z0-9_-]+$`));

    // the full page: the lines shown (escaped), nothing run yet
    await gotoPlayground(t, link!);
    await t.page.locator('dialog[open]').waitFor();
    expect(await t.page.locator('dialog[open] ol li').allInnerTexts()).toEqual([...ex.preamble, ...ex.script]);
    expect(await t.page.locator('dialog[open]').innerText()).toMatch(/your saved playground is not opened or changed/);
    expect(await t.text()).not.toMatch(/openssl rand|imSymKey/);
    expect((await t.rows()).filter((r) => r !== '').at(-1)).toBe('$');
    expect(await rowsLabelled(t, 'wrapping-key')).toBe(0);
    // confirmed: replayed in a playground in memory, as the embed ran it
    await t.page.locator('dialog[open] button[type="submit"]').click();
    await expect.poll(() => t.page.getByRole('status').first().innerText(), { timeout: 60_000 })
      .toMatch(new RegExp(`Replayed the shared session \\(${ex.preamble.length + ex.script.length} lines\\)`));
    // the same lines, the same seed and handles: the full page prints what the embed printed, the guide's handle included
    await t.waitForText(`${ex.blocks[0]}\n`);
    await expect.poll(() => rowsLabelled(t, 'imported')).toBe(1);
    expect(await t.page.locator('.settings').innerText()).toMatch(/in memory only/);
    expect(await databases(t)).toEqual(dbsBefore);

    // the saved playground: exactly as it was
    await gotoPlayground(t, `${pg.origin}/`);
    await t.run('key_mgmt_util', { next: KMU });
    await t.run('loginHSM -u CU -s example_user -p example_pwd');
    await expect.poll(() => rowsLabelled(t, 'saved-key')).toBe(1);
    expect(await rowsLabelled(t, 'imported')).toBe(0);
    expect(await t.page.locator('section[aria-labelledby="inv-h"]').innerText()).toBe(inventory);
    await t.page.close();
  });
});

describeE2E('documentation embeds: the docs page in the dark colour scheme', (engine) => {
  const pg = usePlayground(import.meta.url, engine, { colorScheme: 'dark', pages: [DOCS] });

  it('axe finds no serious or critical violation on the page nor in its embeds, before and after they load', async () => {
    const t = await pg.open({ path: DOCS, waitForPrompt: false });
    await t.page.locator('kmu-console button').waitFor();
    expect(await t.page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
    await expect.poll(() => t.page.locator('#api-status').innerText(), { timeout: 20_000 }).toMatch(/^Connected/);
    expect(await axeEverywhere(t.page)).toEqual([]);
    const ex = EXAMPLES[0]!;
    await t.page.locator(`#${ex.id} button`, { hasText: 'Run in a live console' }).click();
    await waitForBlocks(t.page, `#${ex.id}`, ex.blocks);
    expect(await axeEverywhere(t.page)).toEqual([]);
    await t.screenshot('embed-docs-page-dark');
    await t.page.close();
  });
});
