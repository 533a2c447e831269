/**
 * The partition certificates getCert returns (kmu-commands.md §6.3, attributes.md §4.7): per
 * cluster a chain of five certificates —
 *
 *   1  manufacturer root         self-signed (one for the whole playground: the "manufacturer")
 *   2  manufacturer hardware     the serving HSM's certificate, issued by 1 (a CA: it issues 16)
 *   4  customer root             self-signed, the customer's trust anchor (one per backup lineage)
 *   8  cluster certificate       issued by 4 (the cluster CSR signed by the customer)
 *   16 cluster certificate       the same subject and key, issued by the HSM's certificate 2, so it
 *                                chains to the manufacturer root (16 → 2 → 1)
 *
 * "Made once and kept" is met by deriving the chain the same every time, so nothing new is stored
 * (no schema change): every key is generated from a seed that is SHA-256 of a label and the
 * cluster's identity (lineage, name, node); every signature is ECDSA with RFC 6979 nonces (the facade's
 * deterministic path), serials are derived the same way, and the validity of the customer's
 * certificates (4, 8, 16) starts at the cluster's creation as the injected clock gave it (`cluster create`, the fresh playground and `reset` write it into the lineage,
 * `<name>-<ms in base 36>`; a cluster without one — a scenario's or an older release's `cluster-1` — starts at the playground
 * epoch 2026-01-01); the manufacturer's (1, 2) start at a fixed 2016-01-01. The same cluster therefore always answers the same bytes, in seeded mode and
 * without it; a clone keeps the customer root (same lineage) and gets its own cluster certificates.
 * The private keys are derivable by anyone who reads this file — it is a playground.
 */
import type { Name } from '../crypto/asym/x509';
import type { ClusterRecord } from './model';

/** The certificate types of `getCert -s` (attributes.md §4.7). */
export const CERT_TYPES = [1, 2, 4, 8, 16] as const;
export type CertType = (typeof CERT_TYPES)[number];
export const isCertType = (n: number): n is CertType => (CERT_TYPES as readonly number[]).includes(n);

const PLAYGROUND_EPOCH = Date.UTC(2026, 0, 1);
const YEAR_MS = 365 * 24 * 3600 * 1000;
/** The manufacturer's root and the HSMs' hardware certificates are older than any cluster. */
const MANUFACTURED = Date.UTC(2016, 0, 1);
const utf8 = new TextEncoder();

/** When the cluster was created, as far as its lineage tells (see the header comment). */
export function clusterCreated(cluster: ClusterRecord): number {
  const m = /-([0-9a-z]{6,11})$/.exec(cluster.lineage);
  const ms = m ? parseInt(m[1]!, 36) : NaN;
  return Number.isSafeInteger(ms) && ms >= Date.UTC(2000, 0, 1) && ms <= Date.UTC(2200, 0, 1) ? ms : PLAYGROUND_EPOCH;
}

interface Issuer {
  name: Name;
  pkcs8: Uint8Array;
  spki: Uint8Array;
}

/** One certificate's description before it is built. */
interface CertPlan {
  subject: Name;
  /** Seed label of the subject's key (the key of certificates 8 and 16 is one key). */
  keyLabel: string;
  isCA: boolean;
  years: number;
  /** Validity starts at a fixed date (the manufacturer's certificates), else at the cluster's creation. */
  from?: number;
  issuer: 'self' | CertType;
}

const MANUFACTURER: Name = [['C', 'US'], ['ST', 'California'], ['O', 'kmu-playground simulated HSM manufacturer'], ['OU', 'LiquidSecurity (simulated)']];

