/**
 * unWrapKey (kmu-commands.md §3.5): import a wrapped key from a file. With the header the key's
 * attributes come from the file (G-27); with -noheader from -l, -id, -kc and -kt. -sess, -nex, -u,
 * -m_value, -min_srv, -timeout and -attest apply in both cases.
 */
import { CLASS } from '../../hsm/attributes';
import { RC } from '../../hsm/codes';
import { unwrapKey } from '../../hsm/ops/wrap';
import { DEFAULT_TAG_BYTES, MECHANISM_BY_NUMBER } from '../../hsm/wrap';
import { helpText } from '../flags';
import { clusterBlock, INDENT } from '../format';
import type { KmuCommand } from './command';
import { creationLines } from './creation';
import { stepCodes, stepLines, type StepNames } from './steps';
import { mValue, oneOf, readInputFile, requiredInt, syncOptions, userList } from './values';
import { hashOf, wrapOptions } from './wrap-options';
import { resolvePath } from '../../hsm/vfs';

/** -noheader: the template step and the unwrap with it, as the real tool names them. */
const NO_HEADER_NAMES: Partial<StepNames> = { createUnwrapTemplate: 'Cfm3CreateUnwrapTemplate2', unwrapKey: 'Cfm2UnWrapWithTemplate3' };

const SECRET_TYPES = [16, 21, 31];
const PRIVATE_TYPES = [0, 1, 3];

