/**
 * openssl pkey, rsa and ec: read a key (PEM of any kind OpenSSL writes, or DER), write it again —
 * its public half with -pubout, PEM or DER — and print its parts with -text, as OpenSSL 3.0 does:
 * pkey and rsa write a private key as PKCS #8 `PRIVATE KEY` (-traditional: `RSA PRIVATE KEY`), ec
 * as `EC PRIVATE KEY`; rsa and ec say `writing RSA key` / `read EC key`, `writing EC key` on
 * standard error; rsa and ec print -text before the key, pkey after it.
 */
import type { HostContext, HostResult } from './command';
import {
  commandOf, crypto, emit, isParsed, loadKey, Out, parseOptions, PRIVATE_WORDS, PUBLIC_WORDS, unpem, type KeyWords, type Parsed,
} from './openssl-common';
import { keyText, privateParts, publicParts } from './openssl-text';
import { concat } from './bytes';

/** -inform / -outform: PEM or DER in any case; the lines OpenSSL prints for another word. */
export function formatOption(p: Parsed, out: Out, cmd: string, flag: '-inform' | '-outform'): 'PEM' | 'DER' | undefined {
  const given = p.get(flag);
  const v = (given ?? 'PEM').toUpperCase();
  if (v === 'PEM' || v === 'DER') return v;
  out.err(`${cmd}: Bad format "${given}"`, `${cmd}: Invalid format "${given}" for option ${flag}`, `${cmd}: Use -help for summary.`);
  return undefined;
}

export async function run(ctx: HostContext, sub: string, args: readonly string[]): Promise<HostResult> {
  const p = parseOptions(commandOf(sub), args);
  if (!isParsed(p)) return p;
  const out = new Out();
  if (p.operands.length > 0) {
    out.err(`${sub}: Use -help for summary.`);
    return out.done(1);
  }
  const outForm = formatOption(p, out, sub, '-outform');
  if (!outForm || !formatOption(p, out, sub, '-inform')) return out.done(1);
  const pubin = p.has('-pubin');
  const words: KeyWords = sub === 'pkey'
    ? (pubin ? { open: 'public key of Public Key', read: 'key of Public Key' } : { open: 'key', read: 'key' })
    : (pubin ? PUBLIC_WORDS : PRIVATE_WORDS);
  if (sub === 'ec') out.err('read EC key');
  const { asym } = await crypto(ctx);
  const key = await loadKey(ctx, asym, p.get('-in'), pubin ? 'public' : 'private', words);
  if (Array.isArray(key)) {
    out.err(...key);
    if (sub === 'ec') out.err('unable to load Key');
    return out.done(1);
  }
  const priv = key.kind === 'private' ? key : undefined;
  const parts = priv ? privateParts(asym, priv.pkcs8, priv.spki) : publicParts(asym, key.spki);
  if (sub === 'rsa' && parts.kind !== 'rsa') {
    out.err('Not an RSA key');
    return out.done(1);
  }
  const pubout = p.has('-pubout') || !priv;
  const chunks: Uint8Array[] = [];
  const text = (s: string) => chunks.push(new TextEncoder().encode(s));
  // what is written: the public key, or the private key in the subcommand's form
  let body: Uint8Array;
  if (pubout || !priv) body = outForm === 'DER' ? key.spki : new TextEncoder().encode(asym.publicKeyPem(key.spki));
  else if (outForm === 'DER') body = unpem(asym.traditionalPrivateKeyPem(priv.pkcs8)); // 3.0 writes DER in the traditional form
  else if (sub === 'ec' || p.has('-traditional')) body = new TextEncoder().encode(asym.traditionalPrivateKeyPem(priv.pkcs8));
  else body = new TextEncoder().encode(asym.pkcs8Pem(priv.pkcs8));
  const noout = p.has('-noout');
  if (sub === 'pkey') {
    if (!noout) chunks.push(body);
    if (p.has('-text') || p.has('-text_pub')) text(keyText(parts, pubout || p.has('-text_pub')));
  } else {
    if (p.has('-text')) text(keyText(parts, !priv));
    if (sub === 'rsa' && p.has('-modulus') && parts.kind === 'rsa') text(`Modulus=${parts.n.toString(16).toUpperCase()}\n`);
    if (!noout) {
      out.err(sub === 'rsa' ? 'writing RSA key' : 'writing EC key');
      chunks.push(body);
    }
  }
  if (!(await emit(ctx, out, p.get('-out'), concat(chunks), sub))) return out.done(1);
  return out.done(0);
}
