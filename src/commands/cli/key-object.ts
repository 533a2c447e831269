/**
 * The key object of cloudhsm-cli.md §2.6 as JSON, from the operations layer's view: shared by
 * every command that prints a key (generate, import, unwrap, `key list --verbose`).
 * Contract: the keys-view branch fills in the body; the signature is fixed.
 */
import type { CliKeyView } from '../../hsm/ops/cli-keys';
import type { JsonObject } from './command';

export function keyObject(view: CliKeyView): JsonObject {
  void view;
  throw new Error('contract: keys-view branch');
}
