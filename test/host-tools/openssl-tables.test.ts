/**
 * The host's openssl and base64 as commands of the shell: `help` lists them, Tab completes the
 * subcommands, their options and file values from the table; the host tools reach src/crypto only
 * through tools.ts (the asymmetric facade by a dynamic import there); typed words that name
 * properties of Object.prototype reach no table; bad input gives OpenSSL's messages, never a crash.
 */
import { describe, expect, it } from 'vitest';
import { join, normalize } from 'node:path';
import { openTerminal } from '../support/transcript';
import { TREE, type Sources } from '../support/source-tree';
import type { Console } from '../../src/shell/console';
import { OPENSSL_COMMANDS } from '../../src/commands/host/openssl';

const stripComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
const importsOf = (file: string, source: string) =>
  [...stripComments(source).matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)'(\.[^']+)'/g)].map((m) => normalize(join(file, '..', m[1]!)));

/**
 * Host-tool files that import src/crypto other than through tools.ts (display.ts's re-export of the
 * hex formatter, which the page's first script needs without the tools, is the one old exception).
 */
export function hostCryptoViolations(src: Sources): string[] {
  const bad: string[] = [];
  for (const [f, text] of src) {
    if (!/^src\/commands\/host\//.test(f) || f === 'src/commands/host/tools.ts') continue;
    for (const t of importsOf(f, text)) {
      if (!t.startsWith('src/crypto/')) continue;
      if (f === 'src/commands/host/display.ts' && t === 'src/crypto/hex') continue;
      bad.push(`${f} → ${t}`);
    }
  }
  return bad;
}

/**
 * Host-tool files (the GNU tools, openssl, base64 and their module) that reach the HSM model beyond
 * the client host's file system (src/hsm/vfs, and the record types of src/hsm/model): a host tool is
 * no console of the HSM, so it never calls its operations (DEVELOPERS.md, architecture).
 */
export function hostHsmViolations(src: Sources): string[] {
  const bad: string[] = [];
  for (const [f, text] of src) {
    if (!/^src\/commands\/host\/(openssl|base64|tools|grep|wc|head|tail|cmp|diff|sha256sum)[a-z0-9-]*\.ts$/.test(f)) continue;
    for (const t of importsOf(f, text)) {
      if (t.startsWith('src/hsm/') && t !== 'src/hsm/vfs' && t !== 'src/hsm/model') bad.push(`${f} → ${t}`);
    }
  }
  return bad;
}

describe('openssl and base64 in the host shell', () => {
  it('help lists openssl\'s subcommands and base64', async () => {
    const t = await openTerminal();
    const help = await t.type('help');
    for (const c of OPENSSL_COMMANDS) expect(help).toContain(c.name);
    expect(help).toMatch(/openssl rand/);
    expect(help).toMatch(/\n {2}base64 \[-d\]/);
  });

  it('Tab completes the subcommands, their options, file values and dgst\'s files from the table', async () => {
    const t = await openTerminal();
    await t.type('openssl rand -out key.pem 32');
    const c = t.session as Console;
    expect((await c.complete('openssl ')).candidates).toEqual(OPENSSL_COMMANDS.map((x) => x.name).sort());
    expect((await c.complete('openssl ge')).candidates).toEqual(['genpkey', 'genrsa']);
    expect((await c.complete('openssl pkeyu')).candidates).toEqual(['pkeyutl']);
    expect((await c.complete('openssl pkey -pu')).candidates).toEqual(['-pubin', '-pubout']);
    expect((await c.complete('openssl pkey -in k')).candidates).toEqual(['key.pem']);
    expect((await c.complete('openssl pkey -pubin -pu')).candidates).toEqual(['-pubout']);
    expect((await c.complete('openssl dgst -sha256 -verify key.pem -signature k')).candidates).toEqual(['key.pem']);
    expect((await c.complete('openssl dgst -sha256 k')).candidates).toEqual(['key.pem']);
    expect((await c.complete('openssl dgst -sha2')).candidates).toEqual(['-sha224', '-sha256']);
    expect((await c.complete('openssl ecparam -name ')).candidates).toEqual([]);
    expect((await c.complete('openssl bogus -')).candidates).toEqual([]);
    expect((await c.complete('base64 -')).candidates).toEqual(['--decode', '--ignore-garbage', '--wrap', '-d', '-i', '-w']);
    expect((await c.complete('base64 k')).candidates).toEqual(['key.pem']);
    expect((await c.complete('sudo openssl dg')).candidates).toEqual(['dgst']);
  });

  it('the host tools reach src/crypto only through tools.ts; the rule fails on an offending file', () => {
    expect(hostCryptoViolations(TREE)).toEqual([]);
    const tools = TREE.get('src/commands/host/tools.ts')!;
    expect(tools).toMatch(/import\('\.\.\/\.\.\/crypto\/asym\/lite'\)/); // the facade's main-thread half: a dynamic import
    expect(tools).not.toMatch(/^(?:import|export)\s+(?!type\b)[^;]*from '\.\.\/\.\.\/crypto\/asym/m); // types only, statically
    const with1 = (f: string, text: string) => hostCryptoViolations(new Map([...TREE, [f, text]]));
    expect(with1('src/commands/host/openssl-scratch.ts', "import { sign } from '../../crypto/asym/index';"))
      .toEqual(['src/commands/host/openssl-scratch.ts → src/crypto/asym/index']);
    expect(with1('src/commands/host/scratch.ts', "const m = await import('../../crypto/rng');"))
      .toEqual(['src/commands/host/scratch.ts → src/crypto/rng']);
  });

  it('the host tools never call the HSM\'s operations (only the file system of the client host); the rule fails on an offending file', () => {
    expect(hostHsmViolations(TREE)).toEqual([]);
    const with1 = (f: string, text: string) => hostHsmViolations(new Map([...TREE, [f, text]]));
    expect(with1('src/commands/host/openssl-scratch-run.ts', "const { generatePair } = await import('../../hsm/ops/pairs');"))
      .toEqual(['src/commands/host/openssl-scratch-run.ts → src/hsm/ops/pairs']);
  });

  it('typed words naming Object.prototype\'s properties, and hostile input, give messages, never a crash', async () => {
    const t = await openTerminal();
    await t.type('echo hi > msg');
    const cases: Array<[string, RegExp]> = [
      ['openssl constructor', /^Invalid command 'constructor'; type "help" for a list\.\n$/],
      ['openssl __proto__', /^Invalid command '__proto__'; type "help" for a list\.\n$/],
      ['openssl toString -in msg', /^Invalid command 'toString'/],
      ['openssl dgst -constructor msg', /^dgst: Unknown option or message digest: constructor\n/],
      ['openssl pkey -in __proto__', /^Could not open file or uri for loading key from __proto__\n/],
      ['openssl pkey -in msg', /^Could not read key from msg\n$/],
      ['openssl ecparam -name __proto__ -genkey', /^unable to generate key\n/],
      ['openssl ecparam -name toString -genkey', /^unable to generate key\n/],
      ['openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:constructor', /^genpkey: Error generating EC key\n/],
      ['openssl genpkey -algorithm hasOwnProperty', /^Error initializing hasOwnProperty context\n/],
      ['openssl pkeyutl -sign -inkey msg -pkeyopt digest:constructor -in msg', /^pkeyutl: Error setting digest:constructor parameter:\n$/],
      ['openssl dgst -sha256 -sigopt constructor -verify msg -signature msg msg', /^Signature parameter error "constructor"\n/],
      ['openssl genrsa 99999999999999999999', /this playground makes RSA keys of 2048 to 4096 bits/],
      ['openssl pkey -in msg -outform __proto__', /^pkey: Bad format "__proto__"\n/],
      ['base64 -w 99999999999999999999 msg', /^aGkK\n$/],
      ['base64 -w __proto__ msg', /^base64: invalid wrap size: ‘__proto__’\n$/],
    ];
    for (const [line, want] of cases) expect(await t.type(line), line).toMatch(want);
    // -help: OpenSSL's first line on standard error, status 0; the options from the table
    expect(await t.type('openssl dgst -help 2> help.txt; echo $?')).toBe('0\n');
    const help = await t.type('cat help.txt');
    expect(help).toMatch(/^Usage: dgst \[options\] \[file\.\.\.\]\n/);
    expect(help).toContain(' -signature infile\n');
    // a file that claims to be a key but is not: every key reader says it holds none
    await t.type('echo "-----BEGIN PRIVATE KEY-----" > bad.pem');
    await t.type('echo "MIIBOgIBAAJB" >> bad.pem');
    await t.type('echo "-----END PRIVATE KEY-----" >> bad.pem');
    for (const line of ['openssl pkey -in bad.pem', 'openssl rsa -in bad.pem', 'openssl dgst -sha256 -sign bad.pem msg', 'openssl pkeyutl -sign -inkey bad.pem -in msg']) {
      expect(await t.type(line), line).toMatch(/^Could not read private key from bad\.pem\n|^Could not read key from bad\.pem\n/);
    }
  });
});
