/**
 * /opt/cloudhsm/bin/configure: Client SDK 3's configure tool (the guide's configure-sdk-3 page and
 * its getting-started steps). Its output as the guide shows it: `-a <IP>` updates the client's and
 * cloudhsm_mgmt_util's config files (two `Updating server config in …` lines), `-m` copies the
 * cluster state into cloudhsm_mgmt_util's (`Updating '…' from cluster state`); `--cmu <IP>`
 * "combines the -a and -m parameters" — decided: the lines of both, in that order. `-h`/`--help`,
 * and any other line, print the syntax block of the page. After an update, ONE line says what the
 * playground does instead: its tools always reach every HSM of the current cluster, the address
 * is not used. `--ssl` is not offered (no certificates in the playground's client).
 */
import type { ArgSpec, OptionSpec } from '../flags';
import { fail, out, type HostCommand } from './command';

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

const OPTIONS: readonly OptionSpec[] = [
  { flag: '-a', value: 'none' }, { flag: '-m' }, { flag: '-i', value: 'none' }, { flag: '--cmu', value: 'none' },
  { flag: '-h' }, { flag: '--help' }, { flag: '--ssl' }, { flag: '--pkey', value: 'file' }, { flag: '--cert', value: 'file' },
];
const ARGS: readonly ArgSpec[] = [];

export const configure: HostCommand = {
  name: '/opt/cloudhsm/bin/configure',
  summary: 'point the CloudHSM client at an HSM (always connected here)',
  usage: '/opt/cloudhsm/bin/configure -a IP | -m | --cmu IP',
  args: ARGS,
  options: OPTIONS,
  async run(ctx, args) {
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
  },
};
