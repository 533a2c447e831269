/**
 * The canonical blocks of cloudhsm-cli.md §3.19 (`key wrap aes-pkcs5-pad`, `key wrap aes-gcm`) and
 * §3.20 (`key unwrap aes-no-pad`) as golden transcripts: fixtures copied verbatim from the spec
 * (test/fixtures/cli/README.md lists their lines), played by test/support/cli-golden.ts with typed
 * placeholders. Names §3 uses beyond §7's: `<payload ref>`, `<wrapping ref>`, `<ref>` key
 * references (§5.2), `<24 hex digits>` hex (checked to be 24 digits here). The unwrap block's
 * elision `"key-info": { <as §2.6, owner = caller> },` is expanded from §2.6's key object
 * (key-unwrap-key-info-2.6.txt, its `"key-info"` lines) with `<owner>` = the caller, re-indented to
 * the block's depth.
 * Setup (not part of the blocks): KMU makes `payload-key` (AES-128) and `aes-example` (AES-256,
 * KMU's defaults: wrap and unwrap on), then the CLI logs in as example_user.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixture, Golden, play } from '../support/cli-golden';
import { openTerminal, type Terminal } from '../support/transcript';
import { nodePair, putPair } from '../kmu/wrap-rsa-support';

const NAMES: ReadonlyMap<string, string> = new Map([
  ['payload ref', 'key-reference'], ['wrapping ref', 'key-reference'], ['ref', 'key-reference'], ['24 hex digits', 'hex'],
]);

/** `"key-info": { <as §2.6, owner = caller> },` → §2.6's key-info lines, owner = `owner`, at the elision's indentation. */
function expandKeyInfo(text: string, owner: string): string {
  const object = readFileSync(new URL('../fixtures/cli/key-unwrap-key-info-2.6.txt', import.meta.url), 'utf8').split('\n');
  const start = object.findIndex((l) => l === '  "key-info": {');
  const end = object.findIndex((l, i) => i > start && l === '  },');
  if (start < 0 || end < 0) throw new Error('§2.6 block without its key-info object');
  const info = object.slice(start, end + 1);
  return text.replace(/^( *)"key-info": \{ <as §2\.6, owner = caller> \},$/m, (_all, indent: string) =>
    info.map((l) => indent + l.slice(2).replace('"<owner>"', JSON.stringify(owner))).join('\n'));
}

let t: Terminal;
beforeEach(async () => {
  t = await openTerminal({ seed: 3 });
  await t.type('settings handles simple');
  await t.type('key_mgmt_util');
  await t.type('loginHSM -u CU -s example_user -p example_pwd');
  expect(await t.type('genSymKey -t 31 -s 16 -l payload-key')).toContain('Key Handle: 6');
  expect(await t.type('genSymKey -t 31 -s 32 -l aes-example')).toContain('Key Handle: 7');
  await t.type('exit');
  await t.type('cloudhsm-cli interactive');
  expect(await t.type('login --username example_user --role crypto-user --password example_pwd')).toContain('"error_code": 0');
});

describe('§3.19 key wrap canonical blocks', () => {
  it('aes-pkcs5-pad: a 16-byte key → 32 bytes', async () => {
    const g = new Golden(NAMES);
    await play(t, g, 'key-wrap-aes-pkcs5-pad', fixture('key-wrap-aes-pkcs5-pad'));
    expect(g.value('payload ref')).toBe('0x0000000000000006');
    expect(g.value('wrapping ref')).toBe('0x0000000000000007');
    expect(Buffer.from(g.value('base64'), 'base64').length).toBe(32);
  });

  it('aes-gcm: the IV in the JSON, ciphertext ‖ 8-byte tag', async () => {
    const g = new Golden(NAMES);
    await play(t, g, 'key-wrap-aes-gcm', fixture('key-wrap-aes-gcm'));
    expect(g.value('24 hex digits')).toMatch(/^[0-9a-f]{24}$/);
    expect(Buffer.from(g.value('base64'), 'base64').length).toBe(16 + 8);
  });
});

