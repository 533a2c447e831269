/** `key unwrap rsa-pkcs` (cloudhsm-cli.md §3). Contract stub: the wrap branch fills in its table and run. */
import { stubCommand } from './command';

export const keyUnwrapRsaPkcs = stubCommand(['key', 'unwrap', 'rsa-pkcs'], undefined, 'key unwrap rsa-pkcs [OPTIONS]');
