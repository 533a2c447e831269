/** `key unwrap aes-pkcs5-pad` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyUnwrapAesPkcs5Pad = stubCommand(['key', 'unwrap', 'aes-pkcs5-pad'], undefined, 'key unwrap aes-pkcs5-pad [OPTIONS]');
