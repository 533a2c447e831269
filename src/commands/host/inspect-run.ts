/**
 * What `inspect` does (its table is in inspect.ts; this loads on first use): read each file (or
 * standard input for `-`, or from a pipe when no file is named), ask the operations layer what it
 * is (src/hsm/ops/file-inspect.ts) and word the answer. Everything printed from the file — names,
 * labels, text — has its control characters escaped, long values are cut, and each file's
 * explanation stops at MAX_LINES lines, so no file, however large or hostile, breaks the terminal.
 */
import { KEY_TYPE_NAMES, ATTR_BY_ID, A } from '../../hsm/attributes';
import {
  inspectFile, mechanismName, oidOf, OID_NAMES, type BlobFit, type Curve, type DerAnalysis, type DerIdentity, type DerNode,
  type FileAnalysis, type KeyDesc, type KeyFit,
} from '../../hsm/ops/file-inspect';
import type { HostContext, HostResult } from './command';
import { xxd } from './display';
import { errorText, readInputs, toHex } from './tools';

/** Lines of one file's explanation at most (a certificate chain is about 200). */
export const MAX_LINES = 300;
/** Bytes of a value shown in an ASN.1 line at most (openssl prints them all). */
const MAX_VALUE_BYTES = 32;
/** Characters of a text value shown at most. */
const MAX_TEXT = 80;

export const HELP = [
  'Usage: inspect FILE...',
  'Explain what a file holds (standard input for -, or from a pipe when no FILE is named):',
  '  a key file (exSymKey): its length, the key types it fits and their KCVs',
  '  a wrapped key (wrapKey): with the playground\'s header, its fields with offsets and lengths;',
  '    without it (-noheader), the mechanisms (-m) whose output has its length',
  '  getAttribute\'s output: the attributes it lists, named',
  '  a PEM or DER file: its ASN.1 structure as openssl asn1parse prints it, and what it is',
  '    (public key, PKCS #8, PKCS #1, SEC 1, certificate, the fake PEM of getCaviumPrivKey)',
  '  a masked object (extractMaskedObject); any other file as text or data',
  '',
  '  -h, --help  display this help and exit',
  '',
].join('\n');

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const bytes = (n: number) => plural(n, 'byte');

