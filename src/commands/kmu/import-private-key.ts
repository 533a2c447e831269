/**
 * importPrivateKey (kmu-commands.md §5.6): import a plaintext RSA, DSA or EC private key from a PEM
 * file (PKCS #1, SEC 1, DSA or unencrypted PKCS #8; never a fake PEM). The tool reports the key's
 * DER (PKCS #8) length, wraps it with the -w AES key inside the HSM (or on the host with the -wk
 * file, G-46) and unwraps it inside the HSM. A failing step prints the lines up to it, as imSymKey.
 * Flush-left as on the command's page, except the cluster block (§1.7).
 */
import { RC } from '../../hsm/codes';
import { KEY_TYPE } from '../../hsm/attributes';
import { clusterBlock, INDENT } from '../format';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
import { checkKeyFileLength, mValue, readInputFile, requiredInt, syncOptions, userList, ValueError } from './values';

export const importPrivateKey: KmuCommand = {
  name: 'importPrivateKey',
  description: 'Imports RSA/DSA/EC private key',
  syntax: [
    'importPrivateKey -l <label>', '                 -f <key-file>', '                 -w <wrapping-key-handle>',
    '                 [-sess]', '                 [-id <key-id>]', '                 [-m_value <0...8>]',
    '                 [min_srv <minimum-number-of-servers>]', '                 [-timeout <number-of-seconds>]',
    '                 [-u <user-ids>]', '                 [-wk <wrapping-key-file>]', '                 [-attest]',
  ],
  flags: [
    { flag: '-l', arg: '<label>', required: true, meaning: 'label of the new private key' },
    { flag: '-f', arg: '<key-file>', required: true, meaning: 'PEM file with the private key, not password-protected' },
    { flag: '-w', arg: '<wrapping-key-handle>', required: true, meaning: 'handle of the AES key on the HSM that unwraps it (OBJ_ATTR_UNWRAP and OBJ_ATTR_ENCRYPT = 1)', handle: true },
    { flag: '-sess', required: false, meaning: 'create a session key, gone when the session ends' },
    { flag: '-id', arg: '<key-id>', required: false, meaning: 'ID of the new key, unique in the cluster' },
    { flag: '-m_value', arg: '<0...8>', required: false, meaning: 'users who must approve use of the key (quorum); needs -u' },
    { flag: '-min_srv', arg: '<minimum-number-of-servers>', required: false, meaning: 'HSMs the key must reach before -timeout (default 1)' },
    { flag: '-timeout', arg: '<number-of-seconds>', required: false, meaning: 'seconds to wait for -min_srv' },
    { flag: '-u', arg: '<user-ids>', required: false, meaning: 'comma-separated CU ids to share the key with' },
    { flag: '-wk', arg: '<wrapping-key-file>', required: false, meaning: 'file with the same AES key in plaintext, to wrap on the host' },
    { flag: '-attest', required: false, meaning: 'run the firmware attestation check' },
  ],
  login: true,
  firstFunction: 'Cfm3WrapHostKey',
  returnIndent: '',
  async run(ctx, args) {
    const w = requiredInt(args, '-w');
    const shareWith = userList(args);
    const m = mValue(args, shareWith);
    const sync = syncOptions(args);
    const keyFile = args.values.get('-f')!;
    const wkFile = args.values.get('-wk');
    const ops = await import('../../hsm/ops/pair-files');
    const out = await ctx.transact(async (tx, scope) => {
      const file = await readInputFile(tx, ctx.cwd, keyFile);
      const hostKek = wkFile === undefined ? undefined : await readInputFile(tx, ctx.cwd, wkFile);
      if (hostKek) checkKeyFileLength(wkFile!, hostKek, KEY_TYPE.AES);
      const res = await ops.importPrivateKey(scope, ctx.session, {
        file, w, ...(hostKek ? { hostKek } : {}),
        create: {
          label: args.values.get('-l')!, id: args.values.get('-id') ?? '', session: args.present.has('-sess'),
          shareWith, mValue: m, ...sync,
        },
      });
      if ('invalidFile' in res) throw new ValueError(`${INDENT}Error: Input file is not a valid private key file.`);
      return res;
    });
    const lines = [`BER encoded key length is ${out.berLength}`, '', ...stepLines(out.steps, { indent: '' })];
    const codes = stepCodes(out.steps);
    // Refused at the first step (the wrap of the file's key): its return line alone.
    if (out.steps.length === 1) return { lines, codes };
    if (out.code === RC.SUCCESS) {
      lines.push('', `Private Key Unwrapped.  Key Handle: ${out.handle}`);
      if (args.present.has('-attest')) lines.push('', `Attestation Check : [${out.attestPass ? 'PASS' : 'FAIL'}]`);
    }
    lines.push('', ...clusterBlock(out.nodes));
    return { lines, codes };
  },
};
