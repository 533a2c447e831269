/** `key generate-symmetric generic-secret` (cloudhsm-cli.md §3.9): §3.8's command for a generic secret key of 1–800 bytes. */
import type { CliCommand } from './command';
import { symmetricCommand } from './key-generate-symmetric-aes';

export const keyGenerateSymmetricGenericSecret: CliCommand = symmetricCommand({
  keyType: 'generic-secret', about: 'Generate a generic secret key', noun: 'generic secret key',
});
