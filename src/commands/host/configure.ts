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
import type { HostCommand } from './command';

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
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./configure-run')).run(ctx, args),
};
