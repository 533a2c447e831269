/**
 * The property test's pieces (issue 4, ported to fast-check in issue 9): the arbitraries of random
 * command lines for the host shell, key_mgmt_util and cloudhsm_mgmt_util, the arbitrary of one
 * run (exactly `length` steps, shrinking like fast-check's `fc.commands`), the playground every
 * run starts from, the store invariants checked after every line and the coverage it counts.
 * random-lines.test.ts runs it; shrink.test.ts shows that a failure shrinks and replays.
 *
 * A step carries one line for each state the console can be in (host prompt, key_mgmt_util logged
 * in or out, cloudhsm_mgmt_util, the CloudHSM CLI logged in or out, and an answer for each kind of
 * question); every JSON output of the CLI must parse as its envelope (cliJsonProblem); the run types the one
 * that fits the prompt it meets. So every step types exactly one line, the line fits where it is
 * typed (as the hand-rolled generator's did), and shrinking a step changes only what that step
 * types. Handles are chosen when the line is typed (`@n` picks among the handles seen so far),
 * since which keys exist depends on the lines before.
 *
 * One line in ten at each prompt is built from the program's own tables instead (every command of
 * Program.commands(), so a new command is covered without editing this file) with hostile tokens in
 * some of its positions (issue 11): prototype names, C0/C1 controls, bidi and zero-width characters,
 * numbers around 2^53 and 2^64, lists of 10,000 elements, very long words.
 *
 * The engine reads through the cache, as on the page; after every line the records written are read
 * from the store under the cache and must pass the damage check (recordProblem) — nothing is ever
 * written that the next read would call damaged — and the cache must show the same revision of them.
 */
