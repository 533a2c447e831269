/** `key list` (cloudhsm-cli.md §3). Contract stub: the keys-view branch fills in its table and run. */
import { stubCommand } from './command';

export const keyList = stubCommand(['key', 'list'], 'List the keys the current user owns, shares, and all public keys in the HSM cluster', 'key list [OPTIONS]');
