/** `key unwrap aes-zero-pad` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyUnwrapAesZeroPad = stubCommand(['key', 'unwrap', 'aes-zero-pad'], undefined, 'key unwrap aes-zero-pad [OPTIONS]');
