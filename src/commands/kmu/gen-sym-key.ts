/** genSymKey (kmu-commands.md §3.1). */
import { KEY_TYPE } from '../../hsm/attributes';
import { generateSecretKey } from '../../hsm/ops/keys';
import { invalidValue } from '../flags';
import type { KmuCommand } from './command';
import { creationLines } from './creation';
import { stepCodes } from './steps';
import { mValue, oneOf, requiredInt, syncOptions, userList, ValueError } from './values';

/** Valid -s per key type, in bytes (§3.1; generic secret below 3584 bytes). */
function sizeOk(type: number, size: number): boolean {
  if (type === KEY_TYPE.AES) return size === 16 || size === 24 || size === 32;
  if (type === KEY_TYPE.DES3) return size === 24;
  return size >= 1 && size <= 3583; // GENERIC_SECRET; RC4/DES reach the HSM and fail there (0xb3)
}

export const genSymKey: KmuCommand = {
  name: 'genSymKey',
  description: 'Generates a Symmetric keys',
  syntax: [
    'genSymKey -t <key-type>', '          -s <key-size>', '          -l <label>', '          [-id <key-ID>]',
    '          [-min_srv <minimum-number-of-servers>]', '          [-m_value <0..8>]', '          [-nex]',
    '          [-sess]', '          [-timeout <number-of-seconds> ]', '          [-u <user-ids>]', '          [-attest]',
  ],
  flags: [
    { flag: '-t', arg: '<key-type>', required: true, meaning: 'key type: 16 GENERIC_SECRET, 18 RC4, 21 3DES, 31 AES' },
    { flag: '-s', arg: '<key-size>', required: true, meaning: 'key size in bytes: AES 16, 24 or 32; 3DES 24; generic secret < 3584' },
    { flag: '-l', arg: '<label>', required: true, meaning: 'label of the new key' },
    { flag: '-id', arg: '<key-ID>', required: false, meaning: 'ID of the new key, unique in the cluster' },
    { flag: '-min_srv', arg: '<minimum-number-of-servers>', required: false, meaning: 'HSMs the key must reach before -timeout (default 1)' },
    { flag: '-m_value', arg: '<0..8>', required: false, meaning: 'users who must approve use of the key (quorum); needs -u' },
    { flag: '-nex', required: false, meaning: 'make the key non-extractable' },
    { flag: '-sess', required: false, meaning: 'create a session key, gone when the session ends' },
    { flag: '-timeout', arg: '<number-of-seconds>', required: false, meaning: 'seconds to wait for -min_srv' },
    { flag: '-u', arg: '<user-ids>', required: false, meaning: 'comma-separated CU ids to share the key with' },
    { flag: '-attest', required: false, meaning: 'run the firmware attestation check' },
  ],
  login: true,
  firstFunction: 'Cfm3GenerateSymmetricKey',
  async run(ctx, args) {
    const type = requiredInt(args, '-t', oneOf(16, 18, 19, 21, 31));
    const sizeText = args.values.get('-s')!;
    const size = requiredInt(args, '-s');
    if (!sizeOk(type, size)) throw new ValueError(invalidValue(sizeText, '-s'));
    const shareWith = userList(args);
    const m = mValue(args, shareWith);
    const sync = syncOptions(args);
    const out = await ctx.transact((_tx, scope) =>
      generateSecretKey(scope, ctx.session, {
        keyType: type, size, label: args.values.get('-l')!, id: args.values.get('-id') ?? '',
        sessionKey: args.present.has('-sess'), extractable: !args.present.has('-nex'), shareWith, mValue: m, ...sync,
      }),
    );
    return { lines: creationLines(out, 'Symmetric Key Created.', args.present.has('-attest')), codes: stepCodes(out.steps) };
  },
};

