/**
 * What lessons 7–12 tell the learner beyond their goals, checked on the real console: the replay
 * (solutions.test.ts) proves each goal; these prove the sentences around them — the codes the
 * texts quote, what a tempting wrong command answers, what the other tool shows of the same
 * object — so a change in the playground that makes a lesson's text untrue fails here.
 */
import { describe, expect, it } from 'vitest';
import { keyReference } from '../../src/hsm/key-reference';
import { replayUpTo } from '../support/lesson-replay';
import lockout from '../../src/lessons/data/07-lockout';
import minSrvTimeout from '../../src/lessons/data/08-min-srv-timeout';
import trustedKeys from '../../src/lessons/data/09-trusted-keys';
import signVerify from '../../src/lessons/data/10-sign-verify';
import importPrivateKey from '../../src/lessons/data/11-import-private-key';
import cliMigration from '../../src/lessons/data/12-cli-migration';


const upTo = replayUpTo;

const count = (text: string, part: string): number => text.split(part).length - 1;

describe('lesson texts say what the playground does', () => {
  it('7: each wrong password answers 0xa3; the count is 5; after the reset it is 0 and the old password is wrong, not locked', async () => {
    const r = await upTo(lockout);
    expect(count(r.steps[0]!.output, 'Cfm3LoginHSM returned: 0xa3 : HSM Error: RET_USER_LOGIN_FAILURE')).toBe(5);
    expect(r.steps[2]!.output).toContain('Changing password for example_user(CU) on 1 nodes');
    const facts = await r.terminal.session.lessonFacts();
    expect(facts.clusters[0]!.users.find((u) => u.name === 'example_user')).toMatchObject({ locked: false, failures: 0 });
    await r.run('logoutHSM');
    expect((await r.run('loginHSM -u CU -s example_user -p example_pwd')).event!.codes).toEqual([0xa3]);
  }, 60_000);

  it('7: cloudhsm_mgmt_util listUsers shows LoginFailureCnt 5 once the user is locked, 0 after the reset', async () => {
    const cnt = (out: string) => out.split('\n').find((l) => l.includes('example_user'))?.trim().split(/\s+/).at(-2);
    const locked = await upTo(lockout, 1);
    await locked.run('exit');
    await locked.run('cloudhsm_mgmt_util');
    expect(cnt((await locked.run('listUsers')).out)).toBe('5');
    const reset = await upTo(lockout, 3);
    expect(cnt((await reset.run('listUsers')).out)).toBe('0');
  }, 60_000);

  it('8: HSM 2 answers 0x30000085 and the key is made on two; the refused key does not exist; HSM 2 gets two_copies when it starts', async () => {
    const r = await upTo(minSrvTimeout, 2);
    expect(r.steps[0]!.output).toContain('Node id 2 and err state 0x30000085 : HSM CLUSTER ERROR: Server in cluster is unavailable');
    expect(r.steps[0]!.output).toContain('Cfm3GenerateSymmetricKey returned: 0x00 : HSM Return: SUCCESS');
    const facts = await r.terminal.session.lessonFacts();
    expect(facts.clusters[0]!.keys.map((k) => k.label)).toEqual(['two_copies']);
    await r.run('exit');
    expect((await r.run('hsm start 2')).out).toContain('gave it 1 key it was missing');
  }, 60_000);

  it('9: a crypto user, even the owner, cannot set TRUSTED; WRAP_WITH_TRUSTED cannot go back to 0; the copy reads 528 = 1', async () => {
    const r = await upTo(trustedKeys);
    expect(r.steps[1]!.output).toContain('Cfm2WrapKey returned: 0xc6 : HSM Error: Key Access is denied');
    await r.run(`getAttribute -o ${r.bindings.copy} -a 528 -out copy-528.txt`);
    await r.run('exit');
    expect((await r.run('cat copy-528.txt')).out).toBe('OBJ_ATTR_WRAP_WITH_TRUSTED\n0x00000001\n');
    await r.run('cloudhsm_mgmt_util');
    await r.run('loginHSM CU example_user example_pwd');
    expect((await r.run('setAttribute 6 134 0')).out).toBe('setAttribute failed: HSM Error: Invalid User Type.\n');
    await r.run('setAttribute 7 528 0');
    await r.run('y'); // it fails on the first server and asks Retry/Ignore/Abort
    expect(r.terminal.session.prompt).toContain('setAttribute failed: HSM Error: Attribute is read-only or value is invalid');
    await r.run('A');
    const facts = await r.terminal.session.lessonFacts();
    const byLabel = (l: string) => facts.clusters[0]!.keys.filter((k) => k.label === l);
    expect(byLabel('wrapping-key').map((k) => k.trusted)).toEqual([true]);
    expect(byLabel('data-key').map((k) => k.wrapWithTrusted)).toEqual([true, true]);
  }, 60_000);

  it('10: verify in the HSM says so; OpenSSL fails the changed message with "Verification failure"', async () => {
    const r = await upTo(signVerify);
    expect(r.steps[2]!.output).toContain('Signature verification successful');
    expect(r.steps[4]!.output).toContain('Cfm3Verify returned: 0x1b');
    await r.run('exit');
    expect((await r.run('cat verified.txt')).out).toBe('Verified OK\n');
    expect((await r.run('openssl dgst -sha256 -verify signing-key.pem -signature message.sig message.txt')).out).toContain('Verification failure');
  }, 60_000);

  it('11: importPrivateKey shows both moves, Cfm3WrapHostKey then Cfm3UnWrapKey; verified.txt says Verified OK', async () => {
    const r = await upTo(importPrivateKey);
    const out = r.steps[1]!.output;
    expect(out.indexOf('Cfm3WrapHostKey returned: 0x00')).toBeGreaterThan(-1);
    expect(out.indexOf('Cfm3UnWrapKey returned: 0x00')).toBeGreaterThan(out.indexOf('Cfm3WrapHostKey'));
    expect((await r.run('cat verified.txt')).out).toBe('Verified OK\n');
  }, 60_000);

  it('12: the key-reference is the handle in hex; the header file fails; the copy has encrypt off; the admin cannot share; the CLI sees the CMU unshare', async () => {
    const r = await upTo(cliMigration);
    expect(r.steps[2]!.output).toContain(`"key-reference": "${keyReference(r.bindings.wrapping!)}"`);
    expect(r.steps[3]!.output).toContain('"data": "Unwrap failed - integrity check error"');
    expect(r.steps[5]!.output).toContain('"data": "Invalid user type for this operation"');
    await r.run('quit');
    await r.run('cloudhsm-cli interactive');
    await r.run('login --username example_user --role crypto-user --password example_pwd');
    const copy = (await r.run('key list --filter attr.label=payload-copy --verbose')).out;
    expect(copy).toContain('"encrypt": false');
    expect(copy).toContain('"decrypt": false');
    await r.run('quit');
    await r.run('export CLOUDHSM_ROLE=crypto-user');
    await r.run('export CLOUDHSM_PIN=example_user:example_pwd');
    expect((await r.run(`cloudhsm-cli key unshare --filter key-reference=${keyReference(r.bindings.wrapping!)} --username alice --role crypto-user`)).out)
      .toContain('"data": "Key is not shared with alice"');
  }, 60_000);

  it('12: after the CLI share, key_mgmt_util getKeyInfo lists user 4 (alice)', async () => {
    const r = await upTo(cliMigration, 6);
    await r.run('quit');
    await r.run('key_mgmt_util');
    await r.run('loginHSM -u CU -s example_user -p example_pwd');
    const info = (await r.run(`getKeyInfo -k ${r.bindings.wrapping}`)).out;
    expect(info).toContain('also, shared to following 1 user(s):');
    expect(info).toMatch(/\n\s+4\n/);
  }, 60_000);
});
