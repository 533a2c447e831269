/**
 * What `openssl` does (its table and command are in openssl.ts; this loads on first use): `rand`
 * here, each other subcommand's work in its own file, loaded when it runs.
 */
import { FileSpaceError, MAX_FILE_BYTES, resolvePath, writeFile } from '../../hsm/vfs';
import { fail, type HostContext, type HostResult } from './command';
import { OPENSSL_COMMANDS } from './openssl';
import { safeText } from './display';
import { randomBytes, toHex } from './tools';

type Sub = () => Promise<{ run(ctx: HostContext, sub: string, args: readonly string[]): Promise<HostResult> }>;

/** Each subcommand's work, loaded on first use (a Map: a typed word never reaches a prototype). */
const SUBCOMMANDS: ReadonlyMap<string, Sub> = new Map<string, Sub>([
  ['genrsa', () => import('./openssl-genkey-run')],
  ['genpkey', () => import('./openssl-genkey-run')],
  ['ecparam', () => import('./openssl-genkey-run')],
  ['pkey', () => import('./openssl-pkey-run')],
  ['rsa', () => import('./openssl-pkey-run')],
  ['ec', () => import('./openssl-pkey-run')],
  ['dgst', () => import('./openssl-dgst-run')],
  ['pkeyutl', () => import('./openssl-pkeyutl-run')],
  ['rsautl', () => import('./openssl-pkeyutl-run')],
  ['version', async () => ({ run: version })],
]);

/** The OpenSSL of the client host (Debian's, which the differential tests run). */
export const OPENSSL_VERSION = 'OpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)';

async function version(_ctx: HostContext, _sub: string, args: readonly string[]): Promise<HostResult> {
  const { commandOf, isParsed, parseOptions } = await import('./openssl-common');
  const p = parseOptions(commandOf('version'), args);
  if (!isParsed(p)) return p;
  if (p.operands.length > 0) return { output: '', stderr: 'version: Use -help for summary.\n', status: 1 };
  return { output: OPENSSL_VERSION + '\n', status: 0 };
}

/** From this many bytes `rand` yields between making the bytes, encoding them and printing them. */
const BIG_OUTPUT_BYTES = 64 * 1024;

const USAGE = ['Usage: rand [options] num', '  -out outfile  Output file', '  -base64       Base64 encode output', '  -hex          Hex encode output'];

function base64(data: Uint8Array): string {
  let bin = '';
  for (const b of data) bin += String.fromCharCode(b);
  return (btoa(bin).match(/.{1,64}/g) ?? []).join('\n');
}

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const [sub, ...rest] = args;
  if (sub === undefined) return fail(`Usage: openssl ${OPENSSL_COMMANDS.map((c) => c.name).join('|')} [OPTION]...`);
  const other = SUBCOMMANDS.get(sub);
  if (other) return (await other()).run(ctx, sub, rest);
  if (sub !== 'rand') return fail(`Invalid command '${sub}'; type "help" for a list.`);
  let outFile: string | undefined;
  let encoding: 'raw' | 'hex' | 'base64' = 'raw';
  const nums: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '-out') {
      if (rest[i + 1] === undefined) return fail('rand: Option -out needs a value', ...USAGE);
      outFile = rest[++i];
    } else if (a === '-hex') encoding = 'hex';
    else if (a === '-base64') encoding = 'base64';
    else if (a.startsWith('-')) return fail(`rand: Unknown option: ${a}`, ...USAGE);
    else nums.push(a);
  }
  if (nums.length !== 1) return fail('rand: Extra option or missing number of bytes', ...USAGE);
  const n = nums[0]!;
  if (!/^\d+$/.test(n) || Number(n) < 1) return fail(`rand: Non-positive number "${n}" for option num`, ...USAGE);
  // more than a file may hold is refused before a byte is made (the one message of the file system)
  if (Number(n) > MAX_FILE_BYTES && outFile !== undefined) throw new FileSpaceError(resolvePath(ctx.cwd, outFile));
  if (Number(n) > MAX_FILE_BYTES) return fail(`rand: ${n} bytes is more than this playground prints at once (${MAX_FILE_BYTES})`);
  const bytes = randomBytes(ctx.hsm.deps.rng, Number(n));
  // a big output is made over several tasks, not one: the bytes, their encoding, then the shell's
  // printing each have a task of their own (a 1 MiB hex dump's one task of ~50 ms, and 122 ms in a
  // CI run, was all three; e2e/responsive.e2e.ts). The clock's sleep is the engine's way to yield.
  const big = bytes.length >= BIG_OUTPUT_BYTES;
  if (big) await ctx.hsm.deps.clock.sleep(0);
  const text = encoding === 'hex' ? toHex(bytes) + '\n' : encoding === 'base64' ? base64(bytes) + '\n' : bytes;
  if (big) await ctx.hsm.deps.clock.sleep(0);
  if (outFile === undefined) return { output: typeof text === 'string' ? text : safeText(text) + '\n' };
  const data = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const path = resolvePath(ctx.cwd, outFile);
  const result = await ctx.hsm.transact((tx) => writeFile(tx, path, data, ctx.hsm.deps.clock.now()));
  if (result !== 'ok') return fail(`Can't open "${outFile}" for writing, ${result === 'is-dir' ? 'Is a directory' : 'No such file or directory'}`);
  return { output: '' };
}
