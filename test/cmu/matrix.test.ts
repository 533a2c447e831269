/**
 * The permission tables, cell by cell, with the expected answers written out from the spec (not
 * taken from src/hsm/cmu-policy.ts): the CMU command matrix of users-and-keys.md §2.3 for every
 * caller, and the owner / shared / other / public matrix of §4.2 for the CMU key actions. Every
 * refusal leaves the whole IndexedDB database — read through a fresh connection — unchanged.
 */
import { describe, expect, it } from 'vitest';
import { openIdbBackend } from '../../src/platform/idb-backend';
import type { KeyRecord } from '../../src/hsm/model';
import { freshFactory } from '../store/fake-idb';
import { dumpIdb } from '../support/idb-dump';
import { aes, cmuTerminal, cu, edit } from '../support/cmu';
import { asPublicKey } from '../support/pairs';
import type { Terminal } from '../support/transcript';

// errors.md §4.1 and §4.4, as the spec writes them.
const NOT_LOGGED_IN = 'HSM Error: User is not logged in';
const INVALID_USER_TYPE = 'HSM Error: Invalid User Type.';
const KEY_ACCESS_DENIED = 'HSM Error: Key Access is denied';
const CAUTION = '*************************CAUTION********************************';
const SERVERS = ['server 0(10.0.2.9)', 'server 1(10.0.3.11)', 'server 2(10.0.1.12)'];

type Column = 'No login' | 'PRECO' | 'CO / PCO' | 'CU';
const COLUMNS: Column[] = ['No login', 'PRECO', 'CO / PCO', 'CU'];
const LOGIN: Record<Column, string | null> = {
  'No login': null,
  PRECO: 'loginHSM PRECO officer0 password1',
  'CO / PCO': 'loginHSM CO admin co12345',
  CU: 'loginHSM CU example_user example_pwd',
};
/** The name each caller changes its own password under, and with which type word. */
const OWN: Record<Column, string> = { 'No login': 'CU example_user', PRECO: 'PRECO officer0', 'CO / PCO': 'CO admin', CU: 'CU example_user' };

/** users-and-keys.md §2.3, row by row: No login | PRECO | CO / PCO | CU ("—" = not allowed). */
const MATRIX: ReadonlyArray<readonly [string, string, string, string, string]> = [
  ['listUsers', 'yes', 'yes', 'yes', 'yes'],
  ['info', 'yes', 'yes', 'yes', 'yes'],
  ['getHSMInfo', 'yes', 'yes', 'yes', 'yes'],
  ['listAttributes', 'yes', 'yes', 'yes', 'yes'],
  ['server', 'yes', 'yes', 'yes', 'yes'],
  ['getCert (server mode)', 'yes', 'yes', 'yes', 'yes'],
  ['changePswd (own password)', '—', 'yes', 'yes', 'yes'],
  ['changePswd (other user)', '—', '—', 'yes', '—'],
  ['createUser', '—', '—', 'yes', '—'],
  ['deleteUser', '—', '—', 'yes', '—'],
  ['registerQuorumPubKey', '—', '—', 'yes', '—'],
  ['setMValue', '—', '—', 'yes', '—'],
  ['getMValue', '—', '—', 'yes', '—'],
  ['getToken', '—', '—', 'yes', '—'],
  ['approveToken', '—', '—', 'yes', '—'],
  ['listTokens', '—', '—', 'yes', '—'],
  ['findAllKeys', '—', '—', 'yes', '—'],
  ['syncUser', '—', '—', 'yes', '—'],
  ['syncKey', '—', '—', 'any key', 'own keys only'],
  ['getAttribute', '—', '—', '—', 'owned or shared keys'],
  ['getKeyInfo', '—', '—', '—', 'owned or shared keys'],
  ['setAttribute 134', '—', '—', 'attribute 134 only', '—'],
  ['setAttribute (other listed attributes)', '—', '—', '—', 'owned keys'],
  ['shareKey', '—', '—', '—', 'owned keys only'],
  ['logoutHSM', '—', 'yes', 'yes', 'yes'],
  ['loginHSM', 'login only', 'yes (already logged in: 0xe8)', 'yes (already logged in: 0xe8)', 'yes (already logged in: 0xe8)'],
];

