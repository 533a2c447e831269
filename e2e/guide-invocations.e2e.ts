/**
 * The guide's first commands, as a learner types them (issue 17, point 1): the client's start,
 * the tools by their /opt/cloudhsm/bin paths, and key_mgmt_util's single-command mode, which logs
 * in, runs one command and returns to `$ ` without opening the tool. Read back from the terminal.
 */
import { expect, it } from 'vitest';
import { describeE2E, usePlayground } from './harness';

const KMU = 'Command: ';
const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';

describeE2E('the guide\'s invocations', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('sudo service cloudhsm-client start, the /opt paths, and singlecmd from the shell', async () => {
    const t = await pg.open();
    const started = await t.run('sudo service cloudhsm-client start');
    expect(started).toContain('Redirecting to /bin/systemctl start cloudhsm-client.service');
    expect(started).toContain('always running');

    // the guide's loop body, run twice: each call creates a key and comes back to the shell (the
    // line is longer than a row: typed and read back without the one-row echo helpers)
    const line = `/opt/cloudhsm/bin/key_mgmt_util singlecmd ${LOGIN} genSymKey -l aes -t 31 -s 32 -min_srv 1 -timeout 1`;
    for (let i = 1; i <= 2; i++) {
      await t.waitForPrompt('$ ');
      await t.focus();
      await t.page.keyboard.type(line);
      await t.page.keyboard.press('Enter');
      await t.waitFor(`key ${i} created and the prompt back`, (rows) => {
        const text = rows.join('\n');
        const created = text.match(/^\s+Symmetric Key Created\.  Key Handle: \d+$/gm)?.length ?? 0;
        return created === i && rows.filter((r) => r !== '').at(-1) === '$' ? true : undefined;
      });
    }
    expect((await t.text()).match(/^Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS$/gm)).toHaveLength(2);
    // the password is not kept: ↑ recalls the line masked
    await t.focus();
    await t.page.keyboard.press('ArrowUp');
    await t.waitFor('the recalled line, masked', (rows) => (rows.join('').includes('-p ******** genSymKey -l aes') ? true : undefined));
    await t.page.keyboard.press('Control+u');

    await t.run('/opt/cloudhsm/bin/key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    const found = await t.run('findKey -l aes');
    expect(found).toMatch(/Total number of keys present 2/);
    await t.run('exit', { next: '$ ' });

    const cmu = await t.run('/opt/cloudhsm/bin/cloudhsm_mgmt_util /opt/cloudhsm/etc/cloudhsm_mgmt_util.cfg', { next: 'aws-cloudhsm>' });
    expect(cmu).toContain("Connected to server '10.0.2.9': hostname '10.0.2.9', port 2225.");
    await t.run('quit', { next: '$ ' });
    await t.page.close();
  });
  it("the guide's genSymKey loop, pasted as its three lines, creates its thirty keys through singlecmd", async () => {
    const t = await pg.open();
    // the profile is shared with the test before: count the aes keys already there
    const count = (out: string): number => Number(/Total number of keys present (\d+)/.exec(out)?.[1] ?? NaN);
    const before = count(await t.run(`key_mgmt_util singlecmd ${LOGIN} findKey -l aes`));
    expect(before).toBeGreaterThanOrEqual(0);
    await t.waitForPrompt('$ ');
    await t.focus();
    // kmu-commands.md §3.1, as the guide prints it (the loop's own leading blanks included)
    await t.page.keyboard.paste([
      'for i in {1..30};',
      `     do /opt/cloudhsm/bin/key_mgmt_util singlecmd ${LOGIN} genSymKey -l aes -t 31 -s 32 -min_srv 1 -timeout 1;`,
      ' done;',
      '',
    ].join('\n'));
    // the screen shows only the last rows: the shell's prompt comes back once the whole loop ran
    await t.waitFor('the loop run and the prompt back', (rows) => {
      const created = rows.some((r) => /^\s+Symmetric Key Created\.  Key Handle: \d+$/.test(r));
      return created && rows.filter((r) => r !== '').at(-1) === '$' ? true : undefined;
    }, 120_000);
    await t.run('key_mgmt_util', { next: KMU });
    await t.run(LOGIN);
    const found = await t.run('findKey -l aes');
    expect(count(found)).toBe(before + 30);
    await t.run('exit', { next: '$ ' });
    await t.page.close();
  });
});
