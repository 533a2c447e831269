/** HSM model units: default users' verifiers, KCVs, the unit of work, handles, paths. */
import { createCipheriv } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto/index';
import { pbkdf2Sha256 } from '../../src/crypto/kdf';
import { seededRng, systemRng } from '../../src/crypto/rng';
import { KEY_TYPE } from '../../src/hsm/attributes';
import { DEFAULT_USERS } from '../../src/hsm/default-users';
import { keyCheckValue } from '../../src/hsm/kcv';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { handleFor, keyRecordId, keyRecordIdOf, type ClusterRecord } from '../../src/hsm/model';
import { ConflictError } from '../../src/hsm/store';
import { Tx } from '../../src/hsm/tx';
import { resolvePath } from '../../src/hsm/vfs';
import { Hsm } from '../../src/hsm/world';
import { fakeClock } from '../support/transcript';

beforeAll(() => initCrypto());

describe('default users (spec README decisions 1 and 10)', () => {
  it('store PBKDF2-SHA-256 verifiers of the documented passwords, 100,000 iterations, distinct salts', async () => {
    const pw: Record<string, string> = { admin: 'co12345', example_user: 'example_pwd' };
    expect(DEFAULT_USERS.map((u) => [u.userId, u.name, u.type])).toEqual([[1, 'admin', 'PCO'], [2, 'app_user', 'AU'], [3, 'example_user', 'CU']]);
    for (const u of DEFAULT_USERS.filter((x) => x.verifier)) {
      const v = u.verifier!;
      expect(v.iterations).toBe(100_000);
      const got = await pbkdf2Sha256.derive(pw[u.name]!, Buffer.from(v.salt, 'hex'), v.iterations);
      expect(Buffer.from(got).toString('hex')).toBe(v.hash);
      expect(JSON.stringify(u)).not.toContain(pw[u.name]!);
    }
    expect(new Set(DEFAULT_USERS.map((u) => u.verifier?.salt)).size).toBe(3);
  });
});

describe('key check values (attributes.md §5)', () => {
  const ecb = (alg: string, key: Buffer, block: number) => {
    const c = createCipheriv(alg, key, null).setAutoPadding(false);
    return Buffer.concat([c.update(Buffer.alloc(block)), c.final()]).subarray(0, 3).toString('hex');
  };
  it('AES: first 3 bytes of AES-ECB(key, zero block); 3DES: of 3DES-ECB(key, 8 zero bytes)', () => {
    const rng = seededRng(3);
    for (const len of [16, 24, 32]) {
      const key = new Uint8Array(len);
      rng.fill(key);
      expect(Buffer.from(keyCheckValue(KEY_TYPE.AES, key)).toString('hex')).toBe(ecb(`aes-${len * 8}-ecb`, Buffer.from(key), 16));
    }
    const des = Buffer.from('0123456789abcdeffedcba987654321089abcdef01234567', 'hex');
    expect(Buffer.from(keyCheckValue(KEY_TYPE.DES3, des)).toString('hex')).toBe(ecb('des-ede3-ecb', des, 8));
    expect(Buffer.from(keyCheckValue(KEY_TYPE.GENERIC_SECRET, new Uint8Array(64))).toString('hex')).toBe('000000');
  });
});

describe('unit of work', () => {
  it('commits all writes at once and refuses a commit that lost a race', async () => {
    const backend = createMemoryBackend();
    const hsm = new Hsm({ backend, rng: systemRng(), clock: fakeClock(), kdf: pbkdf2Sha256 });
    await hsm.ensureInitialized();
    const a = new Tx(backend);
    const b = new Tx(backend);
    const ca = (await a.get<ClusterRecord>('clusters', 'cluster-1'))!;
    const cb = (await b.get<ClusterRecord>('clusters', 'cluster-1'))!;
    a.put('clusters', { ...ca, nextIndex: ca.nextIndex + 1 });
    b.put('clusters', { ...cb, nextIndex: cb.nextIndex + 1 });
    b.put('files', { id: '/home/user/f', rev: 0, kind: 'file', data: new Uint8Array(1), mtime: 0 });
    await a.commit();
    await expect(b.commit()).rejects.toBeInstanceOf(ConflictError);
    expect(await backend.get('files', '/home/user/f')).toBeUndefined();
    expect(((await backend.get('clusters', 'cluster-1')) as ClusterRecord).nextIndex).toBe(7);
  });

  it('Hsm.transact re-runs the work when another writer got there first', async () => {
    const backend = createMemoryBackend();
    const hsm = new Hsm({ backend, rng: systemRng(), clock: fakeClock(), kdf: pbkdf2Sha256 });
    await hsm.ensureInitialized();
    let runs = 0;
    const index = await hsm.transact(async (tx) => {
      runs++;
      const c = await hsm.cluster(tx);
      if (runs === 1) {
        // another tab allocates an index between our read and our commit
        const other = new Tx(backend);
        const oc = (await other.get<ClusterRecord>('clusters', 'cluster-1'))!;
        other.put('clusters', { ...oc, nextIndex: oc.nextIndex + 1 });
        await other.commit();
      }
      tx.put('clusters', { ...c, nextIndex: c.nextIndex + 1 });
      return c.nextIndex;
    });
    expect(runs).toBe(2);
    expect(index).toBe(7);
  });
});

describe('handles and paths', () => {
  it('handle = index + 262144 × serving node, or the index in simple mode (cluster.md §8.2)', () => {
    expect(handleFor(36, 1, 'realistic')).toBe(262180);
    expect(handleFor(8, 2, 'realistic')).toBe(524296);
    expect(handleFor(8, 2, 'simple')).toBe(8);
  });
  it("a key's record id: cluster/handle in ten digits; the memo answers the same string, across clusters and past its bound", () => {
    expect(keyRecordId('cluster-1', 262180)).toBe('cluster-1/0000262180');
    const first = keyRecordIdOf('cluster-1', 262180);
    expect(first).toBe('cluster-1/0000262180');
    expect(keyRecordIdOf('cluster-1', 262180)).toBe(first);
    expect(keyRecordIdOf('cluster-2', 262180)).toBe('cluster-2/0000262180');
    for (let h = 6; h < 6 + 5000; h++) expect(keyRecordIdOf('cluster-1', h)).toBe(keyRecordId('cluster-1', h));
    for (let c = 0; c < 70; c++) expect(keyRecordIdOf(`c${c}`, 9)).toBe(`c${c}/0000000009`);
    expect(keyRecordIdOf('cluster-1', 262180)).toBe('cluster-1/0000262180');
  });
  it('resolves relative, absolute, ~ and .. paths', () => {
    expect(resolvePath('/home/user', 'a/../b.key')).toBe('/home/user/b.key');
    expect(resolvePath('/home/user', '/tmp//x')).toBe('/tmp/x');
    expect(resolvePath('/tmp', '~/k')).toBe('/home/user/k');
    expect(resolvePath('/', '../..')).toBe('/');
  });
});
