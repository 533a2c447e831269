/** `cluster activate` (cloudhsm-cli.md §3). Contract stub: the users branch fills in its table and run. */
import { stubCommand } from './command';

export const clusterActivate = stubCommand(['cluster', 'activate'], 'Activate a cluster', 'cluster activate [OPTIONS]');
