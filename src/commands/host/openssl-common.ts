/**
 * What the openssl subcommands share (loaded on first use with them): OpenSSL 3.0's option parser
 * and its messages, its error-queue lines, reading and writing the files of the virtual file
 * system, loading a key from a PEM or DER file, and the door to the asymmetric crypto facade.
 *
 * OpenSSL's error lines begin with the thread's id (`4017E651F37F0000:error:…`), a different
 * number on every run; the playground prints one fixed id, ERR_THREAD, so its lines are stable
 * and still read as OpenSSL's (the differential tests compare everything after the id).
 *
 * Known differences from OpenSSL 3.0.19 (everything else is compared byte for byte in
 * test/host-tools/openssl*.test.ts):
 * - at the terminal, a subcommand's standard output shows before its standard error (the host
 *   shell prints a command's output, then its errors): `openssl rsa -in k.pem -pubout` shows the
 *   PEM, then `writing RSA key`; into a file or pipe (`2>&1`) the order is OpenSSL's;
 * - key generation makes what the HSM's engines make: RSA 2048–4096 bits in steps of 256 with an
 *   odd exponent ≥ 65537, the five curves of attributes.md §4.4; no DSA, no encrypted key files;
 * - genpkey prints no prime-search progress (`.+++`); -help lists only the options taken here;
 * - pkeyutl signs and verifies with RSA keys only (PKCS #1 v1.5 of a digest or raw bytes); an EC
 *   digest signature needs a facade call the crypto layer does not offer (it signs whole messages);
 * - PSS signatures are made with a salt as long as the hash (OpenSSL's default is the longest);
 *   either verifies with the other, any salt length being accepted unless -sigopt names one.
 */
import { FileSpaceError, MAX_FILE_BYTES, resolvePath, writeFile } from '../../hsm/vfs';
import type { HostContext, HostResult } from './command';
import { findOsslCommand, type OsslCommand } from './openssl';
import { asymCrypto, readInputs, result, type AsymCrypto, type Input } from './tools';
import { concat } from './bytes';

/** The thread id of the playground's OpenSSL error lines (the real one changes every run). */
export const ERR_THREAD = '40E7A1C0DE7F0000';

/** One line of OpenSSL's error queue. */
export const errLine = (code: string, lib: string, func: string, reason: string, where: string, data = '') =>
  `${ERR_THREAD}:error:${code}:${lib}:${func}:${reason}:${where}:${data}`;

/** The lines OpenSSL prints for a file it cannot open (BIO_new_file), in mode `rb` or `wb`. */
export const fopenLines = (file: string, mode: string, missing = true) => [
  errLine('80000002', 'system library', 'BIO_new_file', missing ? 'No such file or directory' : 'Is a directory', '../crypto/bio/bss_file.c:67', `calling fopen(${file}, ${mode})`),
  errLine('10000080', 'BIO routines', 'BIO_new_file', missing ? 'no such file' : 'system lib', '../crypto/bio/bss_file.c:75', ''),
];

/** An algorithm name nothing provides (an unknown -CIPHER or digest). */
export const fetchLine = (name: string) => errLine('0308010C', 'digital envelope routines', 'inner_evp_generic_fetch', 'unsupported',
  '../crypto/evp/evp_fetch.c:386', `Global default library context, Algorithm (${name} : 0), Properties (<null>)`);

/** The result of a subcommand: standard output bytes, error lines, status. */
export class Out {
  private chunks: Uint8Array[] = [];
  private errors: string[] = [];
  write(data: Uint8Array | string): void {
    this.chunks.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  }
  err(...lines: string[]): void {
    this.errors.push(...lines);
  }
  get stdout(): Uint8Array {
    return concat(this.chunks);
  }
  done(status: number): HostResult {
    return result(this.stdout, this.errors.map((l) => l + '\n').join(''), status);
  }
}

export interface Parsed {
  /** Options in order, with their values. */
  opts: Array<{ flag: string; value: string }>;
  operands: string[];
  has(flag: string): boolean;
  /** The last value given for an option. */
  get(flag: string): string | undefined;
  all(flag: string): string[];
}

/** Cipher options of the key commands (-aes256 …): encrypted key files are not made here. */
const CIPHERS = /^(aes-?(128|192|256)(-cbc)?|des3?|des-ede3(-cbc)?|aria\d+|camellia\d+|idea|seed|bf)$/;

/**
 * OpenSSL 3.0's opt_next: options start with `-` (`--x` is `-x`), a value is the next word, the
 * first word that is not an option ends them (`--` too). The errors its apps print.
 */
