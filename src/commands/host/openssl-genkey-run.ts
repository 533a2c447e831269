/**
 * openssl genrsa, genpkey and ecparam: new key pairs, written as OpenSSL 3.0 writes them —
 * genrsa and genpkey a PKCS #8 `PRIVATE KEY`, ecparam -genkey the `EC PARAMETERS` block (unless
 * -noout) and an `EC PRIVATE KEY`. Keys come from the platform's randomness (WebCrypto where it
 * can, else the JavaScript engines in a worker); in seeded mode from the seed (openssl-common.ts `seeded`).
 *
 * Known difference: OpenSSL's genpkey prints the progress of RSA prime search (`...+++`) on
 * standard error, a different pattern every run; the playground prints none.
 */
import { concat } from './bytes';
import type { HostContext, HostResult } from './command';
import { commandOf, crypto, emit, errLine, fetchLine, isParsed, Out, parseOptions, pem, unpem, type Parsed } from './openssl-common';
import { CURVE_NAMES, type Curve } from './openssl-curves';
import { formatOption } from './openssl-pkey-run';
import { keyText, privateParts } from './openssl-text';
import { generateKeyPair, type KeyPairSpec } from './tools';

/** The RSA sizes the playground's host makes (OpenSSL: 512 to 16384 bits). */
const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 4096;

/** A new pair, as the HSM's operations make one (the host-tools module's generateKeyPair). */
async function generate(ctx: HostContext, spec: KeyPairSpec): Promise<{ privateKey: Uint8Array; publicKey: Uint8Array }> {
  return generateKeyPair(ctx, spec);
}

const fixupLine = (k: string, v: string) => errLine('03000093', 'digital envelope routines', 'default_fixup_args', 'command not supported',
  '../crypto/evp/ctrl_params_translate.c:582', `[action:2, state:4] name=${k}, value=${v}`);

const usageLine = (cmd: string) => `${cmd}: Use -help for summary.`;

export async function run(ctx: HostContext, sub: string, args: readonly string[]): Promise<HostResult> {
  const p = parseOptions(commandOf(sub), args);
  if (!isParsed(p)) return p;
  const out = new Out();
  if (sub === 'genrsa') return genrsa(ctx, p, out);
  if (sub === 'genpkey') return genpkey(ctx, p, out);
  return ecparam(ctx, p, out);
}

/**
 * The RSA keys the crypto facade makes are the HSM's (2048 to 4096 bits in steps of 256, e ≥ 65537,
 * kmu-commands.md §5.1); OpenSSL makes any size from 512 bits. Below 512: OpenSSL's own refusal;
 * a size OpenSSL makes and the playground does not: the playground says so.
 */
function rsaCheck(out: Out, cmd: string, bits: number, exponent: bigint, prefix: string): boolean {
  if (bits < 512) {
    out.err(prefix, errLine('1C8000AB', 'Provider routines', 'rsa_gen_set_params', 'key size too small', '../providers/implementations/keymgmt/rsa_kmgmt.c:509'));
    return false;
  }
  if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS || bits % 256 !== 0) {
    out.err(`${cmd}: this playground makes RSA keys of ${MIN_RSA_BITS} to ${MAX_RSA_BITS} bits in steps of 256 (the HSM's sizes), not ${bits}`);
    return false;
  }
  if (exponent < 65537n || exponent >= 2n ** 32n || (exponent & 1n) === 0n) {
    out.err(`${cmd}: this playground makes RSA keys with an odd public exponent from 65537 to 2^32 − 1 (the HSM's), not ${exponent}`);
    return false;
  }
  return true;
}

async function genrsa(ctx: HostContext, p: Parsed, out: Out): Promise<HostResult> {
  if (p.operands.length > 1) {
    out.err('Extra arguments given.', usageLine('genrsa'));
    return out.done(1);
  }
  const word = p.operands[0];
  if (word !== undefined && !/^\d+$/.test(word)) {
    out.err(`genrsa: Can't parse "${word}" as a number`);
    return out.done(1);
  }
  const bits = word === undefined ? 2048 : Number(word);
  let exponent = 65537n;
  for (const o of p.opts) {
    if (o.flag === '-3') exponent = 3n;
    if (o.flag === '-F4' || o.flag === '-f4') exponent = 65537n;
  }
  if (!rsaCheck(out, 'genrsa', bits, exponent, 'Error setting RSA length')) return out.done(1);
  let pair;
  try {
    pair = await generate(ctx, { kind: 'rsa', bits, exponent });
  } catch {
    out.err('genrsa: Error generating RSA key');
    return out.done(1);
  }
  const { asym } = await crypto(ctx);
  if (!(await emit(ctx, out, p.get('-out'), asym.pkcs8Pem(pair.privateKey), 'genrsa'))) return out.done(1);
  return out.done(0);
}

