/** The cloudhsm_mgmt_util command registry (one command per file). */
import { changePswd } from './change-pswd';
import type { CmuCommand } from './command';
import { createUser } from './create-user';
import { deleteUser } from './delete-user';
import { enableE2e } from './enable-e2e';
import { exit } from './exit';
import { findAllKeys } from './find-all-keys';
import { getAttribute } from './get-attribute';
import { getHSMInfo } from './get-hsm-info';
import { getKeyInfo } from './get-key-info';
import { cmuHelp } from './help';
import { info } from './info';
import { listAttributes } from './list-attributes';
import { listUsers } from './list-users';
import { loginHSM } from './login-hsm';
import { logoutHSM } from './logout-hsm';
import { quit } from './quit';
import { server } from './server';
import { setAttribute } from './set-attribute';
import { shareKey } from './share-key';
import { syncKey } from './sync-key';
import { syncUser } from './sync-user';
import { UNBUILT_CMU_COMMANDS } from './unbuilt';

export const CMU_COMMANDS: readonly CmuCommand[] = [
  loginHSM, logoutHSM, createUser, deleteUser, changePswd, listUsers, shareKey, findAllKeys, getKeyInfo,
  getAttribute, setAttribute, listAttributes, info, getHSMInfo, syncKey, syncUser, server, exit, quit, enableE2e,
  cmuHelp(() => CMU_COMMANDS, (name) => findCmuCommand(name)), ...UNBUILT_CMU_COMMANDS,
];

/**
 * A command may be abbreviated to any prefix that is unique among CMU commands (`listU` =
 * `listUsers`, users-and-keys.md §7). Exact names win; matching is case-sensitive.
 */
export function findCmuCommand(name: string): CmuCommand | 'ambiguous' | undefined {
  const exact = CMU_COMMANDS.find((c) => c.name === name);
  if (exact) return exact;
  const matches = CMU_COMMANDS.filter((c) => c.name.startsWith(name));
  return matches.length === 1 ? matches[0] : matches.length > 1 ? 'ambiguous' : undefined;
}

export type { CmuCommand };
