/**
 * Private-key files of the client host (kmu-commands.md §5.11, G-20): whether a file holds real
 * key material or a fake PEM that references an HSM key. No HSM is asked: the outcome has no step.
 */
import { inspectPrivateKeyFile, type PrivateKeyFile } from '../private-key-file';
import { RC } from '../codes';
import { ladder, type Outcome } from './outcome';

export function inspectKeyHandleFile(data: Uint8Array): Outcome & { file: PrivateKeyFile } {
  return { ...ladder([], RC.SUCCESS), file: inspectPrivateKeyFile(data) };
}
