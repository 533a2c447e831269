/**
 * Commands of the real cloudhsm_mgmt_util the playground does not offer yet (quorum, getCert):
 * they take part in prefix matching like the real ones and answer in decision 7's words.
 */
import type { CmuCommand } from './command';

const UNBUILT: ReadonlyArray<readonly [string, string, string]> = [
  ['getCert', 'getCert <file-name> <certificate-type>', 'Gets an HSM certificate (server mode)'],
  ['registerQuorumPubKey', 'registerQuorumPubKey <user-type> <user-name> <registration-token> <signed-registration-token> <public-key>', 'Registers a CO quorum public key'],
  ['setMValue', 'setMValue <service> <m>', 'Sets the quorum minimum for a service'],
  ['getMValue', 'getMValue <service>', 'Gets the quorum minimum of a service'],
  ['getToken', 'getToken <service> <user-name> <token-file>', 'Gets a quorum token'],
  ['approveToken', 'approveToken <approval-file>', 'Approves a quorum token'],
  ['listTokens', 'listTokens', 'Lists the quorum tokens'],
];

export const UNBUILT_CMU_COMMANDS: readonly CmuCommand[] = UNBUILT.map(([name, syntax, description]) => ({
  name,
  syntax: [syntax],
  description,
  async run() {
    return { output: `Error: ${name} is not available in this playground yet.\n` };
  },
}));
