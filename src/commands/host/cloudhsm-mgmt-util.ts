/**
 * cloudhsm_mgmt_util: start the management tool (prompt `aws-cloudhsm>`), connected to every HSM
 * of the current cluster in node order (its config file lists them so: server N = N-th HSM).
 * Prints the connection banner of users-and-keys.md §7; an HSM that is down prints the failed
 * connection of cluster.md C7 and keeps its server number. An optional config-file argument is
 * accepted, as in `cloudhsm_mgmt_util /opt/cloudhsm/etc/cloudhsm_mgmt_util.cfg`, and not read.
 */
import { CMU_PORT, hsmIp } from '../../hsm/network';
import type { HostCommand } from './command';

export const cloudhsmMgmtUtil: HostCommand = {
  name: 'cloudhsm_mgmt_util',
  summary: 'start cloudhsm_mgmt_util (user and key-sharing management; quit returns here)',
  usage: 'cloudhsm_mgmt_util [config-file]',
  async run(ctx, args) {
    if (args.length > 1) return { output: 'usage: cloudhsm_mgmt_util [config-file]\n' };
    const { hsm } = ctx;
    const cluster = await hsm.transact(async (tx) => hsm.cluster(tx));
    const hsms = [...cluster.hsms].sort((a, b) => a.node - b.node);
    const lines = ['Connecting to the server(s), it may take time', 'depending on the server(s) load, please wait...', ''];
    for (const h of hsms) {
      const ip = hsmIp(h.node);
      lines.push(`Connecting to server '${ip}': hostname '${ip}', port ${CMU_PORT}...`);
      lines.push(h.state === 'up' ? `Connected to server '${ip}': hostname '${ip}', port ${CMU_PORT}.` : `Failed to connect to server '${ip}'`);
      lines.push('');
    }
    const session = ctx.terminal.cmu;
    session.end();
    session.cluster = cluster.name;
    session.servers = hsms.map((h) => h.node);
    return { output: lines.map((l) => l + '\n').join(''), enter: 'cmu' };
  },
};
