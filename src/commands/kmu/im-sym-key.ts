/**
 * imSymKey (kmu-commands.md §3.2): import a plaintext AES or 3DES key from a file. Step 1 wraps the
 * file's key with the -w key inside the HSM (or on the host with the -wk file), step 3 unwraps it
 * inside the HSM with -w; the key never crosses to the HSM in the clear. Misuse: §3.2.1.
 */
import { importSymmetricKey } from '../../hsm/ops/plaintext-keys';
import type { KmuCommand } from './command';
import { creationLines } from './creation';
import { stepCodes, stepLines } from './steps';
import { checkKeyFileLength, oneOf, readInputFile, requiredInt, syncOptions, userList } from './values';
import { KEY_TYPE } from '../../hsm/attributes';
import { resolvePath } from '../../hsm/vfs';

export const imSymKey: KmuCommand = {
  name: 'imSymKey',
  description: 'Imports a Symmetric key',
  syntax: [
    'imSymKey -f <key-file>', '         -w <wrapping-key-handle>', '         -t <key-type>', '         -l <label>',
    '         [-id <key-ID>]', '         [-sess]', '         [-wk <wrapping-key-file> ]', '         [-attest]',
    '         [-min_srv <minimum-number-of-servers>]', '         [-timeout <number-of-seconds> ]', '         [-u <user-ids>]',
  ],
  flags: [
    { flag: '-f', arg: '<key-file>', required: true, meaning: 'file holding the plaintext key bytes' },
    { flag: '-w', arg: '<wrapping-key-handle>', required: true, meaning: 'handle of the AES key on the HSM that unwraps the key', handle: true },
    { flag: '-t', arg: '<key-type>', required: true, meaning: 'type of the imported key: 21 3DES, 31 AES' },
    { flag: '-l', arg: '<label>', required: true, meaning: 'label of the new key' },
    { flag: '-id', arg: '<key-ID>', required: false, meaning: 'ID of the new key, unique in the cluster' },
    { flag: '-sess', required: false, meaning: 'create a session key, gone when the session ends' },
    { flag: '-wk', arg: '<wrapping-key-file>', required: false, meaning: 'file with the same AES key in plaintext, to wrap on the host' },
    { flag: '-attest', required: false, meaning: 'run the firmware attestation check' },
    { flag: '-min_srv', arg: '<minimum-number-of-servers>', required: false, meaning: 'HSMs the key must reach before -timeout (default 1)' },
    { flag: '-timeout', arg: '<number-of-seconds>', required: false, meaning: 'seconds to wait for -min_srv' },
    { flag: '-u', arg: '<user-ids>', required: false, meaning: 'comma-separated CU ids to share the key with' },
  ],
  login: true,
  firstFunction: 'Cfm3WrapHostKey',
  async run(ctx, args) {
    const sessionKey = args.present.has('-sess');
    const type = requiredInt(args, '-t', oneOf(18, 19, 21, 31));
    const w = requiredInt(args, '-w');
    const shareWith = userList(args);
    const sync = syncOptions(args);
    const keyFile = args.values.get('-f')!;
    const wkFile = args.values.get('-wk');
    const out = await ctx.transact(async (tx, scope) => {
      const plain = await readInputFile(tx, ctx.cwd, keyFile);
      checkKeyFileLength(keyFile, plain, type);
      const hostKek = wkFile === undefined ? undefined : await readInputFile(tx, ctx.cwd, wkFile);
      if (hostKek) checkKeyFileLength(wkFile!, hostKek, KEY_TYPE.AES);
      return importSymmetricKey(scope, ctx.session, {
        plain, w, ...(hostKek ? { hostKek, hostKekPath: resolvePath(ctx.cwd, wkFile!) } : {}), plainPath: resolvePath(ctx.cwd, keyFile),
        create: {
          spec: {
            keyType: type, label: args.values.get('-l')!, id: args.values.get('-id') ?? '',
            session: sessionKey, local: false, extractable: true,
          },
          shareWith, mValue: 0, ...sync,
        },
      });
    });
    // Refused at the first step (the wrap of the file's key): its return line alone.
    if (out.steps.length === 1) return { lines: stepLines(out.steps), codes: stepCodes(out.steps) };
    return { lines: creationLines(out, 'Symmetric Key Unwrapped.', args.present.has('-attest')), codes: stepCodes(out.steps) };
  },
};

