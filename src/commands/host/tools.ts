/**
 * What the host's tools (grep, wc, head, tail, cmp, diff, sha256sum, base64, openssl) share: their
 * option tables (which drive parsing, `--help` and completion), reading their inputs (files of the
 * virtual file system, or standard input for `-` and when no file is named), their output as
 * bytes, and the host tools' one door to src/crypto (SHA-256, random bytes, and the asymmetric
 * facade openssl loads on first use). They behave as the tools of a Debian host do (grep 3.8,
 * coreutils 9.1, diffutils 3.8, OpenSSL 3.0.19, UTF-8 locale); test/host-tools checks that
 * against the real tools.
 */
import { sha256 } from '../../crypto/digest';
import { toHex } from '../../crypto/hex';
import { randomBytes } from '../../crypto/rng';
import { isDir, readFile, resolvePath } from '../../hsm/vfs';
import type { ToolOption, ToolSpec } from './tool-spec';
import type { HostContext, HostResult } from './command';
import { safeText } from './display';

export { toHex, randomBytes };

/** The asymmetric crypto facade (key pairs, signatures, RSA encryption, key formats): loaded on first use, never with the page. */
export const asymCrypto = () => import('../../crypto/asym/lite');
export type AsymCrypto = Awaited<ReturnType<typeof asymCrypto>>;

/**
 * A new key pair for the host's openssl, with the policy the HSM's generation uses
 * (src/crypto/asym/platform-keygen.ts): seed first (from the seed in seeded mode, so an embed prints
 * the same keys), WebCrypto when it can, else the page's worker with a progress line. Throws
 * KeygenError when the platform fails, the abort reason on Ctrl-C.
 */
export async function generateKeyPair(ctx: HostContext, spec: import('../../crypto/asym/types').KeyPairSpec) {
  const { generatePairOnPlatform } = await import('../../crypto/asym/platform-keygen');
  const { hsm } = ctx;
  return generatePairOnPlatform({ rng: hsm.deps.rng, seeded: hsm.seeded, notice: hsm.deps.notice, keygen: hsm.deps.keygen, signal: hsm.signal }, spec);
}
export type { CurveName, HashName, KeyPairSpec, SignMechanism } from '../../crypto/asym/types';

export type { ToolOption, ToolSpec } from './tool-spec';

/** `--help`: our own short text, from the table. */
export function helpText(spec: ToolSpec): string {
  const rows = spec.options.map((o) => {
    const names = [o.short ? `-${o.short}${o.value && !o.long ? ' ' + o.value : ''}` : '', o.long ? `--${o.long}${o.value ? '=' + o.value : ''}` : '']
      .filter((n) => n !== '').join(', ');
    return { names: (o.short ? '' : '    ') + names, help: o.help };
  });
  rows.push({ names: '    --help', help: 'display this help and exit' });
  const width = Math.max(...rows.map((r) => r.names.length));
  return [`Usage: ${spec.usage}`, spec.about, '', ...rows.map((r) => `  ${r.names.padEnd(width)}  ${r.help}`), ''].join('\n');
}

/** The lines GNU prints after a usage error, and its status. */
export function usageError(spec: ToolSpec, message: string): HostResult {
  const n = spec.name;
  const tail = spec.tryLine === 'usage' ? [`Usage: ${spec.usage}`, `Try '${n} --help' for more information.`]
    : spec.tryLine === 'prefixed' ? [`${n}: Try '${n} --help' for more information.`]
      : [`Try '${n} --help' for more information.`];
  return { output: '', stderr: [...(message ? [`${n}: ${message}`] : []), ...tail].map((l) => l + '\n').join(''), status: spec.usageStatus };
}

export interface ParsedArgs {
  /** Each option given, by its table entry (short letter, else long name), in order. */
  given: Array<{ key: string; value?: string }>;
  operands: string[];
  help: boolean;
}

const keyOf = (o: ToolOption) => o.short ?? o.long!;

/**
 * GNU getopt_long as the tools use it: short options cluster (`-inA1`), a value follows its letter
 * or is the next word, long options take `=value` or the next word, options and operands mix
 * (permutation), `--` ends options, `-` is an operand.
 */
