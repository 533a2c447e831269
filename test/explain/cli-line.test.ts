/**
 * `explain <a whole KMU/CMU line>` → the CloudHSM CLI line with the learner's values (issue 16
 * item 4; cloudhsm-cli.md §7.1, §5.2 key references, §5.3 no-equivalent cases).
 */
import { describe, expect, it } from 'vitest';
import { explainLines } from '../../src/commands/explain/index';
import { LINE_RULES, translateLine } from '../../src/commands/explain/kmu-line';

const cli = (...words: string[]) => translateLine(words)?.cli;
const out = (...words: string[]) => explainLines(words).join('\n');

describe('explain translates a KMU line into the CLI line, with the typed values', () => {
  it('genSymKey: -t 31 -s 32 as aes --key-length-bytes 32, -l as --label (the §7.1 order)', () => {
    expect(out('genSymKey', '-t', '31', '-s', '32', '-l', 'k1')).toBe([
      'genSymKey -t 31 -s 32 -l k1  (key_mgmt_util line)',
      '  CloudHSM CLI: key generate-symmetric aes --label k1 --key-length-bytes 32',
    ].join('\n'));
    expect(cli('genSymKey', '-l', 'k1', '-s', '24', '-t', '16')).toBe('key generate-symmetric generic-secret --label k1 --key-length-bytes 24');
  });

  it('creation flags: -sess, -nex, -id, -u (§7.1 row 11), quoting of values with blanks (§2.1)', () => {
    expect(cli('genSymKey', '-t', '31', '-s', '16', '-l', 'my key', '-sess', '-nex', '-id', 'IT-02', '-u', '4,5'))
      .toBe('key generate-symmetric aes --label "my key" --key-length-bytes 16 --session --attributes extractable=false id=0x49542d3032 --share-crypto-users <name-of-user-4> <name-of-user-5>');
    expect(cli('genRSAKeyPair', '-m', '2048', '-e', '65537', '-l', 'sig-key'))
      .toBe('key generate-asymmetric-pair rsa --modulus-size-bits 2048 --public-exponent 65537 --public-label sig-key --private-label sig-key');
    expect(cli('genECCKeyPair', '-i', '14', '-l', 'ec-key')).toBe('key generate-asymmetric-pair ec --curve secp384r1 --public-label ec-key --private-label ec-key');
    expect(cli('genSymKey', '-t', '31', '-s', '16', '-l', 'a"b\\c')).toBe('key generate-symmetric aes --label "a\\"b\\\\c" --key-length-bytes 16');
  });

  it('handles become key references 0x%016x (§5.2)', () => {
    expect(cli('wrapKey', '-k', '7', '-w', '6', '-m', '5', '-noheader', '-out', 'payload.kmu'))
      .toBe('key wrap aes-no-pad --payload-filter key-reference=0x0000000000000007 --wrapping-filter key-reference=0x0000000000000006 --path payload.kmu');
    expect(cli('deleteKey', '-k', '262177')).toBe('key delete --filter key-reference=0x0000000000040021');
    expect(cli('getKeyInfo', '-k', '6')).toBe('key list --filter key-reference=0x0000000000000006 --verbose');
    expect(cli('getAttribute', '-o', '6', '-a', '512', '-out', 'attr')).toBe('key list --filter key-reference=0x0000000000000006 --verbose');
    expect(cli('setAttribute', '-o', '524295', '-a', '1')).toBe('key set-attribute --filter key-reference=0x0000000000080007 --name token --value true');
    expect(cli('exportPubKey', '-k', '9', '-out', 'pub.pem')).toBe('key generate-file --encoding pem --path pub.pem --filter key-reference=0x0000000000000009');
    expect(cli('getCaviumPrivKey', '-k', '10', '-out', 'fake.pem')).toBe('key generate-file --encoding reference-pem --path fake.pem --filter key-reference=0x000000000000000a');
  });

  it('sign/verify: -m carries the hash (§7.1: 1 = SHA256_RSA_PKCS)', () => {
    expect(cli('sign', '-f', 'msg.txt', '-k', '10', '-m', '1', '-out', 'msg.kmu.sig'))
      .toBe('crypto sign rsa-pkcs --key-filter key-reference=0x000000000000000a --hash-function sha256 --data-path msg.txt');
    expect(cli('verify', '-f', 'msg.txt', '-s', 'msg.ec.der', '-k', '11', '-m', '17'))
      .toBe('crypto verify ecdsa --key-filter key-reference=0x000000000000000b --hash-function sha256 --data-path msg.txt --signature-path msg.ec.der');
    expect(cli('sign', '-f', 'm', '-k', '10', '-m', '8')).toBe('crypto sign rsa-pkcs-pss --key-filter key-reference=0x000000000000000a --hash-function sha512 --data-path m');
  });

  it('findKey becomes key list filters; -sess 1 is attr.token=false (§5.4)', () => {
    expect(cli('findKey', '-kcv', 'ABCDEF', '-sess', '1', '-t', '31', '-c', '4', '-l', 'x'))
      .toBe('key list --filter attr.label=x attr.class=secret-key attr.key-type=aes attr.check-value=0xabcdef attr.token=false');
    expect(cli('findKey')).toBe('key list');
  });

  it('unWrapKey: -kt/-kc become --key-type-class', () => {
    expect(cli('unWrapKey', '-f', 'payload.kmu', '-w', '6', '-m', '5', '-noheader', '-l', 'copy', '-kc', '4', '-kt', '31'))
      .toBe('key unwrap aes-no-pad --filter key-reference=0x0000000000000006 --data-path payload.kmu --label copy --key-type-class aes');
    expect(cli('unWrapKey', '-f', 'k', '-w', '6', '-m', '4', '-l', 'r', '-kc', '3', '-kt', '0')).toContain('--key-type-class rsa-private');
  });

  it('CMU lines (positional words)', () => {
    expect(cli('loginHSM', 'CU', 'example_user', 'example_pwd')).toBe('login --username example_user --role crypto-user --password example_pwd');
    expect(cli('loginHSM', 'CO', 'admin', 'co12345')).toBe('login --username admin --role admin --password co12345');
    expect(cli('loginHSM', '-u', 'CU', '-s', 'example_user', '-p', 'example_pwd')).toBe('login --username example_user --role crypto-user --password example_pwd');
    expect(cli('shareKey', '6', '4', '1')).toBe('key share --filter key-reference=0x0000000000000006 --username <name-of-user-4> --role crypto-user');
    expect(cli('shareKey', '6', '4', '0')).toBe('key unshare --filter key-reference=0x0000000000000006 --username <name-of-user-4> --role crypto-user');
    expect(cli('createUser', 'CU', 'alice', 'alice_pwd')).toBe('user create --username alice --role crypto-user --password alice_pwd');
    expect(cli('deleteUser', 'CU', 'alice')).toBe('user delete --username alice --role crypto-user');
    expect(cli('setAttribute', '6', '3', 'new label')).toBe('key set-attribute --filter key-reference=0x0000000000000006 --name label --value "new label"');
    expect(cli('setAttribute', '6', '262', '0')).toBe('key set-attribute --filter key-reference=0x0000000000000006 --name wrap --value false');
  });

  it('a flag it cannot carry over is named, not silently dropped', () => {
    const t = translateLine(['genSymKey', '-t', '31', '-s', '16', '-l', 'k', '-attest', '-bogus'])!;
    expect(t.cli).toBe('key generate-symmetric aes --label k --key-length-bytes 16');
    expect(t.notes).toEqual(['-bogus: not a genSymKey flag this table knows; left out', '-attest: the CLI has no attestation flag']);
    expect(cli('wrapKey', '-k', '7', '-w', '6')).toBe('key wrap <mechanism> --payload-filter key-reference=0x0000000000000007 --wrapping-filter key-reference=0x0000000000000006');
  });
});