/** Control characters as \xNN (bidirectional controls as \uNNNN, a backslash as \\), at most `max` characters. */
export function escapeText(s: string, max = MAX_TEXT): string {
  const cut = s.length > max ? s.slice(0, max) : s;
  // C0, DEL, C1, and the bidirectional controls that reorder what a terminal shows
  const esc = cut.replace(/[\\\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) =>
    (c === '\\' ? '\\\\' : c.charCodeAt(0) > 0xff ? `\\u${c.charCodeAt(0).toString(16)}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return cut === s ? esc : `${esc}...`;
}
const quoted = (s: string) => `"${escapeText(s)}"`;

// ---------------------------------------------------------------------------------------------
// Keys and wrapped bytes by their length
// ---------------------------------------------------------------------------------------------

function keyLines(fits: readonly KeyFit[], size: number): string[] {
  const lines: string[] = [];
  for (const f of fits) {
    if (f.type === 'AES') lines.push(`    AES-${f.bits} (-t 31), KCV 0x${toHex(f.kcv)}`);
    else if (f.type === '3DES') lines.push(`    3DES (-t 21), KCV 0x${toHex(f.kcv)}`);
    else lines.push('    GENERIC_SECRET (-t 16): genSymKey makes such keys; unWrapKey -noheader -kt 16 imports them, imSymKey does not');
  }
  if (!fits.some((f) => f.type !== 'GENERIC_SECRET')) lines.push(`    not AES (16, 24 or 32 bytes) nor 3DES (24 bytes): imSymKey refuses ${bytes(size)}`);
  return lines;
}

function range(min: number, max: number, what = 'a key of'): string {
  return min === max ? `${what} ${bytes(min)}` : `${what} ${min} to ${max} bytes`;
}

function blobLine(f: BlobFit): string {
  const head = `    -m ${String(f.m).padEnd(2)} ${(mechanismName(f.m) ?? '').padEnd(22)}  `;
  switch (f.m) {
    case 4: return `${head}${range(f.min, f.max)} (PKCS #5 padding, then RFC 3394)`;
    case 5: return `${head}${range(f.min, f.max)} (RFC 3394; aesWrapUnwrap writes the same)`;
    case 6: return `${head}${range(f.min, f.max)} (RFC 5649)`;
    case 10:
    case 11: {
      const iv = f.m === 11 ? '12-byte IV, ' : '';
      const tags = `${f.min === f.max ? bytes(f.min) : `${f.min} to ${f.max} bytes`} with -tag_size ${f.withDefaultTag !== undefined ? 16 : f.max === f.min ? 8 : 8 + f.max - f.min} to 8`;
      return f.withDefaultTag !== undefined
        ? `${head}${iv}a key of ${bytes(f.withDefaultTag)}, 16-byte tag (${tags})`
        : `${head}${iv}a key of ${tags}`;
    }
    case 8:
    case 12: return `${head}an RSA-${f.modulusBits} encryption (as long as the modulus)`;
    case 7: return `${head}an RSA-${f.modulusBits} block (256 bytes), then RFC 5649 of ${range(f.min, f.max, 'a key of')}`;
  }
}

function blobLines(fits: readonly BlobFit[], size: number): string[] {
  if (fits.length === 0) return [`  No wrapping mechanism writes ${bytes(size)} (AES key wrap writes a multiple of 8 bytes, at least 16).`];
  const rsa = fits.find((f) => f.m === 8);
  const m4 = fits.some((f) => f.m === 4);
  return ['  As wrapped bytes written with -noheader, it can come from:', ...fits.map(blobLine),
    ...(m4 ? ['  -m 4 is no standard: an RFC 3394 unwrap elsewhere gives the key with its PKCS #5 padding (1 to 8 bytes) still on.'] : []),
    ...(rsa && 'modulusBits' in rsa ? [`  An RSA-${rsa.modulusBits} signature (sign -m 0 to 9) is that long too.`] : [])];
}

// ---------------------------------------------------------------------------------------------
// Attribute values
// ---------------------------------------------------------------------------------------------

const CLASS_NAMES: Readonly<Record<number, string>> = { 2: 'public key', 3: 'private key', 4: 'secret key' };

/** What an attribute's value means, in a few words ('' when its text says it all). */
function meaning(id: number, value: unknown, ecPoint = false): string {
  const kind = ATTR_BY_ID.get(id)?.kind;
  if (value === undefined) return 'not a value this attribute can have';
  if (id === A.CLASS) return CLASS_NAMES[value as number] ?? 'not a key class';
  if (id === A.KEY_TYPE) return Object.hasOwn(KEY_TYPE_NAMES, value as number) ? KEY_TYPE_NAMES[value as number]! : 'not a key type';
  if (kind === 'bool') return value === 1 ? 'true' : value === 0 ? 'false' : 'not 0 or 1';
  if (id === A.VALUE_LEN) return bytes(value as number);
  if (id === A.MODULUS_BITS) return plural(value as number, 'bit');
  if (id === A.PUBLIC_EXPONENT) return `${bigOfBytes(value as Uint8Array)}`;
  if (id === A.MODULUS) return ecPoint ? 'EC point' : `RSA modulus, ${plural(bitLen(value as Uint8Array), 'bit')}`;
  return '';
}
function bigOfBytes(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}
const bitLen = (b: Uint8Array) => (bigOfBytes(b) === 0n ? 0 : bigOfBytes(b).toString(2).length);

function attributeLines(a: Extract<FileAnalysis, { kind: 'attributes' }>, name: string): string[] {
  const head = a.form === 'cmu'
    ? `${name}: ${bytes(a.size)}, cloudhsm_mgmt_util getAttribute output: ${plural(a.rows.length, 'value')} from ${plural(a.servers.length, 'server')}`
    : a.form === 'single' ? `${name}: ${bytes(a.size)}, getAttribute output: one attribute`
      : `${name}: ${bytes(a.size)}, getAttribute output (-a 512): ${plural(a.rows.length, 'attribute')}`;
  const lines = [head];
  let server: string | undefined;
  for (const r of a.rows) {
    if (r.server !== undefined && r.server !== server) lines.push(`  on server ${escapeText((server = r.server))}:`);
    const def = ATTR_BY_ID.get(r.id)!;
    const shown = def.kind === 'text' ? quoted(r.text)
      : def.kind === 'modulus' ? (r.value instanceof Uint8Array ? bytes(r.value.length) : escapeText(r.text, 20)) : escapeText(r.text, 20);
    const m = meaning(r.id, r.value, r.ecPoint);
    lines.push(`  ${`${r.name} (${r.id})`.padEnd(32)}  ${m ? `${shown.padEnd(10)}  ${m}` : shown}`);
  }
  for (const s of a.stray.slice(0, 5)) lines.push(`  line ${s.line} is not an attribute's name or value: ${quoted(s.text)}`);
  if (a.stray.length > 5) lines.push(`  (${a.stray.length - 5} more such lines)`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// The wrapped-file header and the masked object
// ---------------------------------------------------------------------------------------------

const field = (offset: number, length: number, text: string) => `  ${String(offset).padStart(6)}  ${String(length).padStart(6)}  ${text}`;

function headerEntryText(id: number, value: unknown, raw: Uint8Array): string {
  if (id === 0x80000001) return `GCM IV (0x80000001) = ${toHex(raw)}`;
  if (id === 0x80000002) return `GCM tag length (0x80000002) = ${value === undefined ? toHex(raw) : `${value as number} bytes`}`;
  const def = ATTR_BY_ID.get(id);
  if (!def) return `attribute ${id} = ${escapeText(toHex(raw), 40)} (not an attribute of the header)`;
  if (value === undefined) return `${def.name} (${id}) = ${escapeText(toHex(raw), 40)} (malformed)`;
  if (def.kind === 'text') return `${def.name} (${id}) = ${quoted(value as string)}`;
  if (id === A.VALUE_LEN) return `${def.name} (${id}) = ${bytes(value as number)}`;
  const m = id === A.CLASS || id === A.KEY_TYPE ? meaning(id, value) : '';
  return `${def.name} (${id}) = ${String(value)}${m ? ` (${m})` : ''}`;
}

const DAMAGE: Readonly<Record<string, string>> = {
  'short-file': 'the file is shorter than the header\'s fixed fields (20 bytes)',
  'header-length': 'the header length points outside the file',
  'entry-overflow': 'an entry runs past the end of the header',
  'entries-short': 'the header ends before its last entry',
  'entries-long': 'bytes are left between the last entry and the end of the header',
};

function headerLines(h: Extract<FileAnalysis, { kind: 'wrapped-header' }>, name: string): string[] {
  const mech = mechanismName(h.mechanism);
  const lines = [`${name}: ${bytes(h.size)}, a key wrapped by wrapKey with the playground's header`, '  offset  length  field'];
  lines.push(field(0, 8, 'magic "KMUWRAP1"'));
  if (h.size >= 20) {
    lines.push(field(8, 4, `header length: ${h.headerLength} (the wrapped key starts there)`));
    lines.push(field(12, 4, `mechanism: -m ${h.mechanism}${mech ? ` ${mech}` : ' (not a mechanism of wrapKey)'}`));
    lines.push(field(16, 4, `attributes: ${h.entryCount}`));
    for (const e of h.entries) lines.push(field(e.offset, e.length, headerEntryText(e.id, e.value, e.raw)));
  }
  if (h.damage) lines.push(`  Damaged: ${DAMAGE[h.damage]}.`);
  lines.push(field(h.wrappedOffset, h.wrappedLength, 'the wrapped key: what wrapKey -noheader writes'));
  const cls = h.entries.find((e) => e.id === A.CLASS)?.value;
  const len = h.entries.find((e) => e.id === A.VALUE_LEN)?.value;
  if (h.expectedLength !== undefined && typeof len === 'number') {
    lines.push(h.expectedLength === h.wrappedLength
      ? `  -m ${h.mechanism} of a ${len}-byte key writes ${bytes(h.expectedLength)}: the length matches.`
      : `  -m ${h.mechanism} of a ${len}-byte key writes ${bytes(h.expectedLength)}, but the file has ${bytes(h.wrappedLength)} after the header: damaged or edited.`);
  } else if (cls === 3) {
    lines.push('  The wrapped bytes hold the private key in PKCS #8 (DER).');
  }
  const iv = h.entries.find((e) => e.id === 0x80000001);
  if (iv) lines.push(`  AES-GCM needs the IV too: ${bytes(iv.length - 8)} at offset ${iv.offset + 8} (wrapKey -noheader -iv_file writes it to a file of its own).`);
  lines.push(h.accepted
    ? `  unWrapKey -f ${name} reads the header; another tool needs the ${bytes(h.wrappedLength)} at offset ${h.wrappedOffset} (or wrapKey -noheader).`
    : '  unWrapKey refuses this header (the file is not what wrapKey wrote).');
  return lines;
}

function maskedLines(m: Extract<FileAnalysis, { kind: 'masked' }>, name: string): string[] {
  const lines = [`${name}: ${bytes(m.size)}, a masked object (extractMaskedObject)`, '  offset  length  field', field(0, 8, 'magic "KMUMASK1"')];
  if (m.size >= 12) lines.push(field(8, 4, `lineage length: ${m.lineageLength}`));
  if (m.lineage !== undefined) lines.push(field(12, m.lineageLength, `backup lineage: ${quoted(m.lineage)}`));
  if (!m.complete) return [...lines, '  Damaged: the file ends before the IV, the object and the tag.'];
  lines.push(field(m.ivOffset, 12, 'AES-GCM IV'));
  lines.push(field(m.ciphertextOffset, m.ciphertextLength, 'the key object, encrypted under the masking key of the lineage (AES-256-GCM)'));
  lines.push(field(m.tagOffset, 16, 'GCM tag'));
  lines.push('  insertMaskedObject inserts it only into the same cluster or a clone of it (the same lineage).');
  return lines;
}

// ---------------------------------------------------------------------------------------------
// ASN.1, as openssl asn1parse prints it
// ---------------------------------------------------------------------------------------------

const UNIVERSAL = [
  'EOC', 'BOOLEAN', 'INTEGER', 'BIT STRING', 'OCTET STRING', 'NULL', 'OBJECT', 'OBJECT DESCRIPTOR', 'EXTERNAL', 'REAL',
  'ENUMERATED', 'EMBEDDED PDV', 'UTF8STRING', 'RELATIVE OID', '<ASN1 14>', '<ASN1 15>', 'SEQUENCE', 'SET', 'NUMERICSTRING',
  'PRINTABLESTRING', 'T61STRING', 'VIDEOTEXSTRING', 'IA5STRING', 'UTCTIME', 'GENERALIZEDTIME', 'GRAPHICSTRING',
  'VISIBLESTRING', 'GENERALSTRING', 'UNIVERSALSTRING', '<ASN1 29>', 'BMPSTRING',
];
const STRINGS = new Set([12, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 30]);

function tagName(n: DerNode): string {
  if (n.cls === 'universal') return UNIVERSAL[n.number] ?? `<ASN1 ${n.number}>`;
  return `${n.cls === 'context' ? 'cont' : n.cls === 'application' ? 'appl' : 'priv'} [ ${n.number} ]`;
}

const HEX = (b: Uint8Array) => toHex(b).toUpperCase();
function cappedHex(b: Uint8Array): string {
  return b.length > MAX_VALUE_BYTES ? `${HEX(b.subarray(0, MAX_VALUE_BYTES))}...(${bytes(b.length)})` : HEX(b);
}
const latin1 = (b: Uint8Array) => new TextDecoder('latin1').decode(b.length > MAX_TEXT * 4 ? b.subarray(0, MAX_TEXT * 4) : b);

/** The value openssl asn1parse prints after the tag (capped: long values end in `...(N bytes)`). */
function valueText(n: DerNode): string {
  if (n.cls !== 'universal' || n.constructed) return '';
  const c = n.content;
  switch (n.number) {
    case 1: return c.length === 1 ? `:${c[0]}` : ':Bad boolean';
    case 2:
    case 10: {
      if (c.length === 0) return ':BAD INTEGER';
      if (c[0]! & 0x80) {
        // negative: its magnitude, as openssl prints a negative INTEGER
        let v = 0n;
        for (const x of c) v = (v << 8n) | BigInt(x);
        const mag = (1n << BigInt(8 * c.length)) - v;
        const hex = mag.toString(16).toUpperCase();
        return `:-${hex.length % 2 ? `0${hex}` : hex}`;
      }
      let i = 0;
      while (i < c.length - 1 && c[i] === 0) i++;
      return `:${cappedHex(c.subarray(i))}`;
    }
    case 6: {
      const oid = oidOf(c);
      return oid === undefined ? ':BAD OBJECT' : `:${OID_NAMES.get(oid) ?? oid}`;
    }
    case 4: {
      if (c.length === 0) return '';
      const printable = c.every((x) => (x >= 0x20 && x <= 0x7e) || x === 0x0a || x === 0x0d || x === 0x09);
      return printable ? `:${escapeText(latin1(c))}` : `[HEX DUMP]:${cappedHex(c)}`;
    }
    default:
      return STRINGS.has(n.number) ? `:${escapeText(latin1(c))}` : '';
  }
}

/** One line of `openssl asn1parse -i`, without its trailing blanks. */
export function asn1Line(n: DerNode): string {
  const head = `${String(n.offset).padStart(5)}:d=${String(n.depth).padEnd(2)} hl=${n.hl} l=${String(n.length).padStart(4)} ${n.constructed ? 'cons' : 'prim'}: `;
  return `${head}${' '.repeat(n.depth)}${tagName(n).padEnd(18)}${valueText(n)}`.trimEnd();
}

const WALK_ERRORS: Readonly<Record<string, string>> = {
  truncated: 'a length runs past the end', 'indefinite-length': 'an indefinite length (BER, not DER)',
  'high-tag': 'a high tag number', 'length-too-large': 'a length over 4 bytes', 'too-deep': 'nesting deeper than 16',
  'too-many': 'more values than are listed',
};

function walkLines(walk: DerAnalysis['walk']): string[] {
  const lines = walk.nodes.map((n) => `  ${asn1Line(n)}`);
  if (walk.error) lines.push(`  ${String(walk.error.offset).padStart(5)}:error: ${WALK_ERRORS[walk.error.reason]}`);
  if (walk.trailing > 0) lines.push(`  ${bytes(walk.trailing)} after the end of the first value`);
  return lines;
}

function asn1Lines(d: DerAnalysis): string[] {
  const lines = walkLines(d.walk);
  if (d.inner) {
    lines.push(`  Inside the ${d.inner.container} at ${d.inner.at} (openssl asn1parse -strparse ${d.inner.at}):`, ...walkLines(d.inner.walk));
  }
  return lines;
}

function curveText(c: Curve): string {
  if (c.name && c.openssl && c.name !== c.openssl) return `${c.name} (${c.openssl})`;
  return c.name ?? c.openssl ?? `the curve ${c.oid}`;
}

function keyText(k: KeyDesc, half: 'public' | 'private'): string {
  switch (k.alg) {
    case 'rsa': return `an RSA ${k.bits}-bit ${half} key${half === 'public' ? `, exponent ${k.exponent}` : ''}`;
    case 'ec': return `an EC ${half} key on ${curveText(k.curve)}`;
    case 'dsa': return `a DSA ${k.bits}-bit ${half} key`;
    case 'other': return `a ${half} key of algorithm ${k.oid}`;
  }
}

function identityLines(id: DerIdentity): string[] {
  const fake = 'fakeHandle' in id && id.fakeHandle !== undefined
    ? [`  A fake PEM (getCaviumPrivKey): it holds no private key, only a reference to the HSM key with handle ${id.fakeHandle}.`] : [];
  switch (id.what) {
    case 'spki': return [`  SubjectPublicKeyInfo (PUBLIC KEY): ${keyText(id.key, 'public')}, as exportPubKey and openssl pkey -pubout write it`];
    case 'pkcs8': return [`  PKCS #8 PrivateKeyInfo (PRIVATE KEY, unencrypted): ${keyText(id.key, 'private')}`, ...fake];
    case 'rsa-private': return [`  PKCS #1 RSAPrivateKey (RSA PRIVATE KEY): an RSA ${id.bits}-bit private key`, ...fake];
    case 'rsa-public': return [`  PKCS #1 RSAPublicKey (RSA PUBLIC KEY): an RSA ${id.bits}-bit public key, exponent ${id.exponent}`];
    case 'ec-private': return [`  SEC 1 ECPrivateKey (EC PRIVATE KEY): an EC private key${id.curve ? ` on ${curveText(id.curve)}` : ''}`, ...fake];
    case 'dsa-private': return [`  DSAPrivateKey (DSA PRIVATE KEY): a DSA ${id.bits}-bit private key`, ...fake];
    case 'ec-parameters': return [`  EC PARAMETERS: the curve ${curveText(id.curve)} (openssl ecparam -genkey writes it before the key)`];
    case 'certificate': return [
      '  An X.509 certificate:',
      `    subject ${escapeText(id.subject)}`,
      `    issuer  ${escapeText(id.issuer)}`,
      `    valid   ${escapeText(id.notBefore)} to ${escapeText(id.notAfter)}`,
      `    signed  with ${escapeText(id.signature)}`,
      ...(id.key ? [`    key     ${keyText(id.key, 'public')}`] : []),
    ];
    case 'signature': return [`  Two INTEGERs r (${id.rBits} bits) and s (${id.sBits} bits): an ECDSA or DSA signature in DER`];
    case 'unknown': return ['  An ASN.1 structure the playground has no name for.'];
  }
}

// ---------------------------------------------------------------------------------------------
// One file
// ---------------------------------------------------------------------------------------------

/** The explanation of one file's bytes, under the name shown for it. */
export function explainFile(name: string, data: Uint8Array): string[] {
  const a = inspectFile(data);
  switch (a.kind) {
    case 'empty': return [`${name}: empty (0 bytes)`];
    case 'wrapped-header': return headerLines(a, name);
    case 'masked': return maskedLines(a, name);
    case 'attributes': return attributeLines(a, name);
    case 'pem': {
      const lines = [`${name}: ${bytes(a.size)}, PEM with ${plural(a.blocks.length, 'block')}`];
      for (const b of a.blocks) {
        const where = `-----BEGIN ${b.label}----- (line ${b.line})`;
        if (b.problem === 'not-closed') lines.push(`  ${where}: no -----END ${b.label}----- line`);
        else if (b.problem === 'headers') lines.push(`  ${where}: has headers (an encrypted PEM): not read`);
        else if (b.problem === 'bad-base64' || !b.der || !b.analysis) lines.push(`  ${where}: its body is not Base64`);
        else lines.push(`  ${where}: ${bytes(b.der.length)} of DER`, ...identityLines(b.analysis.identity), ...asn1Lines(b.analysis));
      }
      return lines;
    }
    case 'der': return [`${name}: ${bytes(a.size)} of DER`, ...identityLines(a.identity), ...asn1Lines(a)];
    case 'text': {
      const head = `${name}: ${bytes(a.size)} of text`;
      if (a.hexDigits !== undefined) {
        return [`${head}: ${a.hexDigits} hex digits`,
          `  They spell ${bytes(a.hexDigits / 2)}, but imSymKey and unWrapKey read a file's bytes as they are: to them this is ${bytes(a.size)} of text.`];
      }
      if (a.base64Bytes !== undefined) {
        return [`${head}: Base64 of ${bytes(a.base64Bytes)}`, `  base64 -d ${name} > FILE writes those bytes (then inspect FILE).`];
      }
      return [`${head}, ${plural(a.lines, 'line')}`, `  first line: ${quoted(a.first)}`];
    }
    case 'data': return [
      `${name}: ${bytes(a.size)} of binary data, no header`,
      `  ${xxd(a.head).trimEnd()}`,
      '  As a key (imSymKey -f reads a file\'s bytes as they are):',
      ...keyLines(a.keys, a.size),
      ...blobLines(a.blobs, a.size),
    ];
  }
}

function capped(lines: string[]): string[] {
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES), `  ... (${lines.length - MAX_LINES} more lines not shown)`];
}

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const names: string[] = [];
  let options = true;
  for (const a of args) {
    if (options && (a === '-h' || a === '--help')) return { output: HELP, status: 0 };
    if (options && a === '--') { options = false; continue; }
    if (options && a.startsWith('-') && a !== '-') {
      return { output: '', stderr: `inspect: invalid option -- '${escapeText(a.replace(/^-+/, ''), 20)}'\nTry 'inspect -h' for more information.\n`, status: 1 };
    }
    names.push(a);
  }
  if (names.length === 0) {
    if (ctx.stdin === undefined) return { output: '', stderr: 'inspect: missing file operand\nTry \'inspect -h\' for more information.\n', status: 1 };
    names.push('-');
  }
  const inputs = await readInputs(ctx, names);
  const blocks: string[] = [];
  let stderr = '';
  for (const input of inputs) {
    const shown = input.name === '-' ? 'standard input' : escapeText(input.name, 200);
    if ('error' in input) {
      stderr += `inspect: ${shown}: ${errorText(input.error)}\n`;
      continue;
    }
    blocks.push(capped(explainFile(shown, input.data)).join('\n') + '\n');
  }
  return { output: blocks.join('\n'), ...(stderr ? { stderr } : {}), status: stderr ? 1 : 0 };
}
