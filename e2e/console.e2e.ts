/**
 * A console that feels real (issue 5, item 1): every behaviour typed through the keyboard and read
 * back from the terminal's DOM. The host shell answers an unknown word `foo` with
 * `foo: command not found`, which tells exactly which line it received.
 */
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, type Term } from './harness';

const received = (out: string) => /^(.*): command not found$/m.exec(out)?.[1];

/** The row the cursor's line is on: the last non-empty row. */
async function lastRow(t: Term): Promise<string> {
  const rows = (await t.rows()).filter((r) => r !== '');
  return rows[rows.length - 1] ?? '';
}

async function waitLastRow(t: Term, expected: string): Promise<void> {
  await t.waitFor(`the last row ${JSON.stringify(expected)}`, (rows) =>
    rows.filter((r) => r !== '').at(-1) === expected ? true : undefined);
}

describeE2E('the console', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('Ctrl-A / Ctrl-E, Delete, Ctrl-U, Ctrl-K and Ctrl-W edit the line', async () => {
    const t = await pg.open();
    const kb = t.page.keyboard;
    await t.focus();
    // Ctrl-A, Delete twice, Ctrl-E, type: "xxfoo" -> "foo" -> "foobar"
    await kb.type('xxfoo');
    await kb.press('Control+a');
    await kb.press('Delete');
    await kb.press('Delete');
    await kb.press('Control+e');
    await kb.type('bar');
    expect(received(await t.enter('foobar'))).toBe('foobar');
    // Ctrl-K: "keep this|gone" -> "keep this"
    await kb.type('keepgone');
    for (let i = 0; i < 4; i++) await kb.press('ArrowLeft');
    await kb.press('Control+k');
    await waitLastRow(t, '$ keep');
    expect(received(await t.enter('keep'))).toBe('keep');
    // Ctrl-U: deletes up to the cursor: "dropkeep" with the cursor before "keep"
    await kb.type('dropkept');
    for (let i = 0; i < 4; i++) await kb.press('ArrowLeft');
    await kb.press('Control+u');
    await waitLastRow(t, '$ kept');
    expect(received(await t.enter('kept'))).toBe('kept');
    // Ctrl-W: deletes the word before the cursor
    await kb.type('one two three');
    await kb.press('Control+w');
    await waitLastRow(t, '$ one two');
    expect(received(await t.enter('one two'))).toBe('one');
    await t.page.close();
  });

  it('↑/↓ walk the history, Ctrl-R searches it, and it survives a reload', async () => {
    const t = await pg.open();
    const kb = t.page.keyboard;
    for (const l of ['alpha1', 'beta2', 'gamma3']) await t.run(l);
    await t.focus();
    await kb.press('ArrowUp');
    await waitLastRow(t, '$ gamma3');
    await kb.press('ArrowUp');
    await kb.press('ArrowUp');
    await waitLastRow(t, '$ alpha1');
    await kb.press('ArrowDown');
    await waitLastRow(t, '$ beta2');
    await kb.press('ArrowDown');
    await kb.press('ArrowDown'); // back to the (empty) line being typed
    await waitLastRow(t, '$');
    // Ctrl-R "et" finds beta2; Enter runs it
    await kb.press('Control+r');
    await kb.type('et');
    await waitLastRow(t, "(reverse-i-search)`et': beta2");
    expect(received(await t.enter('beta2'))).toBe('beta2');

    await pg.reload(t);
    await t.focus();
    await kb.press('ArrowUp');
    await waitLastRow(t, '$ beta2');
    await kb.press('ArrowUp');
    await waitLastRow(t, '$ gamma3');
    await kb.press('Control+u');
    await kb.press('Control+r');
    await kb.type('alp');
    await waitLastRow(t, "(reverse-i-search)`alp': alpha1");
    await kb.press('Escape'); // accept for editing
    await waitLastRow(t, '$ alpha1');
    await kb.type('x');
    expect(received(await t.enter('alpha1x'))).toBe('alpha1x');
    await t.page.close();
  });

  it('Ctrl-C drops the line, and cancels a waiting password read back to the prompt', async () => {
    const t = await pg.open();
    const kb = t.page.keyboard;
    await t.focus();
    await kb.type('half a line');
    await kb.press('Control+c');
    await t.waitForText('$ half a line^C');
    await waitLastRow(t, '$');
    await t.run('key_mgmt_util', { next: 'Command: ' });
    await t.typeLine('loginHSM -u CU -s example_user -hpswd');
    await waitLastRow(t, 'Enter password:');
    await kb.type('secret');
    await kb.press('Control+c');
    await waitLastRow(t, 'Command:');
    // nobody is logged in: the command was cancelled before it reached the HSM
    expect(await t.run('findKey')).toMatch(/0xe3/);
    await t.page.close();
  });

  it('Ctrl-L clears the screen and keeps the line being typed', async () => {
    const t = await pg.open();
    for (let i = 0; i < 3; i++) await t.run(`before${i}`);
    await t.focus();
    await t.page.keyboard.type('still here');
    await t.page.keyboard.press('Control+l');
    await t.waitFor('only the prompt and the line', (rows) => {
      const shown = rows.filter((r) => r !== '');
      return shown.length === 1 && shown[0] === '$ still here' ? true : undefined;
    });
    expect(received(await t.enter('still here'))).toBe('still');
    await t.page.close();
  });

  it('a pasted block of five lines runs line by line, each echoed', async () => {
    const t = await pg.open();
    await t.focus();
    await t.page.keyboard.paste('openssl rand -out p1.bin 8\nopenssl rand -out p2.bin 16\nls\nxxd p1.bin\nnope5\n');
    const screen = await t.waitFor('the fifth answer and a prompt', (rows) => {
      const shown = rows.filter((r) => r !== '');
      return shown.at(-2) === 'nope5: command not found' && shown.at(-1) === '$' ? shown : undefined;
    });
    const echoes = screen.filter((r) => r.startsWith('$ '));
    expect(echoes.slice(-5)).toEqual(['$ openssl rand -out p1.bin 8', '$ openssl rand -out p2.bin 16', '$ ls', '$ xxd p1.bin', '$ nope5']);
    const at = (s: string) => screen.indexOf(s);
    expect(screen[at('$ ls') + 1]).toMatch(/p1\.bin\s+p2\.bin/);
    expect(screen[at('$ xxd p1.bin') + 1]).toMatch(/^00000000: [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}  /);
    await t.page.close();
  });

  it('Tab completes commands, file names, KMU flags, user names and handles', async () => {
    const t = await pg.open();
    const kb = t.page.keyboard;
    await t.run('openssl rand -out wrapping.key 32');
    await t.focus();
    await kb.type('key_m');
    await kb.press('Tab');
    await waitLastRow(t, '$ key_mgmt_util');
    await kb.press('Enter');
    await t.waitForPrompt('Command: ');
    await kb.type('loginHSM -u CU -s exa');
    await kb.press('Tab');
    await waitLastRow(t, 'Command: loginHSM -u CU -s example_user');
    await kb.type('-p example_pwd');
    await t.enter('loginHSM -u CU -s example_user -p example_pwd');
    const h = /Key Handle: (\d+)/.exec(await t.run('genSymKey -t 31 -s 32 -l tabbed'))![1]!;
    await t.focus();
    await kb.type('getAttribute -o ');
    await kb.press('Tab');
    await waitLastRow(t, `Command: getAttribute -o ${h}`);
    await kb.type('-a 371 -o');
    await kb.press('Tab'); // -o is given already, so only -out is left
    await waitLastRow(t, `Command: getAttribute -o ${h} -a 371 -out`);
    await kb.type('kcv.txt');
    expect(await t.enter(`getAttribute -o ${h} -a 371 -out kcv.txt`)).toContain('Attributes dumped into kcv.txt file');
    // two candidates: the first Tab inserts the common part, the second lists them
    await t.focus();
    await kb.type('imSymKey -f ');
    await kb.press('Tab');
    await kb.press('Tab');
    await t.waitForText(/kcv\.txt\s.*wrapping\.key/); // (other tests of this file add files too)
    await kb.type('w');
    await kb.press('Tab');
    await waitLastRow(t, 'Command: imSymKey -f wrapping.key');
    await kb.press('Control+u');
    await t.page.close();
  });

  it('Tab completes in cloudhsm_mgmt_util too: commands, user types and names, handles', async () => {
    const t = await pg.open();
    const kb = t.page.keyboard;
    await t.run('key_mgmt_util', { next: 'Command: ' });
    await t.run('loginHSM -u CU -s example_user -p example_pwd');
    const h = /Key Handle: (\d+)/.exec(await t.run('genSymKey -t 31 -s 16 -l cmu-tab'))![1]!;
    await t.run('exit', { next: '$ ' });
    await t.run('cloudhsm_mgmt_util', { next: 'aws-cloudhsm>' });
    await t.focus();
    await kb.type('loginH');
    await kb.press('Tab');
    await waitLastRow(t, 'aws-cloudhsm>loginHSM'); // (a single candidate adds the blank after it)
    await kb.type('C');
    await kb.press('Tab');
    await kb.type('U exam');
    await kb.press('Tab');
    await waitLastRow(t, 'aws-cloudhsm>loginHSM CU example_user');
    await kb.type('example_pwd');
    expect(await t.enter('loginHSM CU example_user example_pwd')).toContain('loginHSM success on server 0');
    await t.focus();
    await kb.type('getAttribute ');
    await kb.press('Tab');
    await kb.press('Tab');
    await t.waitForText(new RegExp(`\\b${h}\\b`));
    await kb.press('Control+u');
    await t.run('quit', { next: '$ ' });
    await t.page.close();
  });

  it('selected text is copied with Ctrl-C instead of interrupting', async () => {
    const t = await pg.open();
    await t.run('copyme');
    const row = (await t.rows()).findIndex((r) => r === 'copyme: command not found');
    // select the row with a triple click on it
    const box = (await t.page.locator('.xterm-rows > div').nth(row).boundingBox())!;
    await t.page.mouse.click(box.x + 20, box.y + box.height / 2, { clickCount: 3 });
    await t.page.keyboard.press('Control+c');
    await expect.poll(() => t.page.clipboard.readText()).toMatch(/copyme: command not found/);
    expect(await lastRow(t)).toBe('$'); // no ^C
    await t.page.close();
  });
});
