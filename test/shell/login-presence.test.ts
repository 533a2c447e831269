/**
 * Logins in OTHER browser tabs count too (cloudhsm-cli.md §5.10): two pages of one playground,
 * modelled in Node as two terminal registries over one store, each with its own BroadcastChannel
 * presence (src/platform/login-presence.ts). A CU logged in to key_mgmt_util in page A cannot be
 * deleted from page B until A logs out or goes away; a page that starts learns the others' logins;
 * malformed messages change nothing.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../src/crypto/rng';
import { initCrypto } from '../../src/crypto/index';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import type { Backend } from '../../src/hsm/store';
import { PROGRAMS } from '../../src/commands/programs';
import { openLoginPresence, type LoginPresence } from '../../src/platform/login-presence';
import { createTerminals, type Terminals } from '../../src/shell/terminals';
import type { Console } from '../../src/shell/console';
import { fakeClock, memoKdf } from '../support/transcript';

let channelName = '';
let n = 0;
const opened: LoginPresence[] = [];
const pageEvents = () => {
  const listeners = new Set<() => void>();
  return {
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    hide: () => listeners.forEach((l) => l()),
  };
};

function presence(win = pageEvents()): LoginPresence & { hide(): void } {
  const p = openLoginPresence({ channel: channelName, window: win as never })!;
  opened.push(p);
  return Object.assign(p, { hide: win.hide });
}

/** Let BroadcastChannel deliver (it is asynchronous). */
const settle = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

async function tab(page: Terminals): Promise<{ con: Console; type(line: string): Promise<string> }> {
  let text = '';
  const con = await page.open({ write: (t) => { text += t; }, clear: () => { text = ''; } });
  await con.start();
  return {
    con,
    async type(line) {
      const start = text.length;
      await con.submit(line);
      return text.slice(start);
    },
  };
}

const pageOn = (backend: Backend, p: LoginPresence | null, seed: number) =>
  createTerminals({ backend, rng: seededRng(seed), clock: fakeClock(), kdf: memoKdf, programs: PROGRAMS }, p);

beforeAll(async () => {
  await initCrypto();
});

afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});

describe('logins in other browser tabs', () => {
  it('a CU logged in to key_mgmt_util in page A cannot be deleted from page B until A logs out, then until A goes away', async () => {
    channelName = `kmu-test-logins-${++n}`;
    const backend = createMemoryBackend();
    const pa = presence();
    const pb = presence();
    const a = await tab(pageOn(backend, pa, 1));
    const b = await tab(pageOn(backend, pb, 2));
    await b.type('cloudhsm_mgmt_util');
    await b.type('loginHSM CO admin co12345');
    await b.type('createUser CU bob password1');
    await b.type('y');
    await a.type('key_mgmt_util');
    await a.type('loginHSM -u CU -s bob -p password1');
    await settle(() => pb.elsewhere()[0] !== undefined);
    expect(pb.elsewhere()).toEqual([{ cluster: 'cluster-1', name: 'bob', nodes: 'all' }]);
    const refused = (await b.type('deleteUser CU bob')) + (await b.type('I')) + (await b.type('I')) + (await b.type('I'));
    expect(refused.match(/deleteUser failed: HSM Error: User is currently logged in/g)).toHaveLength(3);

    await a.type('logoutHSM');
    await settle(() => pb.elsewhere().length === 0);
    expect(pb.elsewhere()).toEqual([]);

    await a.type('loginHSM -u CU -s bob -p password1');
    await settle(() => pb.elsewhere().length === 1);
    pa.hide(); // page A goes away (pagehide): it says bye
    await settle(() => pb.elsewhere().length === 0);
    expect(pb.elsewhere()).toEqual([]);
    expect(await b.type('deleteUser CU bob')).toContain('deleteUser success on server 2(10.0.1.12)');
  });

  it('a page that starts learns the logins the others hold (CMU logins by HSM); closing the terminal tells them', async () => {
    channelName = `kmu-test-logins-${++n}`;
    const backend = createMemoryBackend();
    const pa = presence();
    const page = pageOn(backend, pa, 1);
    const a = await tab(page);
    await a.type('cloudhsm_mgmt_util');
    await a.type('loginHSM CO admin co12345');
    const late = presence(); // a page opened now says hello; A answers
    await settle(() => late.elsewhere().length === 1);
    expect(late.elsewhere()).toEqual([{ cluster: 'cluster-1', name: 'admin', nodes: new Map([[0, 1], [1, 1], [2, 1]]) }]);
    a.con.close();
    await settle(() => late.elsewhere().length === 0);
    expect(late.elsewhere()).toEqual([]);
  });

  it('malformed messages on the channel are ignored', async () => {
    channelName = `kmu-test-logins-${++n}`;
    const p = presence();
    const rogue = new BroadcastChannel(channelName);
    for (const m of [null, 7, 'x', {}, { kind: 'logins' }, { kind: 'logins', from: 'r', logins: 'x' },
      { kind: 'logins', from: 'r', logins: [{ cluster: 1, name: 'a', nodes: 'all' }] },
      { kind: 'logins', from: 'r', logins: [{ cluster: 'c', name: 'a', nodes: [[0, 'x']] }] },
      { kind: 'logins', from: 'r', logins: [{ cluster: 'c', name: 'a', nodes: {} }] },
      { kind: 'bye', from: { toString: 1 } }]) rogue.postMessage(m);
    rogue.postMessage({ kind: 'logins', from: 'r2', logins: [{ cluster: 'c', name: 'ok', nodes: [[1, 4]] }] });
    await settle(() => p.elsewhere().length > 0);
    expect(p.elsewhere()).toEqual([{ cluster: 'c', name: 'ok', nodes: new Map([[1, 4]]) }]);
    rogue.close();
  });
});
