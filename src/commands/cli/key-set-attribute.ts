/** `key set-attribute` (cloudhsm-cli.md §3). Contract stub: the keys-view branch fills in its table and run. */
import { stubCommand } from './command';

export const keySetAttribute = stubCommand(['key', 'set-attribute'], 'Set an attribute for a key in the HSM cluster', 'key set-attribute [OPTIONS]');
