/**
 * Scenarios that reproduce the AWS guide's key_mgmt_util examples exactly, handles included
 * (kmu-commands.md §3.2 canonical outputs). Key material is fixed so every run prints the same.
 */
import type { Scenario } from '../hsm/scenario';

/** `imSymKey -f aes256.key -w 20 -t 31 -l imported` → handle 262180 (index 36 on node 1). */
export const GUIDE_IMSYMKEY: Scenario = {
  servingNode: 1,
  nextIndex: 36,
  keys: [{ handle: 20, keyType: 'AES', label: 'wrapping-key', owner: 3, value: '8f1c3b5d2a4e6f7081920a1b2c3d4e5f60718293a4b5c6d7e8f9011223344556' }],
  files: { 'aes256.key': '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4' },
};

/** `imSymKey -f 3des192.key -w 6 -t 21 -l temp -id test01 -sess -attest` → session key 37 on node 0. */
export const GUIDE_IMSYMKEY_3DES_SESSION: Scenario = {
  servingNode: 0,
  nextIndex: 37,
  keys: [{ handle: 6, keyType: 'AES', label: 'wrapping-key', owner: 3, value: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f' }],
  files: { '3des192.key': '0123456789abcdeffedcba987654321089abcdef01234567' },
};
