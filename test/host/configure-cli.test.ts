/**
 * configure-cli (cloudhsm-cli.md §5.8, G-CLI-21, walkthrough 6): the two settings of the key
 * availability check print nothing and are stored; clap's errors change nothing; the settings
 * record takes the optional field, and a database written before it existed opens with the check on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshFactory, rawOpen, rawWrite } from '../store/fake-idb';
import { openIdbBackend } from '../../src/platform/idb-backend';
import { openStorage } from '../../src/platform/open-storage';
import { recordProblem } from '../../src/hsm/validate';
import type { StoredRecord } from '../../src/hsm/store';
import { openIdbBackend as openV1 } from '../fixtures/store/v1/idb-backend';
import { openTerminal } from '../support/transcript';

async function check(t: Awaited<ReturnType<typeof openTerminal>>): Promise<boolean> {
  return t.session.hsm.transact(async (tx) => (await t.session.hsm.settings(tx)).keyAvailabilityCheck);
}

describe('configure-cli', () => {
  it('--disable / --enable-key-availability-check print nothing and set the stored setting', async () => {
    const t = await openTerminal();
    expect(await check(t)).toBe(true);
    expect(await t.block('configure-cli --disable-key-availability-check')).toBe('$ configure-cli --disable-key-availability-check\n');
    expect(await check(t)).toBe(false);
    expect(((await t.backend.get('meta', 'settings')) as { keyAvailabilityCheck?: boolean } | undefined)?.keyAvailabilityCheck).toBe(false);
    expect(await t.type('echo $?')).toBe('0\n');
    // the guide's forms: sudo and the full path
    expect(await t.type('sudo /opt/cloudhsm/bin/configure-cli --enable-key-availability-check')).toBe('');
    expect(await check(t)).toBe(true);
    expect(await t.type('/opt/cloudhsm/bin/configure-cli --disable-key-availability-check')).toBe('');
    expect(await check(t)).toBe(false);
  });

  it("answers other words with clap's errors, exit status 2, and changes nothing", async () => {
    const t = await openTerminal();
    await t.type('echo'); // the fresh playground is set up
    const before = JSON.stringify(await t.backend.list('meta'));
    const usage = "\nUsage: configure-cli [OPTIONS] [COMMAND]\n\nFor more information, try '--help'.\n";
    expect(await t.type('configure-cli update')).toBe(`error: unrecognized subcommand 'update'\n${usage}`);
    expect(await t.type('echo $?')).toBe('2\n');
    expect(await t.type('configure-cli -a 10.0.0.1')).toBe(`error: unexpected argument '-a' found\n${usage}`);
    expect(await t.type('configure-cli --disable-key-availability-check --enable-key-availability-check'))
      .toBe(`error: the argument '--disable-key-availability-check' cannot be used with '--enable-key-availability-check'\n${usage}`);
    expect(await t.type('configure-cli --disable-key-availability-check --disable-key-availability-check'))
      .toBe(`error: the argument '--disable-key-availability-check' cannot be used multiple times\n${usage}`);
    expect(await t.type('configure-cli')).toBe('');
    expect(await t.type('configure-cli --help')).toMatch(/^Usage: configure-cli \[OPTIONS\] \[COMMAND\]\n\nOptions:\n {6}--disable-key-availability-check\n/);
    expect(JSON.stringify(await t.backend.list('meta'))).toBe(before);
    expect(await check(t)).toBe(true);
  });
});

describe('the settings record and the availability check', () => {
  it('takes keyAvailabilityCheck absent or boolean, nothing else', () => {
    const base = { id: 'settings', rev: 1, handles: 'simple', seed: null };
    expect(recordProblem('meta', base as unknown as StoredRecord)).toBeNull();
    expect(recordProblem('meta', { ...base, keyAvailabilityCheck: false } as unknown as StoredRecord)).toBeNull();
    expect(recordProblem('meta', { ...base, keyAvailabilityCheck: 'no' } as unknown as StoredRecord)).toMatch(/keyAvailabilityCheck/);
    expect(recordProblem('meta', { ...base, keyAvailabilityCheck: 0 } as unknown as StoredRecord)).toMatch(/keyAvailabilityCheck/);
  });

  it('a database written without the field (the schema-1 fixture) opens and has the check on', async () => {
    interface Dumped { value: Record<string, unknown> }
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/store/schema1-db.json', import.meta.url), 'utf8')) as
      { db: { stores: Record<string, { records: Dumped[] }> } };
    const decode = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(decode);
      if (typeof v !== 'object' || v === null) return v;
      const o = v as Record<string, unknown>;
      if (typeof o.$bytes === 'string' && Object.keys(o).length === 1) return new Uint8Array(Buffer.from(o.$bytes, 'hex'));
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x)]));
    };
    const settings = fixture.db.stores['meta']!.records.map((r) => r.value).find((r) => r['id'] === 'settings')!;
    expect('keyAvailabilityCheck' in settings).toBe(false);
    const factory = freshFactory();
    (await openV1({ name: 'kmu-playground', factory })).close();
    const raw = await rawOpen(factory, 'kmu-playground', 1);
    for (const store of Object.keys(fixture.db.stores)) {
      await rawWrite(raw, store, (s) => { for (const r of fixture.db.stores[store]!.records) s.put(decode(r.value)); });
    }
    raw.close();
    (await openIdbBackend({ name: 'kmu-playground', factory })).close(); // the schema upgrade
    const reasons: string[] = [];
    const backend = await openStorage({ name: 'kmu-playground', factory, onFallback: (r) => reasons.push(r) });
    expect(backend.kind).toBe('indexeddb');
    expect(reasons).toEqual([]);
    const t = await openTerminal({ backend });
    expect(await t.type('settings')).not.toMatch(/damaged/);
    expect(await check(t)).toBe(true);
    expect(await t.type('configure-cli --disable-key-availability-check')).toBe('');
    expect(await check(t)).toBe(false);
    backend.close();
  });
});