describe('explain says when a line has no CLI equivalent, and why', () => {
  it('genDSAKeyPair and 3DES (§5.3)', () => {
    expect(out('genDSAKeyPair', '-m', '2048', '-l', 'd')).toMatch(/^genDSAKeyPair -m 2048 -l d {2}\(key_mgmt_util line\)\n {2}CloudHSM CLI: no equivalent — DSA keys have no CloudHSM CLI command \(cloudhsm-cli\.md §5\.3\)/);
    expect(out('genSymKey', '-t', '21', '-s', '24', '-l', 'd')).toMatch(/CloudHSM CLI: no equivalent — 3DES keys cannot be generated in the CloudHSM CLI \(cloudhsm-cli\.md §5\.3\)/);
  });

  it('plaintext import/export and the other §7.1 last-row commands', () => {
    expect(out('imSymKey', '-f', 'k', '-w', '6', '-t', '31', '-l', 'x')).toContain('no equivalent — the CloudHSM CLI never moves key material in plaintext: wrap the key outside the HSM, then key unwrap');
    for (const c of ['exSymKey', 'exportPrivateKey', 'aesWrapUnwrap', 'genPBEKey', 'Error2String', 'importPrivateKey', 'extractMaskedObject']) {
      expect(translateLine([c, '-k', '6'])?.cli, c).toBeNull();
    }
  });

  it('hostile words do not reach Object.prototype', () => {
    expect(translateLine(['constructor', '-x'])).toBeUndefined();
    expect(translateLine(['genSymKey', '-t', '31', '__proto__', 'x'])?.cli).toBe('key generate-symmetric aes');
    expect(cli('findKey', '-c', 'toString')).toBe('key list');
    expect(out('__proto__', 'x')).toMatch(/^explain: nothing known/);
  });

  it('every rule table has distinct flags and a CLI path', () => {
    for (const r of LINE_RULES) {
      expect(r.path.length, r.command).toBeGreaterThan(0);
      const flags = r.rules.map((x) => x.flag);
      // -m of sign/verify has two rules (path, then --hash-function)
      expect(flags.filter((f, i) => flags.indexOf(f) !== i && f !== '-m'), r.command).toEqual([]);
    }
  });
});

describe('explain of a line in the consoles', () => {
  it('host shell, key_mgmt_util and cloudhsm_mgmt_util all translate the typed line', async () => {
    const { openTerminal } = await import('../support/transcript');
    const t = await openTerminal();
    expect(await t.type('explain genSymKey -t 31 -s 32 -l "my key"')).toBe([
      'genSymKey -t 31 -s 32 -l "my key"  (key_mgmt_util line)',
      '  CloudHSM CLI: key generate-symmetric aes --label "my key" --key-length-bytes 32',
      '',
    ].join('\n'));
    await t.type('key_mgmt_util');
    expect(await t.type('explain deleteKey -k 6')).toContain('CloudHSM CLI: key delete --filter key-reference=0x0000000000000006\n');
    await t.type('exit');
    await t.type('cloudhsm_mgmt_util');
    expect(await t.type('explain shareKey 6 4 0')).toContain('CloudHSM CLI: key unshare --filter key-reference=0x0000000000000006 --username <name-of-user-4> --role crypto-user\n');
  });
});