/** How each row is exercised: the lines typed (a question answered `n`) and what shows it ran. */
function probe(row: string, col: Column): { cmd: string; lines: string[]; ran: RegExp; before?: string; after?: string } {
  switch (row) {
    case 'listUsers': return { cmd: row, lines: ['listUsers'], ran: /^Users on server 0\(10\.0\.2\.9\):/ };
    case 'info': return { cmd: row, lines: ['info server 0'], ran: /Connected/ };
    case 'getHSMInfo': return { cmd: row, lines: ['getHSMInfo'], ran: /^Getting HSM Info on 3 nodes/ };
    case 'listAttributes': return { cmd: row, lines: ['listAttributes'], ran: /OBJ_ATTR_ALL {20}= 512/ };
    case 'server': return { cmd: row, lines: ['server 0'], ran: /Server is in 'E2' mode/, after: 'exit' };
    case 'getCert (server mode)':
      return { cmd: 'getCert', lines: ['getCert /tmp/PO.crt 4'], ran: /getCert is not available in this playground yet/, before: 'server 0', after: 'exit' };
    case 'changePswd (own password)': return { cmd: 'changePswd', lines: [`changePswd ${OWN[col]} newPassword1`, 'n'], ran: /CAUTION/ };
    case 'changePswd (other user)': return { cmd: 'changePswd', lines: ['changePswd CU bob newPassword1', 'n'], ran: /CAUTION/ };
    case 'createUser': return { cmd: row, lines: ['createUser CU newbie password1', 'n'], ran: /CAUTION/ };
    case 'deleteUser': return { cmd: row, lines: ['deleteUser CU victim'], ran: /deleteUser success on server 2/ };
    case 'registerQuorumPubKey': return { cmd: row, lines: ['registerQuorumPubKey CO admin t t.sig p.pub'], ran: /not available in this playground yet/ };
    case 'setMValue': return { cmd: row, lines: ['setMValue 3 2'], ran: /not available in this playground yet/ };
    case 'getMValue': return { cmd: row, lines: ['getMValue 3'], ran: /not available in this playground yet/ };
    case 'getToken': return { cmd: row, lines: ['getToken 3 admin t'], ran: /not available in this playground yet/ };
    case 'approveToken': return { cmd: row, lines: ['approveToken a.txt'], ran: /not available in this playground yet/ };
    case 'listTokens': return { cmd: row, lines: ['listTokens'], ran: /not available in this playground yet/ };
    case 'findAllKeys': return { cmd: row, lines: ['findAllKeys 3 0'], ran: /^Keys on server 0\(10\.0\.2\.9\):\nNumber of keys found 1\n/ };
    case 'syncUser': return { cmd: row, lines: ['syncUser 3 1'], ran: /syncUser success/, before: 'server 0', after: 'exit' };
    case 'syncKey': return { cmd: row, lines: ['syncKey 6 1'], ran: /^syncKey success\n$/, before: 'server 0', after: 'exit' };
    case 'getAttribute': return { cmd: row, lines: ['getAttribute 6 0'], ran: /Attribute Value on server 2\(10\.0\.1\.12\):\nOBJ_ATTR_CLASS\n0x00000004/ };
    case 'getKeyInfo': return { cmd: row, lines: ['getKeyInfo 6'], ran: /Owned by user 3/ };
    case 'setAttribute 134': return { cmd: 'setAttribute', lines: ['setAttribute 6 134 1', 'n'], ran: /CAUTION/ };
    case 'setAttribute (other listed attributes)': return { cmd: 'setAttribute', lines: ['setAttribute 6 3 new label', 'n'], ran: /CAUTION/ };
    case 'shareKey': return { cmd: row, lines: ['shareKey 6 4 1', 'n'], ran: /CAUTION/ };
    case 'logoutHSM': return { cmd: row, lines: ['logoutHSM'], ran: /logoutHSM success on server 2/, after: LOGIN[col] ?? undefined };
    case 'loginHSM':
      return col === 'No login'
        ? { cmd: row, lines: ['loginHSM CU example_user example_pwd'], ran: /loginHSM success on server 2/, after: 'logoutHSM' }
        : { cmd: row, lines: [LOGIN[col]!], ran: /^loginHSM failed: HSM Error: User is already logged in\n$/ };
    default: throw new Error(row);
  }
}

/** What the screen shows after the first line typed, questions included (up to the next prompt). */
async function typeAll(t: Terminal, lines: string[]): Promise<string> {
  const start = t.screen().length;
  for (const l of lines) await t.type(l);
  const shown = t.screen().slice(start);
  const from = shown.indexOf('\n') + 1; // skip the echo of the first line
  const p = t.session.prompt;
  return shown.endsWith(p) ? shown.slice(from, shown.length - p.length) : shown.slice(from);
}

describe('CMU command matrix (users-and-keys.md §2.3), every cell', () => {
  for (const col of COLUMNS) {
    it(`caller: ${col}`, async () => {
      const factory = freshFactory();
      const t = await cmuTerminal({
        backend: await openIdbBackend({ name: 'matrix', factory }),
        scenario: {
          users: [cu(4, 'bob'), { userId: 5, name: 'officer0', type: 'PRECO', password: 'password1' }, cu(6, 'victim')],
          keys: [aes(6, 3)],
        },
      });
      if (LOGIN[col]) expect(await t.type(LOGIN[col]!)).toContain('loginHSM success on server 2');
      const i = COLUMNS.indexOf(col) + 1;
      for (const row of MATRIX) {
        const cell = row[i]!;
        const p = probe(row[0], col);
        if (p.before) await t.type(p.before);
        if (cell === '—') {
          const before = await dumpIdb('matrix', factory);
          const out = await typeAll(t, p.lines.filter((l) => l !== 'n'));
          expect(out, `${row[0]} / ${col}`).toBe(`${p.cmd} failed: ${col === 'No login' ? NOT_LOGGED_IN : INVALID_USER_TYPE}\n`);
          expect(await dumpIdb('matrix', factory), `${row[0]} / ${col}: store unchanged`).toBe(before);
        } else {
          expect(await typeAll(t, p.lines), `${row[0]} / ${col}`).toMatch(p.ran);
        }
        if (p.after) await t.type(p.after);
      }
      expect(await t.type('quit')).toBe('\ndisconnecting from servers, please wait...\n');
    });
  }
});

