/**
 * The command map of cloudhsm-cli.md §7.1 as data: one row per line of the spec's table, its two
 * cells exactly as the spec writes them (Markdown; test/explain/cli-map.test.ts compares them with
 * the spec). Which KMU/CMU commands and which CLI paths a row names is read from its code spans.
 */

/** [KMU / CMU cell, CloudHSM CLI cell], in the spec's order. */
export const COMMAND_MAP_CELLS: ReadonlyArray<readonly [string, string]> = [
  ["KMU `loginHSM -u CU -s U -p P`; CMU `loginHSM CU U P`", "`login --username U --role crypto-user --password P`"],
  ["CMU `loginHSM CO admin P`", "`login --username admin --role admin --password P`"],
  ["`logoutHSM`; KMU `exit`, CMU `quit`", "`logout`; `quit`"],
  ["`listUsers` (KMU or CMU)", "`user list`"],
  ["CMU `createUser CU U P`, `deleteUser CU U`, `changePswd CU U P`", "`user create`, `user delete`, `user change-password` with `--username U --role crypto-user`"],
  ["CMU `getHSMInfo`", "`cluster hsm-info`"],
  ["`genSymKey -t 31 -s N -l L`", "`key generate-symmetric aes --label L --key-length-bytes N`"],
  ["`genSymKey -t 16 -s N -l L`", "`key generate-symmetric generic-secret --label L --key-length-bytes N`"],
  ["`genRSAKeyPair -m M -e E -l L`", "`key generate-asymmetric-pair rsa --modulus-size-bits M --public-exponent E --public-label L --private-label L`"],
  ["`genECCKeyPair -i 2\\|13\\|14\\|15\\|16 -l L`", "`key generate-asymmetric-pair ec --curve prime256v1\\|secp224r1\\|secp384r1\\|secp521r1\\|secp256k1 …`"],
  ["`-sess`, `-nex`, `-u 4,5`, `-id X` at creation", "`--session`, `--attributes extractable=false`, `--share-crypto-users alice bob`, `--attributes id=0x…`"],
  ["`findKey -l L -c C -t T -kcv K -sess 1`", "`key list --filter attr.label=L attr.class=… attr.key-type=… attr.check-value=K attr.token=false`"],
  ["`getAttribute -o H -a 512 -out F`, `getKeyInfo -k H`", "`key list --filter key-reference=H --verbose`"],
  ["CMU `findAllKeys` as CO", "`key list` as admin"],
  ["KMU `setAttribute -o H -a 1` (session → token); CMU `setAttribute H A V`", "`key set-attribute --filter key-reference=H --name NAME --value V`"],
  ["CMU `shareKey H ID 1` / `shareKey H ID 0`", "`key share` / `key unshare --filter key-reference=H --username NAME --role crypto-user`"],
  ["`deleteKey -k H`", "`key delete --filter key-reference=H`"],
  ["`importPubKey -f F -l L`", "`key import pem --path F --label L --key-type-class rsa-public\\|ec-public`"],
  ["`exportPubKey -k H -out F`; `getCaviumPrivKey -k H -out F`", "`key generate-file --encoding pem\\|reference-pem --path F --filter key-reference=H`"],
  ["`wrapKey -k P -w W -m 4\\|5\\|6\\|10\\|11\\|7\\|8\\|12 -noheader -out F`", "`key wrap aes-pkcs5-pad\\|aes-no-pad\\|aes-zero-pad\\|aes-gcm\\|cloudhsm-aes-gcm\\|rsa-aes\\|rsa-oaep\\|rsa-pkcs --payload-filter key-reference=P --wrapping-filter key-reference=W --path F`"],
  ["`unWrapKey -f F -w W -m N -noheader -l L -kc C -kt T`", "`key unwrap <mechanism> --filter key-reference=W --data-path F --label L --key-type-class <type-class>`"],
  ["`sign -f F -k H -m 0–4\\|5–9\\|15–19 -out S`", "`crypto sign rsa-pkcs\\|rsa-pkcs-pss\\|ecdsa --key-filter key-reference=H --hash-function … --data-path F`"],
  ["`verify -f F -s S -k H -m N`", "`crypto verify <mechanism> --key-filter key-reference=H --hash-function … --data-path F --signature-path S`"],
  ["`imSymKey`, `importPrivateKey`", "none: wrap the key outside the HSM, then `key unwrap`"],
  ["`extractMaskedObject` / `insertMaskedObject` (cloned clusters)", "`key replicate` (not emulated, §3.24)"],
  ["`genSymKey -t 21`, `genDSAKeyPair`, `exSymKey`, `exportPrivateKey`, `aesWrapUnwrap`, `genPBEKey`, `Error2String`", "no CLI equivalent"],
];

export interface MapRow {
  /** The cells as a learner reads them (code spans unquoted, `\\|` as `|`). */
  kmu: string;
  cli: string;
  /** The KMU/CMU command names the row names (lower case), e.g. `genSymKey` → `gensymkey`. */
  commands: readonly string[];
  /** The CLI command paths the row names (`key wrap aes-no-pad`, `key share`, `quit`). */
  paths: readonly string[];
}

const spans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\\\|/g, '|'));
export const plain = (cell: string): string => cell.replace(/`/g, '').replace(/\\\|/g, '|');

/** The command words of a CLI code span, alternatives of its last word spread (`key wrap a|b` → 2 paths). */
function pathsOf(span: string): string[] {
  const words: string[] = [];
  for (const w of span.split(' ')) {
    if (!/^[a-z][a-z0-9|-]*$/.test(w)) break;
    words.push(w);
  }
  if (words.length === 0) return [];
  const last = words.pop()!;
  return last.split('|').map((alt) => [...words, alt].join(' '));
}

export const COMMAND_MAP: readonly MapRow[] = COMMAND_MAP_CELLS.map(([kmu, cli]) => ({
  kmu: plain(kmu),
  cli: plain(cli),
  commands: [...new Set(spans(kmu).map((s) => s.split(' ')[0]!).filter((w) => /^[a-z]/i.test(w)).map((w) => w.toLowerCase()))],
  paths: [...new Set(spans(cli).flatMap(pathsOf))],
}));

/** The rows that name a KMU/CMU command (any case). */
export const rowsForCommand = (name: string): MapRow[] => COMMAND_MAP.filter((r) => r.commands.includes(name.toLowerCase()));

/** The rows that name a CLI path or one under it (`key wrap` → every `key wrap <mechanism>` row). */
export const rowsForPath = (path: string): MapRow[] =>
  COMMAND_MAP.filter((r) => r.paths.some((p) => p === path || p.startsWith(path + ' ') || path.startsWith(p + ' ')));
