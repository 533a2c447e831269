/**
 * getAttribute (kmu-commands.md §4.3, attributes.md §6.1): write one attribute, or all of them
 * (-a 512), of a key to a file. Stdout only reports; the values go to the file.
 */
import { A, attributeDump, isAttributeSelector } from '../../hsm/attributes';
import { RC } from '../../hsm/codes';
import { getAttributes } from '../../hsm/ops/keys';
import { writeFile } from '../../hsm/vfs';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
import { checkOutputFile, requiredInt } from './values';

export const getAttribute: KmuCommand = {
  name: 'getAttribute',
  description: 'Reads an attribute from an object',
  syntax: ['getAttribute -o <key handle>', '             -a <attribute constant>', '             -out <file>'],
  flags: [
    { flag: '-o', arg: '<key handle>', required: true, meaning: 'handle of the key', handle: true },
    { flag: '-a', arg: '<attribute constant>', required: true, meaning: 'attribute id from listAttributes, or 512 for all attributes' },
    { flag: '-out', arg: '<file>', required: true, meaning: 'file that receives the attribute values' },
  ],
  login: true,
  firstFunction: 'Cfm3GetAttribute',
  async run(ctx, args) {
    const handle = requiredInt(args, '-o');
    const attr = requiredInt(args, '-a', isAttributeSelector);
    const outName = args.values.get('-out')!;
    return await ctx.transact(async (tx, scope) => {
      const outPath = await checkOutputFile(tx, ctx.cwd, outName);
      const out = await getAttributes(scope, ctx.session, { handle, attr });
      const codes = stepCodes(out.steps);
      if (out.code !== RC.SUCCESS) return { lines: stepLines(out.steps), codes };
      const { text, ids, size } = attributeDump(out.attrs!, attr);
      await writeFile(tx, outPath, new TextEncoder().encode(text), ctx.hsm.deps.clock.now());
      const lines = attr === A.ALL ? [`got all attributes of size ${size} attr cnt ${ids.length}`] : [];
      lines.push(`Attributes dumped into ${outName} file`, '', ...stepLines(out.steps));
      return { lines, codes };
    });
  },
};

