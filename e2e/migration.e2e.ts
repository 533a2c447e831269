/**
 * Storage schema 2 in a real browser: a database the previous release wrote (schema 1, the records
 * of test/fixtures/store/schema1-db.json, dumped once from the release at dc4314d) is put into the
 * profile's IndexedDB before the page's own scripts run; the page opens it, migrates it in its
 * upgrade, shows no storage banner, and prints the keys' getKeyInfo as the previous release did.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeE2E, usePlayground } from './harness';

interface Fixture {
  kmuGetKeyInfo: Record<string, string>;
  cmuGetKeyInfo: Record<string, string>;
  db: { stores: Record<string, { records: { value: unknown }[] }> };
}
const FIXTURE = JSON.parse(readFileSync(new URL('../test/fixtures/store/schema1-db.json', import.meta.url), 'utf8')) as Fixture;
const RECORDS = Object.fromEntries(Object.entries(FIXTURE.db.stores).map(([s, v]) => [s, v.records.map((r) => r.value)]));

/**
 * The page-side script: creates `kmu-playground` at version 1 with the five stores and the dumped
 * records (hex `$bytes` back to Uint8Array) in its upgrade transaction, then closes; on a later load
 * (the database is version 2 by then) the open fails with VersionError and nothing happens.
 */
function seedSchema1(records: Record<string, unknown[]>): () => void {
  const code = `() => {
    const records = ${JSON.stringify(records)};
    const decode = (v) => {
      if (Array.isArray(v)) return v.map(decode);
      if (v === null || typeof v !== 'object') return v;
      if (typeof v.$bytes === 'string' && Object.keys(v).length === 1) {
        const out = new Uint8Array(v.$bytes.length / 2);
        for (let i = 0; i < out.length; i++) out[i] = parseInt(v.$bytes.slice(2 * i, 2 * i + 2), 16);
        return out;
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
    };
    const req = indexedDB.open('kmu-playground', 1);
    req.onupgradeneeded = () => {
      for (const store of Object.keys(records)) {
        const os = req.result.createObjectStore(store, { keyPath: 'id' });
        for (const r of records[store]) os.put(decode(r));
      }
    };
    req.onsuccess = () => { window.__schema1Seeded = true; req.result.close(); };
    req.onerror = (e) => { e.preventDefault(); };
  }`;
  return Object.assign(() => {}, { toString: () => code });
}

/** Screen rows → comparable text: no trailing spaces, no blank lines at either end. */
const norm = (s: string) => s.split('\n').map((l) => l.trimEnd()).join('\n').replace(/^\n+|\n+$/g, '');

describeE2E('storage schema 2', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('a schema-1 database opens migrated: no banner, getKeyInfo in KMU and CMU as before, files kept', async () => {
    const t = await pg.open({ init: seedSchema1(RECORDS) });
    expect(await t.page.evaluate(() => (window as unknown as { __schema1Seeded?: boolean }).__schema1Seeded)).toBe(true);
    expect(await t.welcome()).not.toMatch(/memory only/);
    expect(await t.page.getByRole('alert').count()).toBe(0);
    expect(await t.run('cat /home/notes.txt')).toBe('hello from schema 1');

    await t.run('key_mgmt_util', { next: 'Command: ' });
    expect(await t.run('loginHSM -u CU -s example_user -p example_pwd')).toMatch(/Cfm3LoginHSM returned: 0x00/);
    for (const h of ['6', '7', '8', '9']) expect(norm(await t.run(`getKeyInfo -k ${h}`)), `KMU getKeyInfo -k ${h}`).toBe(norm(FIXTURE.kmuGetKeyInfo[h]!));
    await t.run('exit', { next: '$ ' });
    await t.run('cloudhsm_mgmt_util', { next: 'aws-cloudhsm>' });
    await t.run('loginHSM CU example_user example_pwd');
    expect(norm(await t.run('getKeyInfo -k 7'))).toBe(norm(FIXTURE.cmuGetKeyInfo['7']!));

    // what the browser now holds: version 2, the schema record rewritten, key 7's quorum split in two
    const stored = await t.page.evaluate(() => new Promise<unknown>((resolve, reject) => {
      const req = indexedDB.open('kmu-playground');
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction(['meta', 'keys'], 'readonly');
        const schema = tx.objectStore('meta').get('schema');
        const key = tx.objectStore('keys').get('cluster-1/0000000007');
        const damaged = tx.objectStore('keys').get('cluster-1/0000009999');
        tx.oncomplete = () => {
          const k = key.result as Record<string, unknown>;
          const d = damaged.result as Record<string, unknown>;
          resolve({ version: db.version, schema: schema.result, manage: k['manageQuorum'], use: k['useQuorum'], had: 'mValue' in k, damagedKept: d['mValue'] });
          db.close();
        };
      };
      req.onerror = () => reject(req.error);
    }));
    expect(stored).toEqual({ version: 2, schema: { id: 'schema', rev: 1, version: 2 }, manage: 2, use: 2, had: false, damagedKept: 1 });
    await t.page.close();
  });
});
