/**
 * `explain <a whole KMU or CMU command line>`: the CloudHSM CLI line that does the same, with the
 * learner's own values (cloudhsm-cli.md §7.1), or "no equivalent" and why (§5.3, §7.1's last rows).
 *
 * Rules are data: one table per command — its flags (or positional words for CMU), in the order the
 * CLI line prints them, each with the CLI option it becomes and how the value changes (a handle
 * becomes a key reference `0x%016x`, §5.2; `-t 31` picks `aes`; `-l` becomes `--label`…).
 * Plain data in, plain lines out; nothing here reads the HSM.
 */
import { keyReference } from '../../hsm/key-reference';
import { SIGN_MECHANISMS } from '../../hsm/sign-mechanisms';
import { ATTR_BY_ID } from '../../hsm/attributes';

/** What one KMU flag or CMU word turns into. */
export type Piece =
  /** A CLI path word chosen by a value (`-t 31` → `aes`). */
  | { path: string }
  /** An option with its value(s); options of one name are merged, multi-value ones into one list. */
  | { option: string; values?: readonly string[] }
  /** Nothing on the CLI line; the note says why. */
  | { note: string };

/** The whole line has no CLI equivalent (the reason is shown). */
export interface NoEquivalent { none: string }

type Emit = (value: string, all: ReadonlyMap<string, string>) => Piece[] | NoEquivalent;

export interface FlagRule {
  /** The KMU flag (`-t`), or the CMU positional slot name (`H`, `ID`). */
  flag: string;
  /** The flag takes a value (KMU); CMU positional words always do. */
  value: boolean;
  /** Pieces for the CLI line, in the table's order. */
  emit: Emit;
}

export interface LineRule {
  /** KMU/CMU command name as the tool spells it. */
  command: string;
  tool: 'key_mgmt_util' | 'cloudhsm_mgmt_util';
  /** CMU commands take positional words in this order; KMU commands take flags. */
  positional?: boolean;
  /** The CLI path (words); a rule may add a last word through a `{path}` piece. */
  path: readonly string[];
  /** Shown as the path's last word when no flag chose it (`key wrap <mechanism>` without -m). */
  pathSlot?: string;
  rules: readonly FlagRule[];
}