describe('§3.20 key unwrap canonical block', () => {
  it('aes-no-pad: the unwrap defaults of §4.3, owner = caller', async () => {
    const wrapped = JSON.parse(await t.type('key wrap aes-no-pad --payload-filter attr.label=payload-key --wrapping-filter attr.label=aes-example'));
    const g = new Golden(NAMES);
    g.bindings.set('base64', wrapped.data.wrapped_key_data);
    await play(t, g, 'key-unwrap-aes-no-pad', expandKeyInfo(fixture('key-unwrap-aes-no-pad'), 'example_user'));
    expect(g.value('ref')).toBe('0x0000000000000008');
    // The copy has the payload's check value: KMU finds key 6 and the copy by it.
    await t.type('quit');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    expect(await t.type(`findKey -kcv ${g.value('kcv')}`)).toContain('\n6, 8\n');
  });
});

describe('§3.20 "Canonical output (every mechanism)": the same output for each of the eight', () => {
  const cases: ReadonlyArray<{ mech: string; wrapping: string; unwrapping: string; wrapFlags: string; unwrapFlags: (iv: string) => string }> = [
    { mech: 'aes-no-pad', wrapping: 'attr.label=aes-example', unwrapping: 'attr.label=aes-example', wrapFlags: '', unwrapFlags: () => '' },
    { mech: 'aes-pkcs5-pad', wrapping: 'attr.label=aes-example', unwrapping: 'attr.label=aes-example', wrapFlags: '', unwrapFlags: () => '' },
    { mech: 'aes-zero-pad', wrapping: 'attr.label=aes-example', unwrapping: 'attr.label=aes-example', wrapFlags: '', unwrapFlags: () => '' },
    {
      mech: 'aes-gcm', wrapping: 'attr.label=aes-example', unwrapping: 'attr.label=aes-example',
      wrapFlags: ' --tag-length-bits 64 --aad 0x10', unwrapFlags: (iv) => ` --iv ${iv} --tag-length-bits 64 --aad 0x10`,
    },
    {
      mech: 'cloudhsm-aes-gcm', wrapping: 'attr.label=aes-example', unwrapping: 'attr.label=aes-example',
      wrapFlags: ' --tag-length-bits 128', unwrapFlags: () => ' --tag-length-bits 128',
    },
    {
      mech: 'rsa-aes', wrapping: 'key-reference=20', unwrapping: 'key-reference=21',
      wrapFlags: ' --hash-function sha256 --mgf mgf1-sha256', unwrapFlags: () => ' --hash-function sha256 --mgf mgf1-sha256',
    },
    {
      mech: 'rsa-oaep', wrapping: 'key-reference=20', unwrapping: 'key-reference=21',
      wrapFlags: ' --hash-function sha512 --mgf mgf1-sha512', unwrapFlags: () => ' --hash-function sha512 --mgf mgf1-sha512',
    },
    { mech: 'rsa-pkcs', wrapping: 'key-reference=20', unwrapping: 'key-reference=21', wrapFlags: '', unwrapFlags: () => '' },
  ];
  const rsa = nodePair('rsa');
  for (const c of cases) {
    it(c.mech, async () => {
      await putPair(t, 20, 21, rsa, { label: 'rsa-example' });
      const w = JSON.parse(await t.type(`key wrap ${c.mech} --payload-filter attr.label=payload-key --wrapping-filter ${c.wrapping}${c.wrapFlags}`));
      const g = new Golden(NAMES);
      g.bindings.set('base64', w.data.wrapped_key_data);
      // The block's output as §3.20 gives it; its command line with this mechanism's word and flags.
      const block = expandKeyInfo(fixture('key-unwrap-aes-no-pad'), 'example_user').split('\n');
      expect(block[0]).toBe('aws-cloudhsm > key unwrap aes-no-pad --filter attr.label=aes-example --key-type-class aes --label aes-unwrapped --data <base64>');
      block[0] = `aws-cloudhsm > key unwrap ${c.mech} --filter ${c.unwrapping} --key-type-class aes --label aes-unwrapped --data <base64>${c.unwrapFlags(w.data.iv ?? '')}`;
      await play(t, g, `key-unwrap-${c.mech}`, block.join('\n'));
      expect(g.value('ref')).toBe('0x0000000000000008');
    });
  }
});
