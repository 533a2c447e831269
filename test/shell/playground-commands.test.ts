/**
 * The playground commands of spec README decision 9 and what they let a learner replay:
 * cluster.md §6.4 (move a key between clusters, equal KCVs), §3.2 (-min_srv / -timeout with an
 * HSM down), §2 (keys synchronise, users do not), decision 3 (seeded mode), reset.
 */
import { describe, expect, it } from 'vitest';
import { openTerminal, type Terminal } from '../support/transcript';

const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const LIST_ONE =
  '  CLUSTER                          HSMS  UP  KEYS\n' +
  '* cluster-1                           3   3     0\n';
const H = '        ';
const handleOf = (out: string) => /Key Handle: (\d+)/.exec(out)![1]!;
const kcvOf = async (t: Terminal, handle: string) => {
  await t.type(`getAttribute -o ${handle} -a 371 -out kcv.txt`);
  await t.type('exit');
  const kcv = (await t.type('cat kcv.txt')).split('\n')[1]!;
  return kcv;
};
async function kmu(t: Terminal) {
  await t.type('key_mgmt_util');
  await t.type(LOGIN);
}

describe('cluster and hsm commands', () => {
  it('list, create, use, clone and their refusals', async () => {
    const t = await openTerminal();
    expect(await t.type('cluster list')).toBe(LIST_ONE);
    expect(await t.type('cluster create cluster-2 -hsms 2')).toBe(
      'Cluster cluster-2 created: 2 HSMs, users admin, app_user and example_user. Switch to it with: cluster use cluster-2\n');
    expect(await t.type('cluster create cluster-2')).toBe('cluster: cluster-2 already exists\n');
    expect(await t.type('cluster create bad/name')).toBe("cluster: invalid name 'bad/name' (letters, digits, _ and -, at most 32)\n");
    expect(await t.type('cluster create x -hsms 29')).toBe('cluster: -hsms takes 1 to 28\n');
    expect(await t.type('cluster use nowhere')).toBe('cluster: no cluster named nowhere\n');
    expect(await t.type('cluster use cluster-2')).toBe('Current cluster: cluster-2\n');
    expect(await t.type('hsm list')).toBe('NODE  STATE             KEYS\n0     up                   0\n1     up                   0\n');
    expect(await t.type('cluster frobnicate')).toContain('usage: cluster list');
  });

  it("the guide's move between clusters: exSymKey on one, imSymKey on the other, equal KCVs", async () => {
    const t = await openTerminal();
    await t.type('cluster create cluster-2');
    await kmu(t);
    const key = handleOf(await t.type('genSymKey -t 31 -s 32 -l to-move'));
    const wrap1 = handleOf(await t.type('genSymKey -t 31 -s 16 -sess -l export-wrapping-key'));
    expect(await t.type(`exSymKey -k ${key} -w ${wrap1} -out aes.key`)).toContain('Wrapped Symmetric Key written to file "aes.key"');
    const kcv1 = await kcvOf(t, key);
    await t.type('cluster use cluster-2');
    await kmu(t);
    const wrap2 = handleOf(await t.type('genSymKey -t 31 -s 16 -sess -l import-wrapping-key'));
    const moved = handleOf(await t.type(`imSymKey -f aes.key -w ${wrap2} -t 31 -l xcluster`));
    const kcv2 = await kcvOf(t, moved);
    expect(kcv1).toMatch(/^0x[0-9a-f]{6}$/);
    expect(kcv2).toBe(kcv1);
    expect(await t.type('hsm list')).toBe('NODE  STATE             KEYS\n0     up                   1\n1     up                   1\n2     up                   1\n');
  });

  it('-min_srv 3 cannot be met with an HSM down: it waits -timeout seconds, then succeeds after hsm start', async () => {
    const t = await openTerminal({ scenario: { servingNode: 0 } });
    expect(await t.type('hsm stop 2')).toBe('HSM 2 of cluster-1 is down: it serves nobody and receives no keys until it starts again.\n');
    expect(await t.type('hsm stop 2')).toBe('hsm: HSM 2 is already down\n');
    await kmu(t);
    const slept = t.clock.slept;
    expect(await t.type('genSymKey -t 31 -s 32 -l durable -min_srv 3 -timeout 2')).toBe(
      `\n${H}Cfm3GenerateSymmetricKey returned: 0x30000085 : HSM CLUSTER ERROR: Server in cluster is unavailable\n\n` +
        `${H}Cluster Error Status\n${H}Node id 0 and err state 0x00000000 : HSM Return: SUCCESS\n` +
        `${H}Node id 1 and err state 0x00000000 : HSM Return: SUCCESS\n` +
        `${H}Node id 2 and err state 0x30000085 : HSM CLUSTER ERROR: Server in cluster is unavailable\n\n`);
    expect(t.clock.slept - slept).toBe(2000);
    const two = handleOf(await t.type('genSymKey -t 31 -s 32 -l two-copies -min_srv 2'));
    expect(await t.type('findKey')).toContain(`\n${two}\n`);
    await t.type('exit');
    expect(await t.type('hsm list')).toBe('NODE  STATE             KEYS\n0     up                   1\n1     up                   1\n2     down                 0\n');
    expect(await t.type('hsm start 2')).toBe('HSM 2 of cluster-1 is up; background sync gave it 1 key it was missing (users are not synchronised).\n');
    await kmu(t);
    expect(await t.type('genSymKey -t 31 -s 32 -l durable -min_srv 3 -timeout 2')).toContain(
      `Symmetric Key Created.  Key Handle: 7\n\n${H}Cluster Error Status\n${H}Node id 0 and err state 0x00000000 : HSM Return: SUCCESS\n` +
        `${H}Node id 1 and err state 0x00000000 : HSM Return: SUCCESS\n${H}Node id 2 and err state 0x00000000 : HSM Return: SUCCESS\n`);
  });

  it('an HSM started during the wait receives the key and the creation succeeds', async () => {
    const t = await openTerminal({ scenario: { servingNode: 0 } });
    await t.type('hsm stop 1');
    await kmu(t);
    // The fake clock's sleep starts HSM 1 "from another tab" during the wait.
    const sleep = t.clock.sleep;
    t.clock.sleep = async (ms) => {
      await sleep(ms);
      const { Tx } = await import('../../src/hsm/tx');
      const { startHsm } = await import('../../src/hsm/cluster-admin');
      const tx = new Tx(t.backend);
      const c = (await tx.get('clusters', 'cluster-1')) as never;
      await startHsm(tx, c, 1);
      await tx.commit();
      t.clock.sleep = sleep;
    };
    expect(await t.type('genSymKey -t 31 -s 16 -l k -min_srv 3 -timeout 5')).toContain('Symmetric Key Created.  Key Handle: 6');
    // one second of waiting, plus the short random back-off of the commit that lost to "the other tab"
    expect(t.clock.slept).toBeGreaterThanOrEqual(1000);
    expect(t.clock.slept).toBeLessThan(1200);
  });

  it('stopping the serving HSM moves the session to another HSM and loses its session keys', async () => {
    const t = await openTerminal({ scenario: { servingNode: 1 } });
    await kmu(t);
    const sess = handleOf(await t.type('genSymKey -t 31 -s 16 -sess -l s'));
    expect(sess).toBe(String(6 + 262144));
    await t.type('exit');
    await t.type('hsm stop 1');
    await kmu(t);
    expect(await t.type('findKey -sess 1')).toContain('Total number of keys present 0');
  });

  it('tamper makes -attest fail when the tampered HSM serves; repair undoes it', async () => {
    const t = await openTerminal({ scenario: { servingNode: 0 } });
    await t.type('hsm tamper 0');
    expect(await t.type('hsm list')).toContain('0     up, tampered         0\n');
    await kmu(t);
    expect(await t.type('genSymKey -t 31 -s 16 -l k -attest')).toContain(`${H}Attestation Check : [FAIL]\n`);
    await t.type('exit');
    await t.type('hsm repair 0');
    await kmu(t);
    expect(await t.type('genSymKey -t 31 -s 16 -l k -attest')).toContain(`${H}Attestation Check : [PASS]\n`);
  });

  it('hsm add clones keys and users; hsm remove drops the node; limits hold', async () => {
    const t = await openTerminal({ scenario: { hsms: 2, servingNode: 0 } });
    await kmu(t);
    await t.type('genSymKey -t 31 -s 16 -l k');
    await t.type('exit');
    expect(await t.type('hsm add')).toBe('HSM 2 added to cluster-1, cloned from a running HSM (its keys and users).\n');
    expect(await t.type('hsm remove 1')).toBe('HSM 1 removed from cluster-1.\n');
    expect(await t.type('hsm add')).toBe('HSM 3 added to cluster-1, cloned from a running HSM (its keys and users).\n');
    expect(await t.type('hsm list')).toBe('NODE  STATE             KEYS\n0     up                   1\n2     up                   1\n3     up                   1\n');
    expect(await t.type('hsm remove 9')).toBe('hsm: no HSM 9 in cluster-1\n');
    expect(await t.type('hsm stop x')).toContain('usage: hsm list');
    await kmu(t);
    expect(await t.type(LOGIN)).toBe(
      '\nCfm3LoginHSM returned: 0xe8 : HSM Error: User is already logged in\n\n');
    expect(await t.type('findKey')).toContain(`${H}Node id 0 and err state 0x00000000 : HSM Return: SUCCESS\n${H}Node id 2 and err state`);
  });
});

