/**
 * The host's openssl against OpenSSL 3.0.19 (/usr/bin/openssl): for everything deterministic —
 * digests, -text of fixed keys, -pubout, PEM/DER conversions, RSA PKCS #1 v1.5 signatures,
 * verification results, decryption — the same command line on the same files gives the same
 * standard output bytes, exit status and standard error (error lines' thread ids aside).
 * Random things (new keys, PSS/ECDSA signatures, encryption) are in openssl-interop.test.ts.
 */
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensslPresent, osslSandbox, realKeys, type OsslSandbox } from './openssl-sandbox';

const KEYS = {
  'rsa.pem': 'openssl genrsa -out rsa.pem 2048',
  'rsa1k.pem': 'openssl genrsa -out rsa1k.pem 1024',
  'rsa3.pem': 'openssl genrsa -3 -out rsa3.pem 1024',
  'ec256.pem': 'openssl ecparam -name prime256v1 -genkey -out ec256.pem',
  'ec224.pem': 'openssl ecparam -name secp224r1 -genkey -noout -out ec224.pem',
  'ec384.pem': 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ec384.pem',
  'ec521.pem': 'openssl ecparam -name secp521r1 -genkey -noout -out ec521.pem',
  'k1.pem': 'openssl ecparam -name secp256k1 -genkey -noout -out k1.pem',
  'dsa.pem': 'openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -pkeyopt dsa_paramgen_q_bits:256 -out p.pem 2>/dev/null && openssl genpkey -paramfile p.pem -out dsa.pem',
};

