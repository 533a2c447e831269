/** `key wrap aes-zero-pad` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyWrapAesZeroPad = stubCommand(['key', 'wrap', 'aes-zero-pad'], undefined, 'key wrap aes-zero-pad [OPTIONS]');
