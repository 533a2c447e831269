/** `key wrap aes-no-pad` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyWrapAesNoPad = stubCommand(['key', 'wrap', 'aes-no-pad'], undefined, 'key wrap aes-no-pad [OPTIONS]');