import { createCipheriv, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { expect } from 'vitest';
import { A, KEY_TYPE } from '../../src/hsm/attributes';
import type { ClusterRecord, KeyRecord, UserRecord } from '../../src/hsm/model';
import type { Scenario } from '../../src/hsm/scenario';
import { findKmuCommand, KMU_COMMANDS, type KmuCommand } from '../../src/commands/kmu/index';
import { findCmuCommand } from '../../src/commands/cmu/index';
import type { Console } from '../../src/shell/console';
import { createMemoryBackend } from '../../src/hsm/memory-backend';
import { cachedBackend } from '../../src/hsm/cached-backend';
import { recordProblem } from '../../src/hsm/validate';
import { PROGRAMS } from '../../src/commands/programs';
import type { ProgramCommandInfo, ProgramId } from '../../src/commands/program';
import { flagValueKind, type ArgSpec, type ValueKind } from '../../src/commands/flags';
import { STORE_NAMES, type Backend, type StoreName, type StoredRecord, type Write } from '../../src/hsm/store';
import { openTerminal, type Terminal } from '../support/transcript';
import { CLI_PROMPT } from '../../src/commands/cli/program';

interface User { name: string; password: string; type: string }

export const USERS: readonly User[] = [
  { name: 'example_user', password: 'example_pwd', type: 'CU' },
  { name: 'alice', password: 'alice_pwd', type: 'CU' },
  { name: 'bob', password: 'bob_pwd1', type: 'CU' },
  { name: 'admin', password: 'co12345', type: 'CO' },
  { name: 'officer', password: 'officer1', type: 'CO' },
];

const AES = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const EC_KEY = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIeKL+1fkPOArr47Gc7FgaZjIIHp7/aLqZ84z4SSw5L0oAoGCCqGSM49\n' +
  'AwEHoUQDQgAEjzQO0cl2BY02MSPAECxoz74SMkgymHfcQRIGIRCinAeOJyAAuxGO\nny9c5mH8CqG1N7jxiWJLlWKqtwOrXVrHQA==\n-----END EC PRIVATE KEY-----\n';
const EC_PUB = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEjzQO0cl2BY02MSPAECxoz74SMkgy\n' +
  'mHfcQRIGIRCinAeOJyAAuxGOny9c5mH8CqG1N7jxiWJLlWKqtwOrXVrHQA==\n-----END PUBLIC KEY-----\n';
/** A DSA-2048 pair (OpenSSL 3 PKCS #8 / SPKI PEM) and an RSA-2048 pair (traditional PEM), fixed: pairs of
 * every type reach the commands without generating them (DSA generation takes seconds; issue 12). */
const DSA_KEY =
  '-----BEGIN PRIVATE KEY-----\n' +
  'MIICXAIBADCCAjUGByqGSM44BAEwggIoAoIBAQCq1x+RN4zkThi82qPKR+7DRyTl\n' +
  'OkHPRv9dK7SP8PzqxnVIMNhIGK6DlHe6fYdG4ySeapLqcs0FvPVoFUc8cAxbiMzR\n' +
  'UGZgo3F3D389NDhB95wC0N6OLeiIoCDmjhvNe0C83ERQS8MkC+yWtxL4aRPKWUgR\n' +
  'fnwMWgahU1UW2glsg2Q5LnaJvItB+MHe7RXFnfpdr0/9HrwF08T7H4lnfN6PNLvH\n' +
  'AH0E/xmUV+q96+NqvYaVwP7KWqsC2EawmhiM2iYmbgYA4VwFcdnX6EYVpir0HWuQ\n' +
  'LPySmqQ1oCdJcZbcc60kS/n1GSJp9hFJu9D0hl44KUUyjU43XR3IKKLqwuOhAh0A\n' +
  'qV5kxlUlL83kHXkbWaLfyz8CwuRDmBSLa0G+EwKCAQAm7nl53Osd7SssesbSfF7R\n' +
  'Iw8fPWWIhmk0ATrgE+IRHDsyHyP2Q0B4225eK71qAxBo2WrztX9vNAd95a5G4/n+\n' +
  'pQoFo1rTSIAknKP2UjmsLP6XdCqCDRUlveN3ZphkSTTAu+PlFKTM8olSYcyEI4Bw\n' +
  'TIB6P75EUcE2rvs311CyTtXknfmg9b/MK9AevDI5K/emcjOTneXBvkvuIzh/0kek\n' +
  'PXK2uZPzIi4aOgXxxIb+deV0DRJMg9Qut/vuyHalkpzjj0jJWIseOvnR8raRRxs/\n' +
  'SOTave0v93EqNH00m9T19ECiZsR9r2/MZY1xKFHYTiGjfnoHyN6kiyYPHYS00Adk\n' +
  'BB4CHFQAow6DZwUCMRRNs39FK+0BNNNkp63bCscfyfQ=\n' +
  '-----END PRIVATE KEY-----\n';
const DSA_PUB =
  '-----BEGIN PUBLIC KEY-----\n' +
  'MIIDQjCCAjUGByqGSM44BAEwggIoAoIBAQCq1x+RN4zkThi82qPKR+7DRyTlOkHP\n' +
  'Rv9dK7SP8PzqxnVIMNhIGK6DlHe6fYdG4ySeapLqcs0FvPVoFUc8cAxbiMzRUGZg\n' +
  'o3F3D389NDhB95wC0N6OLeiIoCDmjhvNe0C83ERQS8MkC+yWtxL4aRPKWUgRfnwM\n' +
  'WgahU1UW2glsg2Q5LnaJvItB+MHe7RXFnfpdr0/9HrwF08T7H4lnfN6PNLvHAH0E\n' +
  '/xmUV+q96+NqvYaVwP7KWqsC2EawmhiM2iYmbgYA4VwFcdnX6EYVpir0HWuQLPyS\n' +
  'mqQ1oCdJcZbcc60kS/n1GSJp9hFJu9D0hl44KUUyjU43XR3IKKLqwuOhAh0AqV5k\n' +
  'xlUlL83kHXkbWaLfyz8CwuRDmBSLa0G+EwKCAQAm7nl53Osd7SssesbSfF7RIw8f\n' +
  'PWWIhmk0ATrgE+IRHDsyHyP2Q0B4225eK71qAxBo2WrztX9vNAd95a5G4/n+pQoF\n' +
  'o1rTSIAknKP2UjmsLP6XdCqCDRUlveN3ZphkSTTAu+PlFKTM8olSYcyEI4BwTIB6\n' +
  'P75EUcE2rvs311CyTtXknfmg9b/MK9AevDI5K/emcjOTneXBvkvuIzh/0kekPXK2\n' +
  'uZPzIi4aOgXxxIb+deV0DRJMg9Qut/vuyHalkpzjj0jJWIseOvnR8raRRxs/SOTa\n' +
  've0v93EqNH00m9T19ECiZsR9r2/MZY1xKFHYTiGjfnoHyN6kiyYPHYS00AdkA4IB\n' +
  'BQACggEAA2VSiR48Mrf/ZaG9zacGmw4Sx+c3dAk7g+suyLr6d2zPckZgAUwyQD01\n' +
  'nkUgDamSC67B7LIhbYU1D/SVf48Z3yPTC/vkggE6PryiMooNXdWhN+cnW7Fh+I/9\n' +
  '85dRBdeGWMrcyve0+iWeA/d18AVWLO2nEwleHzZ6KW+nkgC4EUovLLR2ydKwxXwk\n' +
  'cOHXtZkbxOh1NIbPXWoaxAx2E9Yq5dhqSQjgqtCInyXJifz2/SMcgygS9Sp1Fgy5\n' +
  '+3ukZXNDG+34Am+ZqzlQ/wBWVeStuoB+ijfaCrbiy3pKQLmJFUxyT0jvbT8lxEq9\n' +
  '1YAjgxW32RBJKd/Laa+SwdjVZuMpFQ==\n' +
  '-----END PUBLIC KEY-----\n';
const RSA_KEY =
  '-----BEGIN RSA PRIVATE KEY-----\n' +
  'MIIEowIBAAKCAQEA0/jx79RbeYSf4qZAjRgNUNhW4Mwwi/kpn+zRODnN+tJNF1/W\n' +
  'MGBNdmowdBWMDY93I4VKOGRfh3ka0YagwFLD4wI7PR6KOTvmR6hERbrLG+Oy6XXq\n' +
  'mSqB34nyvffVc9N3/ZiVono2K8nUnnMObJMKT4mApoTKzzpiF8JSRHUAn/1fD4JR\n' +
  'cRQA+JiGrHYZTCyieLbVvjOqcV9Tqh26GE2EIqlktI4qwOnm9hftiqOJ9Nlnf7Fg\n' +
  'aU7jwXXHsqEli6NlMqGLy95Stx26ZcfHJTkxfWP/GMLCr8V9q72xoJGZsxXzLWCY\n' +
  'a/tMGccvDvFw4EfTvLCmN1/JIpuM72m5NilIpQIDAQABAoIBAAfaMD4x5+yVuuWG\n' +
  'wpvncPDWfstnjQHWalIUEAEM9SIuQbBUusbCfoQdNWvLc4t6DdAJS0FRCI/obtOl\n' +
  'sNVHC54gckjWlYi+vQ5Y/6R0obsIAZPv7A+d+T8qaU1bvbLDee2xRhPFgrW3DZMM\n' +
  'EJP5k3d0UMl6YFfyYfle17TU/7+tbhICOM5lsHizd3g+yoC6giErJlFlse62BQqX\n' +
  'xv5WRv5+1dSyIHPHESYBbLKfg4mSl5i7EJqKEbfL4Qmb+t4SKwcGbawPwGXPeJ/U\n' +
  'bHO3nyNiAYQKpNk65rlnAl9+2OuZQKZe0v8B1W/vTUQnUR8mhRq8+HA4SZYnNxyp\n' +
  'NiIObnECgYEA/fw/GhWd1yPY32sDag6PIfPnILFoFIniqKcWKaWVWEw0TMzeFzUG\n' +
  '2FI2qjTiwlVlzkKFdCWVQDA22m6xn1cNlPjzLEE6mF0O65g8dU3xV6nVPqZc/RTR\n' +
  '/1MHv3Rnzqqw+l+UV2it4vxNFFgkMa1+AFJPEPJIj2/vEgMis8NyH1ECgYEA1adi\n' +
  'qLogog18YuCDqWmjbAsYd6X0zp5WfuxFoycqBQEaPgwf1cOqpo5O6Cuu/rXEMf+M\n' +
  'AMNZ3ZPfK/SBacgudurWZWUbuz3Wjvm4vOGvktwcKt1bbFt4yK5qNKgX7bsOjtD2\n' +
  'yipBvPhjEbq4jNZmyKi4FYbQOhmBgjz9XJJ5hxUCgYApNibfCqbj49Mq3WheayJa\n' +
  'dgMI0QB8ZKs8hnAYLd//xc2usIdQ6K/FpgFsuMwakFTGlRCmefqvwaME6nUzz6JK\n' +
  'i+KZSbRCSMdE/xzAQ/dnLA2H7uKjxh8U+NoG/NJjPFsfJSciz793V00CghLNZMNP\n' +
  'NgvSSh3v+E+oco3M8WexIQKBgDeRSkqh5hzfrws0Y2nrbLKMDDgKNKqMaeim4NG3\n' +
  'POmCSOX8V0dMlZSuDH275s6eTcHHOg10wWmsrO2MsR/nDZamK07Bxj2jrqsO7epK\n' +
  'NFTY5IaNfdqny7k+C6dYVKji7r1cQeOArApO+80/qAIRPThREVef8YY63gEWhbrO\n' +
  '6calAoGBAIXh/Lgmw9EPwlEHcX05GRqdr4as3a6uuH1XTSkTh2P62UJsJUD9aMga\n' +
  'rmQFoUFN1KPEahWKseefnJbs5HaO7MkGMp/zvTggEJVtYJhIlvornB8LgvscUXe+\n' +
  'XwDa9h8vsSZIf0YUBJhE7c4045HqoXlnGT1/RdDRoBWJS49ubQWF\n' +
  '-----END RSA PRIVATE KEY-----\n';
const RSA_PUB =
  '-----BEGIN PUBLIC KEY-----\n' +
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0/jx79RbeYSf4qZAjRgN\n' +
  'UNhW4Mwwi/kpn+zRODnN+tJNF1/WMGBNdmowdBWMDY93I4VKOGRfh3ka0YagwFLD\n' +
  '4wI7PR6KOTvmR6hERbrLG+Oy6XXqmSqB34nyvffVc9N3/ZiVono2K8nUnnMObJMK\n' +
  'T4mApoTKzzpiF8JSRHUAn/1fD4JRcRQA+JiGrHYZTCyieLbVvjOqcV9Tqh26GE2E\n' +
  'IqlktI4qwOnm9hftiqOJ9Nlnf7FgaU7jwXXHsqEli6NlMqGLy95Stx26ZcfHJTkx\n' +
  'fWP/GMLCr8V9q72xoJGZsxXzLWCYa/tMGccvDvFw4EfTvLCmN1/JIpuM72m5NilI\n' +
  'pQIDAQAB\n' +
  '-----END PUBLIC KEY-----\n';
export const SCENARIO: Scenario = {
  servingNode: 0,
  users: [
    { userId: 4, name: 'alice', type: 'CU', password: 'alice_pwd' },
    { userId: 5, name: 'bob', type: 'CU', password: 'bob_pwd1' },
    { userId: 6, name: 'officer', type: 'CO', password: 'officer1' },
    // nobody ever types mallory's password: her account gets locked (0xe4)
    { userId: 7, name: 'mallory', type: 'CU', password: 'never_typed' },
  ],
  keys: [
    { handle: 6, keyType: 'AES', label: 'w6', owner: 3, value: AES },
    { handle: 7, keyType: '3DES', label: 'd7', owner: 3, value: '0123456789abcdeffedcba987654321089abcdef01234567' },
    { handle: 8, keyType: 'AES', label: 'alice-w', owner: 4, shared: [3], value: AES.slice(0, 32) },
    { handle: 9, keyType: 'GENERIC_SECRET', label: 'g9', owner: 5, value: 'ab'.repeat(40) },
    { handle: 10, keyType: 'AES', label: 'nex', owner: 3, value: AES.slice(0, 48), extractable: false },
    { handle: 11, keyType: 'AES', label: 'quorum', id: 'id1', owner: 3, shared: [4, 5], value: AES, mValue: 2 },
  ],
  files: {
    'aes256.key': AES, 'aes128.key': AES.slice(0, 32), 'aes192.key': AES.slice(0, 48),
    '3des.key': '0123456789abcdeffedcba987654321089abcdef01234567', 'short.key': '0102', 'empty.key': '',
    // a P-256 pair for importPubKey / importPrivateKey (issue 12), fixed so every run is replayable
    'ec.pub': Buffer.from(EC_PUB).toString('hex'), 'ec.key': Buffer.from(EC_KEY).toString('hex'),
    'dsa.pub': Buffer.from(DSA_PUB).toString('hex'), 'dsa.key': Buffer.from(DSA_KEY).toString('hex'),
    'rsa.pub': Buffer.from(RSA_PUB).toString('hex'), 'rsa.key': Buffer.from(RSA_KEY).toString('hex'),
  },
};

const FIRST_HANDLES = [6, 7, 8, 9, 10, 11];
const FILES = Object.keys(SCENARIO.files!).concat(['exported.key', 'wrapped.key', 'wrapped_key', 'out.bin', 'r32.key', 'sig.bin']);

// ---------------------------------------------------------------------------------------------
// Arbitraries. The weights started as the hand-rolled generator's probabilities (issue 4), as
// integers; the ones whose comments say why were tuned so that runs of 2,000 lines, each on a
// fresh playground, meet the coverage gates (rather than one run of 30,000 lines that piles up
// state): more CMU commands that need a login or server mode, more of mallory's wrong passwords
// (she must fail five times in one run to be locked out), shorter stays in the full cluster and
// on a stopped HSM, and answers that fit the question.

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const lit = <T>(x: T) => fc.constant(x);

/** `yes` with probability p, else `no` (weights in ten-thousandths). */
function chance<T>(p: number, yes: fc.Arbitrary<T>, no: fc.Arbitrary<T>): fc.Arbitrary<T> {
  const w = Math.round(p * 10_000);
  return fc.oneof({ weight: w, arbitrary: yes }, { weight: 10_000 - w, arbitrary: no });
}

/** Some words with probability p, else none; shrinking drops them (cross-shrink to the first). */
function maybe(p: number, words: fc.Arbitrary<string[]>): fc.Arbitrary<string[]> {
  const w = Math.round(p * 10_000);
  return fc.oneof({ withCrossShrink: true }, { weight: 10_000 - w, arbitrary: lit<string[]>([]) }, { weight: w, arbitrary: words });
}

const nat = (n: number) => fc.integer({ min: 0, max: n - 1 });

/** A key handle: mostly one seen so far (`@n`, chosen when typed), sometimes none that exists. */
const handle: fc.Arbitrary<string> = chance(0.06, pick('4', '999999', '0', '262143'), nat(10_000).map((n) => `@${n}`));

/** Replace each `@n` by one of the handles seen so far (n / 10,000 of the way along the list). */
export function resolveHandles(line: string, handles: readonly number[]): string {
  return line.replace(/@(\d+)/g, (_, n: string) => String(handles[Math.floor((Number(n) * handles.length) / 10_000)]));
}

const file = pick(...FILES);

function goodValue(command: string, flag: string): fc.Arbitrary<string> {
  switch (flag) {
    case '-k': case '-w': case '-o': return handle;
    case '-t':
      if (command === 'wrapKey' || command === 'unWrapKey') return pick('2', '3', '4', '5', '6');
      if (command === 'getCert') return pick('1', '2', '4', '8', '16', '3'); // -t: a synonym of -s (G-43)
      return command === 'findKey' ? pick('0', '3', '16', '21', '31', '18') : pick('31', '31', '31', '21', '16', '18', '19');
    case '-s':
      // the signature file: sig.bin exists once sign succeeded; 3des.key always does
      if (command === 'verify') return chance(0.8, pick('sig.bin', 'sig.bin', 'aes256.key', '3des.key'), file);
      if (command === 'getCert') return pick('1', '2', '4', '8', '16', '3');
      return pick('16', '24', '32', '24', '512', '17');
    case '-l': return pick('k1', 'k2', 'w6', 'imported', 'x');
    case '-id': return fc.oneof({ weight: 3, arbitrary: pick('id1', 'id2', 'id3') }, { weight: 1, arbitrary: nat(100_000).map((n) => `unique${n}`) });
    case '-u': return pick('4', '5', '4,5', '3', '2', '99', '4,4');
    case '-m_value': return pick('0', '1', '2', '9');
    case '-min_srv': return pick('1', '2', '3', '4');
    case '-timeout': return pick('0', '1', '2');
    case '-f':
      if (command === 'unWrapKey') return chance(0.7, lit('wrapped.key'), file);
      // (aes192.key and 3des.key are never written over: a run's files do not starve it)
      if (command === 'aesWrapUnwrap') return chance(0.7, pick('wrapped_key', 'aes256.key', '3des.key', 'aes192.key', '3des.key', 'aes192.key'), file);
      // key files of every length imSymKey's -t takes (a run's other files rarely fit: it starved)
      if (command === 'imSymKey') return chance(0.75, pick('aes256.key', 'aes128.key', 'aes192.key', '3des.key'), file);
      if (command === 'importPubKey') return chance(0.8, pick('ec.pub', 'ec.pub', 'rsa.pub', 'dsa.pub'), file);
      if (command === 'importPrivateKey' || command === 'IsValidKeyHandlefile') return chance(0.8, pick('ec.key', 'ec.key', 'rsa.key', 'dsa.key'), file);
      if (command === 'verify') return chance(0.7, pick('ec.pub', 'aes256.key'), file);
      return file;
    case '-wk': return chance(0.6, pick('aes256.key', 'aes128.key'), file); // an AES key file, mostly
    case '-aad': case '-iv_file': return file;
    case '-out':
      if (command === 'wrapKey') return chance(0.6, lit('wrapped.key'), pick('out.bin', 'wrapped.key', 'exported.key', 'attr.txt', 'nodir/x'));
      if (command === 'sign') return chance(0.7, lit('sig.bin'), pick('out.bin', 'sig.bin', 'nodir/x'));
      return pick('out.bin', 'wrapped.key', 'exported.key', 'attr.txt', 'nodir/x');
    case '-m':
      if (command === 'aesWrapUnwrap') return pick('1', '1', '0', '0', '2');
      if (command === 'findKey') return file;
      if (command === 'sign' || command === 'verify') return pick('17', '17', '15', '19', '1', '6', '10'); // the key is EC P-256 mostly
      // Key pairs (issue 12): generation is slow, so most -m of genRSAKeyPair / genDSAKeyPair are
      // sizes the HSM refuses (0xb3, which reaches its step at no cost); RSA-2048 with e = 65537 is
      // WebCrypto's (fast outside seeded mode); DSA-2048 never (one generation in JS took about a minute
      // of the run on this machine): DSA pairs come from the files dsa.key / dsa.pub.
      if (command === 'genRSAKeyPair') return fc.oneof({ weight: 2, arbitrary: lit('2048') }, { weight: 6, arbitrary: pick('1024', '512', '2047', '4352', '0', '3000') });
      if (command === 'genDSAKeyPair') return chance(0.008, lit('2049'), pick('1024', '3072', '512', '2047', '0', '1'));
      if (command === 'exportPrivateKey') return pick('4', '4', '4', '5'); // only 4 is valid
      return pick('4', '5', '6', '4', '7', '8', '12', '10', '11', '3');
    case '-a': return pick('0', '1', '3', '256', '262', '355', '371', '512', '288', '134', '999');
    case '-sess': return pick('0', '1', '2');
    case '-c': case '-kc': return pick('2', '3', '4');
    case '-kt': return pick('31', '21', '16', '0');
    case '-kcv': return pick('0x000000', 'abcdef', '123');
    case '-r': return pick('0xc6', '0xa8', 'c6', '0x30000085', '0x00');
    case '-i':
      // curve ids: generated (2, 14, 15 by WebCrypto; 13, 16 in JS, fast), refused (1, 3–12: 0xb3), invalid
      if (command === 'genECCKeyPair') return pick('2', '2', '14', '15', '13', '16', '1', '3', '12', '17');
      return pick('0xA6A6A6A6A6A6A6A6', '0x0102030405060708', '0x12');
    case '-e': // genRSAKeyPair: 65537, or an exponent the HSM refuses (0xb3) — never one JS would generate
      return fc.oneof({ weight: 4, arbitrary: lit('65537') }, { weight: 1, arbitrary: pick('3', '65536', '17', '4294967297') });
    case '-tag_size': return pick('8', '12', '16', '4');
    // the CloudHSM CLI's long options (cloudhsm-cli.md §3), for the lines built from its tables
    case '--filter': case '--payload-filter': case '--wrapping-filter': case '--key-filter': return cliFilter;
    case '--label': case '--public-label': case '--private-label': return pick('k1', 'cli', 'w6');
    case '--key-length-bytes': return pick('16', '32', '24', '17');
    case '--username': return pick(...USERS.map((u) => u.name), 'carol');
    case '--role': return pick('crypto-user', 'admin', 'CU');
    case '--password': return pick(...USERS.map((u) => u.password));
    case '--curve': return pick('prime256v1', 'secp384r1');
    case '--modulus-size-bits': return pick('1024', '2047'); // refused: no RSA generation cost
    case '--public-exponent': return pick('65537', '3');
    case '--hash-function': return pick('sha256', 'sha1');
    case '--path': case '--data-path': case '--signature-path': return file;
    case '--data': case '--signature': return pick('YWJj', 'AAAA', '!!');
    case '--encoding': return pick('pem', 'reference-pem');
    case '--key-type-class': return pick('ec-public', 'rsa-public', 'aes', 'generic-secret');
    case '--name': return pick('label', 'sign', 'trusted', 'id');
    case '--value': return pick('x', 'true', 'false', '0x01');
    case '--max-items': return pick('1', '2', '0');
    default: return pick('1', 'x');
  }
}

function flagValue(command: string, flag: string): fc.Arbitrary<string> {
  return chance(0.03, pick('x', '-1', '99999999999', '0x1f', ''), goodValue(command, flag));
}

const kmuLoginHSM: fc.Arbitrary<string> = fc.oneof(
  { weight: 1200, arbitrary: nat(9).map((n) => `loginHSM -u CU -s mallory -p wrong_${n}`) },
  { weight: 880, arbitrary: fc.tuple(pick('CU', 'CO', 'cu', 'AU'), pick(...USERS)).map(([t, u]) => `loginHSM -u ${t} -s ${u.name} -p ${u.password}`) },
  { weight: 7128, arbitrary: pick(...USERS).map((u) => `loginHSM -u CU -s ${u.name} -p ${u.password}`) },
  { weight: 792, arbitrary: pick(...USERS).map((u) => `loginHSM -u CU -s nobody -p ${u.password}`) },
);

/** One key_mgmt_util command with some of its flags (the command's flag table drives it). */
function kmuCommandLine(cmd: KmuCommand): fc.Arbitrary<string> {
  if (cmd.name === 'exit' || cmd.name === 'quit') {
    return fc.oneof({ weight: 45, arbitrary: lit(cmd.name) }, { weight: 10, arbitrary: lit('logoutHSM') }, { weight: 45, arbitrary: lit('findKey') });
  }
  if (cmd.name === 'loginHSM') return kmuLoginHSM;
  const optional = cmd.flags.filter((f) => !f.required).length;
  const name = chance(0.02, lit(cmd.name.toLowerCase()), lit(cmd.name));
  const flags = cmd.flags.map((f) => {
    // Commands with many optional flags (wrapKey, unWrapKey) mostly get few of them: most
    // combinations are refused on the client, and the HSM step must be reached often too.
    const p = f.required ? 0.96 : optional >= 5 ? 0.6 / optional : 0.25;
    const words = f.arg === undefined ? lit([f.flag])
      : maybe(0.98, flagValue(cmd.name, f.flag).map((v) => [v])).map((v) => [f.flag, ...v]);
    return maybe(p, words);
  });
  const extra = maybe(0.01, pick('-h', '-bogus', 'stray').map((w) => [w]));
  return fc.tuple(name, fc.tuple(...flags), extra).map(([n, fs, x]) => [n, ...fs.flat(), ...x].join(' '));
}

/** Commands without an HSM step: their "reached" count is not required. */
export const NO_HSM_STEP = new Set(['help', 'exit', 'quit', 'listAttributes', 'listECCCurveIds', 'Error2String', 'IsValidKeyHandlefile', 'server']);

/** Commands with many ways to fail before the HSM get picked more often. */
const FOCUS = ['wrapKey', 'wrapKey', 'unWrapKey', 'unWrapKey', 'unWrapKey', 'aesWrapUnwrap', 'aesWrapUnwrap', 'aesWrapUnwrap', 'aesWrapUnwrap', 'genSymKey', 'imSymKey', 'imSymKey', 'exSymKey', 'getAttribute', 'setAttribute',
  'importPubKey', 'importPrivateKey', 'importPrivateKey', 'importPrivateKey', 'exportPrivateKey', 'exportPrivateKey', 'sign', 'sign',
  'verify', 'verify', 'verify', 'verify', 'verify', 'aesWrapUnwrap', 'aesWrapUnwrap',
  'genRSAKeyPair', 'genRSAKeyPair', 'genECCKeyPair', 'importPubKey', 'importPubKey', 'wrapKey', 'imSymKey', 'exportPubKey',
  'extractMaskedObject', 'insertMaskedObject', 'getCaviumPrivKey', 'wrapKey', 'exSymKey', 'getCert', 'imSymKey', 'importPubKey', 'importPrivateKey'];

/** Lines aimed at the rarer codes, mixed in now and then so every run meets each code often. */
const RARE = [
  'imSymKey -f aes256.key -w 11 -t 31 -l q', // a quorum key as wrapping key: 0xe7
  'exSymKey -k 6 -w 11 -out exported.key', // 0xe7
  'getAttribute -o 6 -a 288 -out attr.txt', // no modulus on an AES key: 0xe0
  'genSymKey -t 31 -s 16 -l x -u 99', // unknown user in the share list: 0xe9
  'genSymKey -t 31 -s 16 -l x -u 3', // the caller (example_user) in the share list: 0xe9
  'genSymKey -t 31 -s 16 -l x -id id1', // key 11 has ID id1: 0xe2
];

const kmuByName = new Map(KMU_COMMANDS.map((c) => [c.name, kmuCommandLine(c)]));
export const kmuLine: fc.Arbitrary<string> = chance(0.03, pick(...RARE), chance(0.35,
  fc.oneof(...FOCUS.map((n) => kmuByName.get(n)!)),
  // Commands without an HSM step (but exit and quit, which leave) weigh less: the issue-12 commands
  // left fewer lines to each command (the table lines still type them one in ten).
  fc.oneof(...KMU_COMMANDS.map((c) => ({ weight: NO_HSM_STEP.has(c.name) && c.name !== 'exit' && c.name !== 'quit' ? 1 : 3, arbitrary: kmuByName.get(c.name)! })))));

/**
 * key_mgmt_util with nobody logged in: mostly a login (wrong passwords only ever for mallory, one
 * in eight, so that her five failures in a run lock her account: 0xe4).
 */
export const kmuLogin: fc.Arbitrary<string> = fc.oneof(
  { weight: 1200, arbitrary: nat(99).map((n) => `loginHSM -u CU -s mallory -p guess_${n}`) },
  { weight: 320, arbitrary: fc.tuple(pick('CO', 'AU', 'PCO'), pick(...USERS.slice(0, 3))).map(([t, u]) => `loginHSM -u ${t} -s ${u.name} -p ${u.password}`) },
  { weight: 7680, arbitrary: fc.tuple(chance(0.97, lit<boolean>(true), lit<boolean>(false)), pick(...USERS.slice(0, 3)))
    .map(([known, u]) => `loginHSM -u CU -s ${known ? u.name : 'nobody'} -p ${u.password}`) },
);

const uid = pick('1', '2', '3', '4', '5', '6', '7', '8', '9', '42');
const utype = pick('CU', 'CO', 'CU', 'PCO', 'cu');
const user = pick(...USERS);

/**
 * A cloudhsm_mgmt_util line. Most commands reach the HSMs only with someone logged in (and
 * syncKey, syncUser only in server mode), so they weigh more than in issue 4's generator.
 */
const cmuLoginHSM: fc.Arbitrary<string> = fc.tuple(user, chance(0.9, lit(''), pick('CU', 'CO', 'AU', 'PRECO'))).map(([u, t]) => `loginHSM ${t || u.type} ${u.name} ${u.password}`);

/**
 * cloudhsm_mgmt_util with nobody logged in, half the time (issue 12): a login, so that the share
 * of lines refused for want of one stays small (the commands of issue 12 left fewer lines to each).
 */
export const cmuLogin: fc.Arbitrary<string> = fc.oneof({ weight: 9, arbitrary: cmuLoginHSM }, { weight: 1, arbitrary: nat(9).map((n) => `loginHSM CU mallory bad_${n}`) });

export const cmuLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: cmuLoginHSM },
  { weight: 30, arbitrary: lit('logoutHSM') },
  { weight: 38, arbitrary: fc.tuple(utype, pick('carol', 'dave', 'erin', 'bad name!', 'x'.repeat(32)), pick('password1', 'short', 'p'.repeat(33))).map(([t, n, p]) => `createUser ${t} ${n} ${p}`) },
  { weight: 48, arbitrary: fc.tuple(utype, pick('carol', 'dave', 'erin', 'nobody')).map(([t, n]) => `deleteUser ${t} ${n}`) },
  // Passwords change to themselves (or an invalid one), so every login above keeps working.
  { weight: 50, arbitrary: fc.tuple(utype, user, chance(0.8, lit<boolean>(true), lit<boolean>(false))).map(([t, u, same]) => `changePswd ${t} ${u.name} ${same ? u.password : 'short'}`) },
  { weight: 12, arbitrary: lit('listUsers') },
  { weight: 76, arbitrary: fc.tuple(handle, uid, pick('1', '0', '2')).map(([h, u, o]) => `shareKey ${h} ${u} ${o}`) },
  { weight: 30, arbitrary: fc.tuple(uid, pick('0', '1')).map(([u, s]) => `findAllKeys ${u} ${s}`) },
  { weight: 25, arbitrary: handle.map((h) => `getKeyInfo -k ${h}`) },
  { weight: 25, arbitrary: fc.tuple(handle, pick('0', '3', '134', '256', '371', '512', '288')).map(([h, a]) => `getAttribute ${h} ${a}`) },
  { weight: 32, arbitrary: fc.tuple(handle, pick('3', '134', '260', '262', '1', '528'), pick('0', '1', 'label')).map(([h, a, v]) => `setAttribute ${h} ${a} ${v}`) },
  { weight: 10, arbitrary: pick('listAttributes', 'help', 'bogusCommand', 'listU') },
  { weight: 15, arbitrary: pick('0', '1', '2', '9').map((n) => `info server ${n}`) },
  { weight: 10, arbitrary: lit('getHSMInfo') },
  { weight: 120, arbitrary: fc.tuple(handle, pick('0', '1', '2', '7')).map(([h, s]) => `syncKey ${h} ${s}`) },
  { weight: 48, arbitrary: fc.tuple(uid, pick('0', '1', '2')).map(([u, s]) => `syncUser ${u} ${s}`) },
  // syncKey and syncUser run in server mode only: server 0 / server 1 enter it, exit leaves it.
  { weight: 20, arbitrary: fc.oneof({ weight: 3, arbitrary: pick('server 0', 'server 1') }, { weight: 1, arbitrary: pick('exit', 'server 9') }) },
  { weight: 6, arbitrary: nat(9).map((n) => `loginHSM CU mallory bad_${n}`) },
  { weight: 7, arbitrary: lit('quit') },
);

