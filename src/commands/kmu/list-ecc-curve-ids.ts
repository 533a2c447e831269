/**
 * listECCCurveIds: listed by `help`, undocumented (kmu-commands.md §6.4, G-57). The optional richer
 * behaviour §6.4 allows: the curve ids genECCKeyPair -i generates (§5.3) with their names
 * (attributes.md §4.4). No HSM call, no login needed.
 */
import { INDENT } from '../format';
import type { KmuCommand } from './command';
import { ECC_CURVES } from './pair-lines';

export const listECCCurveIds: KmuCommand = {
  name: 'listECCCurveIds',
  description: 'List HSM supported ECC CurveIds',
  syntax: ['listECCCurveIds'],
  flags: [],
  login: false,
  async run() {
    return { lines: [`${INDENT}Supported ECC Curve Ids:`, ...[...ECC_CURVES].map(([id, c]) => `${INDENT}${String(id).padEnd(4)}${c.nid}`)] };
  },
};
