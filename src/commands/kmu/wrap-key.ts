/**
 * wrapKey (kmu-commands.md §3.4): write an encrypted copy of a secret or private key the user owns to a file,
 * with the emulator's attribute header (G-26) or, with -noheader, the mechanism's bare output.
 */
import { MECHANISM_BY_NUMBER, DEFAULT_TAG_BYTES } from '../../hsm/wrap';
import { RC } from '../../hsm/codes';
import { wrapKey as wrapOnHsm } from '../../hsm/ops/wrap';
import { writeFile } from '../../hsm/vfs';
import { INDENT } from '../format';
import type { KmuCommand } from './command';
import { stepCodes, stepLines, type StepNames } from './steps';
import { checkOutputFile, requiredInt } from './values';
import { hashOf, wrapOptions } from './wrap-options';

const NAMES: Partial<StepNames> = { wrapKey: 'Cfm2WrapKey' };

export const wrapKey: KmuCommand = {
  name: 'wrapKey',
  description: 'Wraps a key from from HSM using the specified handle',
  syntax: [
    'wrapKey -k <exported-key-handle>', '        -w <wrapping-key-handle>', '        -out <output-file>',
    '        [-m <wrapping-mechanism>]', '        [-aad <additional authenticated data filename>]', '        [-t <hash-type>]',
    '        [-noheader]', '        [-i <wrapping IV>]', '        [-iv_file <IV file>]', '        [-tag_size <num_tag_bytes>]',
  ],
  flags: [
    { flag: '-k', arg: '<exported-key-handle>', required: true, meaning: 'handle of the key to wrap (yours, extractable)', handle: true },
    { flag: '-w', arg: '<wrapping-key-handle>', required: true, meaning: 'handle of the wrapping key (AES, or an RSA public key for 7, 8, 12; OBJ_ATTR_WRAP = 1)', handle: true },
    { flag: '-out', arg: '<output-file>', required: true, meaning: 'file that receives the wrapped key' },
    { flag: '-m', arg: '<wrapping-mechanism>', required: true, meaning: 'mechanism: 4 AES_KEY_WRAP_PAD_PKCS5, 5 NIST_AES_WRAP_NO_PAD, 6 NIST_AES_WRAP_PAD, 7 RSA_AES, 8 RSA_OAEP, 10 AES_GCM, 11 CLOUDHSM_AES_GCM, 12 RSA_PKCS' },
    { flag: '-aad', arg: '<additional authenticated data filename>', required: false, meaning: 'file with additional authenticated data (10, 11 only)' },
    { flag: '-t', arg: '<hash-type>', required: false, meaning: 'hash for 7 and 8: 2 SHA1 (default), 3 SHA256, 4 SHA384, 5 SHA512, 6 SHA224' },
    { flag: '-noheader', required: false, meaning: 'write only the wrapped bytes, for unwrapping outside key_mgmt_util' },
    { flag: '-i', arg: '<wrapping IV>', required: false, meaning: 'IV in hex, with -noheader and 4 or 5 only; only 0xA6A6A6A6A6A6A6A6' },
    { flag: '-iv_file', arg: '<IV file>', required: false, meaning: 'file that receives the IV the HSM generates (-noheader -m 10)' },
    { flag: '-tag_size', arg: '<num_tag_bytes>', required: false, meaning: 'GCM tag length in bytes, 8 to 16 (-noheader, 10 and 11)' },
  ],
  login: true,
  firstFunction: 'Cfm2WrapKey',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const k = requiredInt(args, '-k');
    const w = requiredInt(args, '-w');
    const m = requiredInt(args, '-m', (n) => MECHANISM_BY_NUMBER.has(n));
    const outName = args.values.get('-out')!;
    return await ctx.transact(async (tx, scope) => {
      const opts = await wrapOptions(tx, ctx.cwd, args, this, MECHANISM_BY_NUMBER.get(m)!, 'wrap');
      if ('lines' in opts) return opts;
      const outPath = await checkOutputFile(tx, ctx.cwd, outName);
      const res = await wrapOnHsm(scope, session, {
        key: k, wrappingKey: w, mechanism: m, header: !args.present.has('-noheader'), ...hashOf(opts),
        gcm: { aad: opts.aad, tagBytes: opts.tagBytes ?? DEFAULT_TAG_BYTES }, out: outPath,
      });
      const codes = stepCodes(res.steps);
      if (res.code !== RC.SUCCESS) return { lines: stepLines(res.steps, { names: NAMES }), codes };
      const now = hsm.deps.clock.now();
      await writeFile(tx, outPath, res.file!, now);
      if (opts.ivFilePath && res.iv) await writeFile(tx, opts.ivFilePath, res.iv, now);
      return {
        lines: [
          `${INDENT}Key Wrapped.`, '',
          `${INDENT}Wrapped Key written to file "${outName} length ${res.file!.length}`, '',
          ...stepLines(res.steps, { names: NAMES }),
        ],
        codes,
      };
    });
  },
};
