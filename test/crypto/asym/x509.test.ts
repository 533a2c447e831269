/**
 * The X.509 builder and parser (issue 12, getCert): a chain built from node:crypto keys and
 * signatures verifies with node:crypto's X509Certificate and with `openssl verify`, `openssl x509
 * -text` reads it, its names and key identifiers are encoded as OpenSSL encodes them, and the
 * parser gives back what was built (and FormatError on anything else).
 */
import { X509Certificate, createHash, verify, generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError, SEQ, only } from '../../../src/crypto/asym/der';
import {
  buildCertificate, certificatePem, parseCertificate, type Name, type SignatureAlgorithm,
} from '../../../src/crypto/asym/x509';
import { lab, opensslPresent, type Lab } from './openssl';

const sha1 = (d: Uint8Array) => new Uint8Array(createHash('sha1').update(d).digest());
const spkiOf = (k: KeyObject) => new Uint8Array(k.export({ type: 'spki', format: 'der' }));
const hashOf = (alg: SignatureAlgorithm) => (alg === 'ecdsa-with-SHA384' ? 'sha384' : 'sha256');
const signer = (key: KeyObject, alg: SignatureAlgorithm) => async (tbs: Uint8Array) => new Uint8Array(nodeSign(hashOf(alg), tbs, key));

const DAY = 86_400_000;
const NOW = Date.now();

const ROOT: Name = [['C', 'US'], ['ST', 'Washington'], ['L', 'Seattle'], ['O', 'KMU Playground'], ['OU', 'Cluster cluster-1'], ['CN', 'Customer Root CA']];
const CLUSTER: Name = [['C', 'US'], ['O', 'KMU Playground'], ['CN', 'cluster-1 HSM']];
const LEAF: Name = [['O', 'KMU Playground'], ['CN', 'hsm-Zoë ✓']];

interface Keys { root: ReturnType<typeof generateKeyPairSync>; cluster: ReturnType<typeof generateKeyPairSync>; leaf: ReturnType<typeof generateKeyPairSync> }
let keys: Keys;
let root: Uint8Array;
let cluster: Uint8Array;
let leaf: Uint8Array;

beforeAll(async () => {
  keys = {
    root: generateKeyPairSync('ec', { namedCurve: 'secp384r1' }),
    cluster: generateKeyPairSync('rsa', { modulusLength: 2048 }),
    leaf: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
  };
  root = await buildCertificate({
    serial: 0x01n, issuer: ROOT, subject: ROOT, notBefore: new Date(NOW - DAY), notAfter: new Date(Date.UTC(2060, 0, 1)),
    subjectPublicKey: spkiOf(keys.root.publicKey), signatureAlgorithm: 'ecdsa-with-SHA384', isCA: true,
    sign: signer(keys.root.privateKey, 'ecdsa-with-SHA384'), sha1,
  });
  cluster = await buildCertificate({
    serial: Uint8Array.of(0x80, 1, 2, 3), issuer: ROOT, subject: CLUSTER, notBefore: new Date(NOW - DAY), notAfter: new Date(NOW + 3650 * DAY),
    subjectPublicKey: spkiOf(keys.cluster.publicKey), issuerPublicKey: spkiOf(keys.root.publicKey),
    signatureAlgorithm: 'ecdsa-with-SHA384', isCA: true, sign: signer(keys.root.privateKey, 'ecdsa-with-SHA384'), sha1,
  });
  leaf = await buildCertificate({
    serial: 0x1234567890abcdefn, issuer: CLUSTER, subject: LEAF, notBefore: new Date(NOW - DAY), notAfter: new Date(NOW + 365 * DAY),
    subjectPublicKey: spkiOf(keys.leaf.publicKey), issuerPublicKey: spkiOf(keys.cluster.publicKey),
    signatureAlgorithm: 'sha256WithRSAEncryption', isCA: false, sign: signer(keys.cluster.privateKey, 'sha256WithRSAEncryption'), sha1,
  });
}, 60_000);

