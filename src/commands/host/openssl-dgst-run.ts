/**
 * openssl dgst: digests of files (`SHA2-256(FILE)= hex`, as OpenSSL 3.0 names them; `SHA256(…)`
 * when no digest is named), -r / -c / -binary / -hex, and signatures: -sign KEY writes the
 * signature's bytes (RSA PKCS #1 v1.5, or PSS with `-sigopt rsa_padding_mode:pss`; ECDSA and DSA
 * as DER), -verify PUB (or -prverify KEY) -signature SIG prints `Verified OK` or
 * `Verification failure` with OpenSSL's error lines — the guide's check of a key_mgmt_util
 * signature from outside the HSM.
 */
import type { HostContext, HostResult } from './command';
import {
  commandOf, crypto, emit, errLine, fopenLines, isParsed, loadKey, Out, parseOptions, PRIVATE_WORDS, PUBLIC_WORDS, readOne, type LoadedKey,
} from './openssl-common';
import { rsaVerifyDigest } from './openssl-rsa';
import { privateParts, publicParts } from './openssl-text';
import { concat } from './bytes';
import { toHex, type HashName } from './tools';

/** The digest options and OpenSSL 3.0's names for them (a Map: typed words never reach a prototype). */
export const DIGESTS: ReadonlyMap<string, { hash: HashName; label: string }> = new Map([
  ['-sha1', { hash: 'SHA-1', label: 'SHA1' }],
  ['-sha224', { hash: 'SHA-224', label: 'SHA2-224' }],
  ['-sha256', { hash: 'SHA-256', label: 'SHA2-256' }],
  ['-sha384', { hash: 'SHA-384', label: 'SHA2-384' }],
  ['-sha512', { hash: 'SHA-512', label: 'SHA2-512' }],
]);

const fileLines = (file: string) => [
  `${file}: No such file or directory`,
  errLine('80000002', 'system library', 'file_ctrl', 'No such file or directory', '../crypto/bio/bss_file.c:297', `calling fopen(${file}, r)`),
  errLine('10080002', 'BIO routines', 'file_ctrl', 'system lib', '../crypto/bio/bss_file.c:300', ''),
];

/** One element's tag and contents at `at` (definite lengths), or undefined when it does not fit. */
function element(data: Uint8Array, at: number): { tag: number; body: Uint8Array; end: number } | undefined {
  const tag = data[at];
  let len = data[at + 1];
  if (tag === undefined || len === undefined) return undefined;
  let off = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || off + n > data.length) return undefined;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + data[off++]!;
  }
  return off + len > data.length ? undefined : { tag, body: data.subarray(off, off + len), end: off + len };
}

/**
 * OpenSSL's shape check before an ECDSA/DSA verify: a SEQUENCE of two INTEGERs, nothing after it (a
 * well-shaped but non-minimal encoding goes on to the verify, which refuses it).
 */
function derSignature(sig: Uint8Array): boolean {
  const seq = element(sig, 0);
  if (!seq || seq.tag !== 0x30 || seq.end !== sig.length) return false;
  const r = element(seq.body, 0);
  const s = r && element(seq.body, r.end);
  return r?.tag === 0x02 && s?.tag === 0x02 && s.end === seq.body.length;
}

