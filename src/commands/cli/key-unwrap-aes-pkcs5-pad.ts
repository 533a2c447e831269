/** `key unwrap aes-pkcs5-pad` (cloudhsm-cli.md §3.20): its options and run come from the shared table of ./wrap-mechanisms.ts. */
import { unwrapCommand } from './wrap-mechanisms';

export const keyUnwrapAesPkcs5Pad = unwrapCommand('aes-pkcs5-pad');
