/**
 * openssl pkeyutl and rsautl with RSA keys: -encrypt / -decrypt (PKCS #1 v1.5, or OAEP:
 * `-pkeyopt rsa_padding_mode:oaep [-pkeyopt rsa_oaep_md:sha256]`, rsautl's `-oaep` is OAEP with
 * SHA-1), -sign / -verify of bytes that are already a digest (`-pkeyopt digest:sha256`, as the
 * guide signs quorum tokens) or raw (up to k − 11 bytes), as OpenSSL 3.0 prints them; rsautl says
 * it is deprecated first, as 3.0 does. Encryption goes through the crypto facade; the signature's
 * RSA operation is the host's own (openssl-rsa.ts), the facade signing only whole messages.
 * EC keys: pkeyutl signs a digest, which the facade cannot; the playground says so.
 */
import type { HostContext, HostResult } from './command';
import {
  commandOf, crypto, emit, errLine, fopenLines, isParsed, loadKey, Out, parseOptions, PRIVATE_WORDS, PUBLIC_WORDS, readOne,
} from './openssl-common';
import { digestInfo, HASH_LENGTH, modulusBytes, pad1, pad1Error, rsaPrivate, rsaPublic, rsaVerifyDigest, unpad1 } from './openssl-rsa';
import { privateParts, publicParts } from './openssl-text';
import type { HashName } from './tools';

const MD: ReadonlyMap<string, HashName> = new Map([
  ['sha1', 'SHA-1'], ['SHA1', 'SHA-1'], ['sha224', 'SHA-224'], ['SHA224', 'SHA-224'], ['sha256', 'SHA-256'], ['SHA256', 'SHA-256'],
  ['sha384', 'SHA-384'], ['SHA384', 'SHA-384'], ['sha512', 'SHA-512'], ['SHA512', 'SHA-512'],
  ['SHA2-224', 'SHA-224'], ['SHA2-256', 'SHA-256'], ['SHA2-384', 'SHA-384'], ['SHA2-512', 'SHA-512'],
]);

const DEPRECATED = "The command rsautl was deprecated in version 3.0. Use 'pkeyutl' instead.";

