/**
 * The HSM operations under cloudhsm_mgmt_util (issue 9): called directly with typed arguments they
 * return typed outcomes — per-server return codes or named refusals, values, session effects — and
 * the console gives the same codes for the same refusal; the argument tables drive redaction.
 */
import { describe, expect, it } from 'vitest';
import { cmuProgram } from '../../src/commands/cmu/program';
import { RC } from '../../src/hsm/codes';
import { userRecordId } from '../../src/hsm/model';
import { hsmStart, hsmStop } from '../../src/hsm/ops/cluster';
import { cmuFindAllKeys, cmuGetKeyInfo } from '../../src/hsm/ops/cmu-keys';
import { codesOf } from '../../src/hsm/ops/cmu-servers';
import { cmuCreateUser, cmuListUsers, cmuLogin, cmuLogout } from '../../src/hsm/ops/cmu-users';
import type { Console } from '../../src/shell/console';
import type { CommandEvent } from '../../src/shell/events';
import { aes, cmuTerminal, cu } from '../support/cmu';

async function setup() {
  const t = await cmuTerminal({ scenario: { users: [cu(4, 'bob')], keys: [aes(6, 3, [4]), aes(7, 4)] } });
  const c = t.session as Console;
  const events: CommandEvent[] = [];
  c.onEvent((e) => events.push(e));
  return { t, c, hsm: c.hsm, session: c.terminal.cmu, events };
}