export function parseOptions(cmd: OsslCommand, args: readonly string[]): Parsed | HostResult {
  const opts: Parsed['opts'] = [];
  let i = 0;
  const usage = `${cmd.name}: Use -help for summary.`;
  const bad = (...lines: string[]): HostResult => ({ output: '', stderr: lines.map((l) => l + '\n').join(''), status: 1 });
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const flag = a.startsWith('--') ? a.slice(1) : a;
    if (flag === '-help') return { output: '', stderr: helpText(cmd), status: 0 };
    const o = cmd.options.find((x) => x.flag === flag);
    if (!o) {
      const name = flag.slice(1);
      if (cmd.unknown === 'cipher' && CIPHERS.test(name)) {
        return bad(`${cmd.name}: encrypted key files (${flag}) are not available in this playground; leave the option out`);
      }
      if (cmd.unknown === 'option') return bad(`${cmd.name}: Unknown option: ${a}`, usage);
      if (cmd.unknown === 'digest') return bad(`${cmd.name}: Unknown option or message digest: ${name}`, usage, fetchLine(name));
      // genrsa, pkey, rsa and ec take any other -WORD as a cipher's name
      if (cmd.name === 'genrsa') return bad(`${cmd.name}: Unknown cipher: ${name}`, fetchLine(name));
      if (cmd.name === 'rsa') return bad(`${cmd.name}: Unknown cipher: ${name}`, usage);
      return bad(`${cmd.name}: Unknown cipher: ${name}`, usage, fetchLine(name));
    }
    if (o.value !== undefined) {
      const v = args[i + 1];
      if (v === undefined) return bad(`${cmd.name}: Option ${flag} needs a value`, usage);
      opts.push({ flag, value: v });
      i++;
    } else opts.push({ flag, value: '' });
  }
  const operands = args.slice(i);
  return {
    opts,
    operands,
    has: (flag) => opts.some((x) => x.flag === flag),
    get: (flag) => opts.filter((x) => x.flag === flag).pop()?.value,
    all: (flag) => opts.filter((x) => x.flag === flag).map((x) => x.value),
  };
}

/** `-help`: OpenSSL's first line, then the options this playground takes (on standard error, status 0, as OpenSSL). */
export function helpText(cmd: OsslCommand): string {
  const operands = cmd.operands === 'files' ? ' [file...]' : cmd.name === 'genrsa' ? ' [numbits]' : cmd.name === 'rand' ? ' num' : '';
  const rows = [' -help', ...cmd.options.map((o) => ` ${o.flag}${o.value === 'file' ? ' infile' : o.value ? ' val' : ''}`)];
  return [`Usage: ${cmd.name} [options]${operands}`, '', "Options (this playground's; OpenSSL 3.0 has more):", ...rows, ''].join('\n');
}

export const isParsed = (x: Parsed | HostResult): x is Parsed => 'opts' in x;

export function commandOf(name: string): OsslCommand {
  return findOsslCommand(name)!;
}

/** Read one file (`-` or none: standard input). */
export async function readOne(ctx: HostContext, name: string | undefined): Promise<Input> {
  const [input] = await readInputs(ctx, [name ?? '-']);
  return input!;
}

/** Write `data` to FILE, or to standard output when there is no -out; the error lines when the file cannot be made. */
export async function emit(ctx: HostContext, out: Out, file: string | undefined, data: Uint8Array | string, cmd?: string): Promise<boolean> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  if (file === undefined) {
    out.write(bytes);
    return true;
  }
  const path = resolvePath(ctx.cwd, file);
  if (bytes.length > MAX_FILE_BYTES) throw new FileSpaceError(path);
  const r = await ctx.hsm.transact((tx) => writeFile(tx, path, bytes, ctx.hsm.deps.clock.now()));
  if (r === 'ok') return true;
  const why = r === 'is-dir' ? 'Is a directory' : 'No such file or directory';
  out.err(`${cmd ? cmd + ': ' : ''}Can't open "${file}" for writing, ${why}`);
  return false;
}

/** The asymmetric facade, and the options every random operation takes: the seed in seeded mode. */
export async function crypto(ctx: HostContext): Promise<{ asym: AsymCrypto; opts: { rng?: HostContext['hsm']['deps']['rng'] } }> {
  const asym = await asymCrypto();
  return { asym, opts: seeded(ctx) ? { rng: ctx.hsm.deps.rng } : {} };
}

/**
 * Seeded mode (spec README decision 3): `settings seed N`. The host is not the HSM, but a
 * documentation embed that runs `openssl genrsa` wants the same key every time, so the host's
 * keys and random paddings come from the seed too when it is set (from the platform otherwise).
 */
export function seeded(ctx: HostContext): boolean {
  return ctx.hsm.seeded;
}