/** users-and-keys.md §4.2 for the CMU actions, CU caller 3: Owner | Shared user | Other CU | Any CU (public key). */
const KEY_MATRIX: ReadonlyArray<readonly [string, string, string, string, string]> = [
  ['getAttribute', 'yes', 'yes', 'no', 'yes'],
  ['getKeyInfo', 'yes', 'yes', 'no', 'yes'],
  ['setAttribute', 'yes', 'no', 'no', 'owner only'],
  ['shareKey', 'yes', 'no', 'no', 'never'],
  ['syncKey', 'yes', 'no', 'no', 'owner only'],
];
/** Keys seen by caller 3: 6 its own, 7 shared with it, 8 someone else's, 9 someone else's public key. */
const KEY_OF = { Owner: 6, 'Shared user': 7, 'Other CU': 8, 'Any CU (public key)': 9 } as const;

describe('owner / shared / other / public (users-and-keys.md §4.2), CMU actions', () => {
  it('every cell; "no" is 0xc6 on every server and changes nothing', async () => {
    const factory = freshFactory();
    const t = await cmuTerminal({
      backend: await openIdbBackend({ name: 'keys', factory }),
      scenario: { users: [cu(4, 'bob'), cu(5, 'carol')], keys: [aes(6, 3), aes(7, 4, [3]), aes(8, 4), aes(9, 4)] },
    });
    await edit(t, async (tx) => {
      const k = (await tx.get<KeyRecord>('keys', 'cluster-1/0000000009'))!;
      tx.put<KeyRecord>('keys', asPublicKey(k)); // OBJ_ATTR_CLASS 2: a public key
    });
    await t.type('loginHSM CU example_user example_pwd');
    const relations = Object.keys(KEY_OF) as (keyof typeof KEY_OF)[];
    for (const [action, ...cells] of KEY_MATRIX) {
      relations.forEach((_, j) => expect(cells[j]).toBeDefined());
      for (const [j, rel] of relations.entries()) {
        const h = KEY_OF[rel];
        const allowed = cells[j] === 'yes';
        const before = await dumpIdb('keys', factory);
        const where = `${action} / ${rel}`;
        switch (action) {
          case 'getAttribute':
          case 'getKeyInfo': {
            const out = await t.type(action === 'getAttribute' ? `getAttribute ${h} 3` : `getKeyInfo ${h}`);
            if (allowed) expect(out, where).toContain(action === 'getAttribute' ? `OBJ_ATTR_LABEL\nk${h}\n` : 'Owned by user');
            else {
              expect(out, where).toBe((action === 'getAttribute' ? '\n' : '') + SERVERS.map((s) =>
                `${action} failed: ${KEY_ACCESS_DENIED}\n${action} failed on ${s}\n${action === 'getAttribute' ? '\n' : ''}`).join(''));
            }
            break;
          }
          case 'setAttribute':
          case 'shareKey': {
            const line = action === 'setAttribute' ? `setAttribute ${h} 262 0` : `shareKey ${h} 5 1`;
            await t.type(line);
            expect(t.session.prompt).toContain(CAUTION);
            const out = await t.type('y');
            // shareKey ends a success with an empty line (cloudhsm-cli.md §7.4)
            if (allowed) expect(out, where).toBe(SERVERS.map((s) => `${action} success on ${s}\n`).join('') + (action === 'shareKey' ? '\n' : ''));
            else {
              expect(out, where).toBe('');
              expect(t.session.prompt, where).toBe(
                `${action} failed: ${KEY_ACCESS_DENIED}\n${action} failed on ${SERVERS[0]}\n\nRetry/Ignore/Abort?(R/I/A):`);
              expect(await t.type('A')).toBe('');
            }
            break;
          }
          case 'syncKey': {
            await t.type('server 0');
            expect(await t.type(`syncKey ${h} 1`), where).toBe(allowed ? 'syncKey success\n' : `syncKey failed: ${KEY_ACCESS_DENIED}\n`);
            await t.type('exit');
            break;
          }
        }
        if (!allowed) expect(await dumpIdb('keys', factory), `${where}: store unchanged`).toBe(before);
      }
    }
    // "never": not even the owner may share a public key.
    await edit(t, async (tx) => {
      const k = (await tx.get<KeyRecord>('keys', 'cluster-1/0000000006'))!;
      tx.put<KeyRecord>('keys', asPublicKey(k));
    });
    const before = await dumpIdb('keys', factory);
    await t.type('shareKey 6 5 1');
    await t.type('y');
    expect(t.session.prompt).toBe(`shareKey failed: ${KEY_ACCESS_DENIED}\nshareKey failed on ${SERVERS[0]}\n\nRetry/Ignore/Abort?(R/I/A):`);
    await t.type('A');
    expect(await dumpIdb('keys', factory)).toBe(before);
  });
});