/** A CLI role word for a user of the scenario (§5.1: CO is admin, CU crypto-user). */
const cliRole = (u: User) => (u.type === 'CO' ? 'admin' : 'crypto-user');
/** A filter naming one key: mostly a handle seen so far as a key reference (hex or decimal, §2.4), or a label. */
const cliFilter: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: handle.map((h) => `key-reference=${h}`) },
  { weight: 2, arbitrary: fc.tuple(handle, pick('0x', '0x0000000000')).map(([h, p]) => (h.startsWith('@') ? `key-reference=${h}` : `key-reference=${p}${Number(h).toString(16)}`)) },
  { weight: 2, arbitrary: pick('attr.label=k1', 'attr.label=w6', 'attr.label="my key"', 'attr.class=secret-key attr.key-type=aes', 'attr.label=nothing', 'attr.bogus=1', 'attr.sign=maybe') },
  // the halves of the pairs a run makes (KMU gives both halves one label; the CLI's are rp/rq, ecp/ecq)
  { weight: 3, arbitrary: pick('attr.label=ecq', 'attr.label=rq', 'attr.label=ecp', 'attr.label=rp', 'attr.label=x attr.class=private-key',
    'attr.label=x attr.class=public-key', 'attr.class=private-key attr.key-type=ec', 'attr.class=public-key attr.key-type=rsa', 'attr.label=imported attr.class=private-key') },
);

