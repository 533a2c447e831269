/**
 * How the simulated HSMs look on the (simulated) network: one stable ENI IP per node, the CMU port,
 * the HSM id printed as `Partition`, and the hardware facts getHSMInfo reports. This is the one
 * place that decides them (users-and-keys.md §7, §9.10, §9.11; cluster.md §1.1).
 *
 * Nodes 0, 1 and 2 get the IPs of the guide's own three-HSM transcripts (getting-started,
 * loginHSM, listUsers, deleteUser: 10.0.2.9, 10.0.3.11, 10.0.1.12), so a fresh playground
 * reproduces those samples verbatim; later nodes follow 10.0.<node>.<10 + node>.
 */
export const CMU_PORT = 2225;

const GUIDE_IPS: readonly string[] = ['10.0.2.9', '10.0.3.11', '10.0.1.12'];

export function hsmIp(node: number): string {
  return GUIDE_IPS[node] ?? `10.0.${node}.${10 + node}`;
}

/** 32-bit FNV-1a, for stable made-up identifiers. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function stableChars(seed: string, n: number, alphabet: string): string {
  let out = '';
  for (let i = 0; out.length < n; i++) {
    let h = fnv1a(`${seed}#${i}`);
    for (let j = 0; j < 4 && out.length < n; j++, h = Math.floor(h / alphabet.length)) out += alphabet[h % alphabet.length];
  }
  return out;
}

/** The AWS HSM id (`hsm-` + 11 characters), stable per cluster and node. */
export function hsmId(cluster: string, node: number): string {
  return 'hsm-' + stableChars(`${cluster}/${node}`, 11, 'abcdefghijklmnopqrstuvwxyz234567');
}

/**
 * The hardware facts every playground HSM shares (users-and-keys.md §9.11; cloudhsm-cli.md §3.7,
 * G-CLI-31): CMU getHSMInfo and the CLI's `cluster hsm-info` print the same values.
 */
export const HSM_HARDWARE = {
  vendor: 'Marvell Semiconductors, Inc.',
  model: 'NITROX-III CNN35XX-NFBE',
  hardwareMajor: 3,
  hardwareMinor: 0,
  firmwareMajor: 2,
  firmwareMinor: 3,
  buildNumber: 13,
  fipsState: '2 [FIPS mode with single factor authentication]',
} as const;

/** What getHSMInfo reports for one HSM (users-and-keys.md §9.11; node 0 matches the sample). */
export interface HardwareInfo {
  serial: string;
  temperature: number;
  totalPublicMemory: number;
  freePublicMemory: number;
  firmwareId: string;
}

const PUBLIC_MEMORY_TOTAL = 560596;
/** Free public memory of an HSM without keys (the sample's value); each key uses some. */
const PUBLIC_MEMORY_FREE_EMPTY = 294568;
const PUBLIC_MEMORY_PER_KEY = 80;

export function hardwareInfo(cluster: string, node: number, keyCount: number): HardwareInfo {
  return {
    serial: `3.0A0101-ICM${String(node + 1).padStart(6, '0')}`,
    temperature: 56 + ((node * 3) % 7),
    totalPublicMemory: PUBLIC_MEMORY_TOTAL,
    freePublicMemory: Math.max(0, PUBLIC_MEMORY_FREE_EMPTY - PUBLIC_MEMORY_PER_KEY * keyCount),
    firmwareId: stableChars(`${cluster}/${node}/firmware`, 15, '0123456789abcdef'),
  };
}
