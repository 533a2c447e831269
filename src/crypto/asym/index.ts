/**
 * The asymmetric half of the crypto layer (issue 12) — loaded lazily (never from the page's first
 * script): key-pair generation, signatures, RSA encryption for key wrapping, and the key formats.
 * Signatures fixed by the issue-12 contract; the routing and failure rules are described in lite.ts.
 *
 * Split for the main thread (issue 12's long task in WebKit): lite.ts holds everything but the
 * JavaScript engines, which load on first need (js-routes.ts) or with generateKeyPairFromSeed
 * (seeded.ts). Importing THIS file loads the engines too (generateKeyPairFromSeed is synchronous):
 * the HSM's operations on the main thread import lite.ts instead; the keygen worker, getCert and the
 * tests use this one.
 */
export * from './lite';
export { generateKeyPairFromSeed } from './seeded';