/**
 * The CloudHSM CLI with nobody logged in (issue 16): mostly a login with `--password` (one in ten
 * without it: the prompt is answered like any password question), sometimes mallory's wrong one.
 */
export const cliLogin: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: user.map((u) => `login --username ${u.name} --role ${cliRole(u)} --password ${u.password}`) },
  { weight: 1, arbitrary: user.map((u) => `login --username ${u.name} --role ${cliRole(u)}`) },
  { weight: 1, arbitrary: nat(9).map((n) => `login --username mallory --role crypto-user --password bad_${n}`) },
);

/** A CloudHSM CLI line (cloudhsm-cli.md §3): the commands with plausible options, help, argument errors, stubs, continuation, quit. */
export const cliLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: pick('user list', 'cluster hsm-info', 'key list', 'key list --verbose', 'key list --max-items 2 --starting-token 1', 'key list -v --max-items 0') },
  { weight: 6, arbitrary: fc.tuple(cliFilter, pick('', ' --verbose', ' -v')).map(([f, v]) => `key list --filter ${f}${v}`) },
  { weight: 6, arbitrary: fc.tuple(pick('k1', 'cli', '"my key"', 'w6'), pick('16', '24', '32', '32', '17', '0'), pick('', ' --session', ' --attributes sign=false', ' --share-crypto-users alice', ' --attributes decrypt=true extractable=false'))
    .map(([l, n, x]) => `key generate-symmetric aes --label ${l} --key-length-bytes ${n}${x}`) },
  { weight: 2, arbitrary: pick('16', '32', '800', '801').map((n) => `key generate-symmetric generic-secret --label g --key-length-bytes ${n}`) },
  { weight: 2, arbitrary: fc.tuple(pick('prime256v1', 'secp256r1', 'secp384r1', 'secp256k1', 'ed25519'), pick('', ' --private-attributes sign=true', ' --private-attributes sign=true --public-attributes verify=true'))
    .map(([c, a]) => `key generate-asymmetric-pair ec --curve ${c} --public-label ecp --private-label ecq${a}`) },
  { weight: 2, arbitrary: fc.oneof({ weight: 1, arbitrary: lit('2048 --public-exponent 65537') }, { weight: 6, arbitrary: pick('1024 --public-exponent 65537', '2048 --public-exponent 3', '4352 --public-exponent 65537') })
    .map((m) => `key generate-asymmetric-pair rsa --public-label rp --private-label rq --modulus-size-bits ${m}`) },
  { weight: 4, arbitrary: fc.tuple(cliFilter, pick('label x', 'sign true', 'decrypt false', 'trusted true', 'id 0x01', 'key-type aes', 'modifiable false', 'label __proto__'))
    .map(([f, nv]) => `key set-attribute --filter ${f} --name ${nv.split(' ')[0]} --value ${nv.split(' ')[1]}`) },
  { weight: 4, arbitrary: fc.tuple(pick('share', 'unshare'), cliFilter, user).map(([v, f, u]) => `key ${v} --filter ${f} --username ${u.name} --role ${cliRole(u)}`) },
  { weight: 3, arbitrary: cliFilter.map((f) => `key delete --filter ${f}`) },
  { weight: 4, arbitrary: fc.tuple(pick('aes-no-pad', 'aes-pkcs5-pad', 'aes-zero-pad', 'cloudhsm-aes-gcm', 'rsa-pkcs'), cliFilter, cliFilter, pick('', ' --path wrapped.key'))
    .map(([m, p, w, x]) => `key wrap ${m} --payload-filter ${p} --wrapping-filter ${w}${x}`) },
  { weight: 2, arbitrary: fc.tuple(pick('aes-no-pad', 'aes-pkcs5-pad', 'cloudhsm-aes-gcm'), cliFilter, pick('aes', 'generic-secret', 'ec-private'))
    .map(([m, f, k]) => `key unwrap ${m} --filter ${f} --key-type-class ${k} --label uw --data-path wrapped.key`) },
  { weight: 3, arbitrary: fc.tuple(pick('ecdsa', 'rsa-pkcs'), cliFilter, pick('sha256', 'sha1', 'md5'), pick('--data YWJj', '--data-path aes256.key', '--data !!', '--data YWJj --data-path x'))
    .map(([m, f, h, d]) => `crypto sign ${m} --key-filter ${f} --hash-function ${h} ${d}`) },
  { weight: 2, arbitrary: fc.tuple(pick('ecdsa', 'rsa-pkcs'), cliFilter, pick('--signature AAAA', '--signature-path sig.bin'))
    .map(([m, f, s]) => `crypto verify ${m} --key-filter ${f} --hash-function sha256 --data YWJj ${s}`) },
  { weight: 2, arbitrary: pick('ec.pub ec-public', 'rsa.pub rsa-public', 'ec.pub rsa-public', 'ec.key ec-public', 'nofile ec-public')
    .map((a) => `key import pem --path ${a.split(' ')[0]} --label imp --key-type-class ${a.split(' ')[1]}`) },
  { weight: 2, arbitrary: fc.tuple(pick('pem', 'reference-pem', 'der'), cliFilter).map(([e, f]) => `key generate-file --encoding ${e} --path out.pem --filter ${f}`) },
  { weight: 2, arbitrary: pick('user create --username carol --role crypto-user --password carol_pwd1', 'user delete --username carol --role crypto-user',
    'user change-password --username alice --role crypto-user --password alice_pwd', 'user create --username carol --role admin', 'cluster activate') },
  { weight: 3, arbitrary: pick('help', 'help key', 'key help list', 'key wrap aes-gcm --help', 'help crypto sign ecdsa', 'user create -h', 'key') },
  { weight: 3, arbitrary: pick('hsm-info', 'key lis', 'key list --bogus', 'key list --max-items x', 'key list --max-items 1 --max-items 2', 'user create --role CU',
    'key list --filter attr.label="unterminated', 'key replicate', 'quorum token-sign list', 'crypto sign ed25519 --anything', 'login mfa-token-sign', 'key list \\') },
  { weight: 3, arbitrary: pick('logout', 'logout', 'login --username example_user --role crypto-user --password example_pwd') },
  { weight: 3, arbitrary: pick('quit', 'exit') },
);

