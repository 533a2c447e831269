/** `key generate-asymmetric-pair ec` (cloudhsm-cli.md §3). Contract stub: the keys-make branch fills in its table and run. */
import { stubCommand } from './command';

export const keyGenerateAsymmetricPairEc = stubCommand(['key', 'generate-asymmetric-pair', 'ec'], 'Generate an EC key pair', 'key generate-asymmetric-pair ec [OPTIONS]');
