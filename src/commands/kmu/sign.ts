/**
 * sign (kmu-commands.md §5.8, G-48, G-49): sign a host file (at most 65536 bytes) with a private key
 * the user owns or shares, by a mechanism of the table (src/hsm/sign-mechanisms.ts), and write the
 * raw signature to -out. Flush-left as on the command's page, except the cluster block (§1.7).
 */
import { RC } from '../../hsm/codes';
import { SIGN_MAX_FILE_BYTES, SIGN_MECHANISM_BY_NUMBER, SIGN_MECHANISM_TEXT } from '../../hsm/sign-mechanisms';
import { writeFile } from '../../hsm/vfs';
import { clusterBlock, INDENT } from '../format';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
import { checkOutputFile, readInputFile, requiredInt, ValueError } from './values';

/** A file sign or verify takes: at most 65536 bytes (G-49), refused on the host before any HSM call. */
export function checkSignFileLength(name: string, data: Uint8Array): void {
  if (data.length > SIGN_MAX_FILE_BYTES) {
    throw new ValueError(`${INDENT}Error: File ${name} holds ${data.length} bytes; at most ${SIGN_MAX_FILE_BYTES} can be signed or verified.`);
  }
}

export const sign: KmuCommand = {
  name: 'sign',
  description: 'Generates a signature',
  syntax: ['sign -f <file name>', '     -k <private key handle>', '     -m <signature mechanism>', '     -out <signed file name>'],
  flags: [
    { flag: '-f', arg: '<file name>', required: true, meaning: 'file to sign, at most 65536 bytes' },
    { flag: '-k', arg: '<private key handle>', required: true, meaning: 'handle of the private key that signs (OBJ_ATTR_SIGN = 1)', handle: true },
    { flag: '-m', arg: '<signature mechanism>', required: true, meaning: `mechanism: ${SIGN_MECHANISM_TEXT}` },
    { flag: '-out', arg: '<signed file name>', required: true, meaning: 'file that receives the signature' },
  ],
  login: true,
  firstFunction: 'Cfm3Sign',
  returnIndent: '',
  async run(ctx, args) {
    const k = requiredInt(args, '-k');
    const m = requiredInt(args, '-m', (n) => SIGN_MECHANISM_BY_NUMBER.has(n));
    const inName = args.values.get('-f')!;
    const outName = args.values.get('-out')!;
    const ops = await import('../../hsm/ops/signatures');
    return await ctx.transact(async (tx, scope) => {
      const data = await readInputFile(tx, ctx.cwd, inName);
      checkSignFileLength(inName, data);
      const outPath = await checkOutputFile(tx, ctx.cwd, outName);
      const out = await ops.signData(scope, ctx.session, { k, m, data });
      const lines = stepLines(out.steps, { indent: '' });
      if (out.code === RC.SUCCESS) {
        await writeFile(tx, outPath, out.signature!, ctx.hsm.deps.clock.now());
        lines.push('', `signature is written to file ${outName}`);
      }
      lines.push('', ...clusterBlock(out.nodes));
      return { lines, codes: stepCodes(out.steps) };
    });
  },
};