export const hostLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: lit('key_mgmt_util') },
  // (part of cloudhsm_mgmt_util's share went to the CLI: its commands still pass their gates)
  { weight: 3, arbitrary: lit('cloudhsm_mgmt_util') },
  // the CloudHSM CLI (issue 16): interactive, now and then one command from the shell
  { weight: 3, arbitrary: lit('cloudhsm-cli interactive') },
  { weight: 1, arbitrary: pick('cloudhsm-cli user list', 'cloudhsm-cli cluster hsm-info', 'cloudhsm-cli key list', 'cloudhsm-cli help key list', 'cloudhsm-cli hsm-info') },
  // A stopped or tampered HSM stays so until the host starts or repairs it.
  { weight: 1, arbitrary: pick('hsm stop 1', 'hsm start 1', 'hsm stop 2', 'hsm start 2', 'hsm tamper 0', 'hsm repair 0', 'hsm list', 'hsm start 1', 'hsm start 2', 'hsm repair 0') },
  // A cluster switch holds until the next one, and the full cluster has none of the scenario's
  // users and 3,300 keys (each line there costs several times more): frequent switches with a
  // small share for it keep each run's time there short, yet creations there answer 0xe6 often.
  { weight: 4, arbitrary: pick('cluster use cluster-1', 'cluster use cluster-2', 'cluster list', 'cluster use cluster-1', 'cluster use full', 'cluster use cluster-1', 'cluster use cluster-2') },
  { weight: 1, arbitrary: fc.tuple(pick('r16.key', 'r32.key', 'aes256.key'), pick('16', '32', '24', '5')).map(([f, n]) => `openssl rand -out ${f} ${n}`) },
  { weight: 1, arbitrary: pick('ls', 'xxd out.bin', 'cat attr.txt', 'rm out.bin', 'hexdump -C exported.key') },
  { weight: 1, arbitrary: pick('settings handles simple', 'settings handles realistic', 'mkdir -p nodir') },
  { weight: 1, arbitrary: pick('explain 0xc6', 'help', 'echo hi > note.txt', 'foo') },
);

// ---------------------------------------------------------------------------------------------
// Hostile tokens (issue 11, acceptance 3): words that name Object.prototype's properties, C0 and
// C1 controls and bidi overrides/isolates and zero-width characters inside words, numbers around
// 2^53 and 2^64, negative, -0, overflowing to Infinity, 0x-prefixed and of hundreds of digits,
// lists of 10,000 elements (user id lists, paths of 10,000 components, 10,000 words where a
// command takes several) and very long words. They go into every position of every command of
// every program's own tables (Program.commands(): flags and their values, positional arguments,
// option words, the command name, words after the last argument), so a new command is covered
// without editing this file; a new program needs its id in PROGRAM_TABLES below (the type
// checker asks for it) and its prompt in runSteps. A share HOSTILE_SHARE of the lines (one in ten) are
// such lines: the rest is the grammar above.

/** The share of lines (at each prompt) built from the tables with hostile tokens in them. */
const HOSTILE_SHARE = 0.1;

const PROTO_WORDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const codes = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));
/** C0 (all of it: NUL, ESC, newline, carriage return, tab …), DEL and C1 (U+0080–U+009F, CSI U+009B among them). */
const CONTROLS = [...codes(0x00, 0x1f), '\u007f', ...codes(0x80, 0x9f)];
/** Bidi embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), marks and zero-width characters. */
const INVISIBLE = [...codes(0x202a, 0x202e), ...codes(0x2066, 0x2069), '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2060', '\ufeff'];
/** Whole sequences a terminal acts on: erase the screen, a forged line, an OSC 8 link, a lone bidi override. */
const SEQUENCES = ['\u001b[2J\u001b[3J', '\u009b2J', '\u001b[1A\u001b[2Kreturned: 0x00', '\u009d8;;https://example.com/\u009clink\u009d8;;\u009c', '\u202eyek', 'ke\u200by', '\u0000', '\r'];
const NUMBERS = [
  '9007199254740992', '9007199254740991', '9007199254740993', '-9007199254740993', '18446744073709551616', '18446744073709551615',
  '4294967296', '4294967295', '2147483648', '262144', '-1', '-0', '1e309', '-1e309', '1e3', '6.0', '+6', '0x1f', '0x06', '0X10', '0x',
  '0x-1', '0xffffffffffffffff', '0x20000000000000', '9'.repeat(400), '0'.repeat(40) + '6', '1'.repeat(5000),
];
const LONG = ['x'.repeat(1024), 'k'.repeat(16_385), `${'a'.repeat(65_536)}\u009b2J`, 'L'.repeat(140_000)];
/** Quotes and redirections, which the tokenizer and the host shell read. */
const SHELL = ['"', '""', '"a b"', '>', '>>', '> out.bin', '>>attr.txt', '\\', '*', '~', '/', '..', '.'];
const LIST_LENGTH = 10_000;
const listOf = (f: (i: number) => string) => Array.from({ length: LIST_LENGTH }, (_, i) => f(i));
/** Comma lists of 10,000 elements, for the positions that take one (user id lists). */
const LISTS = [
  listOf((i) => String(i + 1)).join(','), listOf(() => '4').join(','), listOf((i) => (i % 2 ? '4' : '5')).join(','),
  listOf(() => '9007199254740993').join(','), listOf((i) => PROTO_WORDS[i % PROTO_WORDS.length]!).join(','),
  listOf(() => '').join(','), listOf((i) => String(i + 1)).join(',') + ',',
];

/** Paths of 10,000 components, for the positions that take a file or directory. */
const PATHS = [listOf(() => 'd').join('/'), listOf(() => '..').join('/'), listOf(() => '').join('/'), listOf((i) => `p${i}`).join('/')];

/** `inner` put into `word` at a position chosen by `at`. */
const inserted = (word: string, inner: string, at: number) => word.slice(0, at % (word.length + 1)) + inner + word.slice(at % (word.length + 1));

/** A hostile token, mostly made from the plausible value of its position. */
function hostileToken(plausible: fc.Arbitrary<string>, list: boolean | 'path', long = true): fc.Arbitrary<string> {
  const arbs: fc.WeightedArbitrary<string>[] = [
    { weight: 4, arbitrary: pick(...PROTO_WORDS) },
    { weight: 3, arbitrary: fc.tuple(plausible, pick(...CONTROLS), nat(64)).map(([w, ch, at]) => inserted(w, ch, at)) },
    { weight: 2, arbitrary: fc.tuple(plausible, pick(...INVISIBLE), nat(64)).map(([w, ch, at]) => inserted(w, ch, at)) },
    { weight: 1, arbitrary: fc.tuple(plausible, pick(...SEQUENCES)).map(([w, s]) => w + s) },
    { weight: 4, arbitrary: pick(...NUMBERS) },
    { weight: 1, arbitrary: pick(...SHELL) },
  ];
  if (long) arbs.push({ weight: 1, arbitrary: pick(...LONG) });
  if (list) arbs.push({ weight: 3, arbitrary: pick(...(list === 'path' ? PATHS : LISTS)) });
  return fc.oneof(...arbs);
}

/** Mostly `plausible`, sometimes a hostile token (`list`: the position takes a comma list). */
const orHostile = (plausible: fc.Arbitrary<string>, list: boolean | 'path' = false) => chance(0.35, hostileToken(plausible, list), plausible);
const listKind = (kind: ValueKind) => (kind === 'userids' ? true : kind === 'file' ? 'path' : false);

/** Plausible values of each kind of value the tables name (arguments, options, CMU and the host). */
const BY_KIND: Record<ValueKind, fc.Arbitrary<string>> = {
  file: file, handle, label: pick('k1', 'w6', 'imported'), username: pick(...USERS.map((u) => u.name), 'carol'),
  usertype: utype, userids: pick('4', '5', '4,5', '3', '99'), keytype: pick('31', '21', '16'), class: pick('4', '3'),
  attribute: pick('3', '134', '256', '371', '512'), code: pick('0xc6', '0x00'), mechanism: pick('4', '5', '6'), server: pick('0', '1', '2'),
  none: pick('1', '0', 'x', 'cluster-1', 'cluster-2', '16', 'hi', '0xc6'),
};

/** The words of one positional argument (several for a repeated one; 10,000 of them now and then). */
function argWords(a: ArgSpec): fc.Arbitrary<string[]> {
  const plausible = a.words?.length ? fc.oneof(pick(...a.words), BY_KIND[a.kind]) : BY_KIND[a.kind];
  const one = orHostile(plausible, listKind(a.kind)).map((w) => [w]);
  const flagged = a.flag === undefined ? one : fc.tuple(chance(0.5, lit([a.flag]), lit<string[]>([])), one).map(([f, w]) => [...f, ...w]);
  if (!a.repeat && !a.rest) return flagged;
  return fc.oneof(
    { weight: 20, arbitrary: fc.array(one, { minLength: 1, maxLength: 3 }).map((ws) => ws.flat()) },
    { weight: 1, arbitrary: chance(0.35, hostileToken(plausible, false, false), plausible).map((w) => listOf(() => w)) },
    { weight: 1, arbitrary: plausible.map((w) => listOf((i) => `${w}${i}`)) },
  );
}

/**
 * One line of `cmd` from its tables: a flag table (key_mgmt_util: each flag present or not, its
 * value mostly what the generator above gives it) or an argument table and option words (the
 * host shell, cloudhsm_mgmt_util), with hostile tokens in some positions.
 */
