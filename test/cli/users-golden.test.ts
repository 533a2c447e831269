/**
 * The canonical blocks of cloudhsm-cli.md §3.1–§3.7 and §3.23, typed into the real console
 * (`cloudhsm-cli interactive`), compared as text with the fixtures copied from the spec; the
 * password prompts are answered as a learner would (hidden input: the answer is not echoed).
 */
import { describe, expect, it } from 'vitest';
import { run } from '../support/cmu';
import { openTerminal, type Terminal } from '../support/transcript';
import { cliFixture } from './users-helpers';

async function cli(): Promise<Terminal> {
  const t = await openTerminal();
  await t.type('cloudhsm-cli interactive');
  return t;
}

describe('CLI user and cluster blocks (golden)', () => {
  it('§3.1 login, with the password prompt', async () => {
    const t = await cli();
    expect(await run(t, 'login --username example_user --role crypto-user', 'example_pwd')).toBe(cliFixture('login'));
  });

  it('§3.2 logout', async () => {
    const t = await cli();
    await t.type('login --username example_user --role crypto-user --password example_pwd');
    expect(await run(t, 'logout')).toBe(cliFixture('logout'));
  });

  it('§3.3 user list (fresh playground, logged out)', async () => {
    const t = await cli();
    expect(await run(t, 'user list')).toBe(cliFixture('user-list'));
  });

  it('§3.4 user create, §3.5 user delete, §3.6 user change-password', async () => {
    const t = await cli();
    await t.type('login --username admin --role admin --password co12345');
    expect(await run(t, 'user create --username alice --role crypto-user', 'alice_pwd', 'alice_pwd')).toBe(cliFixture('user-create'));
    expect(await run(t, 'user delete --username alice --role crypto-user')).toBe(cliFixture('user-delete'));
    expect(await run(t, 'user change-password --username example_user --role crypto-user', 'example_pw2', 'example_pw2'))
      .toBe(cliFixture('user-change-password'));
  });

  it('§3.7 cluster hsm-info (fresh three-HSM cluster)', async () => {
    const t = await cli();
    expect(await run(t, 'cluster hsm-info')).toBe(cliFixture('cluster-hsm-info'));
  });

  it('§3.23 cluster activate', async () => {
    const t = await cli();
    expect(await run(t, 'cluster activate')).toBe([
      'aws-cloudhsm > cluster activate', '{', '  "error_code": 1,', '  "data": "The cluster is already activated"', '}', '',
    ].join('\n'));
  });

  it('§1.4 prompted passwords that differ: nothing is created', async () => {
    const t = await cli();
    await t.type('login --username admin --role admin --password co12345');
    expect(await run(t, 'user create --username alice --role crypto-user', 'alice_pwd', 'alice_pwx')).toBe([
      'aws-cloudhsm > user create --username alice --role crypto-user', 'Enter password:', 'Confirm password:',
      '{', '  "error_code": 1,', '  "data": "Passwords do not match"', '}', '',
    ].join('\n'));
    expect(await run(t, 'user list')).toBe(cliFixture('user-list'));
  });
});
