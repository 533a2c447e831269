/**
 * Transcripts (issue 15, item 2), as a learner saves them: the terminal strip's "Transcript…"
 * opens a dialog (axe: no serious or critical violation) that saves the session as plain text,
 * Markdown and an asciinema v2 cast; the cast loads in asciinema's own player (asciinema-player,
 * a devDependency of the tests only, served by the harness) and plays the session's text with its
 * timing. The password typed in a command line is in none of them.
 */
import { expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { describeE2E, usePlayground } from './harness';

const KMU = 'Command: ';
const PAUSE_MS = 1500;
const SECRET = 's3cret_not_published';

describeE2E('transcripts', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('saves the session as text, Markdown and a .cast that asciinema-player plays with its timing', async () => {
    const t = await pg.open();
    expect(await t.run('echo first words')).toBe('first words');
    await new Promise((r) => setTimeout(r, PAUSE_MS)); // a pause the cast keeps
    await t.run('key_mgmt_util', { next: KMU });
    // (the default user's password is published in the welcome text; this one is not)
    expect(await t.run(`loginHSM -u CU -s example_user -p ${SECRET}`)).toContain('Cfm3LoginHSM returned: 0xa3');
    expect(await t.run('loginHSM -u CU -s example_user -p example_pwd')).toContain('Cfm3LoginHSM returned: 0x00');
    expect(await t.run('genSymKey -t 31 -s 16 -l movie')).toContain('Key Created.');

    await t.page.getByRole('button', { name: 'Transcript…' }).click();
    const dialog = t.page.locator('[data-testid=transcript-dialog]');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/Save the transcript of Terminal 1[\s\S]*5 lines entered/);
    expect(await seriousViolations(t.page, '[data-testid=transcript-dialog]')).toEqual([]);

    const text = await t.page.download(() => t.page.getByRole('button', { name: 'Plain text (.txt)' }).click());
    expect(text.suggestedFilename).toMatch(/^kmu-playground-terminal-1-\d{8}-\d{4}\.txt$/);
    const txt = text.bytes.toString('utf8');
    expect(txt).toMatch(/\$ echo first words\nfirst words\n/);
    expect(txt).toContain('Command: loginHSM -u CU -s example_user -p ********\n');
    expect(txt).toMatch(/Command: genSymKey -t 31 -s 16 -l movie\n[\s\S]*Key Created\./);
    expect(await dialog.innerText()).toContain(`Saved ${text.suggestedFilename} (${text.bytes.length.toLocaleString('en-US')} bytes).`);

    const md = (await t.page.download(() => t.page.getByRole('button', { name: 'Markdown (.md)' }).click())).bytes.toString('utf8');
    expect(md).toMatch(/^# Terminal 1 \(key\\_mgmt\\_util\) transcript\n/);
    expect(md).toMatch(/```console\nCommand: genSymKey -t 31 -s 16 -l movie\n[\s\S]*Key Created\.[\s\S]*\n```\n/);

    const castFile = await t.page.download(() => t.page.getByRole('button', { name: 'asciinema recording (.cast)' }).click());
    expect(castFile.suggestedFilename).toMatch(/\.cast$/);
    const cast = castFile.bytes.toString('utf8');
    for (const saved of [txt, md, cast]) expect(saved).not.toContain(SECRET);
    const [head, ...events] = cast.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(head).toMatchObject({ version: 2, title: 'Terminal 1 (key_mgmt_util)' });
    const times = (events as Array<[number, string, string]>).map((e) => e[0]);
    const echoAt = (events as Array<[number, string, string]>).find((e) => e[2].startsWith('key_mgmt_util'))![0];
    const firstAt = (events as Array<[number, string, string]>).find((e) => e[2].startsWith('echo first words'))![0];
    expect(echoAt - firstAt).toBeGreaterThanOrEqual(PAUSE_MS / 1000 - 0.05); // the pause is in the timing

    // Escape closes the dialog and gives the terminal its keyboard back
    await t.page.keyboard.press('Escape');
    await t.page.waitForFunction(() => !document.querySelector('[data-testid=transcript-dialog][open]'));
    expect(await t.run('logoutHSM')).toContain('Cfm3LogoutHSM returned: 0x00');

    // asciinema's player, in this page: it loads the cast, knows its length, and plays its text
    const played = await t.page.evaluate(async (data) => {
      const load = (tag: 'script' | 'link', url: string) => new Promise<void>((resolve, reject) => {
        const el = document.createElement(tag);
        if (el instanceof HTMLScriptElement) el.src = url;
        else Object.assign(el, { rel: 'stylesheet', href: url });
        el.onload = () => resolve();
        el.onerror = () => reject(new Error(`${url} did not load`));
        document.head.append(el);
      });
      await load('link', '/__e2e/asciinema-player.css');
      await load('script', '/__e2e/asciinema-player.min.js');
      const host = Object.assign(document.createElement('div'), { id: 'cast-player' });
      host.style.cssText = 'position:fixed;inset:0;z-index:100;background:#000';
      document.body.append(host);
      type Player = { getDuration(): number | Promise<number>; addEventListener(e: string, f: () => void): void; play(): Promise<void> | void };
      const AP = (window as unknown as { AsciinemaPlayer: { create(src: unknown, el: Element, opts: unknown): Player } }).AsciinemaPlayer;
      const player = AP.create({ data }, host, { speed: 4, autoPlay: false, fit: false });
      const ended = new Promise<void>((resolve) => player.addEventListener('ended', () => resolve()));
      const started = performance.now();
      await player.play();
      await Promise.race([ended, new Promise((_r, reject) => setTimeout(() => reject(new Error('the player never ended')), 20_000))]);
      // (the player draws in animation frames: the last output shows a frame or two after the end)
      await new Promise((r) => setTimeout(r, 500));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const shown = ((host.querySelector('.ap-term') as HTMLElement | null)?.innerText ?? '').replace(/\u00a0/g, ' ');
      return { duration: await player.getDuration(), wall: performance.now() - started, shown };
    }, cast);
    const last = times.at(-1)!;
    expect(played.duration).toBeCloseTo(last, 1);
    expect(played.wall).toBeGreaterThanOrEqual((last * 1000) / 4 - 100); // it played the timing (at 4×), not all at once
    expect(played.shown).toContain('Command: genSymKey -t 31 -s 16 -l movie');
    expect(played.shown).toContain('Key Created.');
    expect(played.shown).toContain('Command: loginHSM -u CU -s example_user -p ********');
    expect(played.shown).not.toContain(SECRET);
    await t.page.close();
  });
});