function tableLine(id: ProgramId, cmd: ProgramCommandInfo): fc.Arbitrary<string> {
  const name = chance(0.04, hostileToken(lit(cmd.name), false), lit(cmd.name));
  const parts: fc.Arbitrary<string[]>[] = [];
  const flags = cmd.flags ?? [];
  const optional = flags.filter((f) => !f.required).length;
  for (const f of flags) {
    const word = chance(0.04, hostileToken(lit(f.flag), false), lit(f.flag));
    const list = f.arg === undefined ? false : listKind(flagValueKind(f.arg));
    const value = f.arg === undefined ? lit<string[]>([]) : orHostile(goodValue(cmd.name, f.flag), list).map((v) => [v]);
    parts.push(maybe(f.required ? 0.9 : Math.min(0.25, 1.5 / optional), fc.tuple(word, value).map(([w, v]) => [w, ...v])));
  }
  for (const o of cmd.options ?? []) {
    parts.push(maybe(0.2, o.value === undefined ? lit([o.flag]) : orHostile(BY_KIND[o.value], listKind(o.value)).map((v) => [o.flag, v])));
  }
  for (const a of cmd.args ?? []) parts.push(a.optional ? maybe(0.6, argWords(a)) : argWords(a));
  // `reset` without words would erase the run's playground: it gets one always (a usage line).
  const stray = hostileToken(pick('x', '1', '-h'), false).map((w) => [w]);
  parts.push(id === 'host' && cmd.name === 'reset' ? stray : maybe(0.05, stray));
  return fc.tuple(name, fc.tuple(...parts)).map(([n, ps]) => [n, ...ps.flat()].join(' '));
}

const PROGRAM_TABLES: Record<ProgramId, readonly ProgramCommandInfo[]> = {
  host: (await PROGRAMS.load('host')).commands(),
  kmu: (await PROGRAMS.load('kmu')).commands(),
  cmu: (await PROGRAMS.load('cmu')).commands(),
  cli: (await PROGRAMS.load('cli')).commands(),
};

/** Each program's lines from its tables (every command alike). */
export const TABLE_LINES = Object.fromEntries(Object.entries(PROGRAM_TABLES).map(([id, cmds]) =>
  [id, fc.oneof(...cmds.map((c) => tableLine(id as ProgramId, c)))])) as Record<ProgramId, fc.Arbitrary<string>>;

/** A line at the `id` prompt: mostly the grammar above, one in HOSTILE_SHARE from the tables. */
const orTable = (id: ProgramId, normal: fc.Arbitrary<string>) => chance(HOSTILE_SHARE, TABLE_LINES[id], normal);

/** An answer to a question: mostly `normal`, sometimes a hostile token. */
const hostileAnswer = (normal: fc.Arbitrary<string>) => chance(0.05, hostileToken(normal, false), normal);

/**
 * Answers to the questions a command asks, one arbitrary per kind of question (the run picks by
 * the question): mostly a valid answer, sometimes one that makes the question come again, now and
 * then a hostile token.
 */
export const answers = fc.record({
  // CMU's "Do you want to continue(y/n)?" (and the host's reset): anything else asks again.
  yn: hostileAnswer(fc.oneof({ weight: 6, arbitrary: lit('y') }, { weight: 3, arbitrary: lit('n') }, { weight: 1, arbitrary: pick('maybe', 'Y', '1', '') })),
  // After a failure on a stopped HSM: Retry/Ignore/Abort (R/I/A) or Retry/rollBack/Ignore (R/B/I); R asks again.
  recovery: hostileAnswer(fc.oneof({ weight: 9, arbitrary: pick('R', 'R', 'I', 'I', 'I', 'A', 'A', 'B', 'B') }, { weight: 1, arbitrary: pick('x', 'maybe', 'r') })),
  // KMU setAttribute's "Enter the boolean attribute value (0 or 1):".
  bool: hostileAnswer(fc.oneof({ weight: 8, arbitrary: pick('0', '1') }, { weight: 1, arbitrary: pick('2', 'y', 'maybe') })),
  // Anything else (a password read).
  other: hostileAnswer(fc.oneof({ weight: 3, arbitrary: user.map((u) => u.password) }, { weight: 1, arbitrary: pick('y', 'n', '1', '0', 'R', 'I', 'A', 'B', 'maybe') })),
});
export type Answers = typeof answers extends fc.Arbitrary<infer T> ? T : never;

/** Which of a step's answers fits the question (the prompt's last line). */
export function answerFor(a: Answers, prompt: string): string {
  const q = prompt.trimEnd();
  if (q.endsWith('(y/n)?') || q.endsWith('(y/n)')) return a.yn;
  if (q.endsWith('(R/I/A):') || q.endsWith('(R/B/I):')) return a.recovery;
  if (q.endsWith('(0 or 1):')) return a.bool;
  return a.other;
}

export interface Step {
  host: string;
  /** key_mgmt_util with nobody logged in: type `login` if `useLogin`, else `kmu`. */
  useLogin: boolean;
  login: string;
  kmu: string;
  /** cloudhsm_mgmt_util with nobody logged in: type `cmuLogin` if `useCmuLogin`, else `cmu`. */
  useCmuLogin: boolean;
  cmuLogin: string;
  cmu: string;
  /** The CloudHSM CLI with nobody logged in: type `cliLogin` if `useCliLogin`, else `cli`. */
  useCliLogin: boolean;
  cliLogin: string;
  cli: string;
  answer: Answers;
}

export const step: fc.Arbitrary<Step> = fc.record({
  host: orTable('host', hostLine), useLogin: chance(0.85, lit<boolean>(true), lit<boolean>(false)), login: orTable('kmu', kmuLogin),
  kmu: orTable('kmu', kmuLine), useCmuLogin: chance(0.5, lit<boolean>(true), lit<boolean>(false)), cmuLogin: orTable('cmu', cmuLogin),
  cmu: orTable('cmu', cmuLine), useCliLogin: chance(0.6, lit<boolean>(true), lit<boolean>(false)), cliLogin: orTable('cli', cliLogin),
  cli: orTable('cli', cliLine), answer: answers,
});

/**
 * A run of exactly `length` steps. Generation draws every step without fast-check's bias (the
 * weights above are the distribution; the coverage gates count on them). Shrinking, like
 * `fc.commands`, keeps a sequence's order, since each line acts on what the lines before left:
 * first the shortest prefix that still fails (a failure at line k needs lines 0..k only), then
 * chunks of halving size taken out of the middle, then each step shrunk in place. It is a pure
 * function of the value, so fast-check's seed and path replay a shrunk counterexample exactly.
 */
export class RunArbitrary extends fc.Arbitrary<Step[]> {
  constructor(private readonly item: fc.Arbitrary<Step>, private readonly length: number) {
    super();
  }

  generate(mrng: fc.Random): fc.Value<Step[]> {
    const items: fc.Value<Step>[] = [];
    for (let i = 0; i < this.length; i++) items.push(this.item.generate(mrng, undefined));
    return RunArbitrary.wrap(items);
  }

  private static wrap(items: fc.Value<Step>[]): fc.Value<Step[]> {
    return new fc.Value(items.map((v) => v.value_), items);
  }

  canShrinkWithoutContext(_value: unknown): _value is Step[] {
    return false;
  }

  shrink(_value: Step[], context: unknown): fc.Stream<fc.Value<Step[]>> {
    if (!Array.isArray(context)) return fc.Stream.nil();
    return fc.stream(this.candidates(context as fc.Value<Step>[]));
  }

  private *candidates(items: fc.Value<Step>[]): IterableIterator<fc.Value<Step[]>> {
    const n = items.length;
    for (let cut = Math.ceil(n / 2); cut >= 1; cut = Math.floor(cut / 2)) yield RunArbitrary.wrap(items.slice(0, n - cut));
    for (let size = Math.floor(n / 2); size >= 1; size = Math.floor(size / 2)) {
      for (let start = 0; start + size < n; start += size) yield RunArbitrary.wrap([...items.slice(0, start), ...items.slice(start + size)]);
    }
    for (let i = 0; i < n; i++) {
      for (const v of this.item.shrink(items[i]!.value_, items[i]!.context)) {
        yield RunArbitrary.wrap([...items.slice(0, i), v, ...items.slice(i + 1)]);
      }
    }
  }
}

/**
 * What a failed fc.check prints: how to replay it, fast-check's report (seed, path, the shrunk
 * counterexample), then the error of that counterexample (its lines as typed, and what broke).
 */
export function failureReport(details: fc.RunDetails<[Step[]]>, testFile: string): string {
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return `replay: FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath} npx vitest run --project unit ${testFile}\n`
    + (details.interrupted ? 'shrinking stopped at the time limit: the path replays the shortest failure found so far, and shrinks on\n' : '')
    + `${fc.defaultReportMessage(details) ?? ''}\nGot error: ${error}`;
}

// ---------------------------------------------------------------------------------------------
// The playground, the run, the invariants, the coverage.

/**
 * A backend that also keeps a shadow of everything committed, so the invariants can be checked
 * after each line without copying the whole store out every time, and the ids of the records
 * written since the last check (whose stored versions the damage check then reads).
 */
interface Shadowed extends Backend {
  shadow: Map<StoreName, Map<string, StoredRecord>>;
  dirty: Set<string>;
  written: Map<StoreName, Set<string>>;
}

function shadowed(inner: Backend): Shadowed {
  const shadow = new Map<StoreName, Map<string, StoredRecord>>();
  /** Clusters whose records changed since the last check (invariants are per cluster). */
  const dirty = new Set<string>();
  const written = new Map<StoreName, Set<string>>();
  for (const s of STORE_NAMES) {
    shadow.set(s, new Map());
    written.set(s, new Set());
  }
  return {
    kind: inner.kind,
    shadow,
    dirty,
    written,
    get: (store, id) => inner.get(store, id),
    list: (store, prefix) => inner.list(store, prefix),
    async commit(writes, guards) {
      await inner.commit(writes, guards);
      for (const w of writes) {
        const id = w.op === 'put' ? w.value.id : w.id;
        if (w.store === 'clusters' || w.store === 'users' || w.store === 'keys') dirty.add(id.split('/')[0]!);
        written.get(w.store)!.add(id);
        if (w.op === 'put') shadow.get(w.store)!.set(w.value.id, structuredClone(w.value));
        else shadow.get(w.store)!.delete(w.id);
      }
    },
    async clear() {
      await inner.clear();
      for (const m of shadow.values()) m.clear();
      for (const m of written.values()) m.clear();
    },
    close: () => inner.close(),
  };
}

/** The memory backend's own record, which no check reads: it holds no user data. */
const isSchema = (store: StoreName, id: string) => store === 'meta' && id === 'schema';

/**
 * Nothing is ever written that the damage check rejects (issue 11): every record written since the
 * last check, as the store under the cache holds it, passes recordProblem, and the cache the engine
 * reads through shows the same revision of it (or its absence).
 */
