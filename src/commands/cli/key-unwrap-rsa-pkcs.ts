/** `key unwrap rsa-pkcs` (cloudhsm-cli.md §3.20): its options and run come from the shared table of ./wrap-mechanisms.ts. */
import { unwrapCommand } from './wrap-mechanisms';

export const keyUnwrapRsaPkcs = unwrapCommand('rsa-pkcs');
