/** `key delete` (cloudhsm-cli.md §3). Contract stub: the keys-view branch fills in its table and run. */
import { stubCommand } from './command';

export const keyDelete = stubCommand(['key', 'delete'], 'Delete a key in the HSM cluster', 'key delete [OPTIONS]');
