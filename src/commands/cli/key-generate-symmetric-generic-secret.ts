/** `key generate-symmetric generic-secret` (cloudhsm-cli.md §3). Contract stub: the keys-make branch fills in its table and run. */
import { stubCommand } from './command';

export const keyGenerateSymmetricGenericSecret = stubCommand(['key', 'generate-symmetric', 'generic-secret'], 'Generate a generic secret key', 'key generate-symmetric generic-secret [OPTIONS]');
