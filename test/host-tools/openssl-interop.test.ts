/**
 * The host's openssl and OpenSSL 3.0.19 on random things (issue 12 point 5): keys the playground
 * generates load in the real openssl, which re-encodes them to the same bytes; signatures made by
 * one verify with the other (RSA PKCS #1 v1.5 and PSS, ECDSA on the five curves); what one
 * encrypts (PKCS #1 v1.5, OAEP with SHA-1/256/384/512) the other decrypts. In seeded mode the
 * host's keys repeat; the guide's check end to end: key_mgmt_util genRSAKeyPair, exportPubKey and
 * sign, then `openssl dgst -sha256 -verify pub.pem -signature sig msg` → `Verified OK`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensslPresent, osslSandbox, type OsslSandbox } from './openssl-sandbox';

const CURVES = ['prime256v1', 'secp224r1', 'secp384r1', 'secp521r1', 'secp256k1'];
const text = (b: Uint8Array | undefined) => Buffer.from(b ?? new Uint8Array(0)).toString('latin1');

describe.runIf(opensslPresent())('openssl: what the playground makes, OpenSSL 3.0.19 reads, and the reverse', { timeout: 600_000 }, () => {
  let s: OsslSandbox;
  /** Run in the playground; its output and status. */
  const ours = async (line: string) => {
    const o = await s.ours(line);
    return o;
  };
  /** Carry a file from the playground to the real side. */
  const carry = async (name: string) => {
    const data = await s.ourFile(name);
    if (!data) throw new Error(`the playground has no ${name}`);
    s.putReal(name, data);
    return data;
  };
  /** Carry a file from the real side to the playground. */
  const bring = async (name: string) => {
    const data = s.realFile(name);
    await s.putOurs(name, data);
    return data;
  };

  beforeAll(async () => {
    s = await osslSandbox({ msg: 'hello\n', 'token.bin': 'unsigned token\n' });
  });
  afterAll(() => s?.dispose());

  it('genrsa, genpkey and ecparam -genkey: keys the real openssl checks and writes back byte for byte', async () => {
    const made: Array<[string, string]> = [
      ['openssl genrsa -out r2048.pem', 'r2048.pem'],
      ['openssl genrsa -F4 -out r3072.pem 3072', 'r3072.pem'],
      ['openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2304 -pkeyopt rsa_keygen_pubexp:195193 -out gp.pem', 'gp.pem'],
      ['openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out gpe.pem', 'gpe.pem'],
      ...CURVES.map((c): [string, string] => [`openssl ecparam -name ${c} -genkey -noout -out ${c}.pem`, `${c}.pem`]),
    ];
    for (const [line, file] of made) {
      const o = await ours(line);
      expect(o, line).toEqual({ stdout: '', stderr: '', status: 0 });
      const data = await carry(file);
      const check = s.real(`openssl pkey -in ${file} -check -noout`);
      expect(check, line).toEqual({ stdout: 'Key is valid\n', stderr: '', status: 0 });
      // the real openssl writes the key back in the same form: PKCS #8 for genrsa/genpkey, SEC 1 for ecparam
      const back = file.startsWith('r') || file.startsWith('gp') ? s.real(`openssl pkey -in ${file}`) : s.real(`openssl ec -in ${file} 2>/dev/null`);
      expect(back.stdout, line).toBe(text(data));
    }
    expect(s.real('openssl rsa -in gp.pem -text -noout | grep publicExponent').stdout).toBe('publicExponent: 195193 (0x2fa79)\n');
    expect(s.real('openssl rsa -in r2048.pem -text -noout | head -1').stdout).toBe('Private-Key: (2048 bit, 2 primes)\n');
    expect(s.real('openssl rsa -in r3072.pem -text -noout | head -1').stdout).toBe('Private-Key: (3072 bit, 2 primes)\n');
    // sizes and exponents OpenSSL makes and the HSM's engines do not: said so, nothing written
    for (const line of ['openssl genrsa -out no.pem 1024', 'openssl genrsa -3 -out no.pem', 'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out no.pem']) {
      const o = await ours(line);
      expect(o.status, line).toBe(1);
      expect(o.stderr, line).toMatch(/this playground makes RSA keys/);
      expect(await s.ourFile('no.pem'), line).toBeUndefined();
    }
    // with the EC PARAMETERS block, as 3.0 writes it without -noout
    expect((await ours('openssl ecparam -name secp384r1 -genkey -out withparams.pem')).status).toBe(0);
    const wp = text(await carry('withparams.pem'));
    expect(wp).toBe(s.real('openssl ecparam -name secp384r1').stdout + s.real('openssl ec -in withparams.pem 2>/dev/null').stdout);
    // and what the real openssl makes, the playground re-encodes as the real one does (the deterministic test covers more)
    s.real('openssl genrsa -out real.pem 1024 && openssl ecparam -name prime256v1 -genkey -out realec.pem');
    await bring('real.pem');
    await bring('realec.pem');
    expect(await s.mismatches(['openssl pkey -in real.pem -pubout', 'openssl ec -in realec.pem', 'openssl pkey -in realec.pem -text -noout'])).toEqual([]);
  });

  it('signatures: the playground\'s verify with OpenSSL, OpenSSL\'s with the playground, every curve and hash', async () => {
    await ours('openssl genrsa -out sk.pem 2048');
    await ours('openssl pkey -in sk.pem -pubout -out sk.pub');
    await carry('sk.pem');
    await carry('sk.pub');
    for (const c of CURVES) {
      if (!(await s.ourFile(`${c}.pem`))) await ours(`openssl ecparam -name ${c} -genkey -noout -out ${c}.pem`);
      await ours(`openssl ec -in ${c}.pem -pubout -out ${c}.pub`);
      await carry(`${c}.pem`);
      await carry(`${c}.pub`);
    }
    const bad: string[] = [];
    const both = async (signLine: (sig: string) => string, verifyLine: (sig: string) => string, sig: string) => {
      // the playground signs, the real openssl verifies
      const o = await ours(signLine(sig));
      if (o.status !== 0) bad.push(`ours: ${signLine(sig)}: ${o.stderr}`);
      await carry(sig);
      const r = s.real(verifyLine(sig));
      if (r.stdout !== 'Verified OK\n' || r.status !== 0) bad.push(`real: ${verifyLine(sig)}: ${r.stdout}${r.stderr}`);
      // the real openssl signs, the playground verifies
      s.real(signLine(`${sig}.real`));
      await bring(`${sig}.real`);
      const v = await ours(verifyLine(`${sig}.real`));
      if (v.stdout !== 'Verified OK\n' || v.status !== 0) bad.push(`ours: ${verifyLine(`${sig}.real`)}: ${v.stdout}${v.stderr}`);
    };
    for (const h of ['sha1', 'sha224', 'sha256', 'sha384', 'sha512']) {
      await both((x) => `openssl dgst -${h} -sign sk.pem -out ${x} msg`, (x) => `openssl dgst -${h} -verify sk.pub -signature ${x} msg`, `rsa.${h}`);
      await both((x) => `openssl dgst -${h} -sigopt rsa_padding_mode:pss -sign sk.pem -out ${x} msg`,
        (x) => `openssl dgst -${h} -sigopt rsa_padding_mode:pss -verify sk.pub -signature ${x} msg`, `pss.${h}`);
      for (const c of CURVES) {
        await both((x) => `openssl dgst -${h} -sign ${c}.pem -out ${x} msg`, (x) => `openssl dgst -${h} -verify ${c}.pub -signature ${x} msg`, `${c}.${h}`);
      }
    }
    // the guide's quorum tokens: pkeyutl signs a SHA-256 digest
    s.real('openssl dgst -sha256 -binary token.bin > token.h');
    await bring('token.h');
    await both((x) => `openssl pkeyutl -sign -inkey sk.pem -pkeyopt digest:sha256 -keyform PEM -in token.h -out ${x}`,
      (x) => `openssl dgst -sha256 -verify sk.pub -signature ${x} token.bin`, 'token.sig');
    expect(bad).toEqual([]);
  });

  it('encryption: what one side encrypts the other decrypts, PKCS #1 v1.5 and OAEP with every hash', async () => {
    await ours('openssl genrsa -out ek.pem 2048');
    await ours('openssl rsa -in ek.pem -pubout -out ek.pub');
    await carry('ek.pem');
    await carry('ek.pub');
    const bad: string[] = [];
    const modes = [
      ['openssl pkeyutl -encrypt -pubin -inkey ek.pub', 'openssl pkeyutl -decrypt -inkey ek.pem'],
      ...['sha1', 'sha256', 'sha384', 'sha512'].map((h) => {
        const o = `-pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:${h}`;
        return [`openssl pkeyutl -encrypt -pubin -inkey ek.pub ${o}`, `openssl pkeyutl -decrypt -inkey ek.pem ${o}`];
      }),
      ['openssl rsautl -encrypt -pubin -inkey ek.pub -oaep', 'openssl rsautl -decrypt -inkey ek.pem -oaep'],
      ['openssl rsautl -encrypt -pubin -inkey ek.pub', 'openssl rsautl -decrypt -inkey ek.pem'],
    ];
    for (const [i, [enc, dec]] of modes.entries()) {
      const o = await ours(`${enc} -in msg -out c${i}`);
      if (o.status !== 0) bad.push(`ours: ${enc}: ${o.stderr}`);
      await carry(`c${i}`);
      const r = s.real(`${dec} -in c${i} 2>/dev/null`);
      if (r.stdout !== 'hello\n') bad.push(`real: ${dec} of ours: ${JSON.stringify(r.stdout)}`);
      s.real(`${enc} -in msg -out r${i} 2>/dev/null`);
      await bring(`r${i}`);
      const v = await ours(`${dec} -in r${i}`);
      if (v.stdout !== 'hello\n' || v.status !== 0) bad.push(`ours: ${dec} of real: ${JSON.stringify(v)}`);
    }
    // two encryptions of the same message differ (random padding), as OpenSSL's do
    await ours('openssl pkeyutl -encrypt -pubin -inkey ek.pub -in msg -out again');
    expect(text(await s.ourFile('again'))).not.toBe(text(await s.ourFile('c0')));
    expect(bad).toEqual([]);
  });

  it('seeded mode: the same seed makes the same keys and PSS signatures; without a seed they differ', async () => {
    const run = async (seed: string) => {
      await s.terminal.type(`settings seed ${seed}`);
      await ours('openssl genrsa -out seeded.pem');
      await ours('openssl ecparam -name prime256v1 -genkey -noout -out seeded-ec.pem');
      await ours('openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sign seeded.pem -out seeded.sig msg');
      return [text(await s.ourFile('seeded.pem')), text(await s.ourFile('seeded-ec.pem')), text(await s.ourFile('seeded.sig'))];
    };
    const a = await run('7');
    const b = await run('7');
    const c = await run('8');
    const d = await run('random');
    const e = await run('random');
    expect(b).toEqual(a);
    for (const k of [0, 1, 2]) {
      expect(c[k]).not.toBe(a[k]);
      expect(e[k]).not.toBe(d[k]);
    }
    await carry('seeded.pem');
    expect(s.real('openssl pkey -in seeded.pem -check -noout').stdout).toBe('Key is valid\n');
  });

  it('the guide\'s check: key_mgmt_util signs, the host\'s openssl verifies the signature with the exported public key', async () => {
    const t = s.terminal;
    await t.type('settings seed random');
    await t.type('key_mgmt_util');
    expect(await t.type('loginHSM -u CU -s example_user -p example_pwd')).toContain('SUCCESS');
    const gen = await t.type('genRSAKeyPair -m 2048 -e 65537 -l guide_rsa');
    const m = /public key handle: (\d+)\s+private key handle: (\d+)/.exec(gen);
    expect(m, gen).not.toBeNull();
    expect(await t.type(`exportPubKey -k ${m![1]} -out guide_pub.pem`)).toContain('SUCCESS');
    expect(await t.type(`sign -f msg -k ${m![2]} -m 1 -out guide.sig`)).toContain('SUCCESS');
    await t.type('exit');
    expect(await t.type('openssl dgst -sha256 -verify guide_pub.pem -signature guide.sig msg')).toBe('Verified OK\n');
    expect(await t.type('openssl dgst -sha256 -verify guide_pub.pem -signature guide.sig token.bin'))
      .toMatch(/^Verification failure\n40E7A1C0DE7F0000:error:02000068:rsa routines:ossl_rsa_verify:bad signature:/);
    // and the real openssl agrees
    await carry('guide_pub.pem');
    await carry('guide.sig');
    expect(s.real('openssl dgst -sha256 -verify guide_pub.pem -signature guide.sig msg').stdout).toBe('Verified OK\n');
  });
});
