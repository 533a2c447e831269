/**
 * IsValidKeyHandlefile (kmu-commands.md §5.11, G-20): does a private-key file hold real key
 * material, or a fake PEM that references an HSM key? Output is flush-left; no return line.
 */
import { inspectKeyHandleFile } from '../../hsm/ops/key-files';
import { INDENT } from '../format';
import type { KmuCommand } from './command';
import { readInputFile } from './values';

export const isValidKeyHandlefile: KmuCommand = {
  name: 'IsValidKeyHandlefile',
  description: 'Checks if private key file has an HSM key handle or a real key',
  syntax: ['IsValidKeyHandlefile -f <private-key-file>'],
  flags: [{ flag: '-f', arg: '<private-key-file>', required: true, meaning: 'PEM private-key file to inspect' }],
  login: true,
  firstFunction: 'Cfm3FindKey',
  async run(ctx, args) {
    const data = await ctx.transact((tx) => readInputFile(tx, ctx.cwd, args.values.get('-f')!));
    const what = inspectKeyHandleFile(data).file;
    if (what.kind === 'real') return { lines: ['Input key file has real private key'] };
    if (what.kind === 'fake') return { lines: [`Input file has invalid key handle: ${what.handle}`] };
    return { lines: [`${INDENT}Error: Input file is not a valid private key file.`] };
  },
};