export async function run(ctx: HostContext, sub: string, args: readonly string[]): Promise<HostResult> {
  const rsautl = sub === 'rsautl';
  const out = new Out();
  if (rsautl) out.err(DEPRECATED);
  const p = parseOptions(commandOf(sub), args);
  if (!isParsed(p)) return { ...p, stderr: rsautl ? `${DEPRECATED}\n${p.stderr ?? ''}` : p.stderr ?? '' };
  if (p.operands.length > 0) {
    out.err(`${sub}: Use -help for summary.`);
    return out.done(1);
  }
  let op = (rsautl ? 'verify' : 'sign') as 'sign' | 'verify' | 'encrypt' | 'decrypt';
  for (const o of p.opts) if (['-sign', '-verify', '-encrypt', '-decrypt'].includes(o.flag)) op = o.flag.slice(1) as typeof op;
  const keyFile = p.get('-inkey');
  if (keyFile === undefined) {
    if (rsautl) out.err('No filename or uri specified for loading', ' private key');
    else out.err(`${sub}: no private key given (-inkey parameter).`, `${sub}: Use -help for summary.`);
    return out.done(1);
  }

  // options of the padding
  let padding: string = rsautl && p.has('-oaep') ? 'oaep' : 'pkcs1';
  let oaepMd: HashName = 'SHA-1';
  let digest: HashName | undefined;
  for (const kv of p.all('-pkeyopt')) {
    const i = kv.indexOf(':');
    const k = i < 0 ? kv : kv.slice(0, i);
    const v = i < 0 ? '' : kv.slice(i + 1);
    if (k === 'rsa_padding_mode') padding = v;
    else if ((k === 'rsa_oaep_md' || k === 'rsa_mgf1_md') && MD.has(v)) oaepMd = MD.get(v)!;
    else if (k === 'digest' && MD.has(v)) digest = MD.get(v)!;
    else {
      out.err(`${sub}: Error setting ${kv} parameter:`);
      return out.done(1);
    }
  }

  const { asym, opts } = await crypto(ctx);
  const pubin = p.has('-pubin');
  if (pubin && (op === 'sign' || op === 'decrypt')) {
    out.err('A private key is needed for this operation', ...(rsautl ? [] : [`${sub}: Error initializing context`]));
    return out.done(1);
  }
  const key = await loadKey(ctx, asym, keyFile, pubin ? 'public' : 'private', pubin ? PUBLIC_WORDS : PRIVATE_WORDS);
  if (Array.isArray(key)) {
    out.err(...key, ...(rsautl ? [] : [`${sub}: Error initializing context`]));
    return out.done(1);
  }
  const parts = key.kind === 'private' ? privateParts(asym, key.pkcs8, key.spki) : publicParts(asym, key.spki);
  if (parts.kind !== 'rsa') {
    out.err(`${sub}: only RSA keys are available for ${op} in this playground's pkeyutl (use openssl dgst -sign / -verify for EC keys)`);
    return out.done(1);
  }

  const inFile = p.get('-in');
  const input = await readOne(ctx, inFile ?? '-');
  if ('error' in input) {
    const why = input.error === 'dir' ? 'Is a directory' : 'No such file or directory';
    out.err(`Can't open "${inFile}" for reading, ${why}`, ...fopenLines(inFile ?? '-', 'rb', input.error === 'missing'));
    return out.done(1);
  }
  const data = input.data;
  const opError = rsautl ? 'RSA operation error' : 'Public Key operation error';
  const k = modulusBytes(parts);
  let result: Uint8Array;

  if (op === 'encrypt') {
    if (padding !== 'pkcs1' && padding !== 'oaep') {
      out.err(opError, errLine('02000076', 'rsa routines', 'rsa_ossl_public_encrypt', 'unknown padding type', '../crypto/rsa/rsa_ossl.c:139'));
      return out.done(1);
    }
    const enc = padding === 'oaep' ? { scheme: 'oaep' as const, hash: oaepMd } : { scheme: 'pkcs1' as const };
    if (data.length > asym.rsaMaxMessage(k, enc)) {
      out.err(opError, padding === 'oaep'
        ? errLine('0200006E', 'rsa routines', 'ossl_rsa_padding_add_PKCS1_OAEP_mgf1_ex', 'data too large for key size', '../crypto/rsa/rsa_oaep.c:87')
        : errLine('0200006E', 'rsa routines', 'ossl_rsa_padding_add_PKCS1_type_2_ex', 'data too large for key size', '../crypto/rsa/rsa_pk1.c:129'));
      return out.done(1);
    }
    result = await asym.rsaEncrypt(key.spki, enc, data, opts);
  } else if (op === 'decrypt') {
    if (padding !== 'pkcs1' && padding !== 'oaep') {
      out.err(opError, errLine('02000076', 'rsa routines', 'rsa_ossl_private_decrypt', 'unknown padding type', '../crypto/rsa/rsa_ossl.c:482'));
      return out.done(1);
    }
    try {
      result = await asym.rsaDecrypt((key as { pkcs8: Uint8Array }).pkcs8, padding === 'oaep' ? { scheme: 'oaep', hash: oaepMd } : { scheme: 'pkcs1' }, data, opts);
    } catch {
      out.err(opError, ...(padding === 'oaep'
        ? [errLine('02000079', 'rsa routines', 'RSA_padding_check_PKCS1_OAEP_mgf1', 'oaep decoding error', '../crypto/rsa/rsa_oaep.c:314')]
        : [errLine('0200009F', 'rsa routines', 'RSA_padding_check_PKCS1_type_2', 'pkcs decoding error', '../crypto/rsa/rsa_pk1.c:269'),
          errLine('02000072', 'rsa routines', 'rsa_ossl_private_decrypt', 'padding check failed', '../crypto/rsa/rsa_ossl.c:491')]));
      return out.done(1);
    }
  } else if (op === 'sign') {
    if (padding !== 'pkcs1') {
      out.err(`${sub}: -sign with rsa_padding_mode:${padding} is not available in this playground (PKCS #1 v1.5 is)`);
      return out.done(1);
    }
    if (!rsautl && data.length > 64) {
      out.err('Error: The input data looks too long to be a hash');
      return out.done(1);
    }
    if (digest && data.length !== HASH_LENGTH[digest]) {
      out.err(opError, errLine('1C8000A6', 'Provider routines', 'rsa_sign', 'invalid digest length', '../providers/implementations/signature/rsa_sig.c:537'));
      return out.done(1);
    }
    const em = pad1(digest ? digestInfo(digest, data) : data, k);
    if (!em) {
      out.err(opError, errLine('0200006E', 'rsa routines', 'RSA_padding_add_PKCS1_type_1', 'data too large for key size', '../crypto/rsa/rsa_pk1.c:36'));
      return out.done(1);
    }
    result = rsaPrivate(parts, em);
  } else if (rsautl) {
    // rsautl -verify: what the signature holds
    const em = data.length === k ? rsaPublic(parts, data) : undefined;
    const t = em && unpad1(em);
    if (!t) {
      out.err(opError,
        pad1Error(em),
        errLine('02000072', 'rsa routines', 'rsa_ossl_public_decrypt', 'padding check failed', '../crypto/rsa/rsa_ossl.c:590'),
        errLine('1C880004', 'Provider routines', 'rsa_verify_recover', 'RSA lib', '../providers/implementations/signature/rsa_sig.c:740'));
      return out.done(1);
    }
    result = t;
  } else {
    const sigFile = p.get('-sigfile');
    if (sigFile === undefined) {
      out.err(`${sub}: No signature file specified for verify`);
      return out.done(1);
    }
    const s = await readOne(ctx, sigFile);
    if ('error' in s) {
      out.err(`Can't open signature file ${sigFile}`, ...fopenLines(sigFile, 'rb', s.error === 'missing'));
      return out.done(1);
    }
    if (data.length > 64) {
      out.err('Error: The input data looks too long to be a hash');
      return out.done(1);
    }
    let ok: boolean;
    if (digest) {
      const r = rsaVerifyDigest(asym, parts, padding === 'pss' ? 'pss' : 'pkcs1', digest, data, s.data);
      ok = r.ok;
      if (!r.ok) out.err(...r.lines);
    } else {
      const em = s.data.length === k ? rsaPublic(parts, s.data) : undefined;
      const t = em && unpad1(em);
      ok = t !== undefined && t.length === data.length && t.every((b, i) => b === data[i]);
    }
    result = new TextEncoder().encode(ok ? 'Signature Verified Successfully\n' : 'Signature Verification Failure\n');
    if (!(await emit(ctx, out, p.get('-out'), result, sub))) return out.done(1);
    return out.done(ok ? 0 : 1);
  }
  if (!(await emit(ctx, out, p.get('-out'), result, sub))) return out.done(1);
  return out.done(0);
}