export function parseArgs(spec: ToolSpec, args: readonly string[]): ParsedArgs | HostResult {
  const given: ParsedArgs['given'] = [];
  const operands: string[] = [];
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      if (name === 'help') {
        help = true;
        continue;
      }
      const exact = spec.options.find((o) => o.long === name);
      const prefixed = spec.options.filter((o) => o.long?.startsWith(name));
      const o = exact ?? (prefixed.length === 1 ? prefixed[0] : undefined);
      if (!o) {
        if (prefixed.length > 1) return usageError(spec, `option '${a.slice(0, eq < 0 ? undefined : eq)}' is ambiguous`);
        return usageError(spec, `unrecognized option '${a}'`);
      }
      if (o.value) {
        let v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) return usageError(spec, `option '--${o.long}' requires an argument`);
        given.push({ key: keyOf(o), value: v });
        v = '';
      } else {
        if (eq >= 0) return usageError(spec, `option '--${o.long}' doesn't allow an argument`);
        given.push({ key: keyOf(o) });
      }
      continue;
    }
    if (a.startsWith('-') && a !== '-') {
      for (let k = 1; k < a.length; k++) {
        const ch = a[k]!;
        const o = spec.options.find((x) => x.short === ch);
        if (!o) return usageError(spec, `invalid option -- '${ch}'`);
        if (o.value) {
          const v = k + 1 < a.length ? a.slice(k + 1) : args[++i];
          if (v === undefined) return usageError(spec, `option requires an argument -- '${ch}'`);
          given.push({ key: keyOf(o), value: v });
          break;
        }
        given.push({ key: keyOf(o) });
      }
      continue;
    }
    operands.push(a);
  }
  return { given, operands, help };
}

export const isResult = (x: ParsedArgs | HostResult): x is HostResult => !('given' in x);

/** One input of a tool: its bytes, or why it could not be read. */
export type Input =
  | { name: string; data: Uint8Array; regular: boolean }
  | { name: string; error: 'missing' | 'dir' };

/** Read the named files (`-`: standard input) in one transaction. */
export async function readInputs(ctx: HostContext, names: readonly string[]): Promise<Input[]> {
  const stdin = (): Input => ({ name: '-', data: ctx.stdin ?? new Uint8Array(0), regular: ctx.stdinKind === 'file' });
  let out: Input[] = [];
  await ctx.hsm.transact(async (tx) => {
    out = [];
    for (const name of names) {
      if (name === '-') {
        out.push(stdin());
        continue;
      }
      const path = resolvePath(ctx.cwd, name);
      const data = await readFile(tx, path);
      if (data) out.push({ name, data, regular: true });
      else out.push({ name, error: (await isDir(tx, path)) ? 'dir' : 'missing' });
    }
  });
  return out;
}

export const errorText = (e: 'missing' | 'dir') => (e === 'dir' ? 'Is a directory' : 'No such file or directory');

const encoder = new TextEncoder();
export const utf8 = (s: string) => encoder.encode(s);

/** A tool's result from its output bytes and error lines. */
export function result(bytes: Uint8Array | string, stderr: string, status: number): HostResult {
  const b = typeof bytes === 'string' ? utf8(bytes) : bytes;
  return { output: safeText(b), bytes: b, stderr, status };
}

export { concat } from './bytes';

/** Split bytes into lines, each with its "\n" (the last may lack it). */
export function splitLines(data: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x0a) {
      lines.push(data.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < data.length) lines.push(data.subarray(start));
  return lines;
}

/** SHA-256 of bytes, lower-case hex (the one use of src/crypto by the host tools). */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  return toHex(await sha256(data));
}

/** Bytes are valid UTF-8. */
export function validUtf8(data: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/**
 * GNU's quoting of a file name in messages: shell-escape style, quoted only when it needs it
 * (`wc: nof: …`), or always (`head: cannot open 'nof' for reading`).
 */
export function quoteName(name: string, always = false): string {
  if (!always && /^[A-Za-z0-9_.\/@%+=:,-]+$/.test(name)) return name;
  if (!name.includes("'")) return `'${name}'`;
  return `'${name.replace(/'/g, "'\\''")}'`;
}
