/**
 * exportPubKey (kmu-commands.md §5.5): write a public key (any one: every public key is usable by
 * every CU) to a PEM SubjectPublicKeyInfo file (G-50); any other key → 0xc6. The message names the
 * -out file as typed (G-45); no cluster block.
 */
import { RC } from '../../hsm/codes';
import { writeFile } from '../../hsm/vfs';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
import { checkOutputFile, requiredInt } from './values';

export const exportPubKey: KmuCommand = {
  name: 'exportPubKey',
  description: 'Exports RSA/DSA/EC Public key',
  syntax: ['exportPubKey -k <public-key-handle', '             -out <key-file>'],
  flags: [
    { flag: '-k', arg: '<public-key-handle>', required: true, meaning: 'handle of the public key to export', handle: true },
    { flag: '-out', arg: '<key-file>', required: true, meaning: 'file that receives the PEM public key (overwritten)' },
  ],
  login: true,
  firstFunction: 'Cfm3ExportPubKey',
  returnIndent: '',
  async run(ctx, args) {
    const k = requiredInt(args, '-k');
    const outName = args.values.get('-out')!;
    const ops = await import('../../hsm/ops/pair-files');
    return await ctx.transact(async (tx, scope) => {
      const outPath = await checkOutputFile(tx, ctx.cwd, outName);
      const out = await ops.exportPublicKey(scope, ctx.session, { k });
      const lines = stepLines(out.steps, { indent: '' });
      if (out.code !== RC.SUCCESS) return { lines, codes: stepCodes(out.steps) };
      await writeFile(tx, outPath, out.file!, ctx.hsm.deps.clock.now());
      return { lines: [`PEM formatted public key is written to ${outName}`, '', ...lines], codes: stepCodes(out.steps) };
    });
  },
};
