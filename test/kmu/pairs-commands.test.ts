/**
 * The pair commands' tables (kmu-commands.md §1.4, §1.8, §5.1–5.3): -h from the flag table with the
 * spec's syntax block, completion of their flags, and listECCCurveIds' optional listing (§6.4).
 */
import { describe, expect, it } from 'vitest';
import { kmuProgram } from '../../src/commands/kmu/program';
import { openTerminal } from '../support/transcript';

const H = '        ';
const SHARED = [
  '-l <label>', '[-id <key ID>]', '[-min_srv <minimum number of servers>]', '[-m_value <0..8>]', '[-nex]', '[-sess]',
  '[-timeout <number of seconds> ]', '[-u <user-ids>]', '[-attest]',
];

describe('the pair commands', () => {
  it('-h: description, the spec\'s syntax block, the flags', async () => {
    const t = await openTerminal();
    await t.type('key_mgmt_util');
    const rsa = await t.type('genRSAKeyPair -h');
    const syntax = ['genRSAKeyPair -m <modulus length>', `${' '.repeat(14)}-e <public exponent>`, ...SHARED.map((l) => ' '.repeat(14) + l)];
    expect(rsa).toContain(`${H}Description\n${H}===========\n${H}Generates an RSA Key Pair\n\n${H}Syntax:\n${syntax.map((l) => H + l).join('\n')}\n\n${H}Parameters:\n`);
    for (const f of ['-m', '-e', '-l']) expect(rsa).toContain(`${H}${f}  Required  `);
    for (const f of ['-id', '-min_srv', '-m_value', '-nex', '-sess', '-timeout', '-u', '-attest']) expect(rsa).toContain(`${H}${f}  Optional  `);
    expect(await t.type('genDSAKeyPair -h')).toContain(`${H}Generates a DSA Key Pair\n\n${H}Syntax:\n${H}genDSAKeyPair -m <modulus length>\n${H}${' '.repeat(14)}-l <label>\n`);
    expect(await t.type('genECCKeyPair -h')).toContain(`${H}Generates an ECC Key Pair\n\n${H}Syntax:\n${H}genECCKeyPair -i <EC curve id>\n${H}${' '.repeat(14)}-l <label>\n`);
    // a missing required flag: the error, then the help (§1.5)
    expect(await t.type('genECCKeyPair -l x')).toContain(`${H}Error: Required parameter (-i) is missing.\n\n${H}Description\n`);
  });

  it('completion offers their flags', () => {
    const slot = kmuProgram.complete!(['genRSAKeyPair'], '-');
    expect(JSON.stringify(slot)).toContain('-e');
    expect(JSON.stringify(kmuProgram.complete!(['genECCKeyPair'], '-'))).toContain('-i');
    expect(JSON.stringify(kmuProgram.complete!([], 'list'))).toContain('listECCCurveIds');
  });

  it('listECCCurveIds lists the ids genECCKeyPair -i generates, with their names (no login needed)', async () => {
    const t = await openTerminal();
    await t.type('key_mgmt_util');
    expect(await t.type('listECCCurveIds')).toBe(`\n${H}Supported ECC Curve Ids:\n${H}2   NID_X9_62_prime256v1\n${H}13  NID_secp224r1\n` +
      `${H}14  NID_secp384r1\n${H}15  NID_secp521r1\n${H}16  NID_secp256k1\n\n`);
  });
});
