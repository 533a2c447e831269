/** `key generate-asymmetric-pair rsa` (cloudhsm-cli.md §3). Contract stub: the keys-make branch fills in its table and run. */
import { stubCommand } from './command';

export const keyGenerateAsymmetricPairRsa = stubCommand(['key', 'generate-asymmetric-pair', 'rsa'], 'Generate an RSA key pair', 'key generate-asymmetric-pair rsa [OPTIONS]');
