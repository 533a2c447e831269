/**
 * setAttribute (attributes.md §2, users-and-keys.md §9.8, §6; errors.md §4.3): the owning CU
 * changes one of the listed attributes, a CO marks a key trusted (134). The new value is the
 * third argument (A12); for LABEL the rest of the line. CAUTION question, then every server.
 */
import { ATTR_BY_ID, type AttrValue } from '../../hsm/attributes';
import { codeText, RC } from '../../hsm/codes';
import { CMU_SETTABLE, CMU_TEMPLATE_ATTRIBUTES, cmuSetAction } from '../../hsm/cmu-policy';
import { setAttributeOn } from '../../hsm/sharing';
import type { CmuCommand } from './command';
import { changeOnServers, confirm, isNumber, refusal, Screen, usage } from './servers';

const SYNTAX = ['setAttribute <key handle> <attribute id> <value>'];

export const setAttribute: CmuCommand = {
  name: 'setAttribute',
  syntax: SYNTAX,
  description: 'Changes an attribute of a key',
  async run(ctx, args) {
    const { session } = ctx;
    const screen = new Screen(ctx);
    if (args.length < 3) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const [h, a, ...rest] = args as [string, string, ...string[]];
    if (!isNumber(h)) return { output: usage(SYNTAX, `Invalid key handle ${h}.`) };
    if (!isNumber(a)) return { output: usage(SYNTAX, `Invalid attribute id ${a}.`) };
    const attr = Number(a);
    if (CMU_TEMPLATE_ATTRIBUTES.has(attr)) {
      return { output: usage(SYNTAX, `${ATTR_BY_ID.get(attr)!.name} cannot be set here: its value syntax is undocumented.`) };
    }
    const denied = refusal('setAttribute', cmuSetAction(attr), session);
    if (denied) return { output: denied + '\n' };
    const rule = CMU_SETTABLE.get(attr);
    const readOnly = `setAttribute failed: ${codeText(RC.ATTRIBUTE_READ_ONLY)}\n`;
    if (!rule) return { output: readOnly };
    let value: AttrValue;
    if (rule.value === 'text') value = rest.join(' ');
    else if (rest.length === 1 && (rest[0] === '0' || rest[0] === '1')) value = Number(rest[0]);
    else return { output: readOnly };
    if (!(await confirm(screen, false))) return screen.done();
    const role = session.user!.type === 'CU' ? 'CU' : 'CO';
    await changeOnServers(ctx, screen, {
      cmd: 'setAttribute',
      step: (tx, node, userId) => setAttributeOn(tx, session.cluster, node, { role, userId: userId! }, Number(h), attr, value),
      success: (l) => `setAttribute success on ${l}`,
      failedOn: (l) => `setAttribute failed on ${l}`,
      recovery: 'RIA',
    });
    return screen.done();
  },
};
