/**
 * verify (kmu-commands.md §5.9, G-48): check a signature file over a message file with a public key
 * (any CU may use any public key) and a mechanism of sign's table. Success prints the sentence then
 * the return line; a signature that does not verify (wrong length and malformed included) prints
 * the client's CSP error form. Flush-left; no cluster block.
 */
import { codeText, RC } from '../../hsm/codes';
import { SIGN_MECHANISM_BY_NUMBER, SIGN_MECHANISM_TEXT } from '../../hsm/sign-mechanisms';
import { hexCode } from '../format';
import type { KmuCommand } from './command';
import { checkSignFileLength } from './sign';
import { stepCodes, stepLines } from './steps';
import { readInputFile, requiredInt } from './values';

export const verify: KmuCommand = {
  name: 'verify',
  description: 'Verifies a signature',
  syntax: ['verify -f <message-file>', '       -s <signature-file>', '       -k <public-key-handle>', '       -m <signature-mechanism>'],
  flags: [
    { flag: '-f', arg: '<message-file>', required: true, meaning: 'the original message, at most 65536 bytes' },
    { flag: '-s', arg: '<signature-file>', required: true, meaning: 'file with the signature' },
    { flag: '-k', arg: '<public-key-handle>', required: true, meaning: 'handle of the public key (OBJ_ATTR_VERIFY = 1)', handle: true },
    { flag: '-m', arg: '<signature-mechanism>', required: true, meaning: `mechanism: ${SIGN_MECHANISM_TEXT}` },
  ],
  login: true,
  firstFunction: 'Cfm3Verify',
  returnIndent: '',
  async run(ctx, args) {
    const k = requiredInt(args, '-k');
    const m = requiredInt(args, '-m', (n) => SIGN_MECHANISM_BY_NUMBER.has(n));
    const msgName = args.values.get('-f')!;
    const sigName = args.values.get('-s')!;
    const ops = await import('../../hsm/ops/signatures');
    const out = await ctx.transact(async (tx, scope) => {
      const data = await readInputFile(tx, ctx.cwd, msgName);
      checkSignFileLength(msgName, data);
      const signature = await readInputFile(tx, ctx.cwd, sigName);
      return ops.verifyData(scope, ctx.session, { k, m, data, signature });
    });
    const codes = stepCodes(out.steps);
    if (out.code === RC.CSP_BAD_PKCS_DATA) {
      // The client-side (CSP) layout (§1.7, errors.md): the code alone, then the CSP error on its own line.
      return { lines: [`Cfm3Verify returned: ${hexCode(out.code)}`, '', codeText(out.code)], codes };
    }
    const lines = stepLines(out.steps, { indent: '' });
    return { lines: out.code === RC.SUCCESS ? ['Signature verification successful', '', ...lines] : lines, codes };
  },
};
