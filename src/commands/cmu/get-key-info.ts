/**
 * getKeyInfo (users-and-keys.md §9.9, §4.3, U8): a CU reads the owner, share list and quorum
 * value of a key it owns or shares (any public key), per server. Accepts `-k <handle>` and a bare
 * handle, as the samples do; an optional file receives the blocks.
 */
import { A } from '../../hsm/attributes';
import type { KeyRecord } from '../../hsm/model';
import { readableKeyOn } from '../../hsm/sharing';
import type { CmuCommand } from './command';
import { cannotCreate, isNumber, label, outputPath, reach, refusal, targets, usage, writeText } from './servers';

const SYNTAX = ['getKeyInfo -k <key-handle> [<output file>]'];
const I = '        ';

function keyInfo(key: KeyRecord): string[] {
  const lines = ['', `${I}${key.attrs[A.TOKEN] === 1 ? 'Token/Flash Key,' : 'Session Key,'}`, '', `${I}Owned by user ${key.owner}`, ''];
  if (key.shared.length > 0) {
    lines.push(`${I}also, shared to following ${key.shared.length} user(s):`, '', ...key.shared.map((id) => `${' '.repeat(17)}${id}`));
  }
  if (key.mValue > 0) lines.push(`${' '.repeat(9)}${key.mValue} Users need to approve to use/manage this key`);
  return lines;
}

export const getKeyInfo: CmuCommand = {
  name: 'getKeyInfo',
  syntax: SYNTAX,
  description: 'Gets the owner, shared users and quorum value of a key',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const rest = args[0] === '-k' ? args.slice(1) : args;
    if (rest.length !== 1 && rest.length !== 2) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [h, file] = rest as [string, string | undefined];
    if (!isNumber(h)) return { output: usage(SYNTAX, `Invalid key handle ${h}.`) };
    const denied = refusal('getKeyInfo', 'getKeyInfo', session);
    if (denied) return { output: denied + '\n' };
    return await hsm.transact(async (tx) => {
      const path = file === undefined ? null : await outputPath(tx, ctx.cwd, file);
      if (file !== undefined && path === null) return { output: cannotCreate(file) };
      const screen: string[] = [];
      const toFile: string[] = [];
      for (const server of targets(session)) {
        const at = await reach(ctx, tx, server, true);
        const where = label(session, server);
        const key = 'failure' in at ? at.failure : await readableKeyOn(tx, session.cluster, at.node, at.userId!, Number(h));
        if (typeof key === 'string') {
          screen.push(`getKeyInfo failed: ${key}`, `getKeyInfo failed on ${where}`);
          continue;
        }
        const block = [`Key Info on ${where}:`, ...keyInfo(key)];
        if (path) {
          toFile.push(...block);
          screen.push(`getKeyInfo success on ${where}`);
        } else {
          screen.push(...block);
        }
      }
      if (path) await writeText(ctx, tx, path, toFile.map((l) => l + '\n').join(''));
      return { output: screen.map((l) => l + '\n').join('') };
    });
  },
};
