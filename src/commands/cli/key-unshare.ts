/** `key unshare` (cloudhsm-cli.md §3.15): remove a crypto user from a key's share list (the table and run of ./key-share.ts). */
import type { CliCommand } from './command';
import { sharingCommand } from './key-share';

export const keyUnshare: CliCommand = sharingCommand('unshare');
