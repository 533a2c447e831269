/**
 * cloudhsm_mgmt_util's session and HSM operations (users-and-keys.md §7, §9.10–9.12, §9.15,
 * §9.18; cluster.md C7): connecting to the cluster's HSMs, server mode, quitting, one server's
 * state (info), every server's hardware (getHSMInfo) and the historic enable_e2e. Typed outcomes:
 * the console words them.
 */
import type { CmuSession, CmuUser } from '../cmu-session';
import { hardwareInfo, hsmId, hsmIp, type HardwareInfo } from '../network';
import { keysOn } from '../sharing';
import { nodeUp } from '../users';
import type { Hsm } from '../world';
import { readServers, type ServerResult } from './cmu-servers';
import { runOp } from './runner';

/** One HSM cloudhsm_mgmt_util connects to at start (server N = the N-th, in node order). */
export interface CmuConnection {
  node: number;
  ip: string;
  up: boolean;
}

/**
 * Start cloudhsm_mgmt_util on the current cluster: a fresh session connected to every HSM in node
 * order (a down HSM keeps its server number). The session is set up after the unit of work.
 */
export async function cmuConnect(hsm: Hsm, session: CmuSession): Promise<{ cluster: string; servers: CmuConnection[] }> {
  return runOp(hsm, async (scope) => {
    const cluster = await hsm.cluster(scope.tx);
    const hsms = [...cluster.hsms].sort((a, b) => a.node - b.node);
    scope.after(() => {
      session.end();
      session.cluster = cluster.name;
      session.servers = hsms.map((h) => h.node);
    });
    return { cluster: cluster.name, servers: hsms.map((h) => ({ node: h.node, ip: hsmIp(h.node), up: h.state === 'up' })) };
  });
}

/** The server number `n` names in this session, or undefined. */
export function serverOf(session: CmuSession, n: number): number | undefined {
  return Number.isSafeInteger(n) && n >= 0 && n < session.servers.length ? n : undefined;
}

/** `server <n>`: the next operations run on that HSM only; null returns to global mode. */
export function setServerMode(session: CmuSession, server: number | null): void {
  session.serverMode = server;
}

/** quit: the login ends with the session. */
export function cmuQuit(session: CmuSession): void {
  session.end();
}

/** What `info server <n>` reports of one server. */
export interface ServerInfo {
  node: number;
  ip: string;
  up: boolean;
  hsmId: string;
  /** The session's user, when logged in on this HSM. */
  loggedIn: CmuUser | null;
}

/** `info server <n>`; null when the session has no server `n`. */
export async function cmuServerInfo(hsm: Hsm, session: CmuSession, server: number): Promise<ServerInfo | null> {
  const node = session.servers[server];
  if (node === undefined) return null;
  const up = await runOp(hsm, async ({ tx }) => nodeUp(await hsm.cluster(tx, session.cluster), node));
  const user = session.user;
  return { node, ip: hsmIp(node), up, hsmId: hsmId(session.cluster, node), loggedIn: user && session.loggedOn.has(node) ? user : null };
}

/** getHSMInfo (§9.11): the hardware of every target server, no login needed. */
export async function cmuHsmInfo(hsm: Hsm, session: CmuSession): Promise<ServerResult<HardwareInfo>[]> {
  return readServers(hsm, session, false, async (tx, at) =>
    ({ value: hardwareInfo(session.cluster, at.node, (await keysOn(tx, session.cluster, at.node)).length) }));
}

/** enable_e2e (§9.18): historic, always on; succeeds on every target server that is up. */
export async function cmuEnableE2e(hsm: Hsm, session: CmuSession): Promise<ServerResult[]> {
  return readServers(hsm, session, false, async () => ({ value: undefined }));
}
