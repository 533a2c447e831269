/**
 * getKeyInfo (users-and-keys.md §9.9, §4.3, U8): a CU reads the owner, share list and quorum
 * value of a key it owns or shares (any public key), per server. Accepts `-k <handle>` and a bare
 * handle, as the samples do; an optional file receives the blocks.
 */
import { cmuGetKeyInfo, type KeyInfo } from '../../hsm/ops/cmu-keys';
import { gate, outputFile, writeOutputFile } from '../../hsm/ops/cmu-servers';
import { positionalWords, type ArgSpec } from '../flags';
import { KEY_HANDLE, OUTPUT_FILE } from './arg-tables';
import type { CmuCommand } from './command';
import { arityFits, cannotCreate, codesOf, failedOn, isNumber, label, refused, usage } from './servers';

const SYNTAX = ['getKeyInfo -k <key-handle> [<output file>]'];
const ARGS: readonly ArgSpec[] = [{ ...KEY_HANDLE, name: 'key-handle', flag: '-k' }, OUTPUT_FILE];
const I = '        ';

function keyInfo(key: KeyInfo): string[] {
  const lines = ['', `${I}${key.token ? 'Token/Flash Key,' : 'Session Key,'}`, '', `${I}Owned by user ${key.owner}`, ''];
  if (key.shared.length > 0) {
    lines.push(`${I}also, shared to following ${key.shared.length} user(s):`, '', ...key.shared.map((id) => `${' '.repeat(17)}${id}`));
  }
  if (key.mValue > 0) lines.push(`${' '.repeat(9)}${key.mValue} Users need to approve to use/manage this key`);
  return lines;
}

export const getKeyInfo: CmuCommand = {
  name: 'getKeyInfo',
  syntax: SYNTAX,
  args: ARGS,
  description: 'Gets the owner, shared users and quorum value of a key',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const rest = positionalWords(ARGS, args);
    if (!arityFits(ARGS, rest)) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [h, file] = rest as [string, string | undefined];
    if (!isNumber(h)) return { output: usage(SYNTAX, `Invalid key handle ${h}.`) };
    const denied = gate('getKeyInfo', session);
    if (denied) return refused('getKeyInfo', denied);
    const path = file === undefined ? null : await outputFile(hsm, ctx.cwd, file);
    if (file !== undefined && path === null) return { output: cannotCreate(file) };
    const outcome = await cmuGetKeyInfo(hsm, session, Number(h));
    if ('refused' in outcome) return refused('getKeyInfo', outcome.refused);
    const screen: string[] = [];
    const toFile: string[] = [];
    for (const r of outcome.servers) {
      const where = label(session, r.server);
      if (!r.ok) {
        screen.push(...failedOn('getKeyInfo', session, r));
        continue;
      }
      const block = [`Key Info on ${where}:`, ...keyInfo(r.value)];
      if (path) {
        toFile.push(...block);
        screen.push(`getKeyInfo success on ${where}`);
      } else {
        screen.push(...block);
      }
    }
    if (path) await writeOutputFile(hsm, path, toFile.map((l) => l + '\n').join(''));
    return { output: screen.map((l) => l + '\n').join(''), codes: codesOf(outcome) };
  },
};
