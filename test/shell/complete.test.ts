/**
 * The console's page hooks, driven in Node like the page drives them: tab completion from the
 * command registries, flag tables and live state; the snapshot behind the inventory; Ctrl-C of a
 * waiting password read; the persisted history; page-side upload, download and reset.
 */
import { describe, expect, it } from 'vitest';
import type { Console } from '../../src/shell/console';
import { touchedKeys, type CommandEvent } from '../../src/shell/events';
import { commonPrefix } from '../../src/shell/line-editor/index';
import { openTerminal } from '../support/transcript';

const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const handleOf = (out: string) => Number(/Key Handle: (\d+)/.exec(out)![1]);

async function kmuTerminal() {
  const t = await openTerminal();
  const c = t.session as Console;
  await t.type('openssl rand -out aes.key 32');
  await t.type('key_mgmt_util');
  return { t, c };
}

describe('tab completion', () => {
  it('completes host commands and file names', async () => {
    const t = await openTerminal();
    const c = t.session as Console;
    expect(await c.complete('key')).toEqual({ replaceFrom: 0, candidates: ['key_mgmt_util'] });
    expect((await c.complete('ex')).candidates).toContain('explain');
    await t.type('openssl rand -out aes.key 32');
    await t.type('openssl rand -out abc.bin 8');
    expect(await c.complete('xxd a')).toEqual({ replaceFrom: 4, candidates: ['abc.bin', 'aes.key'] });
    expect(await c.complete('cat ae')).toEqual({ replaceFrom: 4, candidates: ['aes.key'] });
    expect((await c.complete('ls /ho')).candidates).toEqual(['/home/']);
    expect((await c.complete('cat zz')).candidates).toEqual([]);
  });

  it('completes KMU commands (any case), flags not yet given, user names, handles, labels, files', async () => {
    const { t, c } = await kmuTerminal();
    expect((await c.complete('genS')).candidates).toEqual(['genSymKey']);
    expect((await c.complete('gens')).candidates).toEqual(['genSymKey']);
    expect((await c.complete('loginHSM -u CU -s ex')).candidates).toEqual(['example_user']);
    expect((await c.complete('loginHSM -u C')).candidates).toEqual(['CO', 'CU']);
    expect((await c.complete('genSymKey -t 31 -s 16 -l x -')).candidates).not.toContain('-t');
    expect((await c.complete('genSymKey -t 31 -s 16 -l x -')).candidates).toContain('-sess');
    // before login no key is visible
    expect((await c.complete('getAttribute -o ')).candidates).toEqual([]);
    await t.type(LOGIN);
    const w = handleOf(await t.type('genSymKey -t 31 -s 32 -l wrapper'));
    const s = handleOf(await t.type('genSymKey -t 31 -s 16 -l temp -sess'));
    const handles = (await c.complete('getAttribute -o ')).candidates;
    expect(handles).toEqual([String(w), String(s)].sort());
    expect(await c.complete('findKey -l wr')).toEqual({ replaceFrom: 11, candidates: ['wrapper'] });
    expect((await c.complete('imSymKey -f a')).candidates).toEqual(['aes.key']);
    expect((await c.complete('explain OBJ_ATTR_K')).candidates).toEqual(['OBJ_ATTR_KCV', 'OBJ_ATTR_KEY_TYPE']);
  });

  it('commonPrefix is what one Tab inserts', () => {
    expect(commonPrefix(['genSymKey', 'genRSAKeyPair'])).toBe('gen');
    expect(commonPrefix(['a'])).toBe('a');
    expect(commonPrefix([])).toBe('');
  });
});

