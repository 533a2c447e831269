/** `key generate-symmetric aes` (cloudhsm-cli.md §3). Contract stub: the keys-make branch fills in its table and run. */
import { stubCommand } from './command';

export const keyGenerateSymmetricAes = stubCommand(['key', 'generate-symmetric', 'aes'], 'Generate an AES key', 'key generate-symmetric aes [OPTIONS]');
