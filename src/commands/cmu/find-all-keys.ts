/**
 * findAllKeys (users-and-keys.md §9.7, U15, U16): CO (and AU) only. Per server: the keys the
 * given user owns (o) or is shared on (s), in object-index order, and with `1` the HSM's key hash.
 */
import { cmuFindAllKeys } from '../../hsm/ops/cmu-keys';
import { gate, outputFile, writeOutputFile } from '../../hsm/ops/cmu-servers';
import type { ArgSpec } from '../flags';
import { OUTPUT_FILE, zeroOne } from './arg-tables';
import type { CmuCommand } from './command';
import { arityFits, cannotCreate, codesOf, failedOn, isNumber, label, refused, usage } from './servers';

const SYNTAX = ['findAllKeys <user id> <key hash (0/1)> [<output file>]'];
const ARGS: readonly ArgSpec[] = [{ name: 'user id', kind: 'userids' }, zeroOne('key hash (0/1)'), OUTPUT_FILE];

export const findAllKeys: CmuCommand = {
  name: 'findAllKeys',
  syntax: SYNTAX,
  args: ARGS,
  description: 'Lists the keys a user owns or shares, per HSM, with a hash of the key ownership data',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (!arityFits(ARGS, args)) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [id, withHash, file] = args as [string, string, string | undefined];
    if (!isNumber(id)) return { output: usage(SYNTAX, `Invalid user id ${id}.`) };
    if (withHash !== '0' && withHash !== '1') return { output: usage(SYNTAX, `Invalid key hash value ${withHash}.`) };
    const denied = gate('findAllKeys', session);
    if (denied) return refused('findAllKeys', denied);
    const path = file === undefined ? null : await outputFile(hsm, ctx.cwd, file);
    if (file !== undefined && path === null) return { output: cannotCreate(file) };
    const outcome = await cmuFindAllKeys(hsm, session, Number(id));
    if ('refused' in outcome) return refused('findAllKeys', outcome.refused);
    let fileText = '';
    let screen = '';
    for (const r of outcome.servers) {
      const where = label(session, r.server);
      if (!r.ok) {
        screen += failedOn('findAllKeys', session, r).join('\n') + '\n\n';
        continue;
      }
      const found = r.value;
      const n = found.keys.length;
      const handles = found.keys.map((k) => `${k.handle}(${k.owned ? 'o' : 's'})`);
      let block = `Keys on ${where}:\nNumber of keys found ${n}\nnumber of keys matched from start index 0::${n}\n${handles.join(',')}\n`;
      if (withHash === '1' && found.hash) block += `Key Hash:\n${found.hash}\n\n`;
      const ok = `findAllKeys success on ${where}\n`;
      if (path) {
        fileText += block;
        screen += ok;
      } else {
        screen += block + ok + '\n';
      }
    }
    if (path) await writeOutputFile(hsm, path, fileText);
    return { output: screen, codes: codesOf(outcome) };
  },
};
