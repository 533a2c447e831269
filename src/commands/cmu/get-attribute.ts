/**
 * getAttribute (attributes.md §6.2, users-and-keys.md §9.8): a CU reads one attribute (or, with
 * 512, all of them) of a key it owns or shares, on every server; stdout unless a file is named.
 */
import { A, attributeDump, isAttributeSelector } from '../../hsm/attributes';
import { codeText, RC } from '../../hsm/codes';
import { readableKeyOn } from '../../hsm/sharing';
import type { CmuCommand } from './command';
import { cannotCreate, isNumber, label, outputPath, reach, refusal, targets, usage, writeText } from './servers';

const SYNTAX = ['getAttribute <key handle> <attribute id> [<filename>]'];

export const getAttribute: CmuCommand = {
  name: 'getAttribute',
  syntax: SYNTAX,
  description: 'Gets an attribute value of a key',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (args.length !== 2 && args.length !== 3) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [h, a, file] = args as [string, string, string | undefined];
    if (!isNumber(h)) return { output: usage(SYNTAX, `Invalid key handle ${h}.`) };
    if (!isNumber(a) || !isAttributeSelector(Number(a))) return { output: usage(SYNTAX, `Invalid attribute id ${a}.`) };
    const attr = Number(a);
    const denied = refusal('getAttribute', 'getAttribute', session);
    if (denied) return { output: denied + '\n' };
    return await hsm.transact(async (tx) => {
      const path = file === undefined ? null : await outputPath(tx, ctx.cwd, file);
      if (file !== undefined && path === null) return { output: cannotCreate(file) };
      let screen = '\n';
      let toFile = '';
      for (const server of targets(session)) {
        const at = await reach(ctx, tx, server, true);
        const where = label(session, server);
        const key = 'failure' in at ? at.failure : await readableKeyOn(tx, session.cluster, at.node, at.userId!, Number(h));
        const failure = typeof key === 'string' ? key
          : attr !== A.ALL && key.attrs[attr] === undefined ? codeText(RC.ATTRIBUTE_NOT_PRESENT) : null;
        if (failure !== null || typeof key === 'string') {
          screen += `getAttribute failed: ${failure}\ngetAttribute failed on ${where}\n\n`;
          continue;
        }
        const block = `Attribute Value on ${where}:\n${attributeDump(key.attrs, attr).text}\n`;
        if (path) {
          toFile += block;
          screen += `getAttribute success on ${where}\n`;
        } else {
          screen += block;
        }
      }
      if (path) await writeText(ctx, tx, path, toFile);
      return { output: screen };
    });
  },
};
