/** `key generate-file` (cloudhsm-cli.md §3). Contract stub: the keys-make branch fills in its table and run. */
import { stubCommand } from './command';

export const keyGenerateFile = stubCommand(['key', 'generate-file'], 'Generate a key file from a key in the HSM cluster', 'key generate-file [OPTIONS]');
