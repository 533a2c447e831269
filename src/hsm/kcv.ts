/**
 * Key check values (attributes.md §5): the first 3 bytes of encrypting one zero block with the
 * key — AES-ECB over 16 zero bytes, 3DES-ECB (K1‖K2‖K3) over 8 zero bytes. Generic-secret / RC4
 * ("HMAC") keys have no KCV: the attribute holds 0x000000 (recommendation A9).
 */
import { aesEncryptBlock, tdesEncryptBlock } from '../crypto/index';
import { KEY_TYPE } from './attributes';

export function keyCheckValue(keyType: number, value: Uint8Array): Uint8Array {
  if (keyType === KEY_TYPE.AES) return aesEncryptBlock(value, new Uint8Array(16)).slice(0, 3);
  if (keyType === KEY_TYPE.DES3) return tdesEncryptBlock(value, new Uint8Array(8)).slice(0, 3);
  return new Uint8Array(3);
}
