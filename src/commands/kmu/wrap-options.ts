/**
 * The mechanism-dependent flags shared by wrapKey and unWrapKey (kmu-commands.md §3.4–3.5): which
 * of -t, -i, -aad, -tag_size and -iv_file a mechanism takes, and their values. Client-side: a
 * violation is an invalid-value (or missing-parameter) error before any HSM call (§1.5).
 */
import { DEFAULT_KW_IV_HEX, isGcm, type Mechanism } from '../../hsm/wrap';
import type { Tx } from '../../hsm/tx';
import { helpText, invalidValue, type CommandHelp } from '../flags';
import { INDENT } from '../format';
import type { KmuArgs } from './command';
import { checkOutputFile, intValue, readInputFile, ValueError } from './values';

export interface WrapOptions {
  aad: Uint8Array;
  tagBytes?: number;
  /** unWrapKey -noheader -m 10: the IV read from -iv_file. */
  iv?: Uint8Array;
  /** wrapKey -noheader -m 10: where the generated IV goes. */
  ivFilePath?: string;
  /** -t of the RSA mechanisms 7 and 8. */
  hashType?: number;
}

/** The request's hash type, when -t was given. */
export const hashOf = (opts: WrapOptions): { hashType?: number } => (opts.hashType === undefined ? {} : { hashType: opts.hashType });

const bad = (args: KmuArgs, flag: string) => new ValueError(invalidValue(args.values.get(flag)!, flag));

export async function wrapOptions(
  tx: Tx, cwd: string, args: KmuArgs, cmd: CommandHelp, mech: Mechanism, direction: 'wrap' | 'unwrap',
): Promise<WrapOptions | { lines: string[] }> {
  const noHeader = args.present.has('-noheader');
  const gcm = isGcm(mech);
  // -t: hash of the RSA mechanisms 7 and 8 only.
  const hashType = intValue(args, '-t', (n) => n >= 2 && n <= 6 && (mech.m === 7 || mech.m === 8));
  // -i: with -noheader, for 4 and 5, and only the RFC 3394 default value (§3.4 IV rules).
  const iv = args.values.get('-i');
  if (iv !== undefined && (!noHeader || (mech.m !== 4 && mech.m !== 5) || iv.replace(/^0x/i, '').toLowerCase() !== DEFAULT_KW_IV_HEX)) {
    throw bad(args, '-i');
  }
  // -tag_size: GCM with -noheader, 8..16 bytes.
  const tagBytes = intValue(args, '-tag_size', (n) => gcm && noHeader && n >= 8 && n <= 16);
  const ivFile = args.values.get('-iv_file');
  if (ivFile !== undefined && !(noHeader && mech.family === 'aes-gcm')) throw bad(args, '-iv_file');
  if (ivFile === undefined && noHeader && mech.family === 'aes-gcm') {
    // Without a header the IV of mechanism 10 travels only in this file.
    return { lines: [`${INDENT}Error: Required parameter (-iv_file) is missing.`, '', ...helpText(cmd)] };
  }
  const aadName = args.values.get('-aad');
  if (aadName !== undefined && !gcm) throw bad(args, '-aad');
  const aad = aadName === undefined ? new Uint8Array(0) : await readInputFile(tx, cwd, aadName);
  const out: WrapOptions = { aad, ...(tagBytes === undefined ? {} : { tagBytes }), ...(hashType === undefined ? {} : { hashType }) };
  if (ivFile !== undefined) {
    if (direction === 'wrap') out.ivFilePath = await checkOutputFile(tx, cwd, ivFile);
    else {
      out.iv = await readInputFile(tx, cwd, ivFile);
      if (out.iv.length === 0) throw bad(args, '-iv_file');
    }
  }
  return out;
}
