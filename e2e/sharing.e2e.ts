/**
 * Sharing across users (issue 4), typed and read as a learner would: a crypto officer creates a
 * second crypto user in cloudhsm_mgmt_util, the owner shares a key with her, she uses it as a
 * wrapping key in key_mgmt_util, and gets 0xc6 when she tries to export or delete it.
 */
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, type Term } from './harness';

const KMU = 'Command: ';
const CMU = 'aws-cloudhsm>';
const CONTINUE = 'Do you want to continue(y/n)?';
const H = '        ';

const handleOf = (out: string) => Number(/Key (?:Created|Unwrapped)\.  Key Handle: (\d+)/.exec(out)![1]);

async function cmu(t: Term): Promise<void> {
  expect(await t.run('cloudhsm_mgmt_util', { next: CMU })).toContain('Connected to server');
}

describeE2E('sharing a key with another crypto user', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('a key shared by one CU is usable by the other, who gets 0xc6 exporting or deleting it', async () => {
    const t = await pg.open();
    await t.run('openssl rand -out plain.key 32');

    // The crypto officer creates alice on every HSM.
    await cmu(t);
    expect(await t.run('loginHSM CO admin co12345')).toContain('loginHSM success on server 0');
    await t.run('createUser CU alice alice_pwd', { next: CONTINUE });
    expect(await t.run('y', { prompt: CONTINUE, next: CMU })).toContain('Creating User alice(CU) on 3 nodes');
    const users = await t.run('listUsers');
    const aliceId = Number(/^\s+(\d+)\s+CU\s+alice\b/m.exec(users)![1]);
    await t.run('logoutHSM');
    await t.run('quit', { next: '$ ' });

    // example_user makes a wrapping key.
    await t.run('key_mgmt_util', { next: KMU });
    await t.run('loginHSM -u CU -s example_user -p example_pwd');
    const shared = handleOf(await t.run('genSymKey -t 31 -s 32 -l shared-wrapping-key'));
    await t.run('exit', { next: '$ ' });

    // ...and shares it with alice in cloudhsm_mgmt_util.
    await cmu(t);
    await t.run('loginHSM CU example_user example_pwd');
    await t.run(`shareKey ${shared} ${aliceId} 1`, { next: CONTINUE });
    expect(await t.run('y', { prompt: CONTINUE, next: CMU })).toContain('shareKey success on server 0');
    await t.run('quit', { next: '$ ' });

    // alice uses it, but may neither export nor delete it.
    await t.run('key_mgmt_util', { next: KMU });
    expect(await t.run('loginHSM -u CU -s alice -p alice_pwd')).toContain('Cfm3LoginHSM returned: 0x00');
    expect(await t.run('findKey')).toMatch(new RegExp(`\\b${shared}\\b`));
    const imported = handleOf(await t.run(`imSymKey -f plain.key -w ${shared} -t 31 -l alices-key`));
    expect(imported).toBeGreaterThan(0);
    expect(await t.run(`exSymKey -k ${shared} -w ${shared} -out stolen.key`)).toBe(
      `${H}Cfm3WrapKey returned: 0xc6 : HSM Error: Key Access is denied`);
    const denied = await t.run(`deleteKey -k ${shared}`);
    expect(denied).toContain(`${H}Cfm3DeleteKey returned: 0xc6 : HSM Error: Key Access is denied`);
    expect(await t.run(`getKeyInfo -k ${shared}`)).toMatch(new RegExp(`Owned by user 3[\\s\\S]*shared to following 1 user\\(s\\):\\s+${aliceId}`));
    await t.screenshot('sharing');
    await t.run('exit', { next: '$ ' });
  });
});
