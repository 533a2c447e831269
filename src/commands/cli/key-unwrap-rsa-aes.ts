/** `key unwrap rsa-aes` (cloudhsm-cli.md §3.20): its options and run come from the shared table of ./wrap-mechanisms.ts. */
import { unwrapCommand } from './wrap-mechanisms';

export const keyUnwrapRsaAes = unwrapCommand('rsa-aes');
