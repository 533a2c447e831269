/**
 * exportPrivateKey (kmu-commands.md §5.7): write a plaintext copy of a private key the user owns
 * (extractable) to a PEM file — RSA / EC / DSA PRIVATE KEY as OpenSSL writes them (G-50). The HSM
 * wraps it with the -w AES key (Cfm3WrapKey, flush-left); the host unwraps it with the -w key
 * (Cfm3UnWrapHostKey, indented) or with the -wk file (no line). Only -m 4. No cluster block.
 */
import { KEY_TYPE } from '../../hsm/attributes';
import { RC } from '../../hsm/codes';
import { writeFile } from '../../hsm/vfs';
import { INDENT, returnLine } from '../format';
import type { KmuCommand } from './command';
import { CFM, stepCodes } from './steps';
import { checkKeyFileLength, checkOutputFile, intValue, oneOf, readInputFile, requiredInt } from './values';

export const exportPrivateKey: KmuCommand = {
  name: 'exportPrivateKey',
  description: 'Exports RSA/DSA/EC private key',
  syntax: [
    'exportPrivateKey -k <private-key-handle', '                 -w <wrapping-key-handle>', '                 -out <key-file>',
    '                 [-m <wrapping-mechanism>]', '                 [-wk <wrapping-key-file>]',
  ],
  flags: [
    { flag: '-k', arg: '<private-key-handle>', required: true, meaning: 'handle of the private key to export (yours, extractable)', handle: true },
    { flag: '-w', arg: '<wrapping-key-handle>', required: true, meaning: 'handle of the AES key on the HSM that wraps it (OBJ_ATTR_WRAP and OBJ_ATTR_DECRYPT = 1)', handle: true },
    { flag: '-out', arg: '<key-file>', required: true, meaning: 'file that receives the PEM private key' },
    { flag: '-m', arg: '<wrapping-mechanism>', required: false, meaning: 'wrapping mechanism; only 4 (NIST_AES_WRAP) is valid' },
    { flag: '-wk', arg: '<wrapping-key-file>', required: false, meaning: 'file with the same AES key in plaintext, to unwrap on the host' },
  ],
  login: true,
  firstFunction: 'Cfm3WrapKey',
  returnIndent: '',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const k = requiredInt(args, '-k');
    const w = requiredInt(args, '-w');
    intValue(args, '-m', oneOf(4));
    const outName = args.values.get('-out')!;
    const wkName = args.values.get('-wk');
    const ops = await import('../../hsm/ops/pair-files');
    return await ctx.transact(async (tx, scope) => {
      const hostKek = wkName === undefined ? undefined : await readInputFile(tx, ctx.cwd, wkName);
      if (hostKek) checkKeyFileLength(wkName!, hostKek, KEY_TYPE.AES);
      const outPath = await checkOutputFile(tx, ctx.cwd, outName);
      const out = await ops.exportPrivateKey(scope, session, { k, w, ...(hostKek ? { hostKek } : {}) });
      // The wrap's line is flush-left, the host unwrap's indented (as on the command's page).
      const lines: string[] = [];
      out.steps.forEach((s, i) => {
        if (i > 0) lines.push('');
        lines.push(returnLine(CFM[s.step], s.code, i === 0 ? '' : INDENT));
      });
      const codes = stepCodes(out.steps);
      if (out.code !== RC.SUCCESS) return { lines, codes };
      await writeFile(tx, outPath, out.file!, hsm.deps.clock.now());
      lines.push('', `PEM formatted private key is written to ${outName}`);
      // Decision 5: an export carries a warning, outside the transcript (decision 7).
      hsm.deps.notice?.(`exportPrivateKey wrote the private key in PLAINTEXT to ${outName}: the key material has left the HSM. ` +
        'Training data only; a real key exported this way must be treated as compromised.');
      return { lines, codes };
    });
  },
};
