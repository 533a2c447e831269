/**
 * extractMaskedObject (kmu-commands.md §6.1): write a key the user owns — extractable or not — as
 * a masked object only this cluster or a clone of it can insert again. No cluster block.
 */
import { RC } from '../../hsm/codes';
import { writeFile } from '../../hsm/vfs';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
import { checkOutputFile, requiredInt } from './values';

export const extractMaskedObject: KmuCommand = {
  name: 'extractMaskedObject',
  description: 'Extracts a masked object',
  syntax: ['extractMaskedObject -o <object-handle>', '                    -out <object-file>'],
  flags: [
    { flag: '-o', arg: '<object-handle>', required: true, meaning: 'handle of the key to extract (yours)', handle: true },
    { flag: '-out', arg: '<object-file>', required: true, meaning: 'file that receives the masked object' },
  ],
  login: true,
  firstFunction: 'Cfm3ExtractMaskedObject',
  async run(ctx, args) {
    const handle = requiredInt(args, '-o');
    const outName = args.values.get('-out')!;
    return await ctx.transact(async (tx, scope) => {
      const outPath = await checkOutputFile(tx, ctx.cwd, outName);
      const ops = await import('../../hsm/ops/masked');
      const res = await ops.extractMaskedObject(scope, ctx.session, handle);
      const codes = stepCodes(res.steps);
      if (res.code !== RC.SUCCESS) return { lines: stepLines(res.steps), codes };
      await writeFile(tx, outPath, res.file!, ctx.hsm.deps.clock.now());
      return { lines: [`Object was masked and written to file "${outName}"`, '', ...stepLines(res.steps)], codes };
    });
  },
};