describe('snapshot for the inventory and the context bar', () => {
  it('shows the cluster, HSMs, user and keys with the KCV getAttribute writes; session keys only in memory', async () => {
    const { t, c } = await kmuTerminal();
    let v = await c.snapshot();
    expect(v.cluster).toBe('cluster-1');
    expect(v.mode).toBe('kmu');
    expect(v.user).toBeNull();
    expect(v.hsms.map((h) => h.state)).toEqual(['up', 'up', 'up']);
    expect(v.files.map((f) => f.name)).toEqual(['aes.key']);
    expect(v.files[0]!.size).toBe(32);
    await t.type(LOGIN);
    v = await c.snapshot();
    expect(v.user).toMatchObject({ id: 3, name: 'example_user', type: 'CU', tool: 'key_mgmt_util' });
    const events: CommandEvent[] = [];
    c.events.subscribe((e) => events.push(e));
    const h = handleOf(await t.type('genSymKey -t 31 -s 32 -l wrapper'));
    const s = handleOf(await t.type('genSymKey -t 31 -s 16 -l temp -sess'));
    v = await c.snapshot();
    expect(events.map(touchedKeys)).toEqual([[h], [s]]);
    const key = v.keys.find((k) => k.handle === h)!;
    expect(key).toMatchObject({ label: 'wrapper', className: 'secret', typeName: 'AES', size: 32, token: true,
      ownerName: 'example_user', extractable: true, local: true, holders: [0, 1, 2], visible: true });
    await t.type(`getAttribute -o ${h} -a 371 -out kcv.txt`);
    await t.type('exit');
    expect(await t.type('cat kcv.txt')).toContain(`0x${key.kcv}`);
    const sess = v.keys.find((k) => k.handle === s)!;
    expect(sess.token).toBe(false);
    // the session key never reached the store, and is gone with the session
    expect((await t.backend.list('keys')).map((r) => r['handle'])).toEqual([h]);
    v = await c.snapshot();
    expect(v.keys.map((k) => k.handle)).toEqual([h]);
    expect(v.keys[0]!.visible).toBe(false); // nobody is logged in at the host shell
  });
});

describe('Ctrl-C, history, upload/download, reset', () => {
  it('interrupt cancels a hidden password read and returns to the prompt, logged out', async () => {
    const { t, c } = await kmuTerminal();
    expect(c.interrupt()).toBe(false);
    await t.type('loginHSM -u CU -s example_user -hpswd');
    expect(c.inputMode).toBe('hidden');
    expect(c.interrupt()).toBe(true);
    expect(c.inputMode).toBe('normal');
    expect(t.screen().endsWith('Enter password: \n\nCommand: ')).toBe(true);
    expect(await t.type('findKey')).toContain('0xe3');
    expect(await t.type(LOGIN)).toContain('0x00 : HSM Return: SUCCESS');
  });

  it('history is kept in the store, capped, without repeats', async () => {
    const t = await openTerminal();
    const c = t.session as Console;
    await c.remember('ls');
    await c.remember('ls');
    await c.remember('   ');
    await c.remember('key_mgmt_util');
    expect(await c.history()).toEqual(['ls', 'key_mgmt_util']);
    for (let i = 0; i < 510; i++) await c.remember(`echo ${i}`);
    const h = await c.history();
    expect(h).toHaveLength(500);
    expect(h.at(-1)).toBe('echo 509');
  });

  it('upload writes into the current directory, download reads it back, reset restores the fresh playground', async () => {
    const t = await openTerminal();
    const c = t.session as Console;
    expect(await c.upload('C:\\fakepath\\my.key', new Uint8Array([1, 2, 3]))).toMatch(/my\.key \(3 bytes\) saved/);
    expect(await t.type('ls')).toContain('my.key');
    expect(Array.from((await c.download('/home/user/my.key'))!)).toEqual([1, 2, 3]);
    expect(await c.download('/home/user/none')).toBeUndefined();
    expect(await c.upload('..', new Uint8Array(1))).toMatch(/cannot/);
    await t.type('key_mgmt_util');
    await t.type(LOGIN);
    await t.type('genSymKey -t 31 -s 16 -l gone');
    await c.reset();
    expect(c.prompt).toBe('$ ');
    expect(t.screen()).toMatch(/^kmu-playground/);
    const v = await c.snapshot();
    expect(v.keys).toEqual([]);
    expect(v.files).toEqual([]);
    expect(v.user).toBeNull();
  });
});

