/**
 * cloudhsm_mgmt_util: start the management tool (prompt `aws-cloudhsm>`), connected to every HSM
 * of the current cluster in node order (its config file lists them so: server N = N-th HSM).
 * Prints the connection banner of users-and-keys.md §7; an HSM that is down prints the failed
 * connection of cluster.md C7 and keeps its server number. An optional config-file argument is
 * accepted, as in `cloudhsm_mgmt_util /opt/cloudhsm/etc/cloudhsm_mgmt_util.cfg`, and not read
 * (the simulated client's configuration is the current cluster: any file, or none, starts the same
 * tool). The guide starts it as `/opt/cloudhsm/bin/cloudhsm_mgmt_util …` (the path is resolved by
 * the host's program table, ./index.ts); Tab offers the config file's path besides the files.
 */
import type { ArgSpec } from '../flags';
import type { HostCommand } from './command';

export const ARGS: readonly ArgSpec[] = [{ name: 'config-file', kind: 'file', optional: true }];
/** Where the real client keeps the tool's configuration (the guide's start line). */
export const CMU_CONFIG = '/opt/cloudhsm/etc/cloudhsm_mgmt_util.cfg';

export const cloudhsmMgmtUtil: HostCommand = {
  name: 'cloudhsm_mgmt_util',
  summary: 'start cloudhsm_mgmt_util (user and key-sharing management; quit returns here)',
  usage: 'cloudhsm_mgmt_util [config-file]',
  args: ARGS,
  complete: (before) => (before.length === 1 ? { words: [CMU_CONFIG], kind: 'file' } : { words: [], kind: 'none' }),
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./cloudhsm-mgmt-util-run')).run(ctx, args),
};