describe('CMU operations: typed outcomes, no text', () => {
  it('login: per-server codes, and the session changes only when a server accepted', async () => {
    const { hsm, session } = await setup();
    const bad = await cmuLogin(hsm, session, { type: 'CU', name: 'example_user', password: 'wrong_pwd' });
    expect(bad).toEqual({ servers: [0, 1, 2].map((n) => ({ server: n, node: n, ok: false, refusal: { code: RC.LOGIN_FAILURE } })) });
    expect(session.user).toBeNull();
    const good = await cmuLogin(hsm, session, { type: 'CU', name: 'example_user', password: 'example_pwd' });
    expect('servers' in good && codesOf(good)).toEqual([0, 0, 0]);
    expect(good.effect?.user).toEqual({ userId: 3, name: 'example_user', type: 'CU' });
    expect(session.user?.name).toBe('example_user');
    expect([...session.loggedOn]).toEqual([[0, 3], [1, 3], [2, 3]]);
    expect(await cmuLogin(hsm, session, { type: 'CU', name: 'bob', password: 'password1' })).toEqual({ refused: { code: RC.ALREADY_LOGGED_IN } });
    const out = await cmuLogout(hsm, session);
    expect('servers' in out && codesOf(out)).toEqual([0, 0, 0]);
    expect(session.user).toBeNull();
    expect(session.loggedOn.size).toBe(0);
  });

  it('a refusal gives the same code from the operation and through the console', async () => {
    const { t, hsm, session, events } = await setup();
    const asked: unknown[] = [];
    const gated = await cmuCreateUser(hsm, session, { type: 'CU', name: 'carol', password: 'password1' }, async (a) => void asked.push(a));
    expect(gated).toEqual({ refused: { code: RC.NOT_LOGGED_IN } });
    expect(asked).toEqual([]); // refused before any server
    expect(await t.type('createUser CU carol password1')).toBe('createUser failed: HSM Error: User is not logged in\n');
    expect(events.at(-1)!.codes).toEqual([RC.NOT_LOGGED_IN]);

    await t.type('loginHSM CU example_user example_pwd');
    expect(events.at(-1)!.codes).toEqual([0, 0, 0]);
    await t.type('createUser CU carol password1');
    expect(events.at(-1)!.codes).toEqual([RC.INVALID_USER_TYPE]);
    expect(await cmuCreateUser(hsm, session, { type: 'CU', name: 'carol', password: 'password1' }, async () => undefined))
      .toEqual({ refused: { code: RC.INVALID_USER_TYPE } });
  });

  it('state-changing operations report every attempt to the console, which decides; a §4.4 refusal is named, not worded', async () => {
    const { t, hsm, session } = await setup();
    await t.type('loginHSM CO admin co12345');
    const seen: unknown[] = [];
    const outcome = await cmuCreateUser(hsm, session, { type: 'CU', name: 'BOB', password: 'password1' }, async (a) => {
      seen.push(a);
      return 'ignore';
    });
    expect(outcome).toEqual({ attempts: seen, committed: [], objects: null });
    expect(seen).toEqual([0, 1, 2].map((n) => ({ server: n, node: n, ok: false, refusal: { reason: 'userExists' } })));
    expect(codesOf(seen as never)).toEqual([]); // no documented code for it (errors.md §4.4)

    const created = await cmuCreateUser(hsm, session, { type: 'CU', name: 'dave', password: 'password1' }, async () => undefined);
    expect(created).toMatchObject({ committed: [0, 1, 2] });
    const objects = 'objects' in created ? created.objects : null;
    expect(objects?.created.users).toEqual([0, 1, 2].map((n) => userRecordId('cluster-1', n, 5)));
    expect(objects?.deleted).toEqual({ keys: [], users: [], files: [], clusters: [] });
    const users = await cmuListUsers(hsm, session);
    expect(users.map((r) => r.ok && r.value.map((u) => u.name))).toEqual([0, 1, 2].map(() => ['admin', 'app_user', 'example_user', 'bob', 'dave']));
  });

  it('key reads return typed values per server; a down server is a return code', async () => {
    const { t, hsm, session } = await setup();
    await t.type('loginHSM CO admin co12345');
    const found = await cmuFindAllKeys(hsm, session, 3);
    expect('servers' in found && found.servers[0]).toMatchObject({ ok: true, value: { keys: [{ handle: 6, owned: true }] } });
    expect(await cmuGetKeyInfo(hsm, session, 6)).toEqual({ refused: { code: RC.INVALID_USER_TYPE } });
    await t.type('logoutHSM');
    await t.type('loginHSM CU bob password1');
    expect((await hsmStop(hsm, 2)).ok).toBe(true);
    const info = await cmuGetKeyInfo(hsm, session, 6);
    expect('servers' in info && info.servers.map((r) => (r.ok ? r.value : r.refusal))).toEqual([
      { token: true, owner: 3, shared: [4], mValue: 0 },
      { token: true, owner: 3, shared: [4], mValue: 0 },
      { code: RC.SERVER_UNAVAILABLE },
    ]);
    expect(await hsmStop(hsm, 2)).toEqual({ ok: false, refusal: { reason: 'alreadyDown', node: 2 } });
    expect(await hsmStart(hsm, 2)).toEqual({ ok: true, cluster: 'cluster-1', value: 0 });
  });
});

describe('CMU argument tables drive the redaction of passwords', () => {
  it('hides the password argument of loginHSM, createUser and changePswd, never -hpswd or other words', () => {
    const secret = (line: string) => cmuProgram.secretTokens(line.split(' '));
    expect(secret('loginHSM CU example_user example_pwd')).toEqual([3]);
    expect(secret('loginHSM CU example_user -hpswd')).toEqual([]);
    expect(secret('createUser CU bob password1 -2fa /tmp/x')).toEqual([3]);
    expect(secret('changePswd CO admin newpassword')).toEqual([3]);
    expect(secret('loginH CU example_user example_pwd')).toEqual([3]); // an abbreviation names the same command
    expect(secret('loginHSM CU')).toEqual([]);
    expect(secret('shareKey 6 4 1')).toEqual([]);
    expect(secret('log CU x y')).toEqual([]); // ambiguous (loginHSM, logoutHSM): no command, nothing to hide
    // one pass over the tokens: a huge pasted line is as cheap to redact as a short one
    expect(cmuProgram.secretTokens(['loginHSM', 'CU', 'x', 'pwd', ...new Array<string>(200_000).fill('y')])).toEqual([3]);
  });
});