async function checkWritten(stored: Shadowed, cache: Backend): Promise<void> {
  for (const [store, ids] of stored.written) {
    for (const id of ids) {
      const rec = await stored.get(store, id);
      if (rec !== undefined && !isSchema(store, id)) {
        const problem = recordProblem(store, rec);
        if (problem !== null) throw new Error(`${store}/${shownId(id)} was written and the damage check rejects it: ${problem}`);
      }
      const seen = await cache.get(store, id);
      if (seen?.rev !== rec?.rev) throw new Error(`${store}/${shownId(id)}: the cache shows rev ${seen?.rev ?? '(absent)'}, the store holds rev ${rec?.rev ?? '(absent)'}`);
    }
    ids.clear();
  }
}

/** At the end of a run: every record of every store passes the damage check, and the cache lists them all. */
async function checkAllStored(stored: Shadowed, cache: Backend): Promise<void> {
  for (const store of STORE_NAMES) {
    const recs = await stored.list(store);
    for (const rec of recs) {
      if (isSchema(store, rec.id)) continue;
      const problem = recordProblem(store, rec);
      if (problem !== null) throw new Error(`${store}/${shownId(rec.id)} is stored and the damage check rejects it: ${problem}`);
    }
    const seen = (await cache.list(store)).map((r) => `${r.id}@${r.rev}`);
    expect(seen, `the cache lists the store's ${store} records`).toEqual(recs.map((r) => `${r.id}@${r.rev}`));
  }
}

const UNSEEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** A typed line or id as a report shows it: invisible characters as \u{…}, a long one cut. */
function shownLine(line: string, max = 300): string {
  const cut = line.length > max ? `${line.slice(0, max)}… (${line.length} characters)` : line;
  return cut.replace(UNSEEN, (ch) => `\\u{${ch.charCodeAt(0).toString(16)}}`);
}
/** An output as a report shows it: line by line as shownLine shows a line. */
const shownOutput = (output: string) => shownLine(output, 4000).split('\\u{a}').join('\n');
const shownId = (id: string) => shownLine(id, 120);

/** Give `cluster` `count` AES token keys owned by example_user (through the store port). */
async function fillCluster(t: Terminal, cluster: string, count: number): Promise<void> {
  const { Tx } = await import('../../src/hsm/tx');
  const { secretKeyAttrs } = await import('../../src/hsm/keys');
  const { keyRecordId } = await import('../../src/hsm/model');
  const tx = new Tx(t.backend);
  const c = (await tx.get<ClusterRecord>('clusters', cluster))!;
  const value = Buffer.from(AES, 'hex');
  const attrs = secretKeyAttrs({ keyType: KEY_TYPE.AES, value, label: 'filler', id: '', session: false, local: true, extractable: true });
  for (let i = 0; i < count; i++) {
    const index = c.nextIndex + i;
    tx.put<KeyRecord>('keys', {
      id: keyRecordId(cluster, index), rev: 0, cluster, handle: index, index, attrs, value: new Uint8Array(value),
      owner: 3, shared: [], manageQuorum: 0, useQuorum: 0, holders: c.hsms.map((h) => h.node),
    });
  }
  tx.put<ClusterRecord>('clusters', { ...c, nextIndex: c.nextIndex + count });
  await tx.commit();
}

export interface Coverage {
  reached: Map<string, number>;
  codes: Map<string, number>;
  lines: number;
  /** Lines typed at each kind of prompt (host, kmu, cmu, answer): where the runs spend their lines. */
  modes: Map<string, number>;
  /** Key pairs generated, by command and size or curve (generation is what costs the run its time). */
  pairs: Map<string, number>;
}

export const newCoverage = (): Coverage => ({ reached: new Map(), codes: new Map(), lines: 0, modes: new Map(), pairs: new Map() });

/** The command path a CLI line starts with: its words up to the first flag (four at most). */
function cliPath(line: string): string {
  const words = line.trim().split(/\s+/);
  const flag = words.findIndex((w) => w.startsWith('-'));
  return words.slice(0, Math.min(flag < 0 ? words.length : flag, 4)).join(' ');
}

function record(cov: Coverage, mode: string, line: string, output: string): void {
  cov.modes.set(mode, (cov.modes.get(mode) ?? 0) + 1);
  if (mode === 'answer') return;
  const typed = line.trim().split(/\s+/)[0] ?? '';
  const cmu = mode === 'cmu' ? findCmuCommand(typed) : undefined;
  const name = mode === 'kmu' ? findKmuCommand(typed)?.name ?? typed : typeof cmu === 'object' ? cmu.name
    : mode === 'cli' ? cliPath(line) : typed;
  const key = `${mode}:${name}`;
  let reached = false;
  // (no `\S+` before it: on an output echoing a word of 100,000 characters that is quadratic)
  for (const m of output.matchAll(/ returned: (0x[0-9a-f]+)/g)) {
    cov.codes.set(m[1]!, (cov.codes.get(m[1]!) ?? 0) + 1);
    if (m[1] !== '0xe3') reached = true;
  }
  // getCert's irregular line (kmu-commands.md §6.3): the code in decimal.
  for (const m of output.matchAll(/^Cfm3GetCert\(\) returned (\d+) :/gm)) {
    const code = '0x' + Number(m[1]).toString(16).padStart(2, '0');
    cov.codes.set(code, (cov.codes.get(code) ?? 0) + 1);
    if (code !== '0xe3') reached = true;
  }
  for (const m of output.matchAll(/err state (0x[0-9a-f]{8})/g)) {
    const code = '0x' + (parseInt(m[1]!, 16).toString(16).padStart(2, '0'));
    cov.codes.set(code, (cov.codes.get(code) ?? 0) + 1);
  }
  // CMU: anything but a client-side refusal (usage, unknown command, not logged in) reached the HSMs.
  if (mode === 'cmu' && output.trim() !== '' && !/^Error:|Usage:|Invalid command|Ambiguous|User is not logged in/.test(output)) reached = true;
  // CLI: a success envelope reached the operations layer
  if (mode === 'cli' && output.startsWith('{\n  "error_code": 0')) reached = true;
  if (reached) cov.reached.set(key, (cov.reached.get(key) ?? 0) + 1);
  if (/Cfm3GenerateKeyPair: {4}public key handle/.test(output)) {
    const size = / -[mi] (\S+)/.exec(line)?.[1] ?? '?';
    cov.pairs.set(`${name} ${size}`, (cov.pairs.get(`${name} ${size}`) ?? 0) + 1);
  }
}

/** An extra check after every line (the shrinking test's deliberately broken invariant). */
export type ExtraCheck = (t: Terminal, shadow: Map<StoreName, Map<string, StoredRecord>>) => void;

export interface RunOptions {
  /** Where the run's coverage is added up. */
  coverage?: Coverage;
  /** Without the third cluster at key capacity (whose 3,300 keys cost setup time). */
  light?: boolean;
  extraCheck?: ExtraCheck;
  /** Wraps the store under the cache (a test of the checks puts a fault there). */
  underCache?: (stored: Backend) => Backend;
}

const PROMPTS = ['$ ', 'Command: ', 'aws-cloudhsm>'];

/** The playground every run starts from, as the records to put, and its keys' versions, checked. */
interface Playground {
  records: Write[];
  checked: readonly string[];
}

const playgrounds = new Map<boolean, Promise<Playground>>();

/**
 * The scenario's users, keys and files on cluster-1, its clone cluster-2, and (unless `light`) a
 * third cluster at key capacity (3,300 keys, cluster.md §7) where creations answer 0xe6. Built
 * once; every run (and every replay while shrinking) starts a console on a copy of it, as a page
 * reload would, and its keys' attributes are checked here once rather than in every run.
 */
function playground(light: boolean): Promise<Playground> {
  let p = playgrounds.get(light);
  if (!p) {
    p = (async () => {
      const backend = createMemoryBackend();
      const t = await openTerminal({ seed: 20_000, scenario: SCENARIO, backend });
      await t.type('cluster clone cluster-2');
      if (!light) {
        await t.type('cluster create full');
        await fillCluster(t, 'full', 3300);
      }
      const records: Write[] = [];
      const checked: string[] = [];
      for (const store of STORE_NAMES) {
        for (const value of await backend.list(store)) {
          records.push({ op: 'put', store, value });
          if (!isSchema(store, value.id)) expect(recordProblem(store, value), `${store}/${value.id}`).toBeNull();
          if (store !== 'keys') continue;
          const k = value as KeyRecord;
          checkAttributes(k, `${k.cluster} key ${k.handle}`, 1);
          checked.push(`${k.id}@${k.rev}`);
        }
      }
      return { records, checked };
    })();
    playgrounds.set(light, p);
  }
  return p;
}

/**
 * One run: a fresh playground (several users and keys, two clusters, a third one full), then
 * every step types the line that fits the prompt; after each line no JavaScript error was printed
 * and every invariant holds. A failure names the line and lists the lines typed so far.
 */