async function genpkey(ctx: HostContext, p: Parsed, out: Out): Promise<HostResult> {
  const algorithm = p.get('-algorithm');
  if (algorithm === undefined || p.operands.length > 0) {
    out.err(usageLine('genpkey'));
    return out.done(1);
  }
  const form = formatOption(p, out, 'genpkey', '-outform');
  if (!form) return out.done(1);
  const alg = algorithm.toUpperCase();
  let spec: KeyPairSpec;
  if (alg === 'RSA') {
    let bits = 2048;
    let exponent = 65537n;
    for (const opt of p.all('-pkeyopt')) {
      const [k, v = ''] = [opt.slice(0, opt.indexOf(':') < 0 ? undefined : opt.indexOf(':')), opt.slice(opt.indexOf(':') + 1)];
      if (k === 'rsa_keygen_bits' && /^\d+$/.test(v) && Number(v) >= 512) bits = Number(v);
      else if (k === 'rsa_keygen_pubexp' && /^\d+$/.test(v)) exponent = BigInt(v);
      else if (k === 'rsa_keygen_bits' && /^\d+$/.test(v)) {
        out.err(`genpkey: Error setting ${opt} parameter:`,
          errLine('1C8000AB', 'Provider routines', 'rsa_gen_set_params', 'key size too small', '../providers/implementations/keymgmt/rsa_kmgmt.c:509'));
        return out.done(1);
      } else {
        out.err(`genpkey: Error setting ${opt} parameter:`, ...(k === 'rsa_keygen_bits' ? [] : [fixupLine(k, v)]));
        return out.done(1);
      }
    }
    if (!rsaCheck(out, 'genpkey', bits, exponent, `genpkey: Error setting rsa_keygen_bits:${bits} parameter:`)) return out.done(1);
    spec = { kind: 'rsa', bits, exponent };
  } else if (alg === 'EC') {
    let curve: Curve | undefined;
    let named: string | undefined;
    for (const opt of p.all('-pkeyopt')) {
      const i = opt.indexOf(':');
      const k = i < 0 ? opt : opt.slice(0, i);
      const v = i < 0 ? '' : opt.slice(i + 1);
      if (k === 'ec_paramgen_curve' || k === 'group') {
        named = v;
        curve = CURVE_NAMES.get(v);
      } else if (k !== 'ec_param_enc') {
        out.err(`genpkey: Error setting ${opt} parameter:`, fixupLine(k, v));
        return out.done(1);
      }
    }
    if (!curve) {
      out.err('genpkey: Error generating EC key',
        ...(named === undefined ? [] : [errLine('0800008D', 'elliptic curve routines', 'group_new_from_name', 'invalid curve', '../crypto/ec/ec_lib.c:1490')]));
      return out.done(1);
    }
    spec = { kind: 'ec', curve: curve.name };
  } else {
    out.err(`Error initializing ${algorithm} context`, fetchLine(algorithm));
    return out.done(1);
  }
  let pair;
  try {
    pair = await generate(ctx, spec);
  } catch {
    out.err(`genpkey: Error generating ${alg} key`);
    return out.done(1);
  }
  const { asym } = await crypto(ctx);
  const body = form === 'DER' ? pair.privateKey : asym.pkcs8Pem(pair.privateKey);
  const text = p.has('-text') ? keyText(privateParts(asym, pair.privateKey, pair.publicKey), false) : '';
  if (!(await emit(ctx, out, p.get('-out'), concatText(body, text), 'genpkey'))) return out.done(1);
  return out.done(0);
}

function concatText(body: Uint8Array | string, text: string): Uint8Array {
  return concat([typeof body === 'string' ? new TextEncoder().encode(body) : body, new TextEncoder().encode(text)]);
}

async function ecparam(ctx: HostContext, p: Parsed, out: Out): Promise<HostResult> {
  if (p.operands.length > 0) {
    out.err(usageLine('ecparam'));
    return out.done(1);
  }
  const form = formatOption(p, out, 'ecparam', '-outform');
  if (!form) return out.done(1);
  const name = p.get('-name');
  if (name === undefined) {
    out.err('Unable to load parameters from <NULL>');
    return out.done(1);
  }
  const curve = CURVE_NAMES.get(name);
  if (!curve) {
    out.err('unable to generate key', errLine('0800008D', 'elliptic curve routines', 'group_new_from_name', 'invalid curve', '../crypto/ec/ec_lib.c:1490'));
    return out.done(1);
  }
  if (name === 'secp256r1') out.err('using curve name prime256v1 instead of secp256r1');
  let data = '';
  const parts: Uint8Array[] = [];
  if (!p.has('-noout')) {
    if (form === 'DER') parts.push(curve.oid);
    else data += pem('EC PARAMETERS', curve.oid);
  }
  if (p.has('-genkey')) {
    let pair;
    try {
      pair = await generate(ctx, { kind: 'ec', curve: curve.name });
    } catch {
      out.err('unable to generate key');
      return out.done(1);
    }
    const { asym } = await crypto(ctx);
    const traditional = asym.traditionalPrivateKeyPem(pair.privateKey);
    if (form === 'DER') parts.push(unpem(traditional));
    else data += traditional;
  }
  const bytes = form === 'DER' ? concat(parts) : new TextEncoder().encode(data);
  if (!(await emit(ctx, out, p.get('-out'), bytes, 'ecparam'))) return out.done(1);
  return out.done(0);
}
