/**
 * insertMaskedObject (kmu-commands.md §6.2): insert a masked object of this cluster's lineage as a
 * new key with everything else kept. The return line is flush left and the handle line follows it
 * directly (the doc's layout).
 */
import { RC } from '../../hsm/codes';
import { clusterBlock, INDENT } from '../format';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
import { readInputFile, syncOptions } from './values';

export const insertMaskedObject: KmuCommand = {
  name: 'insertMaskedObject',
  description: 'Inserts a masked object',
  syntax: ['insertMaskedObject -f <filename>', '                   [-min_srv <minimum-number-of-servers>]', '                   [-timeout <number-of-seconds>]'],
  flags: [
    { flag: '-f', arg: '<filename>', required: true, meaning: 'masked object file written by extractMaskedObject' },
    { flag: '-min_srv', arg: '<minimum-number-of-servers>', required: false, meaning: 'HSMs the key must reach before -timeout (default 1)' },
    { flag: '-timeout', arg: '<number-of-seconds>', required: false, meaning: 'seconds to wait for -min_srv' },
  ],
  login: true,
  firstFunction: 'Cfm3InsertMaskedObject',
  returnIndent: '',
  async run(ctx, args) {
    const sync = syncOptions(args);
    const res = await ctx.transact(async (tx, scope) => {
      const file = await readInputFile(tx, ctx.cwd, args.values.get('-f')!);
      const ops = await import('../../hsm/ops/masked');
      return await ops.insertMaskedObject(scope, ctx.session, { file, ...sync });
    });
    const lines = stepLines(res.steps, { indent: '' });
    if (res.code === RC.SUCCESS) lines.push(`${INDENT}New Key Handle: ${res.handle}`);
    lines.push('', ...clusterBlock(res.nodes));
    return { lines, codes: stepCodes(res.steps) };
  },
};
