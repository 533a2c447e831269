/** `key wrap cloudhsm-aes-gcm` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyWrapCloudhsmAesGcm = stubCommand(['key', 'wrap', 'cloudhsm-aes-gcm'], undefined, 'key wrap cloudhsm-aes-gcm [OPTIONS]');
