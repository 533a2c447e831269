/**
 * setAttribute (attributes.md §2, users-and-keys.md §9.8, §6; errors.md §4.3): the owning CU
 * changes one of the listed attributes, a CO marks a key trusted (134). The new value is the
 * third argument (A12); for LABEL the rest of the line. CAUTION question, then every server.
 */
import { ATTR_BY_ID } from '../../hsm/attributes';
import { CMU_TEMPLATE_ATTRIBUTES } from '../../hsm/cmu-policy';
import { cmuSetAttribute, setAttributeCheck } from '../../hsm/ops/cmu-keys';
import type { ArgSpec } from '../flags';
import { ATTRIBUTE_ID, KEY_HANDLE } from './arg-tables';
import type { CmuCommand } from './command';
import { arityFits, confirm, isNumber, refused, reporter, Screen, usage } from './servers';

const SYNTAX = ['setAttribute <key handle> <attribute id> <value>'];
const ARGS: readonly ArgSpec[] = [KEY_HANDLE, ATTRIBUTE_ID, { name: 'value', kind: 'none', rest: true }];

export const setAttribute: CmuCommand = {
  name: 'setAttribute',
  syntax: SYNTAX,
  args: ARGS,
  description: 'Changes an attribute of a key',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    const screen = new Screen(ctx);
    if (!arityFits(ARGS, args)) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [h, a, ...rest] = args as [string, string, ...string[]];
    if (!isNumber(h)) return { output: usage(SYNTAX, `Invalid key handle ${h}.`) };
    if (!isNumber(a)) return { output: usage(SYNTAX, `Invalid attribute id ${a}.`) };
    const attr = Number(a);
    if (CMU_TEMPLATE_ATTRIBUTES.has(attr)) {
      return { output: usage(SYNTAX, `${ATTR_BY_ID.get(attr)!.name} cannot be set here: its value syntax is undocumented.`) };
    }
    const checked = setAttributeCheck(session, attr, rest);
    if ('refused' in checked) return refused('setAttribute', checked.refused);
    if (!(await confirm(screen, false))) return screen.done();
    const codes: number[] = [];
    const outcome = await cmuSetAttribute(hsm, session, Number(h), attr, checked.value, reporter(screen, session, {
      cmd: 'setAttribute', success: (l) => `setAttribute success on ${l}`, failedOn: (l) => `setAttribute failed on ${l}`, recovery: 'RIA',
    }, codes));
    if ('refused' in outcome) return refused('setAttribute', outcome.refused);
    return screen.done(codes);
  },
};
