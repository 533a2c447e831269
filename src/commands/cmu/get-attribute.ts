/**
 * getAttribute (attributes.md §6.2, users-and-keys.md §9.8): a CU reads one attribute (or, with
 * 512, all of them) of a key it owns or shares, on every server; stdout unless a file is named.
 */
import { attributeDump, isAttributeSelector } from '../../hsm/attributes';
import { cmuGetAttribute } from '../../hsm/ops/cmu-keys';
import { gate, outputFile, writeOutputFile } from '../../hsm/ops/cmu-servers';
import type { ArgSpec } from '../flags';
import { ATTRIBUTE_ID, KEY_HANDLE } from './arg-tables';
import type { CmuCommand } from './command';
import { arityFits, cannotCreate, codesOf, failedOn, isNumber, label, refused, usage } from './servers';

const SYNTAX = ['getAttribute <key handle> <attribute id> [<filename>]'];
const ARGS: readonly ArgSpec[] = [KEY_HANDLE, ATTRIBUTE_ID, { name: 'filename', kind: 'file', optional: true }];

export const getAttribute: CmuCommand = {
  name: 'getAttribute',
  syntax: SYNTAX,
  args: ARGS,
  description: 'Gets an attribute value of a key',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (!arityFits(ARGS, args)) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [h, a, file] = args as [string, string, string | undefined];
    if (!isNumber(h)) return { output: usage(SYNTAX, `Invalid key handle ${h}.`) };
    if (!isNumber(a) || !isAttributeSelector(Number(a))) return { output: usage(SYNTAX, `Invalid attribute id ${a}.`) };
    const attr = Number(a);
    const denied = gate('getAttribute', session);
    if (denied) return refused('getAttribute', denied);
    const path = file === undefined ? null : await outputFile(hsm, ctx.cwd, file);
    if (file !== undefined && path === null) return { output: cannotCreate(file) };
    const outcome = await cmuGetAttribute(hsm, session, Number(h), attr);
    if ('refused' in outcome) return refused('getAttribute', outcome.refused);
    let screen = '\n';
    let toFile = '';
    for (const r of outcome.servers) {
      const where = label(session, r.server);
      if (!r.ok) {
        screen += failedOn('getAttribute', session, r).join('\n') + '\n\n';
        continue;
      }
      const block = `Attribute Value on ${where}:\n${attributeDump(r.value, attr).text}\n`;
      if (path) {
        toFile += block;
        screen += `getAttribute success on ${where}\n`;
      } else {
        screen += block;
      }
    }
    if (path) await writeOutputFile(hsm, path, toFile);
    return { output: screen, codes: codesOf(outcome) };
  },
};
