/**
 * Commands of the real cloudhsm_mgmt_util the playground does not offer yet (quorum, getCert):
 * they take part in prefix matching like the real ones and answer in decision 7's words.
 */
import type { CmuAction } from '../../hsm/cmu-policy';
import type { CmuCommand } from './command';
import { gate } from '../../hsm/ops/cmu-servers';
import { refused } from './servers';

/** Name, syntax, description, and the row of the CMU matrix (users-and-keys.md §2.3) that guards it. */
const UNBUILT: ReadonlyArray<readonly [string, string, string, CmuAction]> = [
  ['getCert', 'getCert <file-name> <certificate-type>', 'Gets an HSM certificate (server mode)', 'getCert'],
  ['registerQuorumPubKey', 'registerQuorumPubKey <user-type> <user-name> <registration-token> <signed-registration-token> <public-key>',
    'Registers a CO quorum public key', 'quorum'],
  ['setMValue', 'setMValue <service> <m>', 'Sets the quorum minimum for a service', 'quorum'],
  ['getMValue', 'getMValue <service>', 'Gets the quorum minimum of a service', 'quorum'],
  ['getToken', 'getToken <service> <user-name> <token-file>', 'Gets a quorum token', 'quorum'],
  ['approveToken', 'approveToken <approval-file>', 'Approves a quorum token', 'quorum'],
  ['listTokens', 'listTokens', 'Lists the quorum tokens', 'quorum'],
];

export const UNBUILT_CMU_COMMANDS: readonly CmuCommand[] = UNBUILT.map(([name, syntax, description, action]) => ({
  name,
  syntax: [syntax],
  args: [],
  description,
  async run(ctx) {
    const denied = gate(action, ctx.session);
    return denied ? refused(name, denied) : { output: `Error: ${name} is not available in this playground yet.\n` };
  },
}));
