/** `cluster hsm-info` (cloudhsm-cli.md §3). Contract stub: the users branch fills in its table and run. */
import { stubCommand } from './command';

export const clusterHsmInfo = stubCommand(['cluster', 'hsm-info'], 'List info about each HSM in the cluster', 'cluster hsm-info [OPTIONS]');
