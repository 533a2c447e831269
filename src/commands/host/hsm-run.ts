/** What `hsm` does (its table and command are in hsm.ts; this loads on first use). */
import { hsmAdd, hsmList, hsmRemove, hsmStart, hsmStop, hsmTamper, type AdminOutcome } from '../../hsm/ops/cluster';
import { adminRefusalText } from './admin-text';
import { fail, out, type HostContext, type HostResult } from './command';

const USAGE = 'usage: hsm list | hsm stop N | hsm start N | hsm add | hsm remove N | hsm tamper N | hsm repair N';
const TAKES_NODE: ReadonlySet<string> = new Set(['stop', 'start', 'remove', 'tamper', 'repair']);

const said = <T>(o: AdminOutcome<T>, line: (value: T, cluster: string) => string): HostResult =>
  o.ok ? out(line(o.value, o.cluster)) : fail(adminRefusalText(o.refusal));

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const { hsm } = ctx;
  const [sub, arg, ...rest] = args;
  const takesNode = TAKES_NODE.has(sub ?? '');
  if (rest.length > 0 || (takesNode && (arg === undefined || !/^\d+$/.test(arg))) || (!takesNode && arg !== undefined)) {
    return fail(USAGE);
  }
  const node = Number(arg);
  switch (sub) {
    case 'list': {
      const { hsms } = await hsmList(hsm);
      const rows = ['NODE  STATE             KEYS'];
      for (const h of hsms) {
        const state = h.state + (h.tampered ? ', tampered' : '');
        rows.push(`${String(h.node).padEnd(5)} ${state.padEnd(17)} ${String(h.keys).padStart(4)}`);
      }
      return out(...rows);
    }
    case 'stop':
      return said(await hsmStop(hsm, node), (_, name) => `HSM ${node} of ${name} is down: it serves nobody and receives no keys until it starts again.`);
    case 'start':
      return said(await hsmStart(hsm, node), (n, name) =>
        `HSM ${node} of ${name} is up; background sync gave it ${n} key${n === 1 ? '' : 's'} it was missing (users are not synchronised).`);
    case 'add':
      return said(await hsmAdd(hsm), (id, name) => `HSM ${id} added to ${name}, cloned from a running HSM (its keys and users).`);
    case 'remove':
      return said(await hsmRemove(hsm, node), (_, name) => `HSM ${node} removed from ${name}.`);
    case 'tamper':
      return said(await hsmTamper(hsm, node, true), (_, name) => `HSM ${node} of ${name} now reports tampered firmware: -attest fails when it serves.`);
    case 'repair':
      return said(await hsmTamper(hsm, node, false), (_, name) => `HSM ${node} of ${name} has its firmware repaired.`);
    default:
      return fail(USAGE);
  }
}
