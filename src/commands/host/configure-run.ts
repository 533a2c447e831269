/** What /opt/cloudhsm/bin/configure does (its table and command are in configure.ts; this loads on first use). */
import { fail, out, type HostContext, type HostResult } from './command';

const ETC = '/opt/cloudhsm/etc';
const SYNTAX = [
  'configure -h | --help',
  '          -a <ENI IP address>',
  '          -m [-i <daemon_id>]',
  '          --ssl --pkey <private key file> --cert <certificate file>',
  '          --cmu <ENI IP address>',
];
const UPDATE_A = [`Updating server config in ${ETC}/cloudhsm_client.cfg`, `Updating server config in ${ETC}/cloudhsm_mgmt_util.cfg`];
const UPDATE_M = [`Updating '${ETC}/cloudhsm_mgmt_util.cfg' from cluster state`];

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const [option, value, ...rest] = args;
  let lines: string[] | undefined;
  if (option === '-a' && value !== undefined && rest.length === 0) lines = UPDATE_A;
  else if (option === '--cmu' && value !== undefined && rest.length === 0) lines = [...UPDATE_A, ...UPDATE_M];
  else if (option === '-m' && (value === undefined || (value === '-i' && rest.length === 1))) lines = UPDATE_M;
  else if (option === '--ssl') return fail('configure: --ssl is not available in this playground yet');
  if (!lines) return option === '-h' || option === '--help' ? out(...SYNTAX) : fail(...SYNTAX);
  const cluster = await ctx.hsm.transact((tx) => ctx.hsm.currentClusterName(tx));
  return out(...lines,
    `Note: the playground's tools always reach every HSM of ${cluster}; the address is not used (cluster use NAME switches clusters).`);
}