/** The CLI quoting of a value (§2.1): double quotes when it has blanks or quotes or is empty. */
export function quote(v: string): string {
  return v !== '' && /^[^\s'"\\]+$/.test(v) ? v : `"${v.replace(/[\\"]/g, (c) => '\\' + c)}"`;
}

/** A KMU handle as a key reference (`6` → `0x0000000000000006`); anything else as typed. */
export function ref(h: string): string {
  return /^\d{1,10}$/.test(h) && Number(h) <= 0xffffffff ? keyReference(Number(h)) : h;
}

/** KMU -id / the id attribute: `0x` + hex of the bytes (§4.1: `-id IT-02` → `0x49542d3032`). */
export const idHex = (id: string): string => '0x' + [...new TextEncoder().encode(id)].map((b) => b.toString(16).padStart(2, '0')).join('');

const KEY_TYPE_CLI: ReadonlyMap<string, string> = new Map([['0', 'rsa'], ['1', 'dsa'], ['3', 'ec'], ['16', 'generic-secret'], ['21', 'des3'], ['31', 'aes']]);
const CLASS_CLI: ReadonlyMap<string, string> = new Map([['2', 'public-key'], ['3', 'private-key'], ['4', 'secret-key']]);
/** §7.1: `-i 2|13|14|15|16` ↔ `--curve prime256v1|secp224r1|secp384r1|secp521r1|secp256k1`. */
const CURVE_CLI: ReadonlyMap<string, string> = new Map([['2', 'prime256v1'], ['13', 'secp224r1'], ['14', 'secp384r1'], ['15', 'secp521r1'], ['16', 'secp256k1']]);
/** §7.1 / §3.19: wrapKey `-m` ↔ the mechanism word. */
const WRAP_CLI: ReadonlyMap<string, string> = new Map([
  ['4', 'aes-pkcs5-pad'], ['5', 'aes-no-pad'], ['6', 'aes-zero-pad'], ['10', 'aes-gcm'], ['11', 'cloudhsm-aes-gcm'],
  ['7', 'rsa-aes'], ['8', 'rsa-oaep'], ['12', 'rsa-pkcs'],
]);
/** wrapKey/unWrapKey `-t` (hash of the RSA mechanisms, attributes.md §4.6) ↔ `--hash-function`. */
const WRAP_HASH_CLI: ReadonlyMap<string, string> = new Map([['2', 'sha1'], ['3', 'sha256'], ['4', 'sha384'], ['5', 'sha512'], ['6', 'sha224']]);
const SIGN_SCHEME_CLI: ReadonlyMap<string, string> = new Map([['rsa-pkcs1', 'rsa-pkcs'], ['rsa-pss', 'rsa-pkcs-pss'], ['ecdsa', 'ecdsa']]);
/** unWrapKey `-kt`/`-kc` → `--key-type-class` (§3.20's possible values). */
const TYPE_CLASS_CLI: ReadonlyMap<string, string> = new Map([
  ['31/4', 'aes'], ['21/4', 'des3'], ['16/4', 'generic-secret'], ['0/3', 'rsa-private'], ['3/3', 'ec-private'],
]);

const NO_3DES = '3DES keys cannot be generated in the CloudHSM CLI (cloudhsm-cli.md §5.3): a 3DES key made here is listed, shared and deleted in the CLI, but no CLI command creates one.';
const NO_PLAINTEXT = 'the CloudHSM CLI never moves key material in plaintext: wrap the key outside the HSM, then key unwrap (cloudhsm-cli.md §7.1).';

const opt = (option: string, ...values: string[]): Piece[] => [{ option, values }];
const note = (text: string): Piece[] => [{ note: text }];
const user = (id: string) => `<name-of-user-${id}>`;

/** The flags every KMU creation command shares (§7.1: `-sess`, `-nex`, `-u 4,5`, `-id X` at creation). */
const CREATION: readonly FlagRule[] = [
  { flag: '-sess', value: false, emit: () => opt('--session') },
  { flag: '-nex', value: false, emit: () => opt('--attributes', 'extractable=false') },
  { flag: '-id', value: true, emit: (v) => opt('--attributes', `id=${idHex(v)}`) },
  { flag: '-u', value: true, emit: (v) => [...opt('--share-crypto-users', ...v.split(',').filter(Boolean).map(user)), ...note('the CLI names users where KMU numbers them (user ids are not printed by the CLI)')] },
  { flag: '-m_value', value: true, emit: (v) => opt('--manage-key-quorum-value', v) },
  { flag: '-attest', value: false, emit: () => note('-attest: the CLI has no attestation flag') },
  { flag: '-timeout', value: true, emit: () => note('-timeout: the CLI has no timeout flag') },
];

const handleFilter = (option: string) => (v: string): Piece[] => opt(option, `key-reference=${ref(v)}`);

/** The per-command tables (KMU commands of §7.1, then CMU's). */
export const LINE_RULES: readonly LineRule[] = [
  {
    command: 'loginHSM', tool: 'key_mgmt_util', path: ['login'], rules: [
      { flag: '-s', value: true, emit: (v) => opt('--username', quote(v)) },
      { flag: '-u', value: true, emit: (v) => (v === 'CU' ? opt('--role', 'crypto-user') : v === 'CO' || v === 'PCO' ? opt('--role', 'admin') : note(`-u ${v}: no CLI role`)) },
      { flag: '-p', value: true, emit: (v) => opt('--password', quote(v)) },
      { flag: '-hpswd', value: false, emit: () => note('-hpswd: leave out --password and the CLI asks for it') },
    ],
  },
  { command: 'logoutHSM', tool: 'key_mgmt_util', path: ['logout'], rules: [] },
  { command: 'exit', tool: 'key_mgmt_util', path: ['quit'], rules: [] },
  { command: 'listUsers', tool: 'key_mgmt_util', path: ['user', 'list'], rules: [] },
  {
    command: 'genSymKey', tool: 'key_mgmt_util', path: ['key', 'generate-symmetric'], pathSlot: '<aes|generic-secret>', rules: [
      {
        flag: '-t', value: true, emit: (v) => v === '31' ? [{ path: 'aes' }] : v === '16' ? [{ path: 'generic-secret' }]
          : v === '21' ? { none: NO_3DES }
            : { none: `-t ${v}: the CLI generates AES (-t 31) and generic secret (-t 16) keys only` },
      },
      { flag: '-l', value: true, emit: (v) => opt('--label', quote(v)) },
      { flag: '-s', value: true, emit: (v) => opt('--key-length-bytes', v) },
      ...CREATION,
    ],
  },
  {
    command: 'genRSAKeyPair', tool: 'key_mgmt_util', path: ['key', 'generate-asymmetric-pair', 'rsa'], rules: [
      { flag: '-m', value: true, emit: (v) => opt('--modulus-size-bits', v) },
      { flag: '-e', value: true, emit: (v) => opt('--public-exponent', v) },
      { flag: '-l', value: true, emit: (v) => [...opt('--public-label', quote(v)), ...opt('--private-label', quote(v))] },
      ...CREATION,
    ],
  },
  {
    command: 'genECCKeyPair', tool: 'key_mgmt_util', path: ['key', 'generate-asymmetric-pair', 'ec'], rules: [
      { flag: '-i', value: true, emit: (v) => { const c = CURVE_CLI.get(v); return c ? opt('--curve', c) : { none: `-i ${v}: the CLI offers curves 2, 13, 14, 15 and 16 only (prime256v1, secp224r1, secp384r1, secp521r1, secp256k1)` }; } },
      { flag: '-l', value: true, emit: (v) => [...opt('--public-label', quote(v)), ...opt('--private-label', quote(v))] },
      ...CREATION,
    ],
  },
  {
    command: 'findKey', tool: 'key_mgmt_util', path: ['key', 'list'], rules: [
      { flag: '-l', value: true, emit: (v) => opt('--filter', quote(`attr.label=${v}`)) },
      { flag: '-c', value: true, emit: (v) => { const c = CLASS_CLI.get(v); return c ? opt('--filter', `attr.class=${c}`) : note(`-c ${v}: no such class`); } },
      { flag: '-t', value: true, emit: (v) => { const t = KEY_TYPE_CLI.get(v); return t ? opt('--filter', `attr.key-type=${t}`) : note(`-t ${v}: no such key type`); } },
      { flag: '-kcv', value: true, emit: (v) => opt('--filter', `attr.check-value=0x${v.replace(/^0x/i, '').toLowerCase()}`) },
      { flag: '-sess', value: true, emit: (v) => opt('--filter', `attr.token=${v === '1' ? 'false' : 'true'}`) },
      { flag: '-id', value: true, emit: (v) => opt('--filter', `attr.id=${idHex(v)}`) },
      { flag: '-u', value: true, emit: () => note('-u: the CLI filters by attributes, not by owner; key list shows owners with --verbose') },
      { flag: '-m', value: true, emit: () => note('-m: the CLI filters by attr.modulus (hex) instead of a modulus file') },
    ],
  },
  {
    command: 'getAttribute', tool: 'key_mgmt_util', path: ['key', 'list'], rules: [
      { flag: '-o', value: true, emit: handleFilter('--filter') },
      {
        flag: '-a', value: true, emit: (v) => {
          const a = /^\d{1,6}$/.test(v) ? ATTR_BY_ID.get(Number(v)) : undefined;
          return [...opt('--verbose'), ...(v === '512' ? [] : note(a?.cli ? `-a ${v}: read "${a.cli}" among the attributes` : `-a ${v}: the verbose list has no such attribute`))];
        },
      },
      { flag: '-out', value: true, emit: () => note('-out: the CLI prints the attributes as JSON instead of writing a file') },
    ],
  },
  {
    command: 'getKeyInfo', tool: 'key_mgmt_util', path: ['key', 'list'], rules: [
      { flag: '-k', value: true, emit: (v) => [...handleFilter('--filter')(v), ...opt('--verbose')] },
    ],
  },
  {
    command: 'setAttribute', tool: 'key_mgmt_util', path: ['key', 'set-attribute'], rules: [
      { flag: '-o', value: true, emit: handleFilter('--filter') },
      {
        flag: '-a', value: true, emit: (v) => {
          const a = /^\d{1,6}$/.test(v) ? ATTR_BY_ID.get(Number(v)) : undefined;
          return a?.cli ? [...opt('--name', a.cli), ...opt('--value', 'true')] : note(`-a ${v}: no CLI attribute`);
        },
      },
    ],
  },
  { command: 'deleteKey', tool: 'key_mgmt_util', path: ['key', 'delete'], rules: [{ flag: '-k', value: true, emit: handleFilter('--filter') }] },
  {
    command: 'importPubKey', tool: 'key_mgmt_util', path: ['key', 'import', 'pem'], rules: [
      { flag: '-f', value: true, emit: (v) => opt('--path', quote(v)) },
      { flag: '-l', value: true, emit: (v) => [...opt('--label', quote(v)), ...opt('--key-type-class', 'rsa-public'), ...note('--key-type-class ec-public for an EC public key; a DSA key has no CLI import')] },
      ...CREATION.filter((r) => r.flag === '-sess' || r.flag === '-id'),
    ],
  },
  {
    command: 'exportPubKey', tool: 'key_mgmt_util', path: ['key', 'generate-file'], rules: [
      { flag: '-k', value: true, emit: (v) => [...opt('--encoding', 'pem'), ...opt('--path', '<file>'), ...handleFilter('--filter')(v)] },
      { flag: '-out', value: true, emit: (v) => opt('--path', quote(v)) },
    ],
  },
  {
    command: 'getCaviumPrivKey', tool: 'key_mgmt_util', path: ['key', 'generate-file'], rules: [
      { flag: '-k', value: true, emit: (v) => [...opt('--encoding', 'reference-pem'), ...opt('--path', '<file>'), ...handleFilter('--filter')(v)] },
      { flag: '-out', value: true, emit: (v) => opt('--path', quote(v)) },
    ],
  },
  {
    command: 'wrapKey', tool: 'key_mgmt_util', path: ['key', 'wrap'], pathSlot: '<mechanism>', rules: [
      { flag: '-m', value: true, emit: (v) => { const m = WRAP_CLI.get(v); return m ? [{ path: m }] : { none: `-m ${v}: no CLI wrapping mechanism` }; } },
      { flag: '-k', value: true, emit: handleFilter('--payload-filter') },
      { flag: '-w', value: true, emit: handleFilter('--wrapping-filter') },
      { flag: '-out', value: true, emit: (v) => opt('--path', quote(v)) },
      { flag: '-t', value: true, emit: (v) => { const h = WRAP_HASH_CLI.get(v); return h ? [...opt('--hash-function', h), ...opt('--mgf', `mgf1-${h}`)] : note(`-t ${v}: no such hash`); } },
      { flag: '-aad', value: true, emit: (v) => opt('--aad', v) },
      { flag: '-tag_size', value: true, emit: (v) => opt('--tag-length-bits', /^\d+$/.test(v) ? String(Number(v) * 8) : v) },
      { flag: '-noheader', value: false, emit: () => note('-noheader: the CLI never writes a header, so its file is the same bytes as a -noheader one (walkthrough 2)') },
      { flag: '-iv_file', value: true, emit: () => note('-iv_file: the CLI returns the IV in the JSON answer ("iv")') },
    ],
  },
  {
    command: 'unWrapKey', tool: 'key_mgmt_util', path: ['key', 'unwrap'], pathSlot: '<mechanism>', rules: [
      { flag: '-m', value: true, emit: (v) => { const m = WRAP_CLI.get(v); return m ? [{ path: m }] : { none: `-m ${v}: no CLI unwrapping mechanism` }; } },
      { flag: '-w', value: true, emit: handleFilter('--filter') },
      { flag: '-f', value: true, emit: (v) => opt('--data-path', quote(v)) },
      { flag: '-l', value: true, emit: (v) => opt('--label', quote(v)) },
      {
        flag: '-kt', value: true, emit: (v, all) => {
          const tc = TYPE_CLASS_CLI.get(`${v}/${all.get('-kc') ?? (v === '0' || v === '3' ? '3' : '4')}`);
          return tc ? opt('--key-type-class', tc) : { none: `-kt ${v} -kc ${all.get('-kc') ?? '?'}: the CLI unwraps aes, des3, generic-secret, rsa-private and ec-private keys only` };
        },
      },
      { flag: '-kc', value: true, emit: () => [] },
      { flag: '-t', value: true, emit: (v) => { const h = WRAP_HASH_CLI.get(v); return h ? [...opt('--hash-function', h), ...opt('--mgf', `mgf1-${h}`)] : note(`-t ${v}: no such hash`); } },
      { flag: '-aad', value: true, emit: (v) => opt('--aad', v) },
      { flag: '-tag_size', value: true, emit: (v) => opt('--tag-length-bits', /^\d+$/.test(v) ? String(Number(v) * 8) : v) },
      { flag: '-noheader', value: false, emit: () => note('-noheader: the CLI reads files without a header only') },
      ...CREATION,
    ],
  },
  ...(['sign', 'verify'] as const).map((command): LineRule => ({
    command, tool: 'key_mgmt_util', path: ['crypto', command], pathSlot: '<mechanism>', rules: [
      {
        flag: '-m', value: true, emit: (v) => {
          const m = /^\d{1,3}$/.test(v) ? SIGN_MECHANISMS.find((r) => r.m === Number(v)) : undefined;
          return m ? [{ path: SIGN_SCHEME_CLI.get(m.scheme)! }] : { none: `-m ${v}: no such signing mechanism` };
        },
      },
      { flag: '-k', value: true, emit: handleFilter('--key-filter') },
      // The second rule of -m: the hash its number carries (§7.1: "1 = SHA256_RSA_PKCS").
      { flag: '-m', value: true, emit: (v) => opt('--hash-function', SIGN_MECHANISMS.find((r) => r.m === Number(v))!.hash.replace('-', '').toLowerCase()) },
      { flag: '-f', value: true, emit: (v) => opt('--data-path', quote(v)) },
      { flag: '-s', value: true, emit: (v) => opt('--signature-path', quote(v)) },
      { flag: '-out', value: true, emit: () => note('-out: the CLI prints the signature (Base64) in its JSON answer') },
    ],
  })),
  // cloudhsm_mgmt_util (positional words)
  {
    command: 'loginHSM', tool: 'cloudhsm_mgmt_util', positional: true, path: ['login'], rules: [
      { flag: 'NAME', value: true, emit: (v) => opt('--username', quote(v)) },
      { flag: 'TYPE', value: true, emit: (v) => (v === 'CU' ? opt('--role', 'crypto-user') : v === 'CO' || v === 'PCO' ? opt('--role', 'admin') : note(`${v}: no CLI role`)) },
      { flag: 'PASSWORD', value: true, emit: (v) => opt('--password', quote(v)) },
    ],
  },
  ...([['createUser', 'create', true], ['deleteUser', 'delete', false], ['changePswd', 'change-password', true]] as const).map(([command, word, pwd]): LineRule => ({
    command, tool: 'cloudhsm_mgmt_util', positional: true, path: ['user', word], rules: [
      { flag: 'NAME', value: true, emit: (v) => opt('--username', quote(v)) },
      { flag: 'TYPE', value: true, emit: (v) => (v === 'CU' ? opt('--role', 'crypto-user') : v === 'CO' ? opt('--role', 'admin') : note(`${v}: no CLI role`)) },
      ...(pwd ? [{ flag: 'PASSWORD', value: true, emit: (v: string) => opt('--password', quote(v)) }] : []),
    ],
  })),
  { command: 'getHSMInfo', tool: 'cloudhsm_mgmt_util', positional: true, path: ['cluster', 'hsm-info'], rules: [] },
  { command: 'findAllKeys', tool: 'cloudhsm_mgmt_util', positional: true, path: ['key', 'list'], rules: [
    { flag: 'USER', value: true, emit: () => note('findAllKeys lists by owner; CLI key list as admin lists every key, --verbose shows owners') },
  ] },
  {
    command: 'setAttribute', tool: 'cloudhsm_mgmt_util', positional: true, path: ['key', 'set-attribute'], rules: [
      { flag: 'H', value: true, emit: handleFilter('--filter') },
      {
        flag: 'A', value: true, emit: (v) => {
          const a = /^\d{1,6}$/.test(v) ? ATTR_BY_ID.get(Number(v)) : undefined;
          return a?.cli ? opt('--name', a.cli) : note(`${v}: no CLI attribute`);
        },
      },
      { flag: 'V', value: true, emit: (v, all) => opt('--value', ATTR_BY_ID.get(Number(all.get('A')))?.kind === 'bool' ? (v === '0' ? 'false' : 'true') : quote(v)) },
    ],
  },
  {
    command: 'shareKey', tool: 'cloudhsm_mgmt_util', positional: true, path: ['key'], pathSlot: '<share|unshare>', rules: [
      { flag: 'SHARE', value: true, emit: (v) => (v === '0' ? [{ path: 'unshare' }] : [{ path: 'share' }]) },
      { flag: 'H', value: true, emit: handleFilter('--filter') },
      { flag: 'ID', value: true, emit: (v) => [...opt('--username', ...v.split(',').filter(Boolean).map(user)), ...opt('--role', 'crypto-user'), ...note('the CLI names users where CMU numbers them')] },
    ],
  },
  { command: 'quit', tool: 'cloudhsm_mgmt_util', positional: true, path: ['quit'], rules: [] },
  { command: 'listUsers', tool: 'cloudhsm_mgmt_util', positional: true, path: ['user', 'list'], rules: [] },
];

/** CMU positional slots in the tool's own argument order (the rules list them in CLI order). */
const CMU_ORDER: ReadonlyMap<string, readonly string[]> = new Map([
  ['shareKey', ['H', 'ID', 'SHARE']], ['findAllKeys', ['USER', 'SHARED']],
  ['loginHSM', ['TYPE', 'NAME', 'PASSWORD']], ['createUser', ['TYPE', 'NAME', 'PASSWORD']],
  ['deleteUser', ['TYPE', 'NAME']], ['changePswd', ['TYPE', 'NAME', 'PASSWORD']],
]);

/** §7.1's last rows: whole commands without a CLI equivalent. */
export const NO_EQUIVALENT: ReadonlyMap<string, string> = new Map([
  ['gendsakeypair', 'DSA keys have no CloudHSM CLI command (cloudhsm-cli.md §5.3): a DSA key made here is listed, filtered, shared, unshared and deleted in the CLI, but no CLI command generates, wraps or uses one.'],
  ['imsymkey', NO_PLAINTEXT],
  ['importprivatekey', NO_PLAINTEXT],
  ['exsymkey', 'the CloudHSM CLI never exports key material in plaintext: only key wrap (cloudhsm-cli.md §7.1).'],
  ['exportprivatekey', 'the CloudHSM CLI never exports key material in plaintext: only key wrap (cloudhsm-cli.md §7.1).'],
  ['aeswrapunwrap', 'no CLI command wraps a file; key wrap / key unwrap aes-no-pad wrap keys (cloudhsm-cli.md §7.1).'],
  ['genpbekey', 'password-based keys are not offered by the CloudHSM CLI (cloudhsm-cli.md §7.1).'],
  ['error2string', 'the CLI answers with error texts in JSON, so no code decoder exists (cloudhsm-cli.md §7.1); here, explain <code> tells more.'],
  ['extractmaskedobject', 'key replicate (between cloned clusters) is the CLI\'s way, and it is not emulated here (cloudhsm-cli.md §3.24).'],
  ['insertmaskedobject', 'key replicate (between cloned clusters) is the CLI\'s way, and it is not emulated here (cloudhsm-cli.md §3.24).'],
]);

export interface LineTranslation {
  /** The line as typed, and which tool it was read as. */
  typed: string;
  tool: LineRule['tool'];
  /** The CLI line, or null when there is no equivalent. */
  cli: string | null;
  /** Why there is no equivalent (when cli is null). */
  none?: string;
  /** What did not carry over, flag by flag. */
  notes: string[];
}

const rulesFor = (name: string): LineRule[] => LINE_RULES.filter((r) => r.command.toLowerCase() === name.toLowerCase());

/** Does `explain` know how to translate a line of this command? */
export const translatable = (name: string): boolean => rulesFor(name).length > 0 || NO_EQUIVALENT.has(name.toLowerCase());

/**
 * Translate a KMU/CMU command line (already split into words: the command, then its arguments).
 * A command known to both tools (loginHSM, setAttribute, listUsers) is read as KMU when its first
 * argument is a flag and as CMU otherwise. Returns undefined for a command it has no rules for.
 */
export function translateLine(words: readonly string[]): LineTranslation | undefined {
  const [name, ...args] = words;
  if (name === undefined) return undefined;
  const typed = words.map((w) => (/^[^\s'"\\]+$/.test(w) ? w : quote(w))).join(' ');
  const none = NO_EQUIVALENT.get(name.toLowerCase());
  const candidates = rulesFor(name);
  if (none !== undefined && candidates.length === 0) return { typed, tool: 'key_mgmt_util', cli: null, none, notes: [] };
  const flagShaped = args.length === 0 || args[0]!.startsWith('-');
  const rule = candidates.find((r) => !r.positional === flagShaped) ?? candidates[0];
  if (!rule) return undefined;

  const notes: string[] = [];
  const values = new Map<string, string>();
  if (rule.positional) {
    const order = CMU_ORDER.get(rule.command) ?? rule.rules.map((r) => r.flag);
    args.forEach((a, i) => {
      const slot = order[i];
      if (slot === undefined) notes.push(`${a}: an extra word ${rule.command} does not take`);
      else values.set(slot, a);
    });
  } else {
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const r = rule.rules.find((x) => x.flag === a);
      if (!r) { notes.push(`${a}: not a ${rule.command} flag this table knows; left out`); continue; }
      if (r.value) {
        const v = args[i + 1];
        if (v === undefined) { notes.push(`${a}: no value given`); continue; }
        values.set(a, v);
        i++;
      } else values.set(a, '');
    }
  }

  const path = [...rule.path];
  const options = new Map<string, string[]>();
  for (const r of rule.rules) {
    const v = values.get(r.flag);
    if (v === undefined) continue;
    const out = r.emit(v, values);
    if ('none' in out) return { typed, tool: rule.tool, cli: null, none: out.none, notes };
    for (const p of out) {
      if ('path' in p) path.push(p.path);
      else if ('note' in p) notes.push(p.note);
      else {
        const have = options.get(p.option);
        // A single-value option given again replaces (an `--path` after the `<file>` stand-in).
        if (have && (p.option === '--path' || p.option === '--value')) have.splice(0, have.length, ...(p.values ?? []));
        else if (have) have.push(...(p.values ?? []));
        else options.set(p.option, [...(p.values ?? [])]);
      }
    }
  }
  if (rule.pathSlot !== undefined && path.length === rule.path.length) path.push(rule.pathSlot);
  const cli = [...path, ...[...options].map(([o, vs]) => [o, ...vs].join(' '))].join(' ');
  return { typed, tool: rule.tool, cli, notes };
}
