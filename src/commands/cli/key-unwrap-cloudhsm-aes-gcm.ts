/** `key unwrap cloudhsm-aes-gcm` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyUnwrapCloudhsmAesGcm = stubCommand(['key', 'unwrap', 'cloudhsm-aes-gcm'], undefined, 'key unwrap cloudhsm-aes-gcm [OPTIONS]');