export async function runSteps(steps: readonly Step[], opts: RunOptions = {}): Promise<void> {
  const start = await playground(opts.light ?? false);
  // The engine reads through the cache, as on the page; the checks read the store under it.
  const stored = shadowed(createMemoryBackend());
  await stored.commit(start.records);
  for (const ids of stored.written.values()) ids.clear(); // checked when the playground was built
  const backend = cachedBackend(opts.underCache ? opts.underCache(stored) : stored);
  const t = await openTerminal({ seed: 20_000, backend });
  const handles = [...FIRST_HANDLES];
  const checked = new Set(start.checked);
  const typed: string[] = [];
  const c = t.session as Console;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const prompt = c.prompt;
    const mode = prompt === '$ ' ? 'host' : prompt === 'Command: ' ? 'kmu' : prompt === CLI_PROMPT ? 'cli'
      : PROMPTS.includes(prompt) || /^server\d+>$/.test(prompt) ? 'cmu' : 'answer';
    const inCli = c.programId === 'cli';
    const raw = mode === 'host' ? s.host : mode === 'answer' ? answerFor(s.answer, prompt)
      : mode === 'cli' ? (s.useCliLogin && c.terminal.cli.user === null ? s.cliLogin : s.cli)
      : mode === 'cmu' ? (s.useCmuLogin && c.openSessions().cmuUser === null ? s.cmuLogin : s.cmu)
        : c.kmuSession.user === null && s.useLogin ? s.login : s.kmu;
    const line = resolveHandles(raw, handles);
    if (mode === 'kmu' && c.kmuSession.user === null && opts.coverage) opts.coverage.modes.set('kmu-out', (opts.coverage.modes.get('kmu-out') ?? 0) + 1);
    typed.push(`${String(i).padStart(5)} ${prompt.trim() || '(answer)'} ${shownLine(line)}`);
    const fail = (what: string, output: string): never => {
      const shown = typed.length > 40 ? ['  ...', ...typed.slice(-40)] : typed;
      throw new Error(`line ${i} (${mode}): ${what}\n${output}\nlines typed in this run:\n${shown.join('\n')}`);
    };
    let output = '';
    try {
      output = await t.type(line);
    } catch (e) {
      fail(`threw: ${line}`, (e as Error).stack ?? String(e));
    }
    // (`undefined` and `NaN` as words of their own: Base64 text may hold the letters, `ZNaN2X`)
    if (/internal error|TypeError|RangeError|ReferenceError|(?<![A-Za-z0-9+/])(?:undefined|NaN)(?![A-Za-z0-9+/=])|\[object /.test(output)) {
      fail(`printed a JavaScript error: ${shownLine(line)}`, output);
    }
    // every text reaches the terminal through printableText: no control character acts on it
    if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(output)) fail(`printed a control character: ${shownLine(line)}`, shownOutput(output));
    // `Key Handle: n` of a creation, an unwrap, an import; `public key handle: n    private key handle: m` of a pair
    for (const m of output.matchAll(/[Kk]ey [Hh]andle: (\d+)/g)) handles.push(Number(m[1]));
    // the CLI's key objects: `"key-reference": "0x…"` (the same number, cloudhsm-cli.md §5.2)
    for (const m of output.matchAll(/"key-reference": "0x([0-9a-f]{1,16})"/g)) handles.push(parseInt(m[1]!, 16));
    // every JSON output of the CLI parses as JSON, as the envelope of §2.6 (issue 16 acceptance)
    if (inCli || (mode === 'host' && line.startsWith('cloudhsm-cli '))) {
      const problem = cliJsonProblem(output);
      if (problem) fail(`${problem}: ${shownLine(line)}`, shownOutput(output));
    }
    if (handles.length > 200) handles.splice(5, 50);
    if (opts.coverage) {
      record(opts.coverage, mode, line, output);
      opts.coverage.lines++;
    }
    try {
      checkInvariants(t, stored.shadow, stored.dirty, checked);
      await checkWritten(stored, backend);
      opts.extraCheck?.(t, stored.shadow);
    } catch (e) {
      fail(`invariant broken after: ${shownLine(line)}`, `${shownOutput(output)}\n${(e as Error).message}`);
    }
  }
  try {
    await checkAllStored(stored, backend);
  } catch (e) {
    throw new Error(`after the run: ${(e as Error).message}\nlines typed in this run:\n${typed.slice(-40).join('\n')}`);
  }
}

/**
 * What is wrong with a CLI output that holds a JSON envelope (null: nothing, or no envelope): the
 * whole output must parse as JSON, an object with `error_code` 0 or 1 and `data` (cloudhsm-cli.md
 * §2.6), and carry a string `data` on failure.
 */
export function cliJsonProblem(output: string): string | null {
  if (!output.includes('"error_code"') && !output.startsWith('{')) return null;
  if (!output.startsWith('{') || !output.endsWith('}\n')) return 'printed a JSON envelope with text around it';
  let v: unknown;
  try {
    v = JSON.parse(output);
  } catch (e) {
    return `printed JSON that does not parse (${(e as Error).message})`;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'printed JSON that is no object';
  const o = v as Record<string, unknown>;
  if (Object.keys(o).join(',') !== 'error_code,data') return 'printed an envelope whose keys are not error_code, data';
  if (o.error_code !== 0 && o.error_code !== 1) return 'printed an error_code other than 0 or 1';
  if (o.error_code === 1 && typeof o.data !== 'string') return 'printed an error envelope whose data is no string';
  return null;
}

/** Store invariants after every line (issue 4 acceptance). */
function checkInvariants(t: Terminal, shadow: Map<StoreName, Map<string, StoredRecord>>, dirty: Set<string>, checkedKeys: Set<string>): void {
  const c = t.session as Console;
  const all = <T>(store: StoreName) => [...shadow.get(store)!.values()] as T[];
  const clusters = all<ClusterRecord>('clusters').filter((cl) => dirty.has(cl.name));
  dirty.clear();
  const users = all<UserRecord>('users');
  const keys = all<KeyRecord>('keys');
  const cus = new Map<string, Set<number>>();
  for (const u of users) if (u.type === 'CU') (cus.get(u.cluster) ?? cus.set(u.cluster, new Set()).get(u.cluster)!).add(u.userId);
  for (const cl of clusters) {
    const nodes = new Set(cl.hsms.map((h) => h.node));
    expect(nodes.size, `${cl.name}: node ids unique`).toBe(cl.hsms.length);
    for (const node of nodes) {
      const mine = users.filter((u) => u.cluster === cl.name && u.node === node);
      expect(new Set(mine.map((u) => u.userId)).size, `${cl.name}/${node}: user ids unique`).toBe(mine.length);
      expect(new Set(mine.map((u) => u.name.toLowerCase())).size, `${cl.name}/${node}: user names unique`).toBe(mine.length);
    }
    const ck = keys.filter((k) => k.cluster === cl.name);
    expect(new Set(ck.map((k) => k.handle)).size, 'handles unique').toBe(ck.length);
    // Plain checks per key (a cluster at capacity has 3,300 keys; expect() per key would dominate the run).
    const cuIds = cus.get(cl.name) ?? new Set<number>();
    for (const k of ck) {
      const label = `${cl.name} key ${k.handle}`;
      if (!k.id.endsWith(String(k.handle).padStart(10, '0'))) expect.fail(`${label}: id ${k.id}`);
      if (k.holders.length === 0) expect.fail(`${label}: held by no HSM`);
      if (!k.holders.every((n) => nodes.has(n))) expect.fail(`${label}: holders ${k.holders} are not all HSMs of the cluster`);
      if (!cuIds.has(k.owner)) expect.fail(`${label}: owner ${k.owner} exists as a CU`);
      for (const sh of k.shared) if (!cuIds.has(sh)) expect.fail(`${label}: shared user ${sh} is a CU`);
      if (k.shared.includes(k.owner)) expect.fail(`${label}: owner ${k.owner} is not among its shared users`);
      const version = `${k.id}@${k.rev}`;
      if (!checkedKeys.has(version)) {
        checkAttributes(k, label, 1);
        checkedKeys.add(version);
      }
    }
  }
  const session = c.kmuSession;
  if (session.sessionKeys.size === 0) return;
  expect(session.user, 'session keys belong to a live session').not.toBeNull();
  const tokenHandles = new Set(keys.filter((k) => k.cluster === session.cluster).map((k) => k.handle));
  for (const k of session.sessionKeys.values()) {
    expect(tokenHandles.has(k.handle), `session key ${k.handle} does not share a token key's handle`).toBe(false);
    checkAttributes(k, `session key ${k.handle}`, 0);
  }
}

/**
 * A public or private key against node:crypto (issue 12 storage conventions): its value parses as
 * SPKI / PKCS #8, the KCV is SHA-1 of the SPKI, VALUE_LEN is cloudhsm-cli.md §4.5's.
 */
/** Bytes of a coordinate on each curve the HSM generates (OpenSSL's names): the point is 1 + 2 × that. */
const CURVE_BYTES: Readonly<Record<string, number>> = { prime256v1: 32, secp224r1: 28, secp384r1: 48, secp521r1: 66, secp256k1: 32 };

function checkPairHalf(k: KeyRecord, label: string): void {
  const a = k.attrs;
  const der = Buffer.from(k.value);
  const pub = a[A.CLASS] === 2 ? createPublicKey({ key: der, format: 'der', type: 'spki' })
    : createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  const spki = pub.export({ format: 'der', type: 'spki' });
  expect(Buffer.from(a[A.KCV] as Uint8Array).toString('hex'), `${label}: KCV = SHA-1 of the SPKI`)
    .toBe(createHash('sha1').update(spki).digest().subarray(0, 3).toString('hex'));
  const type = pub.asymmetricKeyType;
  expect(a[A.KEY_TYPE], `${label}: KEY_TYPE`).toBe(type === 'rsa' ? KEY_TYPE.RSA : type === 'ec' ? KEY_TYPE.EC : KEY_TYPE.DSA);
  let want: number;
  if (type === 'dsa') want = 256;
  else if (a[A.CLASS] === 3) want = k.value.length;
  else if (type === 'rsa') want = pub.asymmetricKeyDetails!.modulusLength! / 4;
  else want = 1 + 2 * (CURVE_BYTES[pub.asymmetricKeyDetails!.namedCurve!] ?? NaN); // (no JWK of P-224 in Node)
  expect(a[A.VALUE_LEN], `${label}: VALUE_LEN`).toBe(want);
}

function checkAttributes(k: KeyRecord, label: string, token: number): void {
  const a = k.attrs;
  expect(a[A.TOKEN], `${label}: TOKEN`).toBe(token);
  expect([2, 3, 4]).toContain(a[A.CLASS]);
  if (a[A.CLASS] === 4) expect(a[A.VALUE_LEN], `${label}: VALUE_LEN`).toBe(k.value.length);
  else checkPairHalf(k, label);
  for (const b of [A.EXTRACTABLE, A.LOCAL, A.SENSITIVE, A.ENCRYPT, A.DECRYPT, A.WRAP, A.UNWRAP, A.SIGN, A.VERIFY]) {
    expect([0, 1], `${label}: boolean ${b}`).toContain(a[b]);
  }
  if (a[A.NEVER_EXTRACTABLE] === 1) expect(a[A.EXTRACTABLE], `${label}: never extractable`).toBe(0);
  if (a[A.KEY_TYPE] === KEY_TYPE.AES) expect([16, 24, 32]).toContain(k.value.length);
  if (a[A.KEY_TYPE] === KEY_TYPE.DES3) expect(k.value.length).toBe(24);
  const kcv = Buffer.from(a[A.KCV] as Uint8Array).toString('hex');
  if (a[A.KEY_TYPE] === KEY_TYPE.AES || a[A.KEY_TYPE] === KEY_TYPE.DES3) {
    const alg = a[A.KEY_TYPE] === KEY_TYPE.AES ? `aes-${k.value.length * 8}-ecb` : 'des-ede3-ecb';
    const c = createCipheriv(alg, Buffer.from(k.value), null).setAutoPadding(false);
    const z = Buffer.concat([c.update(Buffer.alloc(a[A.KEY_TYPE] === KEY_TYPE.AES ? 16 : 8)), c.final()]);
    expect(kcv, `${label}: KCV matches the key`).toBe(z.subarray(0, 3).toString('hex'));
  }
  for (const q of [k.manageQuorum, k.useQuorum]) {
    expect(q).toBeGreaterThanOrEqual(0);
    expect(q).toBeLessThanOrEqual(8);
  }
}
