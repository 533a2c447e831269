/**
 * SHA-256 through the platform's WebCrypto (browser and Node >= 19 alike), for digests the HSM
 * reports (CMU findAllKeys `Key Hash:`, users-and-keys.md §9.7).
 */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  const d = await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return new Uint8Array(d);
}
