/**
 * explain TOPIC inside key_mgmt_util (a playground addition, not a command of the real tool).
 * Its topics are positional (`explain 0xc6`, `explain -t 31`), so the console hands it the raw
 * arguments instead of running the KMU flag parser; the flag table below only feeds `-h` and
 * tab completion.
 */
import { INDENT } from '../format';
import type { KmuCommand } from './command';
import { findKmuCommand } from './index';

export const explainKmu: KmuCommand = {
  name: 'explain',
  description: 'Explains a return code, attribute, -t/-m/-c/-i value or command (playground only)',
  syntax: ['explain <topic>', 'explain -t <key-type> | -m <mechanism> | -c <class> | -i <curve> | -a <attribute>'],
  flags: [
    { flag: '-t', arg: '<key-type>', required: false, meaning: 'a key type (31 AES, 21 3DES, ...)' },
    { flag: '-m', arg: '<mechanism>', required: false, meaning: 'a wrapping mechanism (4, 5, 6, ...)' },
    { flag: '-c', arg: '<class>', required: false, meaning: 'a key class (2, 3, 4)' },
    { flag: '-i', arg: '<curve>', required: false, meaning: 'an ECC curve id' },
    { flag: '-a', arg: '<attribute>', required: false, meaning: 'an attribute id (371 KCV, ...)' },
  ],
  login: false,
  async run(_ctx, args) {
    // Reached through the flag parser only with flags (explain -t 31); positional topics go
    // through kmuExplainLines.
    return { lines: await kmuExplainLines([...args.values].flat()) };
  },
};

/** The output lines of `explain ARGS` at the `Command:` prompt. */
export async function kmuExplainLines(args: readonly string[]): Promise<string[]> {
  const { explainLines } = await import('../explain/index'); // data loaded on first use
  return explainLines(args, (name) => findKmuCommand(name) !== undefined).map((l) => (l === '' ? '' : INDENT + l));
}