describe('settings, seeded mode and reset', () => {
  it('simple handles, and a seed that makes a session reproducible', async () => {
    const run = async () => {
      const t = await openTerminal();
      expect(await t.type('settings seed 42')).toContain('seed     42');
      expect(await t.type('settings handles simple')).toContain('handles  simple');
      await t.type('openssl rand -out k.key 32');
      await kmu(t);
      const h = handleOf(await t.type('genSymKey -t 31 -s 32 -l k'));
      const kcv = await kcvOf(t, h);
      return { h, kcv, file: await t.type('xxd -p k.key') };
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a.h).toBe('6');
  });

  it('reset asks first; n keeps everything, y restores the fresh playground', async () => {
    const t = await openTerminal();
    await t.type('openssl rand -out k.key 32');
    await t.type('cluster create other');
    const question = 'This erases every cluster, key, user change and file of this playground. Continue? (y/n) ';
    await t.type('reset');
    expect(t.screen().endsWith(`$ reset\n${question}`)).toBe(true);
    await t.type('maybe');
    expect(t.screen().endsWith(`maybe\n${question}`)).toBe(true);
    expect(await t.type('n')).toBe('Nothing was changed.\n');
    expect(await t.type('ls')).toBe('k.key\n');
    await t.type('reset');
    expect(await t.type('y')).toBe('The playground is fresh again: cluster-1 with 3 HSMs, users admin, app_user and example_user.\n');
    expect(await t.type('ls')).toBe('');
    expect(await t.type('cluster list')).toBe(LIST_ONE);
  });
});

