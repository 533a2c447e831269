/** `key unshare` (cloudhsm-cli.md §3). Contract stub: the keys-view branch fills in its table and run. */
import { stubCommand } from './command';

export const keyUnshare = stubCommand(['key', 'unshare'], 'Unshare a key in the HSM cluster with another user', 'key unshare [OPTIONS]');
