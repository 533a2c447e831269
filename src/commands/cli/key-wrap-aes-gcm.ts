/** `key wrap aes-gcm` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyWrapAesGcm = stubCommand(['key', 'wrap', 'aes-gcm'], undefined, 'key wrap aes-gcm [OPTIONS]');