function plans(cluster: ClusterRecord, node: number): Record<CertType, CertPlan> {
  const customer: Name = [['C', 'US'], ['O', 'kmu-playground customer'], ['OU', `lineage ${cluster.lineage}`]];
  return {
    1: { subject: [...MANUFACTURER, ['CN', 'Manufacturer Root CA (simulated)']], keyLabel: 'manufacturer-root', isCA: true, years: 25, from: MANUFACTURED, issuer: 'self' },
    2: {
      subject: [...MANUFACTURER, ['CN', `HSM ${cluster.name}/${node} hardware certificate`]],
      keyLabel: `hsm ${cluster.lineage} ${cluster.name} ${node}`, isCA: true, years: 20, from: MANUFACTURED, issuer: 1,
    },
    4: { subject: [...customer, ['CN', 'Customer Root CA']], keyLabel: `customer-root ${cluster.lineage}`, isCA: true, years: 10, issuer: 'self' },
    8: { subject: [...customer, ['CN', `${cluster.name} cluster certificate`]], keyLabel: `cluster ${cluster.lineage} ${cluster.name}`, isCA: false, years: 10, issuer: 4 },
    16: { subject: [...customer, ['CN', `${cluster.name} cluster certificate`]], keyLabel: `cluster ${cluster.lineage} ${cluster.name}`, isCA: false, years: 10, issuer: 2 },
  };
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  const { sha256: digest } = await import('../crypto/digest');
  return digest(data);
}

const seedOf = (label: string) => sha256(utf8.encode(`kmu-playground certificate key v1\u0000${label}`));

/** A deterministic rng for the facade's seeded path (RFC 6979 signatures draw nothing from it). */
function fixedRng(seed: Uint8Array) {
  let counter = 0;
  return {
    fill(out: Uint8Array) {
      // Never used by ECDSA (RFC 6979); filled from the seed only so nothing random can creep in.
      for (let i = 0; i < out.length; i++) out[i] = seed[(counter++) % seed.length]! ^ (counter >>> 8);
      return out;
    },
  };
}

/** The certificate of `type` for `cluster` as served by HSM `node`, as DER. */
export async function partitionCertificate(cluster: ClusterRecord, node: number, type: CertType): Promise<Uint8Array> {
  const asym = await import('../crypto/asym/index');
  const x509 = await import('../crypto/asym/x509');
  const all = plans(cluster, node);
  const created = clusterCreated(cluster);
  const keyOf = async (label: string) => asym.generateKeyPairFromSeed({ kind: 'ec', curve: 'P-256' }, await seedOf(label));
  const plan = all[type];
  const subjectKey = await keyOf(plan.keyLabel);
  const issuerKey = plan.issuer === 'self' ? subjectKey : await keyOf(all[plan.issuer].keyLabel);
  const issuer: Issuer = {
    name: plan.issuer === 'self' ? plan.subject : all[plan.issuer].subject, pkcs8: issuerKey.privateKey, spki: issuerKey.publicKey,
  };
  const serial = (await sha256(utf8.encode(`serial ${type} ${plan.keyLabel} ${issuer.name.map((r) => r.join('=')).join(',')}`))).slice(0, 16);
  serial[0] = (serial[0]! & 0x7f) | 0x40; // positive, 16 bytes
  const signSeed = await seedOf(`sign ${plan.keyLabel}`);
  return x509.buildCertificate({
    serial, issuer: issuer.name, subject: plan.subject,
    notBefore: new Date(plan.from ?? created), notAfter: new Date((plan.from ?? created) + plan.years * YEAR_MS),
    subjectPublicKey: subjectKey.publicKey, ...(plan.issuer === 'self' ? {} : { issuerPublicKey: issuer.spki }), signatureAlgorithm: 'ecdsa-with-SHA256', isCA: plan.isCA,
    sign: (tbs: Uint8Array) => asym.sign(issuer.pkcs8, { scheme: 'ecdsa', hash: 'SHA-256' }, tbs, { rng: fixedRng(signSeed) }),
    sha1: (data: Uint8Array) => asym.digest('SHA-1', data),
  });
}

/** The PEM text getCert writes. */
export async function partitionCertificatePem(cluster: ClusterRecord, node: number, type: CertType): Promise<string> {
  const x509 = await import('../crypto/asym/x509');
  return x509.certificatePem(await partitionCertificate(cluster, node, type));
}
