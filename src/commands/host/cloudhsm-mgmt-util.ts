/**
 * cloudhsm_mgmt_util: start the management tool (prompt `aws-cloudhsm>`), connected to every HSM
 * of the current cluster in node order (its config file lists them so: server N = N-th HSM).
 * Prints the connection banner of users-and-keys.md §7; an HSM that is down prints the failed
 * connection of cluster.md C7 and keeps its server number. An optional config-file argument is
 * accepted, as in `cloudhsm_mgmt_util /opt/cloudhsm/etc/cloudhsm_mgmt_util.cfg`, and not read.
 */
import { CMU_PORT } from '../../hsm/network';
import { cmuConnect } from '../../hsm/ops/cmu-hsms';
import type { ArgSpec } from '../flags';
import { fits, type HostCommand } from './command';

const ARGS: readonly ArgSpec[] = [{ name: 'config-file', kind: 'file', optional: true }];

export const cloudhsmMgmtUtil: HostCommand = {
  name: 'cloudhsm_mgmt_util',
  summary: 'start cloudhsm_mgmt_util (user and key-sharing management; quit returns here)',
  usage: 'cloudhsm_mgmt_util [config-file]',
  args: ARGS,
  async run(ctx, args) {
    if (!fits(ARGS, args)) return { output: 'usage: cloudhsm_mgmt_util [config-file]\n' };
    const { servers } = await cmuConnect(ctx.hsm, ctx.terminal.cmu);
    const lines = ['Connecting to the server(s), it may take time', 'depending on the server(s) load, please wait...', ''];
    for (const { ip, up } of servers) {
      lines.push(`Connecting to server '${ip}': hostname '${ip}', port ${CMU_PORT}...`);
      lines.push(up ? `Connected to server '${ip}': hostname '${ip}', port ${CMU_PORT}.` : `Failed to connect to server '${ip}'`);
      lines.push('');
    }
    return { output: lines.map((l) => l + '\n').join(''), enter: 'cmu' };
  },
};