describe('X.509 builder: node:crypto', () => {
  it('each certificate verifies with its issuer\'s key and chains by name', () => {
    const [r, c, l] = [root, cluster, leaf].map((d) => new X509Certificate(certificatePem(d)));
    expect(r!.verify(keys.root.publicKey)).toBe(true);
    expect(c!.verify(keys.root.publicKey)).toBe(true);
    expect(l!.verify(keys.cluster.publicKey)).toBe(true);
    expect(l!.verify(keys.root.publicKey)).toBe(false);
    expect(c!.checkIssued(r!)).toBe(true);
    expect(l!.checkIssued(c!)).toBe(true);
    expect(r!.ca).toBe(true);
    expect(c!.ca).toBe(true);
    expect(l!.ca).toBe(false);
    expect(r!.subject).toBe('C=US\nST=Washington\nL=Seattle\nO=KMU Playground\nOU=Cluster cluster-1\nCN=Customer Root CA');
    expect(l!.subject).toBe('O=KMU Playground\nCN=hsm-Zoë ✓');
    expect(c!.serialNumber).toBe('80010203');
    expect(l!.serialNumber).toBe('1234567890ABCDEF');
    expect(new Date(r!.validTo).getTime()).toBe(Date.UTC(2060, 0, 1));
    expect(l!.publicKey.export({ type: 'spki', format: 'der' })).toEqual(keys.leaf.publicKey.export({ type: 'spki', format: 'der' }));
    expect(l!.keyUsage).toBeUndefined(); // (node lists extended key usage only)
  });

  it('the parser gives back what was built', () => {
    const p = parseCertificate(leaf);
    expect(p.issuer).toEqual(CLUSTER);
    expect(p.subject).toEqual(LEAF);
    expect(p.serial).toBe(0x1234567890abcdefn);
    expect(p.signatureAlgorithm).toBe('sha256WithRSAEncryption');
    expect(p.subjectPublicKey).toEqual(spkiOf(keys.leaf.publicKey));
    expect(p.notAfter.getTime() - p.notBefore.getTime()).toBe(366 * DAY); // (both lose the same milliseconds)
    expect(p.notBefore.getTime()).toBe(Math.floor((NOW - DAY) / 1000) * 1000);
    // the signature is over the TBS bytes
    expect(verify('sha256', p.tbs, keys.cluster.publicKey, p.signature)).toBe(true);
    const r = parseCertificate(root);
    expect(r.notAfter.toISOString()).toBe('2060-01-01T00:00:00.000Z');
    expect(r.signatureAlgorithm).toBe('ecdsa-with-SHA384');
    expect(parseCertificate(cluster).serial).toBe(0x80010203n);
  });

  it('argument mistakes are refused', async () => {
    const base = {
      serial: 1n, issuer: ROOT, subject: ROOT, notBefore: new Date(NOW), notAfter: new Date(NOW + DAY),
      subjectPublicKey: spkiOf(keys.leaf.publicKey), signatureAlgorithm: 'ecdsa-with-SHA256' as const, isCA: true,
      sign: signer(keys.leaf.privateKey, 'ecdsa-with-SHA256'), sha1,
    };
    await expect(buildCertificate({ ...base, serial: 0n })).rejects.toThrow(RangeError);
    await expect(buildCertificate({ ...base, notBefore: new Date(NaN) })).rejects.toThrow(RangeError);
    await expect(buildCertificate({ ...base, subject: [['C', 'USA']] })).rejects.toThrow(FormatError);
    await expect(buildCertificate({ ...base, subjectPublicKey: Uint8Array.of(1, 2) })).rejects.toThrow(FormatError);
    const ok = await buildCertificate(base);
    expect(new X509Certificate(ok).verify(keys.leaf.publicKey)).toBe(true);
  });
});

describe('X.509 parser under hostile input', () => {
  it('FormatError only', () => {
    const answers = (d: Uint8Array) => {
      try { parseCertificate(d); } catch (e) { if (!(e instanceof FormatError)) throw e; }
    };
    fc.assert(fc.property(fc.constantFrom(0, 1, 2), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), fc.nat(), (which, edits, cut) => {
      const d = [root, cluster, leaf][which]!.slice();
      for (const [at, v] of edits) d[at % d.length] = v;
      answers(d);
      answers(d.subarray(0, cut % d.length));
    }), { numRuns: 300 });
    expect(() => parseCertificate(new Uint8Array([...leaf, 0]))).toThrow(/trailing/);
  });
});