describe('Ctrl-C', () => {
  it('stops a command waiting for -min_srv: nothing is created, the prompt comes back', async () => {
    const t = await openTerminal({ scenario: { servingNode: 0 } });
    await t.type('hsm stop 2');
    await kmu(t);
    // A clock whose sleep really waits (until aborted), like the browser's.
    t.clock.sleep = (_ms, signal) => new Promise((_resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    const c = t.session as import('../../src/shell/console').Console;
    expect(c.interrupt()).toBe(false); // nothing runs yet
    const pending = t.type('genSymKey -t 31 -s 32 -l never -min_srv 3 -timeout 10');
    await new Promise((r) => setTimeout(r, 20));
    expect(c.interrupt()).toBe(true);
    expect(await pending).toBe('\n\n'); // (the view writes ^C), an empty line, the prompt
    expect(c.interrupt()).toBe(false);
    expect(await t.type('findKey')).toContain('Total number of keys present 0');
    expect(await t.type('genSymKey -t 31 -s 32 -l next')).toContain('Key Handle: 6');
  });
});

describe('notices outside the transcript (spec decisions 5 and 7)', () => {
  it('a -min_srv wait counts down; an export warns; neither appears in the transcript', async () => {
    const t = await openTerminal({ scenario: { servingNode: 0 } });
    await t.type('hsm stop 2');
    await kmu(t);
    const out = await t.type('genSymKey -t 31 -s 32 -l k -min_srv 3 -timeout 2');
    expect(t.notices).toEqual([
      'Waiting for the key to reach 3 HSMs (now 2); 2 s left (-timeout 2)',
      'Waiting for the key to reach 3 HSMs (now 2); 1 s left (-timeout 2)',
      null,
    ]);
    expect(out).not.toContain('Waiting');
    const w = handleOf(await t.type('genSymKey -t 31 -s 32 -l w'));
    const k = handleOf(await t.type('genSymKey -t 31 -s 16 -l k'));
    t.notices.length = 0;
    const exported = await t.type(`exSymKey -k ${k} -w ${w} -out plain.key`);
    expect(exported).not.toContain('PLAINTEXT');
    expect(t.notices).toEqual([
      'exSymKey wrote the key in PLAINTEXT to plain.key: the key material has left the HSM. ' +
        'Training data only; a real key exported this way must be treated as compromised.',
    ]);
  });
});
