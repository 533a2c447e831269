/** The key_mgmt_util command registry (one command per file). */
import type { KmuCommand } from './command';
import { error2String } from './error2string';
import { exSymKey } from './ex-sym-key';
import { exit, quit } from './exit';
import { findKey } from './find-key';
import { genSymKey } from './gen-sym-key';
import { genDSAKeyPair } from './gen-dsa-key-pair';
import { genECCKeyPair } from './gen-ecc-key-pair';
import { genRSAKeyPair } from './gen-rsa-key-pair';
import { listECCCurveIds } from './list-ecc-curve-ids';
import { getAttribute } from './get-attribute';
import { help, REAL_COMMANDS } from './help';
import { imSymKey } from './im-sym-key';
import { listAttributes } from './list-attributes';
import { loginHSM } from './login-hsm';
import { logoutHSM } from './logout-hsm';
import { aesWrapUnwrap } from './aes-wrap-unwrap';
import { deleteKey } from './delete-key';
import { findSingleKey } from './find-single-key';
import { genPBEKey } from './gen-pbe-key';
import { getKeyInfo } from './get-key-info';
import { isValidKeyHandlefile } from './is-valid-key-handlefile';
import { listUsers } from './list-users';
import { setAttribute } from './set-attribute';
import { unWrapKey } from './unwrap-key';
import { wrapKey } from './wrap-key';
import { importPubKey } from './import-pub-key';
import { exportPubKey } from './export-pub-key';
import { importPrivateKey } from './import-private-key';
import { exportPrivateKey } from './export-private-key';
import { getCaviumPrivKey } from './get-cavium-priv-key';
import { sign } from './sign';
import { verify } from './verify';

export const KMU_COMMANDS: readonly KmuCommand[] = [
  exit, quit, help, loginHSM, logoutHSM, genSymKey, imSymKey, exSymKey, findKey, getAttribute, listAttributes,
  error2String,
  wrapKey, unWrapKey, aesWrapUnwrap, genPBEKey, findSingleKey, setAttribute, deleteKey, getKeyInfo, listUsers,
  isValidKeyHandlefile,
  genRSAKeyPair, genDSAKeyPair, genECCKeyPair, listECCCurveIds,
  importPubKey, exportPubKey, importPrivateKey, exportPrivateKey, getCaviumPrivKey, sign, verify,
];

const BY_NAME = new Map(KMU_COMMANDS.map((c) => [c.name.toLowerCase(), c]));
const REAL = new Map(REAL_COMMANDS.map((n) => [n.toLowerCase(), n]));

/** Command names match case-insensitively (kmu-commands.md §1.3, G-2). */
export function findKmuCommand(name: string): KmuCommand | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The real tool's spelling of a command the playground does not offer yet, if it is one. */
export function unbuiltRealCommand(name: string): string | undefined {
  return BY_NAME.has(name.toLowerCase()) ? undefined : REAL.get(name.toLowerCase());
}

export type { KmuCommand };
