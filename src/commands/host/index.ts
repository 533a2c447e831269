/** The host shell's command registry (one command per file). */
import { cat } from './cat';
import { cloudhsmMgmtUtil } from './cloudhsm-mgmt-util';
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
import { cluster } from './cluster';
import { hsmCommand } from './hsm';
import { reset } from './reset';
import { settings } from './settings';
import { download, upload } from './transfer';
import { explain } from './explain';
import { cmp } from './cmp';
import { diff } from './diff';
import { grep } from './grep';
import { head } from './head';
import { sha256sum } from './sha256sum';
import { tail } from './tail';
import { wc } from './wc';

export const HOST_COMMANDS: readonly HostCommand[] = [
  keyMgmtUtil, cloudhsmMgmtUtil, openssl, ls, cat, xxd, hexdump, rm, mkdir, cd, pwd, echo, upload, download, clear,
  cluster, hsmCommand, settings, reset, explain, hostHelp(() => HOST_COMMANDS),
  grep, wc, head, tail, cmp, diff, sha256sum,
];

/** Programs of the real client host the playground does not offer yet (decision 7 wording). */
export const UNBUILT_PROGRAMS: readonly string[] = [];

export function findHostCommand(name: string): HostCommand | undefined {
  return HOST_COMMANDS.find((c) => c.name === name);
}

export type { HostCommand };
