/** The host shell's command registry (one command per file). */
import { cat } from './cat';
import { clear } from './clear';
import type { HostCommand } from './command';
import { hostHelp } from './help';
import { keyMgmtUtil } from './key-mgmt-util';
import { ls } from './ls';
import { openssl } from './openssl';
import { rm } from './rm';
import { xxd } from './xxd';
import { cd, pwd } from './cd';
import { echo } from './echo';
import { hexdump } from './hexdump';
import { mkdir } from './mkdir';
import { explain } from './explain';

export const HOST_COMMANDS: readonly HostCommand[] = [
  keyMgmtUtil, openssl, ls, cat, xxd, hexdump, rm, mkdir, cd, pwd, echo, clear, explain, hostHelp(() => HOST_COMMANDS),
];

/** Programs of the real client host the playground does not offer yet (decision 7 wording). */
export const UNBUILT_PROGRAMS: readonly string[] = ['cloudhsm_mgmt_util'];

export function findHostCommand(name: string): HostCommand | undefined {
  return HOST_COMMANDS.find((c) => c.name === name);
}

export type { HostCommand };
