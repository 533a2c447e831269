/**
 * exSymKey (kmu-commands.md §3.3): export a plaintext copy of a secret key the user owns. The HSM
 * wraps it with the -w key (mechanism 4, AES key wrap with PKCS #5 padding); the host unwraps it
 * with the -w key (Cfm3UnWrapHostKey) or with the -wk file, and writes the plaintext to -out.
 */
import { KEY_TYPE } from '../../hsm/attributes';
import { RC } from '../../hsm/codes';
import { exportSymmetricKey } from '../../hsm/ops/plaintext-keys';
import { resolvePath, writeFile } from '../../hsm/vfs';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
import { checkKeyFileLength, checkOutputFile, oneOf, readInputFile, requiredInt, intValue } from './values';

export const exSymKey: KmuCommand = {
  name: 'exSymKey',
  description: 'Exports a Symmetric key',
  syntax: [
    'exSymKey -k <key-to-export>', '         -w <wrapping-key>', '         -out <key-file>', '         [-m 4]',
    '         [-wk <unwrapping-key-file> ]',
  ],
  flags: [
    { flag: '-k', arg: '<key-to-export>', required: true, meaning: 'handle of the symmetric key to export' },
    { flag: '-w', arg: '<wrapping-key>', required: true, meaning: 'handle of the AES key on the HSM that wraps it', handle: true },
    { flag: '-out', arg: '<key-file>', required: true, meaning: 'file that receives the plaintext key' },
    { flag: '-m', arg: '4', required: false, meaning: 'wrapping mechanism; only 4 (NIST_AES_WRAP) is valid' },
    { flag: '-wk', arg: '<unwrapping-key-file>', required: false, meaning: 'file with the same AES key in plaintext, to unwrap on the host' },
  ],
  login: true,
  firstFunction: 'Cfm3WrapKey',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const k = requiredInt(args, '-k');
    const w = requiredInt(args, '-w');
    intValue(args, '-m', oneOf(4));
    const outName = args.values.get('-out')!;
    const wkName = args.values.get('-wk');
    return await ctx.transact(async (tx, scope) => {
      const hostKek = wkName === undefined ? undefined : await readInputFile(tx, ctx.cwd, wkName);
      if (hostKek) checkKeyFileLength(wkName!, hostKek, KEY_TYPE.AES);
      const outPath = await checkOutputFile(tx, ctx.cwd, outName);

      // Cfm3WrapKey, then on the host the unwrap with the -wk file (no HSM call, no line) or Cfm3UnWrapHostKey.
      const out = await exportSymmetricKey(scope, session, {
        k, w, ...(hostKek ? { hostKek, hostKekPath: resolvePath(ctx.cwd, wkName!) } : {}), outPath,
      });
      const lines = stepLines(out.steps);
      const codes = stepCodes(out.steps);
      if (out.code !== RC.SUCCESS) return { lines, codes };
      if (out.steps.length > 1) lines.push('');
      await writeFile(tx, outPath, out.plain!, hsm.deps.clock.now());
      lines.push('', `Wrapped Symmetric Key written to file "${outName}"`);
      // Decision 5: an export carries a warning, outside the transcript (decision 7).
      hsm.deps.notice?.(`exSymKey wrote the key in PLAINTEXT to ${outName}: the key material has left the HSM. ` +
        'Training data only; a real key exported this way must be treated as compromised.');
      return { lines, codes };
    });
  },
};
