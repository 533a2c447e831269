/**
 * openssl: the subcommands the AWS CloudHSM User Guide uses on the client host, as OpenSSL 3.0.19
 * prints them (issue 12 point 5: check the playground from the outside the way the guide does):
 *   openssl rand [-out FILE] [-hex|-base64] N
 *   openssl genrsa [-out FILE] [-3|-F4] [BITS]                    (PKCS #8 `PRIVATE KEY`, as 3.0 writes)
 *   openssl genpkey -algorithm RSA|EC [-pkeyopt rsa_keygen_bits:N | ec_paramgen_curve:P-256] [-out FILE]
 *   openssl ecparam -name CURVE [-genkey] [-noout] [-out FILE]
 *   openssl pkey|rsa|ec -in FILE [-pubin] [-pubout] [-text] [-noout] [-inform|-outform PEM|DER] [-out FILE]
 *   openssl dgst -sha1|-sha224|-sha256|-sha384|-sha512 [-sign KEY | -verify PUB -signature SIG] [-out FILE] FILE...
 *   openssl pkeyutl -encrypt|-decrypt|-sign|-verify -inkey KEY [-pubin] [-pkeyopt K:V] [-in FILE] [-out FILE]
 *   openssl rsautl -encrypt|-decrypt|-sign|-verify -inkey KEY [-pubin] [-oaep|-pkcs] [-in FILE] [-out FILE]
 *   openssl version
 * The table below drives parsing, completion and `help`; the work loads on first use.
 */
import type { CompletionSlot } from '../program';
import type { ValueKind } from '../flags';
import type { HostCommand } from './command';

/** One option of a subcommand: `-out FILE`, `-pubin`. */
export interface OsslOption {
  flag: string;
  /** What its value is ('file' completes file names); absent: it takes none. */
  value?: 'file' | 'word';
}

/** One subcommand: its options and what OpenSSL says of a word it does not know. */
export interface OsslCommand {
  name: string;
  options: readonly OsslOption[];
  /** `Unknown option: -x` (most), `Unknown cipher: x` (genrsa, pkey, rsa, ec take -CIPHER), `Unknown option or message digest: x` (dgst). */
  unknown: 'option' | 'cipher' | 'digest';
  /** What follows the options: nothing, one word (genrsa's bits, rand's count), or files (dgst). */
  operands: 'none' | 'one' | 'files';
}

const f = (flag: string): OsslOption => ({ flag, value: 'file' });
const w = (flag: string): OsslOption => ({ flag, value: 'word' });
const o = (flag: string): OsslOption => ({ flag });

const KEY_IO = [f('-in'), w('-inform'), f('-out'), w('-outform'), o('-pubin'), o('-pubout'), o('-text'), o('-noout')];

export const OPENSSL_COMMANDS: readonly OsslCommand[] = [
  { name: 'rand', unknown: 'option', operands: 'one', options: [f('-out'), o('-hex'), o('-base64')] },
  { name: 'genrsa', unknown: 'cipher', operands: 'one', options: [f('-out'), o('-3'), o('-F4'), o('-f4'), o('-verbose'), o('-quiet')] },
  { name: 'genpkey', unknown: 'option', operands: 'none', options: [w('-algorithm'), w('-pkeyopt'), f('-out'), w('-outform'), o('-text'), o('-quiet')] },
  { name: 'ecparam', unknown: 'option', operands: 'none', options: [w('-name'), o('-genkey'), o('-noout'), f('-out'), w('-outform')] },
  { name: 'pkey', unknown: 'cipher', operands: 'none', options: [...KEY_IO, o('-traditional'), o('-text_pub')] },
  { name: 'rsa', unknown: 'cipher', operands: 'none', options: [...KEY_IO, o('-traditional'), o('-modulus')] },
  { name: 'ec', unknown: 'cipher', operands: 'none', options: KEY_IO },
  {
    name: 'dgst', unknown: 'digest', operands: 'files',
    options: [o('-sha1'), o('-sha224'), o('-sha256'), o('-sha384'), o('-sha512'), f('-sign'), f('-verify'), f('-prverify'), f('-signature'), f('-out'),
      o('-hex'), o('-binary'), o('-r'), o('-c'), w('-keyform'), w('-sigopt')],
  },
  {
    name: 'pkeyutl', unknown: 'option', operands: 'none',
    options: [o('-encrypt'), o('-decrypt'), o('-sign'), o('-verify'), f('-in'), f('-out'), f('-inkey'), o('-pubin'), w('-keyform'), f('-sigfile'),
      w('-pkeyopt'), o('-hexdump')],
  },
  {
    name: 'rsautl', unknown: 'option', operands: 'none',
    options: [o('-encrypt'), o('-decrypt'), o('-sign'), o('-verify'), f('-in'), f('-out'), f('-inkey'), o('-pubin'), w('-keyform'), o('-oaep'), o('-pkcs'),
      o('-hexdump')],
  },
  { name: 'version', unknown: 'option', operands: 'none', options: [] },
];

const BY_NAME: ReadonlyMap<string, OsslCommand> = new Map(OPENSSL_COMMANDS.map((c) => [c.name, c]));

/** The subcommand a word names (a Map: a typed word never reaches a prototype). */
export const findOsslCommand = (name: string): OsslCommand | undefined => BY_NAME.get(name);

/** Completion: the subcommand, then its options not given yet, a file for a file-valued option or dgst's operands. */
export function completeOpenssl(before: readonly string[], word: string): CompletionSlot {
  const sub = before[1] === undefined ? undefined : findOsslCommand(before[1]);
  if (before.length <= 1) return { words: OPENSSL_COMMANDS.map((c) => c.name), kind: 'none' };
  if (!sub) return { words: [], kind: 'none' };
  const prev = sub.options.find((x) => x.flag === before[before.length - 1]);
  if (prev?.value !== undefined && before.length > 2) return { words: [], kind: prev.value === 'file' ? 'file' : 'none' };
  const given = new Set(before.slice(2));
  const opts = word.startsWith('-') ? sub.options.map((x) => x.flag).filter((x) => !given.has(x)) : [];
  const kind: ValueKind = sub.operands === 'files' ? 'file' : 'none';
  return { words: opts, kind };
}

export const openssl: HostCommand = {
  name: 'openssl',
  summary: `OpenSSL 3.0: ${OPENSSL_COMMANDS.map((c) => c.name).join(', ')}`,
  usage: 'openssl rand|genrsa|… [OPTION]...',
  args: [{ name: 'command', kind: 'none', words: OPENSSL_COMMANDS.map((c) => c.name) }, { name: 'ARG', kind: 'file', optional: true, repeat: true }],
  options: [...new Map(OPENSSL_COMMANDS.flatMap((c) => c.options).map((x) => [x.flag, { flag: x.flag, ...(x.value === 'file' ? { value: 'file' as const } : x.value ? { value: 'none' as const } : {}) }])).values()],
  complete: completeOpenssl,
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./openssl-run')).run(ctx, args),
};
