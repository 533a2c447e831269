/** `key unwrap aes-gcm` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyUnwrapAesGcm = stubCommand(['key', 'unwrap', 'aes-gcm'], undefined, 'key unwrap aes-gcm [OPTIONS]');
