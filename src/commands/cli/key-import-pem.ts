/** `key import pem` (cloudhsm-cli.md §3). Contract stub: the keys-make branch fills in its table and run. */
import { stubCommand } from './command';

export const keyImportPem = stubCommand(['key', 'import', 'pem'], 'Import key from a PEM file', 'key import pem [OPTIONS]');
