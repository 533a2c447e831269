/**
 * hsm list | stop N | start N | add | remove N | tamper N | repair N (spec README decision 9):
 * take HSMs of the current cluster offline and back, to see -min_srv, synchronisation and
 * attestation at work.
 */
import { AdminError, addHsm, keyCount, removeHsm, setTampered, startHsm, stopHsm } from '../../hsm/cluster-admin';
import { fail, out, type HostCommand } from './command';

const USAGE = 'usage: hsm list | hsm stop N | hsm start N | hsm add | hsm remove N | hsm tamper N | hsm repair N';

export const hsmCommand: HostCommand = {
  name: 'hsm',
  summary: "list the current cluster's HSMs; stop, start, add, remove, tamper, repair one",
  usage: 'hsm list|stop|start|add|remove|tamper|repair',
  args: [{ name: 'subcommand', kind: 'none', words: ['list', 'stop', 'start', 'add', 'remove', 'tamper', 'repair'] }, { name: 'N', kind: 'none', optional: true }],
  async run(ctx, args) {
    const { hsm } = ctx;
    const [sub, arg, ...rest] = args;
    const takesNode = ['stop', 'start', 'remove', 'tamper', 'repair'].includes(sub ?? '');
    if (rest.length > 0 || (takesNode && (arg === undefined || !/^\d+$/.test(arg))) || (!takesNode && arg !== undefined)) {
      return fail(USAGE);
    }
    const node = Number(arg);
    try {
      return await hsm.transact(async (tx) => {
        const cluster = await hsm.cluster(tx);
        const name = cluster.name;
        switch (sub) {
          case 'list': {
            const rows = ['NODE  STATE             KEYS'];
            for (const h of cluster.hsms) {
              const state = h.state + (h.tampered ? ', tampered' : '');
              rows.push(`${String(h.node).padEnd(5)} ${state.padEnd(17)} ${String(await keyCount(tx, name, h.node)).padStart(4)}`);
            }
            return out(...rows);
          }
          case 'stop':
            await stopHsm(tx, cluster, node);
            return out(`HSM ${node} of ${name} is down: it serves nobody and receives no keys until it starts again.`);
          case 'start': {
            const n = await startHsm(tx, cluster, node);
            return out(`HSM ${node} of ${name} is up; background sync gave it ${n} key${n === 1 ? '' : 's'} it was missing (users are not synchronised).`);
          }
          case 'add': {
            const id = await addHsm(tx, cluster);
            return out(`HSM ${id} added to ${name}, cloned from a running HSM (its keys and users).`);
          }
          case 'remove':
            await removeHsm(tx, cluster, node);
            return out(`HSM ${node} removed from ${name}.`);
          case 'tamper':
            await setTampered(tx, cluster, node, true);
            return out(`HSM ${node} of ${name} now reports tampered firmware: -attest fails when it serves.`);
          case 'repair':
            await setTampered(tx, cluster, node, false);
            return out(`HSM ${node} of ${name} has its firmware repaired.`);
          default:
            return fail(USAGE);
        }
      });
    } catch (e) {
      if (e instanceof AdminError) return fail(e.message);
      throw e;
    }
  },
};