export const unWrapKey: KmuCommand = {
  name: 'unWrapKey',
  description: 'UnWraps a key into HSM using the specified handle',
  syntax: [
    'unWrapKey -f <key-file-name>', '          -w <wrapping-key-handle>', '          [-sess]',
    '          [-min_srv <minimum-number-of-HSMs>]', '          [-timeout <number-of-seconds>]',
    '          [-aad <additional authenticated data filename>]', '          [-tag_size <tag size>]',
    '          [-iv_file <IV file>]', '          [-attest]', '          [-m <wrapping-mechanism>]', '          [-t <hash-type>]',
    '          [-nex]', '          [-u <user id list>]', '          [-m_value <number of users needed for approval>]',
    '          [-noheader]', '          [-l <key-label>]', '          [-id <key-id>]', '          [-kt <key-type>]',
    '          [-kc <key-class>]', '          [-i <unwrapping-IV>]',
  ],
  flags: [
    { flag: '-f', arg: '<key-file-name>', required: true, meaning: 'file with the wrapped key' },
    { flag: '-w', arg: '<wrapping-key-handle>', required: true, meaning: 'handle of the unwrapping key (AES, or an RSA private key for 7, 8, 12; OBJ_ATTR_UNWRAP = 1)', handle: true },
    { flag: '-sess', required: false, meaning: 'create a session key, gone when the session ends' },
    { flag: '-min_srv', arg: '<minimum-number-of-HSMs>', required: false, meaning: 'HSMs the key must reach before -timeout (default 1)' },
    { flag: '-timeout', arg: '<number-of-seconds>', required: false, meaning: 'seconds to wait for -min_srv' },
    { flag: '-aad', arg: '<additional authenticated data filename>', required: false, meaning: 'file with additional authenticated data (10, 11 only)' },
    { flag: '-tag_size', arg: '<tag size>', required: false, meaning: 'GCM tag length in bytes, 8 to 16 (-noheader, 10 and 11)' },
    { flag: '-iv_file', arg: '<IV file>', required: false, meaning: 'file holding the IV (-noheader -m 10)' },
    { flag: '-attest', required: false, meaning: 'run the firmware attestation check' },
    { flag: '-m', arg: '<wrapping-mechanism>', required: true, meaning: 'mechanism used to wrap: 4, 5, 6, 7, 8, 10, 11 or 12 (see wrapKey)' },
    { flag: '-t', arg: '<hash-type>', required: false, meaning: 'hash for 7 and 8: 2 SHA1 (default), 3 SHA256, 4 SHA384, 5 SHA512, 6 SHA224' },
    { flag: '-nex', required: false, meaning: 'make the key non-extractable' },
    { flag: '-u', arg: '<user id list>', required: false, meaning: 'comma-separated CU ids to share the key with' },
    { flag: '-m_value', arg: '<number of users needed for approval>', required: false, meaning: 'users who must approve use of the key (quorum, 0..8); needs -u' },
    { flag: '-noheader', required: false, meaning: 'the file has no CloudHSM header; -l, -kt and -kc are then required' },
    { flag: '-l', arg: '<key-label>', required: false, meaning: 'label of the new key (with -noheader)' },
    { flag: '-id', arg: '<key-id>', required: false, meaning: 'ID of the new key (with -noheader)' },
    { flag: '-kt', arg: '<key-type>', required: false, meaning: 'key type (with -noheader): 0 RSA, 1 DSA, 3 ECC, 16 GENERIC_SECRET, 21 DES3, 31 AES' },
    { flag: '-kc', arg: '<key-class>', required: false, meaning: 'key class (with -noheader): 3 private key, 4 secret key' },
    { flag: '-i', arg: '<unwrapping-IV>', required: false, meaning: 'IV in hex, with -noheader and 4 or 5 only; only 0xA6A6A6A6A6A6A6A6' },
  ],
  // The login check is made here: its return line names the first function of the chosen form.
  login: false,
  async run(ctx, args) {
    const { session } = ctx;
    const noHeader = args.present.has('-noheader');
    const names = noHeader ? NO_HEADER_NAMES : {};
    if (noHeader) {
      const missing = ['-l', '-kt', '-kc'].find((f) => !args.values.has(f));
      if (missing) return { lines: [`${INDENT}Error: Required parameter (${missing}) is missing.`, '', ...helpText(this)] };
    }
    if (!session.user) {
      return { lines: stepLines([{ step: noHeader ? 'createUnwrapTemplate' : 'unwrapKey', code: RC.NOT_LOGGED_IN }], { names }), codes: [RC.NOT_LOGGED_IN] };
    }
    const w = requiredInt(args, '-w');
    const m = requiredInt(args, '-m', (n) => MECHANISM_BY_NUMBER.has(n));
    let noHeaderAttrs: { keyClass: number; keyType: number; label: string; id: string } | undefined;
    if (noHeader) {
      const keyClass = requiredInt(args, '-kc', oneOf(CLASS.PRIVATE, CLASS.SECRET));
      const keyType = requiredInt(args, '-kt', oneOf(...(keyClass === CLASS.SECRET ? SECRET_TYPES : PRIVATE_TYPES)));
      noHeaderAttrs = { keyClass, keyType, label: args.values.get('-l')!, id: args.values.get('-id') ?? '' };
    }
    const shareWith = userList(args);
    const quorum = mValue(args, shareWith);
    const sync = syncOptions(args);
    const sessionKey = args.present.has('-sess');
    const result = await ctx.transact(async (tx, scope) => {
      const opts = await wrapOptions(tx, ctx.cwd, args, this, MECHANISM_BY_NUMBER.get(m)!, 'unwrap');
      if ('lines' in opts) return opts;
      const path = resolvePath(ctx.cwd, args.values.get('-f')!);
      const file = await readInputFile(tx, ctx.cwd, args.values.get('-f')!);
      return await unwrapKey(scope, session, {
        file, wrappingKey: w, mechanism: m, ...hashOf(opts),
        gcm: { aad: opts.aad, tagBytes: opts.tagBytes ?? DEFAULT_TAG_BYTES, ...(opts.iv ? { iv: opts.iv } : {}) },
        ...(noHeaderAttrs ? { noHeader: noHeaderAttrs } : {}),
        session: sessionKey, nonExtractable: args.present.has('-nex'), shareWith, mValue: quorum, ...sync,
        source: { from: 'file', path, header: !noHeader },
      });
    });
    if ('lines' in result) return result;
    const attest = args.present.has('-attest');
    const codes = stepCodes(result.steps);
    if (!noHeader) return { lines: creationLines(result, 'Key Unwrapped.', attest), codes };
    // -noheader: the two return lines with no empty line between, one blank in the handle line (§3.5).
    const lines = stepLines(result.steps, { names, tight: true });
    if (result.code === RC.SUCCESS) {
      lines.push('', `${INDENT}Key Unwrapped. Key Handle: ${result.handle}`);
      if (attest) lines.push('', `${INDENT}Attestation Check : [${result.attestPass ? 'PASS' : 'FAIL'}]`);
    }
    lines.push('', ...clusterBlock(result.nodes));
    return { lines, codes };
  },
};
