/**
 * explain across KMU/CMU ↔ CloudHSM CLI: the command map of cloudhsm-cli.md §7.1 (the data is the
 * spec's table, cell by cell), `explain <KMU/CMU command>` and `explain <CLI path>`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainLines } from '../../src/commands/explain/index';
import { COMMAND_MAP, COMMAND_MAP_CELLS, rowsForCommand, rowsForPath } from '../../src/commands/explain/cli-map';
import { CLI_PATHS, matchCliPath } from '../../src/commands/explain/cli-paths';

const spec = readFileSync(new URL('../../docs/spec/cloudhsm-cli.md', import.meta.url), 'utf8');
const text = (line: string) => explainLines(line.split(' ')).join('\n');

/** The table rows of §7.1 as [cell, cell], `\|` kept as written. */
function specRows(): string[][] {
  const body = spec.slice(spec.indexOf('### 7.1 Command map'), spec.indexOf('### 7.2 '));
  return body.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---') && !l.startsWith('| KMU / CMU'))
    .map((l) => l.replace(/\\\|/g, '\u0000').split('|').slice(1, -1).map((c) => c.trim().replace(/\u0000/g, '\\|')));
}

describe('the §7.1 command map as data', () => {
  it('is the spec table, every row and cell as written', () => {
    expect(COMMAND_MAP_CELLS.map((r) => [...r])).toEqual(specRows());
    expect(COMMAND_MAP_CELLS.length).toBe(26);
  });

  it('knows which commands and CLI paths each row names', () => {
    expect(rowsForCommand('genSymKey').map((r) => r.cli)).toEqual([
      'key generate-symmetric aes --label L --key-length-bytes N',
      'key generate-symmetric generic-secret --label L --key-length-bytes N',
      'no CLI equivalent',
    ]);
    expect(rowsForCommand('shareKey').map((r) => r.paths)).toEqual([['key share', 'key unshare']]);
    expect(rowsForPath('key wrap aes-no-pad').map((r) => r.kmu)).toEqual(['wrapKey -k P -w W -m 4|5|6|10|11|7|8|12 -noheader -out F']);
    expect(rowsForPath('crypto verify rsa-pkcs').map((r) => r.kmu)).toEqual(['verify -f F -s S -k H -m N']);
    expect(rowsForPath('cluster activate')).toEqual([]);
    // every CLI path the map names is a path (or a group of paths) of §2.2
    for (const r of COMMAND_MAP) for (const p of r.paths) expect(CLI_PATHS.some((c) => c.path === p || c.path.startsWith(p + ' ')), p).toBe(true);
  });

  it('recognises paths and groups, longest first', () => {
    expect(matchCliPath(['key', 'wrap', 'aes-no-pad', '--path', 'x'])).toEqual({ path: 'key wrap aes-no-pad', group: false, used: 3 });
    expect(matchCliPath(['key', 'wrap'])).toEqual({ path: 'key wrap', group: true, used: 2 });
    expect(matchCliPath(['keys'])).toBeUndefined();
    expect(matchCliPath(['constructor'])).toBeUndefined();
  });
});

describe('explain <KMU/CMU command> shows its CLI equivalent from §7.1', () => {
  it('a KMU command', () => {
    expect(text('wrapKey')).toContain('Command map (cloudhsm-cli.md §7.1):\n    wrapKey -k P -w W -m 4|5|6|10|11|7|8|12 -noheader -out F  →  key wrap aes-pkcs5-pad|aes-no-pad|aes-zero-pad|aes-gcm|cloudhsm-aes-gcm|rsa-aes|rsa-oaep|rsa-pkcs --payload-filter key-reference=P --wrapping-filter key-reference=W --path F');
    expect(text('genDSAKeyPair')).toContain('genDSAKeyPair, exSymKey, exportPrivateKey, aesWrapUnwrap, genPBEKey, Error2String  →  no CLI equivalent');
    expect(text('getKeyInfo')).toContain('getAttribute -o H -a 512 -out F, getKeyInfo -k H  →  key list --filter key-reference=H --verbose');
  });

  it('a CMU command KMU does not have', () => {
    expect(text('shareKey')).toBe([
      'shareKey  (cloudhsm_mgmt_util command)',
      '  Command map (cloudhsm-cli.md §7.1):',
      '    CMU shareKey H ID 1 / shareKey H ID 0  →  key share / key unshare --filter key-reference=H --username NAME --role crypto-user',
    ].join('\n'));
    expect(text('createUser')).toContain('user create, user delete, user change-password with --username U --role crypto-user');
  });
});

describe('explain <CLI path> shows the KMU/CMU equivalent', () => {
  it('a mechanism path, with the exact KMU -m', () => {
    expect(text('key wrap aes-no-pad')).toBe([
      'key wrap aes-no-pad  (CloudHSM CLI command)',
      '  Wrap (export encrypted) a key with the aes-no-pad mechanism (§3.19).',
      '  key_mgmt_util: wrapKey -k <payload handle> -w <wrapping handle> -m 5 -noheader -out <file>',
      '  Command map (cloudhsm-cli.md §7.1):',
      '    wrapKey -k P -w W -m 4|5|6|10|11|7|8|12 -noheader -out F  →  key wrap aes-pkcs5-pad|aes-no-pad|aes-zero-pad|aes-gcm|cloudhsm-aes-gcm|rsa-aes|rsa-oaep|rsa-pkcs --payload-filter key-reference=P --wrapping-filter key-reference=W --path F',
    ].join('\n'));
    expect(text('crypto sign rsa-pkcs')).toContain('key_mgmt_util: sign -m 0 SHA1_RSA_PKCS, 1 SHA256_RSA_PKCS, 2 SHA384_RSA_PKCS, 3 SHA512_RSA_PKCS, 4 SHA224_RSA_PKCS');
    expect(text('key unwrap rsa-oaep')).toContain('unWrapKey -f <file> -w <unwrapping handle> -m 8 -noheader');
    expect(text('key generate-symmetric generic-secret')).toContain('key_mgmt_util: genSymKey -t 16');
  });

  it('paths named by the map, paths it does not name, groups, and CLI lines', () => {
    expect(text('user list')).toContain('listUsers (KMU or CMU)  →  user list');
    expect(text('key share')).toContain('CMU shareKey H ID 1 / shareKey H ID 0');
    expect(text('quit')).toContain('logoutHSM; KMU exit, CMU quit  →  logout; quit');
    expect(text('cluster activate')).toContain('no equivalent in the command map');
    expect(text('key unwrap')).toMatch(/^key unwrap {2}\(CloudHSM CLI command group\)\n {2}Commands: key unwrap aes-gcm, /);
    expect(text('key list --filter attr.label=k1 --verbose')).toMatch(/^key list {2}\(CloudHSM CLI command\)/);
    expect(text('key lists')).toMatch(/^key {2}\(CloudHSM CLI command group\)/);
    expect(text('nothing-here')).toMatch(/^explain: nothing known about/);
  });
});