/** The subject Name's DER inside a certificate. */
function subjectDer(cert: Uint8Array): Buffer {
  const tbs = only(cert, SEQ).seq();
  tbs.optional(0xa0);
  tbs.read(0x02);
  tbs.any(SEQ);
  tbs.any(SEQ);
  tbs.any(SEQ);
  return Buffer.from(tbs.any(SEQ).whole);
}

describe.runIf(opensslPresent())('X.509 builder: OpenSSL', () => {
  let L: Lab;
  beforeAll(() => {
    L = lab();
    L.write('root.pem', certificatePem(root));
    L.write('cluster.pem', certificatePem(cluster));
    L.write('leaf.pem', certificatePem(leaf));
  });
  afterAll(() => L?.dispose());

  it('openssl verify accepts the chain and refuses a broken one', () => {
    expect(L.text(['verify', '-CAfile', 'root.pem', '-untrusted', 'cluster.pem', 'leaf.pem'])).toBe('leaf.pem: OK\n');
    expect(L.text(['verify', '-CAfile', 'root.pem', 'cluster.pem'])).toBe('cluster.pem: OK\n');
    expect(() => L.text(['verify', '-CAfile', 'cluster.pem', 'leaf.pem'])).toThrow(); // no root: partial chain refused
    const bad = leaf.slice();
    bad[bad.length - 5]! ^= 1;
    L.write('bad.pem', certificatePem(bad));
    expect(() => L.text(['verify', '-CAfile', 'root.pem', '-untrusted', 'cluster.pem', 'bad.pem'])).toThrow();
  });

  it('openssl x509 -text reads every field', () => {
    const text = L.text(['x509', '-in', 'cluster.pem', '-noout', '-text']);
    expect(text).toContain('Version: 3 (0x2)');
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA384');
    expect(text).toContain('Issuer: C = US, ST = Washington, L = Seattle, O = KMU Playground, OU = Cluster cluster-1, CN = Customer Root CA');
    expect(text).toContain('Subject: C = US, O = KMU Playground, CN = cluster-1 HSM');
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toContain('Public-Key: (2048 bit)');
    const leafText = L.text(['x509', '-in', 'leaf.pem', '-noout', '-text']);
    expect(leafText).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(leafText).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\n/);
    expect(L.run(['x509', '-in', 'leaf.pem', '-noout', '-subject', '-nameopt', 'oneline,-esc_msb']).toString('utf8')).toBe('subject=O = KMU Playground, CN = hsm-Zoë ✓\n');
    expect(L.text(['x509', '-in', 'root.pem', '-noout', '-enddate'])).toBe('notAfter=Jan  1 00:00:00 2060 GMT\n');
  });

  it('names and key identifiers are encoded as OpenSSL encodes them', async () => {
    L.write('root.key', keys.root.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    const subj = '/C=US/ST=Washington/L=Seattle/O=KMU Playground/OU=Cluster cluster-1/CN=Customer Root CA';
    const theirs = L.run(['req', '-new', '-x509', '-key', 'root.key', '-subj', subj, '-days', '1', '-outform', 'DER']);
    expect(subjectDer(root)).toEqual(subjectDer(theirs));
    const ext = (pem: string, name: string) => L.text(['x509', '-noout', '-ext', name], pem);
    L.write('theirs.pem', certificatePem(theirs));
    const ours = certificatePem(root);
    expect(ext(ours, 'subjectKeyIdentifier')).toBe(ext(L.read('theirs.pem').toString(), 'subjectKeyIdentifier'));
    expect(ext(ours, 'basicConstraints')).toBe(ext(L.read('theirs.pem').toString(), 'basicConstraints'));
    // a UTF-8 name
    const utf8 = L.run(['req', '-new', '-x509', '-key', 'root.key', '-utf8', '-subj', '/O=KMU Playground/CN=hsm-Zoë ✓', '-days', '1', '-outform', 'DER']);
    expect(subjectDer(leaf)).toEqual(subjectDer(utf8));
    // the authority key id of the cluster certificate is the root's subject key id
    const aki = ext(certificatePem(cluster), 'authorityKeyIdentifier').split('\n')[1]!.trim();
    const ski = ext(ours, 'subjectKeyIdentifier').split('\n')[1]!.trim();
    expect(aki).toBe(ski);
  });
});
