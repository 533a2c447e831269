/**
 * The key object of cloudhsm-cli.md §2.6 as JSON, from the operations layer's view: shared by
 * every command that prints a key (generate, import, unwrap, `key list --verbose`).
 */
import { keyReference, type CliKeyView } from '../../hsm/ops/cli-keys';
import type { JsonObject } from './command';

const userObject = (u: CliKeyView['owners'][number]): JsonObject => ({ 'username': u.username, 'key-coverage': u.coverage });

export function keyObject(view: CliKeyView): JsonObject {
  return {
    'key-reference': keyReference(view.handle),
    'key-info': {
      'key-owners': view.owners.map(userObject),
      'shared-users': view.shared.map(userObject),
      'key-quorum-values': {
        'manage-key-quorum-value': view.manageQuorum,
        'use-key-quorum-value': view.useQuorum,
      },
      'cluster-coverage': view.clusterCoverage,
    },
    // Own properties in §4.2 order (fromEntries defines them, so no name reaches a prototype).
    'attributes': Object.fromEntries(view.attributes),
  };
}
