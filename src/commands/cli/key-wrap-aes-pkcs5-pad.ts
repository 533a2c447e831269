/** `key wrap aes-pkcs5-pad` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyWrapAesPkcs5Pad = stubCommand(['key', 'wrap', 'aes-pkcs5-pad'], undefined, 'key wrap aes-pkcs5-pad [OPTIONS]');
