/**
 * Settings and safety (issue 5, item 4): when IndexedDB is blocked or full, the playground keeps
 * running in memory, says so in a banner, and the imSymKey example still works.
 */
import { expect, it } from 'vitest';
import { describeE2E, usePlayground, type Term } from './harness';

const KMU = 'Command: ';

async function imSymKeyExample(t: Term): Promise<void> {
  expect(await t.run('openssl rand -out aes256.key 32')).toBe('');
  await t.run('key_mgmt_util', { next: KMU });
  expect(await t.run('loginHSM -u CU -s example_user -p example_pwd')).toMatch(/Cfm3LoginHSM returned: 0x00/);
  const w = /Key Handle: (\d+)/.exec(await t.run('genSymKey -t 31 -s 16 -sess -l import-wrapping-key'))![1];
  const out = await t.run(`imSymKey -f aes256.key -w ${w} -t 31 -l imported`);
  expect(out).toMatch(/Cfm3UnWrapKey returned: 0x00 : HSM Return: SUCCESS/);
  expect(out).toMatch(/Symmetric Key Unwrapped\.\s+Key Handle: \d+/);
  const k = /Key Handle: (\d+)/.exec(out)![1]!;
  await expect.poll(() => t.page.locator(`tr[data-handle="${k}"]`).count()).toBe(1);
}

describeE2E('storage failures', (engine) => {
  const pg = usePlayground(import.meta.url, engine);

  it('IndexedDB blocked (another tab holds an old version): memory, a banner, the example runs', async () => {
    const t = await pg.open({
      init: () => {
        // every open request reports "blocked" and never succeeds
        IDBFactory.prototype.open = function () {
          const req = {} as IDBOpenDBRequest;
          setTimeout(() => (req.onblocked as ((e: Event) => void) | null)?.(new Event('blocked')), 10);
          return req;
        };
      },
    });
    const banner = t.page.getByRole('alert');
    await expect.poll(() => banner.innerText()).toMatch(/in use by an older version .* in another tab/);
    expect(await banner.innerText()).toMatch(/kept in memory only: keys, files and command history are lost/);
    expect(await t.welcome()).toMatch(/kept in memory only/);
    await imSymKeyExample(t);
    await expect.poll(() => t.page.locator('.settings').innerText()).toMatch(/in memory only/);
    await t.screenshot('storage-blocked');
    await t.page.close();
  });

  it('IndexedDB full (quota exceeded on every write): memory, a banner, the example runs', async () => {
    const t = await pg.open({
      init: () => {
        // the database opens (its tiny schema record fits), then every real write is refused
        const put = IDBObjectStore.prototype.put;
        IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
          if ((value as { id?: unknown } | null)?.id === 'schema') return put.call(this, value, key);
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
      },
    });
    const banner = t.page.getByRole('alert');
    await expect.poll(() => banner.innerText()).toMatch(/quota for this site is exhausted/);
    expect(await banner.innerText()).toMatch(/kept in memory only/);
    await imSymKeyExample(t);
    await t.page.close();
  });
});
