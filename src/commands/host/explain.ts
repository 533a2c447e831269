/** explain TOPIC (host shell): what a return code, constant or key_mgmt_util command means. */
import { findKmuCommand } from '../kmu/index';
import { out, type HostCommand } from './command';

export const explain: HostCommand = {
  name: 'explain',
  summary: 'what a code (0xc6), attribute (371), -t/-m value or KMU command means',
  usage: 'explain TOPIC',
  args: [{ name: 'TOPIC', kind: 'none', rest: true }],
  async run(_ctx, args) {
    const { explainLines } = await import('../explain/index'); // data loaded on first use
    return out(...explainLines(args, (name) => findKmuCommand(name) !== undefined));
  },
};