describe.runIf(opensslPresent())('openssl, differentially against OpenSSL 3.0.19', { timeout: 300_000 }, () => {
  let s: OsslSandbox;
  const PRIV = Object.keys(KEYS);
  beforeAll(async () => {
    const keys = realKeys(KEYS);
    s = await osslSandbox({
      ...keys,
      'msg': 'hello\n',
      'empty': '',
      'text': 'alpha beta\nBeta gamma\n',
      'binary': Uint8Array.from({ length: 3000 }, (_, i) => (i * 7 + 3) & 255),
      'notakey': '-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n',
    });
    await s.terminal.type('mkdir dir');
    s.real('mkdir dir');
    // the public halves, the traditional and DER forms, made by the real openssl and carried over
    const derived: string[] = [];
    for (const k of PRIV) {
      const b = k.replace('.pem', '');
      derived.push(`openssl pkey -in ${k} -pubout -out ${b}.pub`, `openssl pkey -in ${k} -outform DER -out ${b}.der`,
        `openssl pkey -in ${k} -pubout -outform DER -out ${b}.pub.der`, `openssl pkey -in ${k} -traditional -out ${b}.trad`);
    }
    derived.push('openssl dgst -sha256 -sign rsa.pem -out msg.sig msg', 'openssl dgst -sha1 -sign rsa1k.pem -out msg.sig1 msg',
      'openssl pkeyutl -encrypt -pubin -inkey rsa.pub -in msg -out msg.enc',
      'openssl pkeyutl -encrypt -pubin -inkey rsa.pub -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -in msg -out msg.oaep256',
      'openssl rsautl -encrypt -pubin -inkey rsa.pub -oaep -in msg -out msg.oaep1 2>/dev/null',
      'openssl dgst -sha256 -sign ec256.pem -out msg.ecsig msg', 'openssl dgst -sha384 -sign ec384.pem -out msg.ecsig384 msg',
      'openssl dgst -sha256 -sign dsa.pem -out msg.dsasig msg', 'openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sign rsa.pem -out msg.pss msg',
      'openssl dgst -sha256 -binary msg > msg.h', 'head -c 10 msg.sig > short.sig');
    for (const line of derived) {
      const r = s.real(line);
      if (r.status !== 0) throw new Error(`${line}: ${r.stderr}`);
    }
    for (const f of PRIV.flatMap((k) => ['.pub', '.der', '.pub.der', '.trad'].map((x) => k.replace('.pem', x)))
      .concat(['msg.sig', 'msg.sig1', 'msg.enc', 'msg.oaep256', 'msg.oaep1', 'msg.ecsig', 'msg.ecsig384', 'msg.dsasig', 'msg.pss', 'msg.h', 'short.sig'])) {
      await s.putOurs(f, s.realFile(f));
    }
  });
  afterAll(() => s?.dispose());
  /** The mismatches (also written to a file when OPENSSL_REPORT names one, to read them whole). */
  const report = async (lines: readonly string[]) => {
    const bad = await s.mismatches(lines);
    if (process.env.OPENSSL_REPORT) appendFileSync(process.env.OPENSSL_REPORT, bad.join('\n') + '\n');
    return bad;
  };

  it('dgst: every digest of files and standard input, -r, -c, -binary, missing files, unknown digests', async () => {
    const lines: string[] = [];
    for (const d of ['', '-sha1', '-sha224', '-sha256', '-sha384', '-sha512']) {
      lines.push(`openssl dgst ${d} msg`, `openssl dgst ${d} msg empty binary`, `openssl dgst ${d} < text`, `cat binary | openssl dgst ${d}`);
    }
    lines.push('openssl dgst -sha256 -r msg', 'openssl dgst -sha256 -c binary', 'openssl dgst -sha512 -binary msg', 'openssl dgst -sha256 -hex msg',
      'openssl dgst -sha256 missing', 'openssl dgst -sha1 msg missing empty', 'openssl dgst -bogus msg',
      'openssl dgst -sha256 -out dgst.txt msg; cat dgst.txt', 'openssl dgst -sha256 -sha1 msg');
    expect(await report(lines)).toEqual([]);
  });

  it('pkey / rsa / ec: -pubout, -text, -noout, -traditional, PEM and DER both ways, every key type', async () => {
    const lines: string[] = [];
    for (const k of PRIV) {
      const b = k.replace('.pem', '');
      lines.push(`openssl pkey -in ${k}`, `openssl pkey -in ${k} -pubout`, `openssl pkey -in ${k} -text -noout`, `openssl pkey -in ${k} -text`,
        `openssl pkey -in ${k} -pubout -text`, `openssl pkey -in ${k} -text_pub -noout`, `openssl pkey -in ${k} -traditional`,
        `openssl pkey -in ${k} -outform DER`, `openssl pkey -in ${k} -pubout -outform DER`, `openssl pkey -in ${b}.der`, `openssl pkey -inform DER -in ${b}.der -pubout`,
        `openssl pkey -in ${b}.trad`, `openssl pkey -pubin -in ${b}.pub`, `openssl pkey -pubin -in ${b}.pub -text -noout`, `openssl pkey -pubin -in ${b}.pub.der -outform PEM`,
        `openssl pkey -pubin -in ${b}.pub -outform DER`, `openssl pkey -in ${k} -pubout -out ${b}.o; cat ${b}.o`);
    }
    for (const k of ['rsa.pem', 'rsa1k.pem', 'rsa3.pem']) {
      lines.push(`openssl rsa -in ${k} -pubout`, `openssl rsa -in ${k}`, `openssl rsa -in ${k} -text -noout`, `openssl rsa -in ${k} -traditional`,
        `openssl rsa -in ${k} -modulus -noout`, `openssl rsa -in ${k} -outform PEM -pubout -out o.pub; cat o.pub`, `openssl rsa -in ${k} -text -pubout`);
    }
    lines.push('openssl rsa -pubin -in rsa.pub', 'openssl rsa -pubin -in rsa.pub -text -noout', 'openssl rsa -in ec256.pem');
    for (const k of ['ec256.pem', 'ec224.pem', 'ec384.pem', 'ec521.pem', 'k1.pem']) {
      lines.push(`openssl ec -in ${k} -pubout`, `openssl ec -in ${k}`, `openssl ec -in ${k} -text -noout`, `openssl ec -in ${k} -outform DER`, `openssl ec -in ${k} -text`);
    }
    lines.push('openssl ec -pubin -in ec256.pub', 'openssl ec -in rsa1k.pem', 'cat rsa.pem | openssl pkey -pubout', 'openssl pkey < msg', 'openssl pkey < empty',
      'openssl rsa -pubout < rsa1k.pem', 'openssl ec -text -noout < ec224.pem', 'openssl pkey -pubin -text -noout < dsa.pub');
    expect(await report(lines)).toEqual([]);
  });

  it('key commands: missing files, files that hold no key, the wrong kind of key, bad options', async () => {
    expect(await report([
      'openssl pkey -in missing', 'openssl pkey -in msg', 'openssl pkey -in dir', 'openssl pkey -in rsa.pub', 'openssl pkey -pubin -in rsa.pem',
      'openssl pkey -pubin -in missing', 'openssl pkey -pubin -in msg', 'openssl pkey -in notakey', 'openssl rsa -in missing', 'openssl rsa -in msg',
      'openssl rsa -in rsa.pub', 'openssl ec -in missing', 'openssl ec -in msg', 'openssl ec -in ec256.pub', 'openssl pkey -bogus', 'openssl pkey -in',
      'openssl pkey extra', 'openssl rsa -bogus', 'openssl ec -bogus', 'openssl pkey -in rsa.pem -outform XX', 'openssl pkey -in rsa.pem -out nodir/x',
      'openssl foo', 'openssl genrsa extra1 extra2', 'openssl genrsa abc', 'openssl genrsa 100', 'openssl genrsa -bogus', 'openssl ecparam -bogus',
      'openssl ecparam -name foo -genkey', 'openssl ecparam -name prime256v1', 'openssl ecparam -name secp384r1 -outform DER',
      'openssl genpkey', 'openssl genpkey -algorithm FOO', 'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:100', 'openssl genpkey -algorithm EC',
      'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:foo', 'openssl genpkey -algorithm RSA -pkeyopt foo:1',
      'openssl version', 'openssl version -x', 'openssl version extra',
    ])).toEqual([]);
  });

  it('dgst -sign (PKCS #1 v1.5 is deterministic) and -verify of every kind of signature, good and bad', async () => {
    expect(await report([
      'openssl dgst -sha256 -sign rsa.pem msg', 'openssl dgst -sha1 -sign rsa1k.pem -hex msg', 'openssl dgst -sha512 -sign rsa3.pem msg',
      'openssl dgst -sign rsa.pem -hex msg', 'openssl dgst -sha256 -sign rsa.pem -out s.bin msg; openssl dgst -sha256 -verify rsa.pub -signature s.bin msg',
      'openssl dgst -sha256 -verify rsa.pub -signature msg.sig msg', 'openssl dgst -sha256 -verify rsa.pub -signature msg.sig text',
      'openssl dgst -sha1 -verify rsa.pub -signature msg.sig msg', 'openssl dgst -sha256 -verify rsa1k.pub -signature msg.sig1 msg',
      'openssl dgst -sha1 -verify rsa1k.pub -signature msg.sig1 msg', 'openssl dgst -sha256 -verify rsa.pub -signature short.sig msg',
      'openssl dgst -sha256 -verify rsa.pub -signature msg.ecsig msg', 'openssl dgst -sha256 -prverify rsa.pem -signature msg.sig msg',
      'openssl dgst -sha256 -verify ec256.pub -signature msg.ecsig msg', 'openssl dgst -sha256 -verify ec256.pub -signature msg.ecsig text',
      'openssl dgst -sha256 -verify ec256.pub -signature msg.sig msg', 'openssl dgst -sha384 -verify ec384.pub -signature msg.ecsig384 msg',
      'openssl dgst -sha256 -verify dsa.pub -signature msg.dsasig msg', 'openssl dgst -sha256 -verify dsa.pub -signature msg.dsasig text',
      'openssl dgst -sha256 -sigopt rsa_padding_mode:pss -verify rsa.pub -signature msg.pss msg',
      'openssl dgst -sha256 -sigopt rsa_padding_mode:pss -verify rsa.pub -signature msg.pss text',
      'openssl dgst -sha256 -sigopt rsa_padding_mode:pss -verify rsa.pub -signature msg.sig msg',
      'openssl dgst -sha256 -verify rsa.pub -signature msg.pss msg',
      'openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest -verify rsa.pub -signature msg.pss msg',
      'openssl dgst -sha256 -sigopt rsa_pss_saltlen:digest -verify rsa.pub -signature msg.pss msg', 'openssl dgst -sha256 -sigopt foo:bar -verify rsa.pub -signature msg.sig msg',
      'openssl dgst -sha256 -verify rsa.pub msg', 'openssl dgst -sha256 -verify rsa.pub -signature missing msg', 'openssl dgst -sha256 -verify rsa.pub -signature empty msg',
      'openssl dgst -sha256 -verify rsa.pub -signature msg.sig missing', 'openssl dgst -sha256 -verify rsa.pub -signature msg.sig msg msg',
      'openssl dgst -sha256 -verify missing -signature msg.sig msg', 'openssl dgst -sha256 -verify rsa.pem -signature msg.sig msg',
      'openssl dgst -sha256 -sign missing msg', 'openssl dgst -sha256 -sign rsa.pub msg',
      'openssl dgst -sha256 -verify rsa.pub -signature msg.sig -out v.txt msg; cat v.txt',
    ])).toEqual([]);
  });

  it('pkeyutl and rsautl: decryption, digest signatures, verification, and their errors', async () => {
    expect(await report([
      'openssl pkeyutl -decrypt -inkey rsa.pem -in msg.enc', 'openssl pkeyutl -decrypt -inkey rsa.pem -in msg.oaep256',
      'openssl pkeyutl -decrypt -inkey rsa.pem -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -in msg.oaep256',
      'openssl pkeyutl -decrypt -inkey rsa.pem -pkeyopt rsa_padding_mode:oaep -in msg.oaep256', 'openssl pkeyutl -decrypt -inkey rsa.pem -pkeyopt rsa_padding_mode:oaep -in msg.oaep1',
      'openssl rsautl -decrypt -inkey rsa.pem -oaep -in msg.oaep1', 'openssl rsautl -decrypt -inkey rsa.pem -in msg.enc', 'openssl rsautl -decrypt -inkey rsa.pem -in msg.oaep1',
      'openssl pkeyutl -decrypt -inkey rsa.pem -in msg.enc -out dec; cat dec', 'openssl pkeyutl -decrypt -inkey rsa.pem -pkeyopt rsa_padding_mode:foo -in msg.enc',
      'openssl pkeyutl -sign -inkey rsa.pem -pkeyopt digest:sha256 -keyform PEM -in msg.h', 'openssl pkeyutl -sign -inkey rsa.pem -in msg',
      'openssl pkeyutl -sign -inkey rsa.pem -pkeyopt digest:sha256 -in msg', 'openssl pkeyutl -sign -inkey rsa.pem -in binary',
      'openssl pkeyutl -verify -pubin -inkey rsa.pub -pkeyopt digest:sha256 -in msg.h -sigfile msg.sig',
      'openssl pkeyutl -verify -inkey rsa.pem -pkeyopt digest:sha256 -in msg.h -sigfile msg.sig',
      'openssl pkeyutl -verify -pubin -inkey rsa.pub -pkeyopt digest:sha256 -in msg -sigfile msg.sig', 'openssl pkeyutl -verify -pubin -inkey rsa.pub -in msg.h -sigfile msg.sig',
      'openssl pkeyutl -verify -pubin -inkey rsa.pub -in msg.h', 'openssl pkeyutl -verify -pubin -inkey rsa.pub -in msg.h -sigfile missing',
      'openssl pkeyutl -encrypt -pubin -inkey rsa1k.pub -in binary', 'openssl pkeyutl -encrypt -pubin -inkey rsa1k.pub -pkeyopt rsa_padding_mode:oaep -in binary',
      'openssl pkeyutl -encrypt -inkey missing -in msg', 'openssl pkeyutl -encrypt -inkey rsa.pub -in msg', 'openssl pkeyutl -encrypt -pubin -inkey rsa.pub -in missing',
      'openssl pkeyutl -in msg', 'openssl pkeyutl -decrypt -pubin -inkey rsa.pub -in msg.enc', 'openssl pkeyutl -bogus', 'openssl pkeyutl -in', 'openssl pkeyutl x',
      'openssl rsautl -sign -inkey rsa.pem -in msg', 'openssl rsautl -sign -inkey rsa.pem -in msg -out r.sig; openssl rsautl -verify -pubin -inkey rsa.pub -in r.sig',
      'openssl rsautl -verify -pubin -inkey rsa.pub -in msg', 'openssl rsautl -encrypt -pubin -inkey rsa1k.pub -in binary', 'openssl rsautl -bogus',
      'openssl rsautl -encrypt -inkey rsa.pub -in msg', 'openssl rsautl -encrypt -pubin -inkey missing -in msg',
      'openssl rsautl -encrypt -in msg', 'openssl rsautl -sign -pubin -inkey rsa.pub -in msg', 'openssl pkeyutl -sign -pubin -inkey rsa.pub -in msg',
      'openssl pkeyutl -decrypt -inkey rsa.pem -in missing', 'openssl pkeyutl -decrypt -inkey rsa.pem < msg.enc', 'cat msg.h | openssl pkeyutl -sign -inkey rsa.pem -pkeyopt digest:sha256', 'openssl rsautl -decrypt -inkey rsa.pem -in missing',
    ])).toEqual([]);
  });
});
