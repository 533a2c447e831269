/**
 * Terminal tabs (issue 17, point 2): a second terminal on the same playground, like a second SSH
 * session to the client host. The guide's exSymKey example with a SESSION wrapping key, followed
 * in the guide's order (kmu-commands.md §3.3; AWS CloudHSM User Guide, key_mgmt_util-exSymKey,
 * "Exporting with Session-Only Wrapping Key"): key_mgmt_util stays logged in in tab 1 while the
 * attribute files and the exported key are read with cat and xxd in tab 2 — the session key lives
 * on, and the exported key equals the one imported (compared here, byte for byte).
 *
 * Also: the keyboard shortcuts, what closing a tab ends (its logins and session keys; a user logged
 * in in another tab cannot be deleted until then), axe-core on the tab strip, and no long task
 * while switching tabs.
 *
 * Like every e2e test it only types, clicks and reads the page. The harness's Term reads the first
 * terminal of the page; TabTerm below reads the terminal of the visible tab panel.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeE2E, Term, usePlayground, type E2EPage } from './harness';
import { seriousViolations } from './axe';
import { longestTask, resetLongTasks } from './longtask';

const KMU = 'Command: ';
const CMU = 'aws-cloudhsm>';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const SUCCESS = (op: string) => new RegExp(`^\\s*${op} returned: 0x00 : HSM Return: SUCCESS$`, 'm');

/** The terminal of the tab panel that is shown (each tab has its own xterm). */
class TabTerm extends Term {
  override async rows(): Promise<string[]> {
    const rows = await this.page.evaluate(() => {
      const el = document.querySelector('[role="tabpanel"][data-shown="true"] .xterm-rows');
      return el ? Array.from(el.children, (row) => (row as HTMLElement).innerText) : [];
    });
    return rows.map((r) => r.replace(/\u00a0/g, ' ').trimEnd());
  }

  override async focus(): Promise<void> {
    if (await this.hasFocus()) return;
    await this.page.locator('[role="tabpanel"][data-shown="true"] .xterm').click();
    await this.page.waitForFunction(() => !!document.activeElement?.closest('[role="tabpanel"][data-shown="true"]'), undefined, { timeout: 15_000 });
  }

  override async hasFocus(): Promise<boolean> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      return !!el?.classList.contains('xterm-helper-textarea') && !!el.closest('[role="tabpanel"][data-shown="true"]');
    });
  }
}

interface TabState { names: string[]; selected: number; panels: number; shown: number }

/** The tab strip as a screen reader sees it: the tabs' names, which one is selected, the panels. */
async function tabState(page: E2EPage): Promise<TabState> {
  return page.evaluate(() => {
    const tabs = Array.from(document.querySelectorAll('[role="tablist"] [role="tab"]'));
    const panels = Array.from(document.querySelectorAll('[role="tabpanel"]'));
    return {
      // the name from the tab's text, and its shortcut (aria-keyshortcuts)
      names: tabs.map((t) => `${(t.textContent ?? '').replace(/\s+/g, ' ').trim()} (${t.getAttribute('aria-keyshortcuts') ?? 'no shortcut'})`),
      selected: tabs.findIndex((t) => t.getAttribute('aria-selected') === 'true'),
      panels: panels.length,
      shown: panels.filter((p) => getComputedStyle(p).visibility === 'visible').length,
    };
  });
}

/** Press a shortcut and wait until tab `index` (0-based) is the selected one and its terminal has the focus. */
async function shortcut(t: TabTerm, key: string, index: number, count: number): Promise<void> {
  await t.page.keyboard.press(key);
  await expect.poll(async () => {
    const s = await tabState(t.page);
    return `${s.names.length} tabs, #${s.selected} selected, ${s.shown} shown, focus ${await t.hasFocus()}`;
  }, { timeout: 10_000 }).toBe(`${count} tabs, #${index} selected, 1 shown, focus true`);
}

