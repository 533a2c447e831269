/**
 * aesWrapUnwrap (kmu-commands.md §3.6): RFC 3394 wrap (-m 1) or unwrap (-m 0) of a host file with
 * an AES key on the HSM. As the guide says, a failed HSM step still leaves an empty output file.
 */
import { RC } from '../../hsm/codes';
import type { StepId } from '../../hsm/ops/outcome';
import { wrapHostData } from '../../hsm/ops/wrap';
import { DEFAULT_KW_IV_HEX } from '../../hsm/wrap';
import { resolvePath, writeFile } from '../../hsm/vfs';
import { invalidValue } from '../flags';
import { INDENT } from '../format';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';
import { checkOutputFile, oneOf, readInputFile, requiredInt, ValueError } from './values';

const MAX_FILE = 4096; // files must be smaller (§3.6)

/** `result data:` lines: upper-case hex pairs, eight bytes per line. */
function hexLines(data: Uint8Array): string[] {
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += 8) {
    lines.push(Array.from(data.subarray(i, i + 8), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' '));
  }
  return lines;
}

export const aesWrapUnwrap: KmuCommand = {
  name: 'aesWrapUnwrap',
  description: 'Does NIST AES Wrap/Unwrap',
  syntax: [
    'aesWrapUnwrap -m <wrap-unwrap mode>', '              -f <file-to-wrap-unwrap>', '              -w <wrapping-key-handle>',
    '              [-i <wrapping-IV>]', '              [-out <output-file>]',
  ],
  flags: [
    { flag: '-m', arg: '<wrap-unwrap mode>', required: true, meaning: 'mode: 1 wrap (encrypt), 0 unwrap (decrypt)' },
    { flag: '-f', arg: '<file-to-wrap-unwrap>', required: true, meaning: 'input file, under 4096 bytes, a multiple of 8 (at least 16 to wrap, 24 to unwrap)' },
    { flag: '-w', arg: '<wrapping-key-handle>', required: true, meaning: 'handle of an AES key you can use', handle: true },
    { flag: '-i', arg: '<wrapping-IV>', required: false, meaning: 'initial value, 8 bytes in hex (default 0xA6A6A6A6A6A6A6A6)' },
    { flag: '-out', arg: '<output-file>', required: false, meaning: 'output file (default wrapped_key / unwrapped_key)' },
  ],
  // The login check is made here: its return line names the function of the chosen mode.
  login: false,
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const wrap = args.values.get('-m') !== '0';
    const step: StepId = wrap ? 'wrapHostData' : 'unwrapHostData';
    if (!session.user) return { lines: stepLines([{ step, code: RC.NOT_LOGGED_IN }]), codes: [RC.NOT_LOGGED_IN] };
    requiredInt(args, '-m', oneOf(0, 1));
    const w = requiredInt(args, '-w');
    const ivText = args.values.get('-i');
    if (ivText !== undefined && !/^(0x)?[0-9a-f]{16}$/i.test(ivText)) throw new ValueError(invalidValue(ivText, '-i'));
    const ivHex = ivText ?? DEFAULT_KW_IV_HEX;
    const inName = args.values.get('-f')!;
    const outName = args.values.get('-out') ?? (wrap ? 'wrapped_key' : 'unwrapped_key');
    const lines = ivText !== undefined ? [] : [
      `${INDENT}Warning: IV (-i) is missing.`,
      `${INDENT}         0xA6A6A6A6A6A6A6A6 is considered as default IV`,
    ];
    return await ctx.transact(async (tx, scope) => {
      const data = await readInputFile(tx, ctx.cwd, inName);
      const min = wrap ? 16 : 24;
      if (data.length % 8 !== 0 || data.length < min || data.length >= MAX_FILE) {
        throw new ValueError(`${INDENT}Error: File ${inName} holds ${data.length} bytes; to ${wrap ? 'wrap' : 'unwrap'} it must be a multiple of 8 from ${min} to ${MAX_FILE - 8}.`);
      }
      const outPath = await checkOutputFile(tx, ctx.cwd, outName);
      const res = await wrapHostData(scope, session, { handle: w, wrap, data, ivHex, inPath: resolvePath(ctx.cwd, inName), outPath });
      const codes = stepCodes(res.steps);
      const now = hsm.deps.clock.now();
      if (res.code !== RC.SUCCESS) {
        await writeFile(tx, outPath, new Uint8Array(0), now); // the guide: an empty output file remains
        return { lines: [...lines, ...(lines.length ? [''] : []), ...stepLines(res.steps)], codes };
      }
      await writeFile(tx, outPath, res.out!, now);
      lines.push('result data:', ...hexLines(res.out!), '', `result written to file ${outName}`, '', ...stepLines(res.steps));
      return { lines, codes };
    });
  },
};
