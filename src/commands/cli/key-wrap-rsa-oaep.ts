/** `key wrap rsa-oaep` (cloudhsm-cli.md §3.19): its options and run come from the shared table of ./wrap-mechanisms.ts. */
import { wrapCommand } from './wrap-mechanisms';

export const keyWrapRsaOaep = wrapCommand('rsa-oaep');
