/**
 * importPubKey (kmu-commands.md §5.4): create a public key (CLASS 2, LOCAL 0, usable by every CU)
 * from a PEM file — SubjectPublicKeyInfo or PKCS #1 (G-50). A file that is no PEM public key of a
 * supported type is refused on the host, before any HSM call. Return line and handle line are
 * flush-left; the cluster block is indented (§1.7).
 */
import { RC } from '../../hsm/codes';
import { clusterBlock, INDENT } from '../format';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
import { readInputFile, syncOptions, ValueError } from './values';

export const importPubKey: KmuCommand = {
  name: 'importPubKey',
  description: 'Imports RSA/DSA/EC Public key',
  syntax: [
    'importPubKey -l <label>', '             -f <key-file>', '             [-sess]', '             [-id <key-id>]',
    '             [min_srv <minimum-number-of-servers>]', '             [-timeout <number-of-seconds>]',
  ],
  flags: [
    { flag: '-l', arg: '<label>', required: true, meaning: 'label of the new public key' },
    { flag: '-f', arg: '<key-file>', required: true, meaning: 'PEM file with the public key (BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY)' },
    { flag: '-sess', required: false, meaning: 'create a session key, gone when the session ends' },
    { flag: '-id', arg: '<key-id>', required: false, meaning: 'ID of the new key, unique in the cluster' },
    { flag: '-min_srv', arg: '<minimum-number-of-servers>', required: false, meaning: 'HSMs the key must reach before -timeout (default 1)' },
    { flag: '-timeout', arg: '<number-of-seconds>', required: false, meaning: 'seconds to wait for -min_srv' },
  ],
  login: true,
  firstFunction: 'Cfm3CreatePublicKey',
  returnIndent: '',
  async run(ctx, args) {
    const sync = syncOptions(args);
    const fileName = args.values.get('-f')!;
    const ops = await import('../../hsm/ops/pair-files');
    const out = await ctx.transact(async (tx, scope) => {
      const file = await readInputFile(tx, ctx.cwd, fileName);
      const res = await ops.importPublicKey(scope, ctx.session, {
        file, create: { label: args.values.get('-l')!, id: args.values.get('-id') ?? '', session: args.present.has('-sess'), ...sync },
      });
      if ('invalidFile' in res) throw new ValueError(`${INDENT}Error: Input file is not a valid public key file.`);
      return res;
    });
    const lines = stepLines(out.steps, { indent: '' });
    if (out.code === RC.SUCCESS) lines.push('', `Public Key Handle: ${out.handle}`);
    lines.push('', ...clusterBlock(out.nodes));
    return { lines, codes: stepCodes(out.steps) };
  },
};