/** Parse `xxd` output (00000000: 1a2b 3c4d …  ascii) into bytes. */
function parseXxd(output: string): Buffer {
  const bytes: number[] = [];
  for (const line of output.split('\n').filter((l) => l !== '')) {
    const m = /^([0-9a-f]{8}): (.{39})  (.*)$/.exec(line);
    if (!m) throw new Error(`not an xxd line: ${JSON.stringify(line)}`);
    expect(parseInt(m[1]!, 16)).toBe(bytes.length);
    bytes.push(...Buffer.from(m[2]!.replace(/ /g, ''), 'hex'));
  }
  return Buffer.from(bytes);
}

const handleOf = (out: string, verb: 'Created' | 'Unwrapped') => {
  const m = new RegExp(`Symmetric Key ${verb}\\.  Key Handle: (\\d+)`).exec(out);
  if (!m) throw new Error(`no key handle in:\n${out}`);
  return Number(m[1]);
};

/** The value line after an attribute's name in a getAttribute -a 512 file, as `cat` shows it. */
function attr(file: string, name: string): string | undefined {
  const lines = file.split('\n').map((l) => l.trim());
  const i = lines.indexOf(name);
  return i >= 0 ? lines[i + 1] : undefined;
}

describeE2E('terminal tabs', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  async function openPage(): Promise<TabTerm> {
    const first = await pg.open();
    const t = new TabTerm(first.page, pg.transcript);
    await t.waitForPrompt('$ ');
    return t;
  }

  it('the guide\'s exSymKey example with a session wrapping key: cat and xxd in a second tab while tab 1 stays logged in', async () => {
    const t = await openPage();
    const page = t.page;
    expect(await tabState(page)).toEqual({ names: ['Terminal 1: host shell (Alt+1)'], selected: 0, panels: 1, shown: 1 });

    // the key the test knows: uploaded into the home directory, imported, then exported again
    const original = randomBytes(32);
    await page.setInputFiles('input[type=file]', { name: 'aes256.key', buffer: original });
    await expect.poll(() => page.locator('[role="status"]').innerText()).toContain('aes256.key (32 bytes) saved in');

    // tab 1: key_mgmt_util, logged in; the key to export (the guide's key 8) comes from imSymKey
    await t.run('key_mgmt_util', { next: KMU });
    expect(await t.run(LOGIN)).toMatch(SUCCESS('Cfm3LoginHSM'));
    await expect.poll(() => page.getByTestId('program').innerText()).toBe('key_mgmt_util');
    const W = handleOf(await t.run('genSymKey -t 31 -s 32 -l import-wrapper'), 'Created');
    const K = handleOf(await t.run(`imSymKey -f aes256.key -w ${W} -t 31 -l aes256-imported`), 'Unwrapped');

    // tab 2 (Alt+T): a host shell on the same client host; the attribute files go to attributes/
    await shortcut(t, 'Alt+t', 1, 2);
    t.prompt = '$ ';
    await t.waitForPrompt('$ ');
    expect((await tabState(page)).names).toEqual(['Terminal 1: key_mgmt_util (Alt+1)', 'Terminal 2: host shell (Alt+2)']);
    await expect.poll(() => page.getByTestId('program').innerText()).toBe('host shell');
    await expect.poll(() => page.getByTestId('user').innerText()).toContain('not logged in');
    expect(await t.run('mkdir attributes')).toBe('');

    // back in tab 1 (Alt+1), still at key_mgmt_util's prompt and logged in: the guide's steps, in order
    await shortcut(t, 'Alt+1', 0, 2);
    t.prompt = KMU;
    await expect.poll(() => page.getByTestId('user').innerText()).toContain('example_user');
    // 1. genSymKey a session-only AES-256 wrapping key
    const genOut = await t.run('genSymKey -t 31 -s 32 -l AES-wrapping-key -sess');
    expect(genOut).toMatch(SUCCESS('Cfm3GenerateSymmetricKey'));
    const S = handleOf(genOut, 'Created');
    // (the inventory of the focused tab lists the session key)
    await page.locator(`tr[data-handle="${S}"]`).waitFor();
    // 2. getAttribute -a 512 of both keys into attributes/
    for (const h of [K, S]) {
      const out = await t.run(`getAttribute -o ${h} -a 512 -out attributes/attr_${h}`);
      expect(out).toContain(`Attributes dumped into attributes/attr_${h} file`);
      expect(out).toMatch(SUCCESS('Cfm3GetAttribute'));
    }

    // 3. in tab 2, read the attribute files (the guide greps them; cat shows the same lines)
    await shortcut(t, 'Alt+2', 1, 2);
    t.prompt = '$ ';
    // the second tab has no session: the session key is not in its inventory
    await expect.poll(() => page.locator(`tr[data-handle="${S}"]`).count()).toBe(0);
    const key = await t.run(`cat attributes/attr_${K}`);
    expect(attr(key, 'OBJ_ATTR_CLASS')).toBe('0x04');
    expect(attr(key, 'OBJ_ATTR_EXTRACTABLE')).toBe('0x01'); // (-a 512 prints one byte: kmu-commands.md §3.8)
    const wrapping = await t.run(`cat attributes/attr_${S}`);
    expect(attr(wrapping, 'OBJ_ATTR_KEY_TYPE')).toBe('0x1f');
    expect(attr(wrapping, 'OBJ_ATTR_TOKEN')).toBe('0x00');
    expect(attr(wrapping, 'OBJ_ATTR_WRAP')).toBe('0x01');

    // 4. tab 1 never left key_mgmt_util: the session key still wraps (no 0xa8)
    await shortcut(t, 'Alt+ArrowLeft', 0, 2);
    t.prompt = KMU;
    const exported = await t.run(`exSymKey -k ${K} -w ${S} -out aes256_H8.key`);
    expect(exported).toMatch(SUCCESS('Cfm3WrapKey'));
    expect(exported).toMatch(SUCCESS('Cfm3UnWrapHostKey'));
    expect(exported.trimEnd().split('\n').at(-1)).toBe('Wrapped Symmetric Key written to file "aes256_H8.key"');

    // 5. in tab 2, the exported file: the same 32 bytes as the key imported
    await shortcut(t, 'Alt+ArrowRight', 1, 2);
    t.prompt = '$ ';
    const roundTrip = parseXxd(await t.run('xxd aes256_H8.key'));
    expect(roundTrip.toString('hex')).toBe(original.toString('hex'));
    expect(parseXxd(await t.run('xxd aes256.key')).equals(original)).toBe(true);
    expect(await t.run('ls -l aes256_H8.key')).toMatch(/\b32\b.*aes256_H8\.key$/);

    // and tab 1 is still logged in with its session key
    await shortcut(t, 'Alt+1', 0, 2);
    t.prompt = KMU;
    expect(await t.run('findKey -sess 1')).toMatch(new RegExp(`number of keys matched[^\\n]*\\n\\s*${S}\\b`));
    await t.screenshot('tabs-exsymkey');
    await page.close();
  });

  it('shortcuts open, switch and close tabs; a closed tab\'s login and session keys are gone', async () => {
    const t = await openPage();
    const page = t.page;
    const live = page.getByTestId('announcer');

    // tab 1: a CO in cloudhsm_mgmt_util creates bob
    await t.run('cloudhsm_mgmt_util', { next: CMU });
    await t.run('loginHSM CO admin co12345');
    await t.run('createUser CU bob password1', { next: 'Do you want to continue(y/n)?' });
    expect(await t.run('y', { prompt: 'Do you want to continue(y/n)?', next: CMU })).toContain('Creating User bob(CU) on 3 nodes');

    // the "+" button opens tab 2; the switch is announced
    await page.getByTestId('new-tab').click();
    await expect.poll(async () => (await tabState(page)).selected).toBe(1);
    await expect.poll(() => live.innerText()).toMatch(/Terminal 2: host shell \(tab 2 of 2\)/);
    t.prompt = '$ ';
    await t.run('key_mgmt_util', { next: KMU });
    expect(await t.run('loginHSM -u CU -s bob -p password1')).toMatch(SUCCESS('Cfm3LoginHSM'));
    const S = handleOf(await t.run('genSymKey -t 31 -s 16 -l bobs-session-key -sess'), 'Created');
    await page.locator(`tr[data-handle="${S}"]`).waitFor();

    // tab 3 by Alt+T, back with Alt+1, round with Alt+→ / Alt+←, Alt+9 is the last
    await shortcut(t, 'Alt+t', 2, 3);
    await shortcut(t, 'Alt+1', 0, 3);
    await shortcut(t, 'Alt+ArrowRight', 1, 3);
    await shortcut(t, 'Alt+ArrowLeft', 0, 3);
    await shortcut(t, 'Alt+ArrowLeft', 2, 3);
    await shortcut(t, 'Alt+9', 2, 3);
    // a host-shell tab with no session closes at once (Alt+W); the tab before it takes the focus
    await shortcut(t, 'Alt+w', 1, 2);
    await expect.poll(() => live.innerText()).toMatch(/Terminal 3 closed\. Now in Terminal 2: key_mgmt_util/);
    expect((await tabState(page)).names).toEqual(['Terminal 1: cloudhsm_mgmt_util (Alt+1)', 'Terminal 2: key_mgmt_util (Alt+2)']);

    // bob is logged in in tab 2: tab 1's CO cannot delete him
    await shortcut(t, 'Alt+1', 0, 2);
    t.prompt = CMU;
    const refused = await t.run('deleteUser CU bob', { next: 'Retry/rollBack/Ignore?(R/B/I):' });
    expect(refused).toContain('deleteUser failed: HSM Error: User is currently logged in');
    await t.run('B', { prompt: 'Retry/rollBack/Ignore?(R/B/I):', next: CMU });

    // closing tab 2 asks first, and says what ends
    await shortcut(t, 'Alt+2', 1, 2);
    await page.keyboard.press('Alt+w');
    const ask = page.getByTestId('close-ask');
    await ask.waitFor();
    expect(await ask.innerText()).toContain('Close Terminal 2: key_mgmt_util? key_mgmt_util ends: bob is logged out of key_mgmt_util and 1 session key is destroyed.');
    expect((await tabState(page)).names).toHaveLength(2); // nothing closed yet
    await ask.getByRole('button', { name: 'Close it' }).click();
    await expect.poll(async () => (await tabState(page)).names).toEqual(['Terminal 1: cloudhsm_mgmt_util (Alt+1)']);
    await expect.poll(() => live.innerText()).toMatch(/Terminal 2 closed: key_mgmt_util ends: bob is logged out of key_mgmt_util and 1 session key is destroyed\. Now in Terminal 1/);
    await expect.poll(() => page.locator(`tr[data-handle="${S}"]`).count()).toBe(0);

    // bob's login ended with the tab: now he can be deleted
    expect(await t.run('deleteUser CU bob')).toContain('deleteUser success on server 2(10.0.1.12)');

    // a new terminal logging bob's session keys back is impossible: a fresh KMU session has none
    await shortcut(t, 'Alt+t', 1, 2);
    t.prompt = '$ ';
    await t.run('key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    expect(await t.run('findKey -sess 1')).toContain('Total number of keys present 0');
    await page.close();
  });

  it('a login in another browser tab counts too: bob logged in in page A cannot be deleted from page B until A is closed', async () => {
    const b = await openPage();
    await b.run('cloudhsm_mgmt_util', { next: CMU });
    await b.run('loginHSM CO admin co12345');
    await b.run('createUser CU bob password1', { next: 'Do you want to continue(y/n)?' });
    await b.run('y', { prompt: 'Do you want to continue(y/n)?', next: CMU });
    const a = await openPage();
    await a.run('key_mgmt_util', { next: KMU });
    expect(await a.run('loginHSM -u CU -s bob -p password1')).toMatch(SUCCESS('Cfm3LoginHSM'));
    // page B hears of the login over the pages' channel (a BroadcastChannel message: at once)
    await b.page.waitForTimeout(300);
    b.prompt = CMU;
    const refused = await b.run('deleteUser CU bob', { next: 'Retry/rollBack/Ignore?(R/B/I):' });
    expect(refused).toContain('deleteUser failed: HSM Error: User is currently logged in');
    await b.run('B', { prompt: 'Retry/rollBack/Ignore?(R/B/I):', next: CMU });
    await a.page.close(); // the page goes away: its sessions end, and it tells the others (pagehide)
    await b.page.waitForTimeout(300);
    expect(await b.run('deleteUser CU bob')).toContain('deleteUser success on server 2(10.0.1.12)');
    await b.page.close();
  });

  it('axe-core finds no serious or critical violation on the tab strip (with three tabs and a close question)', async () => {
    const t = await openPage();
    const page = t.page;
    await t.run('key_mgmt_util', { next: KMU });
    await shortcut(t, 'Alt+t', 1, 2);
    await shortcut(t, 'Alt+t', 2, 3);
    await shortcut(t, 'Alt+1', 0, 3);
    await page.keyboard.press('Alt+w'); // key_mgmt_util runs in tab 1: the question is shown
    await page.getByTestId('close-ask').waitFor();
    expect(await seriousViolations(page, '.term-area')).toEqual([]);
    // the strip as ARIA has it: one tablist, each tab controls its panel, only the selected tab is in the Tab order
    const aria = await page.evaluate(() => Array.from(document.querySelectorAll('[role="tab"]'), (tab) => ({
      controls: document.getElementById(tab.getAttribute('aria-controls') ?? '')?.getAttribute('role') ?? null,
      selected: tab.getAttribute('aria-selected'),
      tabindex: tab.getAttribute('tabindex'),
    })));
    expect(aria).toEqual([
      { controls: 'tabpanel', selected: 'true', tabindex: '0' },
      { controls: 'tabpanel', selected: 'false', tabindex: '-1' },
      { controls: 'tabpanel', selected: 'false', tabindex: '-1' },
    ]);
    await t.screenshot('tabs-a11y');
    await page.close();
  });

  it('no task over 100 ms while switching between tabs with a full screen each', async () => {
    const t = await openPage();
    const page = t.page;
    // three tabs, each with a screenful and scrollback
    for (let i = 0; i < 3; i++) {
      if (i > 0) await shortcut(t, 'Alt+t', i, i + 1);
      t.prompt = '$ ';
      await t.run('openssl rand -out noise.bin 4096');
      // 256 rows: more than the screen holds, so wait for the last row and the prompt after it
      await t.typeLine('xxd noise.bin');
      await t.waitFor('the end of the hex dump, then the prompt', (rows) => {
        const shown = rows.filter((r) => r !== '');
        return shown.at(-1) === '$' && shown.at(-2)?.startsWith('00000ff0: ') ? true : undefined;
      });
    }
    await page.waitForTimeout(300);
    await resetLongTasks(page);
    const order = ['Alt+1', 'Alt+2', 'Alt+3', 'Alt+ArrowLeft', 'Alt+ArrowLeft', 'Alt+ArrowRight', 'Alt+9', 'Alt+1'];
    const expectIndex = [0, 1, 2, 1, 0, 1, 2, 0];
    // (no polling while measuring: a script run through WebDriver keeps WebKit's main thread too)
    const seen: number[] = [];
    for (const key of order) {
      await page.keyboard.press(key);
      await page.waitForTimeout(250);
      seen.push((await tabState(page)).selected);
    }
    await page.waitForTimeout(200);
    expect(seen).toEqual(expectIndex);
    const { longestMs, method } = await longestTask(page);
    console.log(`${pg.version}: switching tabs 8 times, the longest task ${longestMs.toFixed(0)} ms (${method})`);
    expect(longestMs).toBeLessThan(100);
    await page.close();
  });
});