describe('tab completion in cloudhsm_mgmt_util (an improvement on the real tool)', () => {
  it('reads the positional slots from the commands\' argument tables, through the program contract', async () => {
    const { cmuProgram } = await import('../../src/commands/cmu/program');
    const slot = (...before: string[]) => cmuProgram.complete!(before, '');
    expect(await slot('shareKey')).toEqual({ words: [], kind: 'handle' });
    expect(await slot('shareKey', '6')).toEqual({ words: [], kind: 'userids' });
    expect(await slot('shareKey', '6', '4')).toEqual({ words: ['0', '1'], kind: 'none' });
    expect(await slot('shareKey', '6', '4', '1')).toEqual({ words: [], kind: 'none' });
    expect(await slot('loginHSM', 'CU')).toEqual({ words: [], kind: 'username' });
    expect(await slot('loginHSM', 'CU', 'x')).toEqual({ words: ['-hpswd'], kind: 'none' });
    expect((await slot('loginHSM')).words).toEqual(['PRECO', 'CO', 'PCO', 'CU', 'AU']);
    expect((await slot('createUser')).words).toContain('preCO');
    expect(await slot('getKeyInfo')).toEqual({ words: ['-k'], kind: 'handle' });
    expect(await slot('getKeyInfo', '-k')).toEqual({ words: [], kind: 'handle' });
    expect(await slot('getKeyInfo', '-k', '6')).toEqual({ words: [], kind: 'file' });
    expect(await slot('getKeyInfo', '6')).toEqual({ words: [], kind: 'file' });
    expect(await slot('listU')).toEqual({ words: [], kind: 'none' }); // a unique prefix names the command
    expect(await slot('nonsense')).toEqual({ words: [], kind: 'none' });
    expect((await slot()).words).toContain('explain');
  });

  it('host commands complete from their tables: subcommands, option words, option values, redirections', async () => {
    const t = await openTerminal();
    const c = t.session as Console;
    await t.type('openssl rand -out aes.key 32');
    expect((await c.complete('hsm st')).candidates).toEqual(['start', 'stop']);
    expect((await c.complete('cluster ')).candidates).toEqual(['clone', 'create', 'list', 'use']);
    expect((await c.complete('ls -')).candidates).toEqual(['-l']);
    expect((await c.complete('ls ')).candidates).toEqual(['aes.key']); // option words only after a typed '-'
    expect((await c.complete('openssl rand -out a')).candidates).toEqual(['aes.key']);
    expect((await c.complete('openssl ra')).candidates).toEqual(['rand']);
    expect((await c.complete('echo hi > a')).candidates).toEqual(['aes.key']);
    expect((await c.complete('echo a')).candidates).toEqual([]);
    expect((await c.complete('hexdump -C a')).candidates).toEqual(['aes.key']);
    expect((await c.complete('explain 0xc')).candidates).toContain('0xc6');
  });

  it('completes user types, user names, handles, user ids and attribute ids', async () => {
    const t = await openTerminal({ scenario: { keys: [{ handle: 6, keyType: 'AES', label: 'k', owner: 3, value: '00'.repeat(32) }] } });
    const c = t.session as Console;
    await t.type('cloudhsm_mgmt_util');
    expect((await c.complete('listU')).candidates).toEqual(['listUsers']);
    expect((await c.complete('loginHSM C')).candidates).toEqual(['CO', 'CU']);
    expect((await c.complete('loginHSM CU ex')).candidates).toEqual(['example_user']);
    expect((await c.complete('getAttribute ')).candidates).toEqual([]); // not logged in: no key is readable
    await t.type('loginHSM CU example_user example_pwd');
    expect((await c.complete('getAttribute ')).candidates).toEqual(['6']);
    expect((await c.complete('getAttribute 6 37')).candidates).toEqual(['370', '371']);
    expect((await c.complete('getKeyInfo -k ')).candidates).toEqual(['6']);
    expect((await c.complete('findAllKeys ')).candidates).toEqual(['3']); // the crypto users' ids
    expect((await c.complete('server ')).candidates).toEqual(['0', '1', '2']); // the session's server numbers
    expect((await c.complete('info s')).candidates).toEqual(['server']);
    expect((await c.complete('info server 2')).candidates).toEqual(['2']);
    expect((await c.complete('syncKey 6 ')).candidates).toEqual(['0', '1', '2']);
  });
});
