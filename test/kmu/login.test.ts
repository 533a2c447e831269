/** loginHSM / logoutHSM failure paths (kmu-commands.md §2.1–2.2, errors.md §4.1, decision 6). */
import { describe, expect, it } from 'vitest';
import { openTerminal } from '../support/transcript';

const H = '        ';
const block = (state: string, text: string) =>
  `\n${H}Cluster Error Status\n` + [0, 1, 2].map((n) => `${H}Node id ${n} and err state ${state} : ${text}`).join('\n') + '\n';
const failed = (code: string, text: string) =>
  `\nCfm3LoginHSM returned: 0x${code} : ${text}\n${block(`0x000000${code}`, text)}\n`;

async function kmu() {
  const t = await openTerminal();
  await t.type('key_mgmt_util');
  return t;
}

describe('loginHSM', () => {
  it('wrong password 0xa3, unknown user 0x9d, non-CU name 0x9d, non-CU type 0xdb, bad type word', async () => {
    const t = await kmu();
    expect(await t.type('loginHSM -u CU -s example_user -p wrong_pwd')).toBe(failed('a3', 'HSM Error: RET_USER_LOGIN_FAILURE'));
    expect(await t.type('loginHSM -u CU -s nobody -p example_pwd')).toBe(
      failed('9d', "HSM Error: user isn't initialized or user with this name doesn't exist"));
    expect(await t.type('loginHSM -u CU -s admin -p co12345')).toBe(
      failed('9d', "HSM Error: user isn't initialized or user with this name doesn't exist"));
    expect(await t.type('loginHSM -u CO -s admin -p co12345')).toBe(failed('db', 'HSM Error: Invalid User Type.'));
    expect(await t.type('loginHSM -u cu -s example_user -p example_pwd')).toBe(`\n${H}Error: Invalid value (cu) for parameter (-u).\n\n`);
  });

  it('user names are not case-sensitive; a second login answers 0xe8 and changes nothing', async () => {
    const t = await kmu();
    expect(await t.type('loginHSM -u CU -s Example_User -p example_pwd')).toContain('Cfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS');
    expect(await t.type('loginHSM -u CU -s example_user -p example_pwd')).toBe(
      '\nCfm3LoginHSM returned: 0xe8 : HSM Error: User is already logged in\n\n');
  });

  it('locks the account when the checking HSM counted 5 failures; right password then 0xe4', async () => {
    const t = await kmu();
    for (let i = 0; i < 5; i++) await t.type('loginHSM -u CU -s example_user -p wrong_pwd');
    expect(await t.type('loginHSM -u CU -s example_user -p example_pwd')).toBe(
      failed('e4', 'HSM Error: RET_USER_LOGIN_FAILURE - account locked'));
  });

  it('a success resets the failure count', async () => {
    const t = await kmu();
    for (let i = 0; i < 4; i++) await t.type('loginHSM -u CU -s example_user -p wrong_pwd');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    await t.type('logoutHSM');
    for (let i = 0; i < 4; i++) await t.type('loginHSM -u CU -s example_user -p wrong_pwd');
    expect(await t.type('loginHSM -u CU -s example_user -p example_pwd')).toContain('returned: 0x00');
  });

  it('-hpswd reads the password without echo', async () => {
    const t = await kmu();
    expect(await t.type('loginHSM -u CU -s example_user -hpswd')).toBe('Enter password: ');
    expect(t.session.inputMode).toBe('hidden');
    expect(await t.type('example_pwd')).toBe(`\nCfm3LoginHSM returned: 0x00 : HSM Return: SUCCESS\n${block('0x00000000', 'HSM Return: SUCCESS')}\n`);
    expect(t.screen()).not.toContain('example_pwd\n\nCfm3');
    expect(t.session.inputMode).toBe('normal');
  });

  it('-p and -hpswd: exactly one of them', async () => {
    const t = await kmu();
    expect(await t.type('loginHSM -u CU -s example_user')).toContain(`${H}Error: Required parameter (-p) is missing.\n\n${H}Description`);
    expect(await t.type('loginHSM -u CU -s example_user -p x -hpswd')).toContain(
      `${H}Error: Parameters (-p) and (-hpswd) cannot be used together.\n\n${H}Description`);
  });
});

describe('logoutHSM and exit', () => {
  it('logout when not logged in: 0xe3, flush-left, no cluster block', async () => {
    const t = await kmu();
    expect(await t.type('logoutHSM')).toBe('\nCfm3LogoutHSM returned: 0xe3 : HSM Error: User is not logged in\n\n');
  });

  it('commands that need a login answer 0xe3 with their first function', async () => {
    const t = await kmu();
    expect(await t.type('genSymKey -t 31 -s 32 -l k')).toBe(`\n${H}Cfm3GenerateSymmetricKey returned: 0xe3 : HSM Error: User is not logged in\n\n`);
    expect(await t.type('findKey')).toBe(`\n${H}Cfm3FindKey returned: 0xe3 : HSM Error: User is not logged in\n\n`);
    expect(await t.type('exSymKey -k 6 -w 7 -out x')).toBe(`\n${H}Cfm3WrapKey returned: 0xe3 : HSM Error: User is not logged in\n\n`);
    expect(await t.type('getAttribute -o 6 -a 512 -out x')).toBe(`\n${H}Cfm3GetAttribute returned: 0xe3 : HSM Error: User is not logged in\n\n`);
  });

  it('session keys vanish at logout and at exit; token keys stay', async () => {
    const t = await kmu();
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    const token = /Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 32 -l token'))![1];
    const sess = /Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 32 -l sess -sess'))![1];
    expect(await t.type('findKey')).toContain(`${token}, ${sess}\n`);
    await t.type('logoutHSM');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await t.type('findKey -sess 1')).toContain('Total number of keys present 0\n');
    const sess2 = /Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 32 -l sess -sess'))![1];
    expect(await t.type('exit')).toBe('');
    expect(t.session.prompt).toBe('$ ');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    const listed = await t.type('findKey');
    expect(listed).toContain(`\n${token}\n`);
    expect(listed).not.toContain(String(sess2));
    expect(await t.type(`getAttribute -o ${sess2} -a 371 -out k`)).toBe(
      `\n${H}Cfm3GetAttribute returned: 0xa8 : HSM Error: Invalid object handle is passed to this operation\n\n`);
  });
});
