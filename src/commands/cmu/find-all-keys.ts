/**
 * findAllKeys (users-and-keys.md §9.7, U15, U16): CO (and AU) only. Per server: the keys the
 * given user owns (o) or is shared on (s), in object-index order, and with `1` the HSM's key hash.
 */
import { findAllKeysOn } from '../../hsm/sharing';
import type { CmuCommand } from './command';
import { cannotCreate, isNumber, label, outputPath, reach, refusal, targets, usage, writeText } from './servers';

const SYNTAX = ['findAllKeys <user id> <key hash (0/1)> [<output file>]'];

export const findAllKeys: CmuCommand = {
  name: 'findAllKeys',
  syntax: SYNTAX,
  description: 'Lists the keys a user owns or shares, per HSM, with a hash of the key ownership data',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (args.length !== 2 && args.length !== 3) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [id, withHash, file] = args as [string, string, string | undefined];
    if (!isNumber(id)) return { output: usage(SYNTAX, `Invalid user id ${id}.`) };
    if (withHash !== '0' && withHash !== '1') return { output: usage(SYNTAX, `Invalid key hash value ${withHash}.`) };
    const denied = refusal('findAllKeys', 'findAllKeys', session);
    if (denied) return { output: denied + '\n' };
    return await hsm.transact(async (tx) => {
      const path = file === undefined ? null : await outputPath(tx, ctx.cwd, file);
      if (file !== undefined && path === null) return { output: cannotCreate(file) };
      let fileText = '';
      let screen = '';
      for (const server of targets(session)) {
        const at = await reach(ctx, tx, server, true);
        const where = label(session, server);
        if ('failure' in at) {
          screen += `findAllKeys failed: ${at.failure}\nfindAllKeys failed on ${where}\n\n`;
          continue;
        }
        const found = await findAllKeysOn(tx, session.cluster, at.node, Number(id));
        const n = found.handles.length;
        let block = `Keys on ${where}:\nNumber of keys found ${n}\nnumber of keys matched from start index 0::${n}\n${found.handles.join(',')}\n`;
        if (withHash === '1' && found.hash) block += `Key Hash:\n${found.hash}\n\n`;
        const ok = `findAllKeys success on ${where}\n`;
        if (path) {
          fileText += block;
          screen += ok;
        } else {
          screen += block + ok + '\n';
        }
      }
      if (path) await writeText(ctx, tx, path, fileText);
      return { output: screen };
    });
  },
};
