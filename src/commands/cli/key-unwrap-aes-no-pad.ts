/** `key unwrap aes-no-pad` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyUnwrapAesNoPad = stubCommand(['key', 'unwrap', 'aes-no-pad'], undefined, 'key unwrap aes-no-pad [OPTIONS]');
