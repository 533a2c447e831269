/** recordProblem checks consistency, not only types (issue 11, finding 7). */
import { describe, expect, it } from 'vitest';
import { A } from '../../src/hsm/attributes';
import type { StoreName, StoredRecord } from '../../src/hsm/store';
import { MAX_TEXT_CHARS, recordProblem } from '../../src/hsm/validate';
import { openTerminal } from '../support/transcript';

type Rec = StoredRecord & Record<string, unknown>;

async function records() {
  const t = await openTerminal({ scenario: { servingNode: 0 } });
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  const h = Number(/Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 16 -l k'))![1]);
  await t.type('exit');
  await t.session.upload('f.bin', new Uint8Array([1]));
  const get = async (store: StoreName, id: string) => (await t.backend.get(store, id)) as Rec;
  return {
    key: await get('keys', `cluster-1/${String(h).padStart(10, '0')}`),
    cluster: await get('clusters', 'cluster-1'),
    user: await get('users', 'cluster-1/0/0003'),
    file: await get('files', '/home/user/f.bin'),
  };
}

describe('recordProblem: consistency (issue 11, finding 7)', () => {
  it('accepts what the engine writes and refuses each inconsistency', async () => {
    const { key, cluster, user, file } = await records();
    for (const [store, r] of [['keys', key], ['clusters', cluster], ['users', user], ['files', file]] as const) {
      expect(recordProblem(store, r)).toBeNull();
    }
    const attrs = key.attrs as Record<number, unknown>;
    const value = key.value as Uint8Array;
    const bad: Array<[StoreName, Rec]> = [
      ['keys', { ...key, value: value.slice(0, 15) }],
      ['keys', { ...key, value: value.slice(0, 15), attrs: { ...attrs, [A.VALUE_LEN]: 15 } }],
      ['keys', { ...key, value: new Uint8Array(2 << 20), attrs: { ...attrs, [A.KEY_TYPE]: 16, [A.VALUE_LEN]: 2 << 20 } }],
      ['keys', { ...key, id: 'cluster-1/0000000099' }],
      ['keys', { ...key, cluster: 'b' }],
      ['keys', { ...key, index: (key.index as number) + 1 }],
      ['keys', { ...key, holders: [0, 0] }],
      ['keys', { ...key, shared: [4, 4] }],
      ['keys', { ...key, attrs: { ...attrs, [A.LABEL]: 'x'.repeat(MAX_TEXT_CHARS + 1) } }],
      ['keys', { ...key, value: new Uint8Array(8193), attrs: { ...attrs, [A.KEY_TYPE]: 0, [A.VALUE_LEN]: 8193 } }],
      ['keys', { ...key, attrs: { ...attrs, [A.KCV]: new Uint8Array(4) } }],
      ['keys', { ...key, attrs: { ...attrs, [A.ENCRYPT]: 'yes' } }],
      ['clusters', { ...cluster, hsms: [{ node: 0, state: 'up', tampered: false }, { node: 0, state: 'up', tampered: false }] }],
      ['clusters', { ...cluster, hsms: Array.from({ length: 5000 }, (_, node) => ({ node, state: 'up', tampered: false })) }],
      ['clusters', { ...cluster, name: 'other' }],
      ['clusters', { ...cluster, lineage: 'x'.repeat(MAX_TEXT_CHARS + 1) }],
      ['clusters', { ...cluster, pinnedServingNode: 'zero' }],
      ['users', { ...user, node: 1 }],
      ['users', { ...user, userId: 2 }],
      ['users', { ...user, name: 'x'.repeat(MAX_TEXT_CHARS + 1) }],
      ['users', { ...user, verifier: { ...(user.verifier as object), iterations: 2 ** 40 } }],
      ['files', { ...file, data: new Uint8Array((1 << 20) + 1) }],
      ['files', { ...file, id: 'f.bin' }],
    ];
    bad.forEach(([store, r], i) => expect(recordProblem(store, r), `case ${i}`).not.toBeNull());
    // an optional field removeHsm leaves undefined is no damage
    expect(recordProblem('clusters', { ...cluster, pinnedServingNode: undefined })).toBeNull();
  });
});
