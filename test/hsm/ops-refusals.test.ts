/**
 * The operations under key_mgmt_util, called directly: each refusal gives the same return code
 * from the operation as through the console, and an outcome carries no program text (its steps
 * are identifiers; the console words them).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { A } from '../../src/hsm/attributes';
import { RC } from '../../src/hsm/codes';
import { findKeyOnEveryHsm, findKeys } from '../../src/hsm/ops/find';
import { deleteKey, generatePbeKey, generateSecretKey, getAttributes, getKeyInfo, setAttribute } from '../../src/hsm/ops/keys';
import type { Outcome } from '../../src/hsm/ops/outcome';
import { runOp, type OpScope } from '../../src/hsm/ops/runner';
import { loginUser } from '../../src/hsm/ops/session';
import { wrapKey } from '../../src/hsm/ops/wrap';
import { openTerminal, type Terminal } from '../support/transcript';

const LOGIN = 'loginHSM -u CU -s example_user -p example_pwd';
const MISSING = 999_999;

/** The code of the last return line a console output printed. */
const printedCode = (out: string): number => {
  const all = [...out.matchAll(/returned: 0x([0-9a-f]+) :/g)];
  if (all.length === 0) throw new Error(`no return line in ${JSON.stringify(out)}`);
  return parseInt(all.at(-1)![1]!, 16);
};

let t: Terminal;
let aes: number; // an extractable AES key with WRAP
let nex: number; // a non-extractable key
const run = <T>(op: (scope: OpScope) => Promise<T>): Promise<T> =>
  runOp(t.session.hsm, op, { serving: t.session.kmuSession });

beforeAll(async () => {
  t = await openTerminal();
  await t.type('key_mgmt_util');
  await t.type(LOGIN);
  const handle = (out: string) => Number(/Key Handle: (\d+)/.exec(out)![1]);
  aes = handle(await t.type('genSymKey -t 31 -s 16 -l wrapper -id w1'));
  nex = handle(await t.type('genSymKey -t 31 -s 32 -l inside -nex'));
});

describe('a refusal gives the same code from the operation and through key_mgmt_util', () => {
  const session = () => t.session.kmuSession;
  const cases: Array<{ name: string; line: () => string; op: () => Promise<Outcome>; code: number }> = [
    { name: 'getAttribute, no such key', line: () => `getAttribute -o ${MISSING} -a 3 -out a.txt`,
      op: () => run((s) => getAttributes(s, session(), { handle: MISSING, attr: A.LABEL })), code: RC.INVALID_HANDLE },
    { name: 'getAttribute, attribute not present', line: () => `getAttribute -o ${aes} -a ${A.MODULUS} -out a.txt`,
      op: () => run((s) => getAttributes(s, session(), { handle: aes, attr: A.MODULUS })), code: RC.ATTRIBUTE_NOT_PRESENT },
    { name: 'deleteKey, no such key', line: () => `deleteKey -k ${MISSING}`,
      op: () => run((s) => deleteKey(s, session(), MISSING)), code: RC.INVALID_HANDLE },
    { name: 'setAttribute, a read-only attribute', line: () => `setAttribute -o ${aes} -a ${A.LABEL}`,
      op: () => run((s) => setAttribute(s, session(), { handle: aes, attr: A.LABEL, value: 1 })), code: RC.ATTRIBUTE_READ_ONLY },
    { name: 'getKeyInfo, no such key', line: () => `getKeyInfo -k ${MISSING}`,
      op: () => run((s) => getKeyInfo(s, session(), MISSING)), code: RC.INVALID_HANDLE },
    { name: 'findSingleKey, no such key', line: () => `findSingleKey -k ${MISSING}`,
      op: () => run((s) => findKeyOnEveryHsm(s, session(), MISSING)), code: RC.INVALID_HANDLE },
    { name: 'wrapKey, a non-extractable key', line: () => `wrapKey -k ${nex} -w ${aes} -m 4 -out w.bin`,
      op: () => run((s) => wrapKey(s, session(), { key: nex, wrappingKey: aes, mechanism: 4, header: true, gcm: { aad: new Uint8Array(0), tagBytes: 16 } })),
      code: RC.ACCESS_DENIED },
    { name: 'genSymKey, an ID already taken', line: () => 'genSymKey -t 31 -s 16 -l again -id w1',
      op: () => run((s) => generateSecretKey(s, session(), {
        keyType: 31, size: 16, label: 'again', id: 'w1', sessionKey: false, extractable: true, shareWith: [], mValue: 0, minSrv: 1, timeout: null,
      })), code: RC.KEY_ID_EXISTS },
    { name: 'genSymKey, RC4 under the FIPS policy', line: () => 'genSymKey -t 18 -s 16 -l rc4',
      op: () => run((s) => generateSecretKey(s, session(), {
        keyType: 18, size: 16, label: 'rc4', id: '', sessionKey: false, extractable: true, shareWith: [], mValue: 0, minSrv: 1, timeout: null,
      })), code: RC.FIPS_POLICY },
    { name: 'genPBEKey', line: () => 'genPBEKey', op: () => run(() => generatePbeKey()), code: RC.FIPS_POLICY },
    { name: 'loginHSM, already logged in', line: () => LOGIN,
      op: () => run((s) => loginUser(s, session(), { type: 'CU', name: 'example_user', password: 'example_pwd' })), code: RC.ALREADY_LOGGED_IN },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const direct = await c.op();
      expect(direct.code).toBe(c.code);
      expect(direct.steps.at(-1)!.code).toBe(c.code);
      expect(direct.objects).toEqual({ created: [], changed: [], deleted: [] });
      expect(JSON.stringify(direct)).not.toMatch(/Cfm|returned|HSM Error/);
      expect(printedCode(await t.type(c.line()))).toBe(direct.code);
    });
  }
});

describe('an outcome names what the operation touched', () => {
  it('a generated session key is created, then deleted; findKeys reports matches by handle', async () => {
    const s = t.session.kmuSession;
    const made = await run((scope) => generateSecretKey(scope, s, {
      keyType: 31, size: 16, label: 'temp', id: '', sessionKey: true, extractable: true, shareWith: [], mValue: 0, minSrv: 1, timeout: null,
    }));
    expect(made.code).toBe(RC.SUCCESS);
    expect(made.steps).toEqual([{ step: 'generateKey', code: RC.SUCCESS }]);
    expect(made.objects.created).toEqual([made.handle]);
    expect(s.sessionKeys.has(made.handle!)).toBe(true); // applied after the commit
    const found = await run((scope) => findKeys(scope, s, { label: 'temp' }));
    expect(found.handles).toEqual([made.handle]);
    // the console sees the key the operation made
    expect(await t.type('findKey -l temp')).toContain(String(made.handle));
    const gone = await run((scope) => deleteKey(scope, s, made.handle!));
    expect(gone.steps.map((x) => x.step)).toEqual(['findKey', 'deleteKey']);
    expect(gone.objects.deleted).toEqual([made.handle]);
    expect(s.sessionKeys.has(made.handle!)).toBe(false);
  });

  it('a refused step leaves the session as it was: effects apply only after a commit', async () => {
    const s = t.session.kmuSession;
    const before = [...s.sessionKeys.keys()];
    await expect(run(async (scope) => {
      await generateSecretKey(scope, s, {
        keyType: 31, size: 16, label: 'never', id: '', sessionKey: true, extractable: true, shareWith: [], mValue: 0, minSrv: 1, timeout: null,
      });
      throw new Error('the unit of work fails after the operation');
    })).rejects.toThrow('fails after');
    expect([...s.sessionKeys.keys()]).toEqual(before);
  });
});
