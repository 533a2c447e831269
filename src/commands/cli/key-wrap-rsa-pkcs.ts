/** `key wrap rsa-pkcs` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyWrapRsaPkcs = stubCommand(['key', 'wrap', 'rsa-pkcs'], undefined, 'key wrap rsa-pkcs [OPTIONS]');
