/** `key share` (cloudhsm-cli.md §3). Contract stub: the keys-view branch fills in its table and run. */
import { stubCommand } from './command';

export const keyShare = stubCommand(['key', 'share'], 'Share a key in the HSM cluster with another user', 'key share [OPTIONS]');
