/**
 * What genRSAKeyPair, genDSAKeyPair and genECCKeyPair share (kmu-commands.md §1.8, §5.1–5.3): the
 * creation flags of a pair, their checks, the request, and the output — the return line, the
 * line with both handles, the optional attestation line, the cluster block.
 */
import { RC } from '../../hsm/codes';
import type { GeneratePairRequest, PairCreation } from '../../hsm/ops/pairs';
import type { FlagSpec } from '../flags';
import { clusterBlock, INDENT } from '../format';
import type { KmuArgs, KmuContext, KmuResult } from './command';
import { stepCodes, stepLines, type StepNames } from './steps';
import { mValue, syncOptions, userList } from './values';

/** What to generate (src/crypto/asym's KeyPairSpec, named through the operation: commands never import src/crypto). */
type KeyPairSpec = NonNullable<GeneratePairRequest['spec']>;

/** The curves of genECCKeyPair -i the HSM generates (attributes.md §4.4; kmu-commands.md §5.3, A6), in id order. */
export const ECC_CURVES: ReadonlyMap<number, { curve: 'P-256' | 'P-224' | 'P-384' | 'P-521' | 'secp256k1'; nid: string }> = new Map([
  [2, { curve: 'P-256', nid: 'NID_X9_62_prime256v1' }],
  [13, { curve: 'P-224', nid: 'NID_secp224r1' }],
  [14, { curve: 'P-384', nid: 'NID_secp384r1' }],
  [15, { curve: 'P-521', nid: 'NID_secp521r1' }],
  [16, { curve: 'secp256k1', nid: 'NID_secp256k1' }],
] as const);
/** Ids of the old curve table the HSM refuses under its FIPS policy (0xb3, G-40): 1 and 3–12. */
export const eccIdRefused = (id: number): boolean => id === 1 || (id >= 3 && id <= 12);

/** The flags every pair command shares after its own (-m / -e / -i), in the syntax block's order. */
export const PAIR_FLAGS: readonly FlagSpec[] = [
  { flag: '-l', arg: '<label>', required: true, meaning: 'label of both keys of the pair' },
  { flag: '-id', arg: '<key ID>', required: false, meaning: 'ID of both keys, unique in the cluster' },
  { flag: '-min_srv', arg: '<minimum number of servers>', required: false, meaning: 'HSMs the keys must reach before -timeout (default 1)' },
  { flag: '-m_value', arg: '<0..8>', required: false, meaning: 'users who must approve use of the private key (quorum); needs -u' },
  { flag: '-nex', required: false, meaning: 'make the private key non-extractable (the public key always is extractable)' },
  { flag: '-sess', required: false, meaning: 'create session keys, gone when the session ends' },
  { flag: '-timeout', arg: '<number of seconds>', required: false, meaning: 'seconds to wait for -min_srv' },
  { flag: '-u', arg: '<user-ids>', required: false, meaning: 'comma-separated CU ids to share the private key with' },
  { flag: '-attest', required: false, meaning: 'run the firmware attestation check' },
];

/** The syntax block's lines after the command's own flags (§5.1–5.3), aligned under `indent`. */
export function pairSyntax(indent: string): string[] {
  return [
    '-l <label>', '[-id <key ID>]', '[-min_srv <minimum number of servers>]', '[-m_value <0..8>]', '[-nex]', '[-sess]',
    '[-timeout <number of seconds> ]', '[-u <user-ids>]', '[-attest]',
  ].map((l) => indent + l);
}

/** The request of a pair command: `spec` null = refused by the HSM's FIPS policy (0xb3). */
export function pairRequest(args: KmuArgs, spec: KeyPairSpec | null): GeneratePairRequest {
  const shareWith = userList(args);
  const m = mValue(args, shareWith);
  return {
    spec, label: args.values.get('-l')!, id: args.values.get('-id') ?? '', sessionKey: args.present.has('-sess'),
    extractable: !args.present.has('-nex'), shareWith, mValue: m, ...syncOptions(args),
  };
}

/**
 * The output of a pair command: the return line; on success the handle line (both handles, four
 * blanks apart) and the optional attestation line; then the cluster block.
 */
export function pairLines(out: PairCreation, attest: boolean, names: Partial<StepNames> = {}): string[] {
  const lines = stepLines(out.steps, { names });
  if (out.code === RC.SUCCESS) {
    lines.push('', `${INDENT}Cfm3GenerateKeyPair:    public key handle: ${out.publicHandle}    private key handle: ${out.privateHandle}`);
    if (attest) lines.push('', `${INDENT}Attestation Check : [${out.attestPass ? 'PASS' : 'FAIL'}]`);
  }
  lines.push('', ...clusterBlock(out.nodes));
  return lines;
}

/** Check the shared flags, then run the request through the lazily loaded operation. */
export async function runPair(ctx: KmuContext, args: KmuArgs, spec: KeyPairSpec | null, names: Partial<StepNames> = {}): Promise<KmuResult> {
  const req = pairRequest(args, spec);
  const ops = await import('../../hsm/ops/pairs');
  const out = await ops.generateKeyPair(ctx.hsm, ctx.session, req, (work) => ctx.transact((_tx, scope) => work(scope)));
  return { lines: pairLines(out, args.present.has('-attest'), names), codes: stepCodes(out.steps) };
}
