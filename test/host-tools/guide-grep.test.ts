/**
 * The guide's exSymKey page checks the two keys with grep before exporting (kmu-commands.md §4.3,
 * the `grep -A 1 "OBJ_ATTR_…" attributes/attr_…` block): replayed here in the guide's order on
 * getAttribute files the playground wrote. The expected lines are the guide's, except its second
 * command, which greps OBJ_ATTR_KEY_TYPE but shows the EXTRACTABLE lines (a slip of the page; the
 * spec keeps doc transcripts as evidence, typos included, and says not to reproduce them): grep
 * prints the lines the file holds. And where the page shows `0x00000001` for EXTRACTABLE and WRAP
 * out of an `-a 512` dump, attributes.md §(getAttribute file format) fixes `0x` + 2 hex digits for
 * booleans in a 512 dump (8 digits only for an attribute requested singly): the spec's choice stands.
 */
import { describe, expect, it } from 'vitest';
import { openTerminal } from '../support/transcript';

describe('the guide\'s grep -A 1 checks before exSymKey', () => {
  it('print the attribute and its value from the getAttribute files', async () => {
    const t = await openTerminal({ seed: 8 });
    await t.type('mkdir attributes');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    const key = /Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 16 -l export-me'))![1];
    const wrap = /Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 32 -l wrapper -sess'))![1];
    expect(await t.type(`getAttribute -o ${key} -a 512 -out attributes/attr_8`)).toContain('Attributes dumped into attributes/attr_8');
    expect(await t.type(`getAttribute -o ${wrap} -a 512 -out attributes/attr_262168`)).toContain('Attributes dumped into attributes/attr_262168');
    await t.type('exit');
    // Verify that the key to be exported is a symmetric key.
    expect(await t.block('grep -A 1 "OBJ_ATTR_CLASS" attributes/attr_8')).toBe('$ grep -A 1 "OBJ_ATTR_CLASS" attributes/attr_8\nOBJ_ATTR_CLASS\n0x04\n');
    // Verify that the key to be exported is extractable (the guide's intent; it greps KEY_TYPE by mistake).
    expect(await t.type('grep -A 1 "OBJ_ATTR_EXTRACTABLE" attributes/attr_8')).toBe('OBJ_ATTR_EXTRACTABLE\n0x01\n');
    expect(await t.type('grep -A 1 "OBJ_ATTR_KEY_TYPE" attributes/attr_8')).toBe('OBJ_ATTR_KEY_TYPE\n0x1f\n');
    // Verify that the wrapping key is an AES key
    expect(await t.type('grep -A 1 "OBJ_ATTR_KEY_TYPE" attributes/attr_262168')).toBe('OBJ_ATTR_KEY_TYPE\n0x1f\n');
    // Verify that the wrapping key is a session key
    expect(await t.type('grep -A 1 "OBJ_ATTR_TOKEN" attributes/attr_262168')).toBe('OBJ_ATTR_TOKEN\n0x00\n');
    // Verify that the wrapping key can be used for wrapping
    expect(await t.type('grep -A 1 "OBJ_ATTR_WRAP" attributes/attr_262168')).toBe('OBJ_ATTR_WRAP\n0x01\n');
  });

  it('wc on the key file of the guide\'s external-unwrapping-key example prints its columns', async () => {
    const t = await openTerminal();
    await t.type('mkdir keys');
    expect(await t.type('openssl rand -out keys/aes256-forImport.key 32')).toBe('');
    // the guide shows ` 0  2 32 keys/aes256-forImport.key` for its random bytes: the byte count and
    // the column widths are fixed; lines and words depend on the bytes
    expect(await t.type('wc keys/aes256-forImport.key')).toMatch(/^ \d  \d 32 keys\/aes256-forImport\.key\n$/);
    expect(await t.type('wc -c keys/aes256-forImport.key')).toBe('32 keys/aes256-forImport.key\n');
    // a single attribute requested alone is dumped with 8 digits, and grep shows it so
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    const key = /Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 16 -l k'))![1];
    await t.type(`getAttribute -o ${key} -a 354 -out extractable`);
    await t.type('exit');
    expect(await t.type('grep -A 1 OBJ_ATTR_EXTRACTABLE extractable')).toBe('OBJ_ATTR_EXTRACTABLE\n0x00000001\n');
  });
});
