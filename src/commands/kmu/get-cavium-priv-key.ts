/**
 * getCaviumPrivKey (kmu-commands.md §5.10, G-20, G-44): write a "fake PEM" for an RSA or EC private
 * key the user owns or shares: the key's real public part and, in place of the private value, the
 * emulator's marker and the key handle (src/hsm/private-key-file.ts), for IsValidKeyHandlefile and
 * SSL offload. Nothing secret leaves the HSM. Irregular return line (§1.7), indented; no cluster block.
 */
import { RC } from '../../hsm/codes';
import { writeFile } from '../../hsm/vfs';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
import { checkOutputFile, requiredInt } from './values';

export const getCaviumPrivKey: KmuCommand = {
  name: 'getCaviumPrivKey',
  description: 'Saves an RSA private key handle in fake PEM format',
  syntax: ['getCaviumPrivKey -k <private-key-handle', '                 -out <fake-PEM-file>'],
  flags: [
    { flag: '-k', arg: '<private-key-handle>', required: true, meaning: 'handle of an RSA or EC private key you own or share', handle: true },
    { flag: '-out', arg: '<fake-PEM-file>', required: true, meaning: 'file that receives the fake PEM' },
  ],
  login: true,
  firstFunction: 'getCaviumPrivKey',
  async run(ctx, args) {
    const k = requiredInt(args, '-k');
    const outName = args.values.get('-out')!;
    const ops = await import('../../hsm/ops/pair-files');
    return await ctx.transact(async (tx, scope) => {
      const outPath = await checkOutputFile(tx, ctx.cwd, outName);
      const out = await ops.caviumPrivateKey(scope, ctx.session, { k });
      const lines = stepLines(out.steps);
      const codes = stepCodes(out.steps);
      if (out.code !== RC.SUCCESS) return { lines, codes };
      await writeFile(tx, outPath, out.file!, ctx.hsm.deps.clock.now());
      return { lines: [`Private Key Handle is written to ${outName} in fake PEM format`, '', ...lines], codes };
    });
  },
};
