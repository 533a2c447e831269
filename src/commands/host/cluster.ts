/**
 * cluster list | create NAME [-hsms N] | clone NAME | use NAME (spec README decision 9): more
 * clusters, so the guide's "move a key between clusters" walkthrough can be replayed.
 */
import { AdminError, cloneCluster, createCluster, keyCount, listClusters, useCluster } from '../../hsm/cluster-admin';
import { fail, out, type HostCommand } from './command';

const USAGE = 'usage: cluster list | cluster create NAME [-hsms N] | cluster clone NAME | cluster use NAME';

export const cluster: HostCommand = {
  name: 'cluster',
  summary: 'list, create, clone (from a backup) or switch clusters',
  usage: 'cluster list|create|clone|use',
  args: [{ name: 'subcommand', kind: 'none', words: ['list', 'create', 'clone', 'use'] }, { name: 'NAME', kind: 'none', optional: true }],
  options: [{ flag: '-hsms', value: 'none' }],
  async run(ctx, args) {
    const { hsm } = ctx;
    const [sub, name, ...rest] = args;
    try {
      return await hsm.transact(async (tx) => {
        const current = await hsm.currentClusterName(tx);
        switch (sub) {
          case 'list': {
            if (name !== undefined) return fail(USAGE);
            const rows = [`  ${'CLUSTER'.padEnd(32)} ${'HSMS'.padStart(4)} ${'UP'.padStart(3)} ${'KEYS'.padStart(5)}`];
            for (const c of await listClusters(tx)) {
              const up = c.hsms.filter((h) => h.state === 'up').length;
              rows.push(`${c.name === current ? '*' : ' '} ${c.name.padEnd(32)} ${String(c.hsms.length).padStart(4)} ${String(up).padStart(3)} ${String(await keyCount(tx, c.name)).padStart(5)}`);
            }
            return out(...rows);
          }
          case 'create': {
            let hsms = 3;
            if (name === undefined) return fail(USAGE);
            if (rest.length > 0) {
              if (rest[0] !== '-hsms' || rest.length !== 2 || !/^\d+$/.test(rest[1]!)) return fail(USAGE);
              hsms = Number(rest[1]);
            }
            const c = await createCluster(hsm, tx, name, hsms);
            return out(`Cluster ${c.name} created: ${c.hsms.length} HSM${c.hsms.length === 1 ? '' : 's'}, users admin, app_user and example_user. Switch to it with: cluster use ${c.name}`);
          }
          case 'clone': {
            if (name === undefined || rest.length > 0) return fail(USAGE);
            const c = await cloneCluster(hsm, tx, await hsm.cluster(tx), name);
            return out(`Cluster ${c.name} restored from a backup of ${current}: same keys, users and masking key. Switch to it with: cluster use ${c.name}`);
          }
          case 'use': {
            if (name === undefined || rest.length > 0) return fail(USAGE);
            await useCluster(tx, name);
            return out(`Current cluster: ${name}`);
          }
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