// ---- keys --------------------------------------------------------------------------------

export type LoadedKey = { kind: 'private'; pkcs8: Uint8Array; spki: Uint8Array } | { kind: 'public'; spki: Uint8Array };

/** How a subcommand names what it loads in its messages (`loading private key from`, `read key of Public Key from`). */
export interface KeyWords {
  open: string;
  read: string;
}

export const PRIVATE_WORDS: KeyWords = { open: 'private key', read: 'private key' };
export const PUBLIC_WORDS: KeyWords = { open: 'public key', read: 'public key' };

const storeUnsupported = () => errLine('1608010C', 'STORE routines', 'ossl_store_handle_load_result', 'unsupported', '../crypto/store/store_result.c:149', '');

const latin1 = (b: Uint8Array) => {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return s;
};

/** A key file's contents: a private or public key, PEM (any of OpenSSL's kinds) or DER (PKCS #8, SPKI, or the traditional forms); undefined when it holds none. */
export function decodeKey(asym: AsymCrypto, data: Uint8Array): LoadedKey | 'bad-pem' | undefined {
  const text = latin1(data);
  const privatePem = (t: string): LoadedKey | undefined => {
    try {
      const pkcs8 = asym.parsePrivateKeyPem(t);
      return { kind: 'private', pkcs8, spki: asym.publicKeyOf(pkcs8) };
    } catch {
      return undefined;
    }
  };
  const publicPem = (t: string): LoadedKey | undefined => {
    try {
      return { kind: 'public', spki: asym.parsePublicKeyPem(t) };
    } catch {
      return undefined;
    }
  };
  if (text.includes('-----BEGIN ')) {
    if (/-----BEGIN (RSA |EC |DSA )?PRIVATE KEY-----/.test(text)) return privatePem(text) ?? 'bad-pem';
    if (/-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) return publicPem(text) ?? 'bad-pem';
    return undefined;
  }
  try {
    asym.checkPrivateKey(data);
    return { kind: 'private', pkcs8: data, spki: asym.publicKeyOf(data) };
  } catch {
    // not a PKCS #8: a traditional private key, or a public key
  }
  for (const label of ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY']) {
    const k = privatePem(pem(label, data));
    if (k) return k;
  }
  try {
    asym.checkPublicKey(data);
    return { kind: 'public', spki: data };
  } catch {
    return publicPem(pem('RSA PUBLIC KEY', data));
  }
}

/**
 * Load the key `file` names, as OpenSSL 3.0's load_key / load_pubkey do: `want` private refuses a
 * public key file; `want` public refuses a private one (pkey -pubin, dgst -verify); 'any' takes both.
 * On failure: the lines OpenSSL prints.
 */
export async function loadKey(
  ctx: HostContext, asym: AsymCrypto, name: string | undefined, want: 'private' | 'public' | 'any', words: KeyWords,
): Promise<LoadedKey | string[]> {
  // no -in: standard input, which OpenSSL calls <stdin>
  const file = name ?? '<stdin>';
  const input = await readOne(ctx, name ?? '-');
  if ('error' in input) {
    if (input.error === 'dir') return [`Could not read ${words.read} from ${file}`];
    return [
      `Could not open file or uri for loading ${words.open} from ${file}`,
      errLine('16000069', 'STORE routines', 'ossl_store_get0_loader_int', 'unregistered scheme', '../crypto/store/store_register.c:237', 'scheme=file'),
      errLine('80000002', 'system library', 'file_open', 'No such file or directory', '../providers/implementations/storemgmt/file_store.c:266', `calling stat(${file})`),
    ];
  }
  const key = decodeKey(asym, input.data);
  if (key === 'bad-pem') return [`Could not read ${words.read} from ${file}`, storeUnsupported()];
  if (!key) return [`Could not read ${words.read} from ${file}`];
  if (want === 'private' && key.kind === 'public') return [`Could not read ${words.read} from ${file}`, storeUnsupported(), storeUnsupported()];
  if (want === 'public' && key.kind === 'private') return [`Could not read ${words.read} from ${file}`, storeUnsupported()];
  return key;
}

/** PEM armour of DER (64-character lines). */
export function pem(label: string, der: Uint8Array): string {
  let bin = '';
  for (const b of der) bin += String.fromCharCode(b);
  const body = (btoa(bin).match(/.{1,64}/g) ?? []).join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** The DER inside the first PEM block of a text. */
export function unpem(text: string): Uint8Array {
  const m = /-----BEGIN [^-]+-----([\s\S]*?)-----END/.exec(text);
  const bin = atob((m?.[1] ?? '').replace(/\s+/g, ''));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