export async function run(ctx: HostContext, _sub: string, args: readonly string[]): Promise<HostResult> {
  const p = parseOptions(commandOf('dgst'), args);
  if (!isParsed(p)) return p;
  const out = new Out();
  let chosen: { hash: HashName; label: string } | undefined;
  for (const o of p.opts) chosen = DIGESTS.get(o.flag) ?? chosen;
  const hash: HashName = chosen?.hash ?? 'SHA-256';
  const { asym, opts } = await crypto(ctx);

  // the key, and the signature to check
  const signFile = p.get('-sign');
  const verifyFile = p.get('-verify') ?? p.get('-prverify');
  let key: LoadedKey | undefined;
  let signature: Uint8Array | undefined;
  let pss = false;
  let saltLength: 'auto' | 'digest' | 'max' | number = 'auto';
  for (const so of p.all('-sigopt')) {
    const salt = /^rsa_pss_saltlen:(digest|max|auto|-?\d+)$/.exec(so)?.[1];
    if (so === 'rsa_padding_mode:pss') pss = true;
    else if (so === 'rsa_padding_mode:pkcs1') pss = false;
    else if (salt !== undefined && pss) {
      const n = Number(salt);
      saltLength = salt === 'digest' || n === -1 ? 'digest' : salt === 'max' || n === -3 ? 'max' : salt === 'auto' || n === -2 ? 'auto' : n;
    }
    else if (/^rsa_pss_saltlen:/.test(so)) {
      out.err(`Signature parameter error "${so}"`, errLine('1C800088', 'Provider routines', 'rsa_set_ctx_params', 'not supported',
        '../providers/implementations/signature/rsa_sig.c:1249', 'PSS saltlen can only be specified if PSS padding has been specified first'));
      return out.done(1);
    } else {
      const [k, v = ''] = [so.split(':')[0], so.split(':').slice(1).join(':')];
      out.err(`Signature parameter error "${so}"`, errLine('03000093', 'digital envelope routines', 'default_fixup_args', 'command not supported',
        '../crypto/evp/ctrl_params_translate.c:582', `[action:2, state:4] name=${k}, value=${v}`));
      return out.done(1);
    }
  }
  if (signFile !== undefined || verifyFile !== undefined) {
    const signing = signFile !== undefined;
    const file = signing ? signFile : verifyFile!;
    const loaded = await loadKey(ctx, asym, file, signing || p.has('-prverify') ? 'private' : 'public', signing || p.has('-prverify') ? PRIVATE_WORDS : PUBLIC_WORDS);
    if (Array.isArray(loaded)) {
      out.err(...loaded);
      return out.done(1);
    }
    key = loaded;
    if (!signing) {
      const sigFile = p.get('-signature');
      if (sigFile === undefined) {
        out.err('No signature to verify: use the -signature option');
        return out.done(1);
      }
      const s = await readOne(ctx, sigFile);
      if ('error' in s) {
        out.err(`Error opening signature file ${sigFile}`, ...fopenLines(sigFile, 'rb', s.error === 'missing'));
        return out.done(1);
      }
      if (s.data.length === 0) {
        out.err(`Error reading signature file ${sigFile}`);
        return out.done(1);
      }
      signature = s.data;
    }
    if (p.operands.length > 1) {
      out.err('dgst: Can only sign or verify one file.');
      return out.done(1);
    }
  }

  const names = p.operands.length ? p.operands : ['-'];
  const chunks: Uint8Array[] = [];
  let status = 0;
  for (const name of names) {
    const input = await readOne(ctx, name);
    if ('error' in input) {
      out.err(...(input.error === 'dir' ? [`${name}: Is a directory`] : fileLines(name)));
      status = 1;
      continue;
    }
    const shown = name === '-' ? 'stdin' : name;
    if (!key) {
      const d = asym.digest(hash, input.data);
      const label = chosen?.label ?? 'SHA256';
      if (p.has('-binary')) chunks.push(d);
      else if (p.has('-r')) chunks.push(new TextEncoder().encode(`${toHex(d)} *${shown}\n`));
      else {
        const hex = p.has('-c') ? (toHex(d).match(/../g) ?? []).join(':') : toHex(d);
        chunks.push(new TextEncoder().encode(`${label}(${shown})= ${hex}\n`));
      }
      continue;
    }
    const parts = key.kind === 'private' ? privateParts(asym, key.pkcs8, key.spki) : publicParts(asym, key.spki);
    const scheme = parts.kind === 'rsa' ? (pss ? 'rsa-pss' : 'rsa-pkcs1') : parts.kind === 'ec' ? 'ecdsa' : 'dsa';
    if (signature === undefined && key.kind === 'private') {
      let sig: Uint8Array;
      try {
        sig = await asym.sign(key.pkcs8, { scheme, hash }, input.data, opts);
      } catch {
        out.err('Error signing data');
        return out.done(1);
      }
      if (p.has('-hex')) {
        const alg = parts.kind === 'rsa' ? 'RSA' : parts.kind === 'ec' ? 'EC' : 'DSA';
        chunks.push(new TextEncoder().encode(`${alg}-${chosen?.label ?? 'SHA2-256'}(${shown})= ${toHex(sig)}\n`));
      } else chunks.push(sig);
      continue;
    }
    // verification
    const sig = signature!;
    let ok: boolean;
    if (parts.kind === 'rsa') {
      const r = rsaVerifyDigest(asym, parts, pss ? 'pss' : 'pkcs1', hash, asym.digest(hash, input.data), sig, saltLength);
      ok = r.ok;
      if (!r.ok) out.err(...r.lines);
    } else if (!derSignature(sig)) {
      out.err('Error verifying data');
      status = 1;
      continue;
    } else ok = await asym.verify(key.spki, { scheme, hash }, input.data, sig, opts);
    chunks.push(new TextEncoder().encode(ok ? 'Verified OK\n' : 'Verification failure\n'));
    if (!ok) status = 1;
  }
  if (!(await emit(ctx, out, p.get('-out'), concat(chunks), 'dgst'))) return out.done(1);
  return out.done(status);
}
