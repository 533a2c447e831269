/** What `cloudhsm_mgmt_util` does (its table and command are in cloudhsm-mgmt-util.ts; this loads on first use). */
import { CMU_PORT } from '../../hsm/network';
import { cmuConnect } from '../../hsm/ops/cmu-hsms';
import { fits, type HostContext, type HostResult } from './command';
import { ARGS } from './cloudhsm-mgmt-util';

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  if (!fits(ARGS, args)) return { output: 'usage: cloudhsm_mgmt_util [config-file]\n' };
  const { servers } = await cmuConnect(ctx.hsm, ctx.terminal.cmu);
  const lines = ['Connecting to the server(s), it may take time', 'depending on the server(s) load, please wait...', ''];
  for (const { ip, up } of servers) {
    lines.push(`Connecting to server '${ip}': hostname '${ip}', port ${CMU_PORT}...`);
    lines.push(up ? `Connected to server '${ip}': hostname '${ip}', port ${CMU_PORT}.` : `Failed to connect to server '${ip}'`);
    lines.push('');
  }
  return { output: lines.map((l) => l + '\n').join(''), enter: 'cmu' };
}
