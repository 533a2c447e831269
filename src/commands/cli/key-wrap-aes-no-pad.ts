/** `key wrap aes-no-pad` (cloudhsm-cli.md §3.19): its options and run come from the shared table of ./wrap-mechanisms.ts. */
import { wrapCommand } from './wrap-mechanisms';

export const keyWrapAesNoPad = wrapCommand('aes-no-pad');
