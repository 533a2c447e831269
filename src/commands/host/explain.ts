/** explain TOPIC (host shell): what a return code, constant or key_mgmt_util command means. */
import { out, type HostCommand } from './command';

export const explain: HostCommand = {
  name: 'explain',
  summary: 'what a code (0xc6), attribute (371), -t/-m value or KMU command means',
  usage: 'explain TOPIC',
  args: [{ name: 'TOPIC', kind: 'none', rest: true }],
  async run(_ctx, args) {
    // data and key_mgmt_util's command names loaded on first use
    const [{ explainLines }, { findKmuCommand }] = await Promise.all([import('../explain/index'), import('../kmu/index')]);
    return out(...explainLines(args, (name) => findKmuCommand(name) !== undefined));
  },
};
