/** What `cluster` does (its table and command are in cluster.ts; this loads on first use). */
import { clusterClone, clusterCreate, clusterList, clusterUse, type AdminOutcome } from '../../hsm/ops/cluster';
import { adminRefusalText } from './admin-text';
import { fail, out, type HostContext, type HostResult } from './command';

const USAGE = 'usage: cluster list | cluster create NAME [-hsms N] | cluster clone NAME | cluster use NAME';

/** The line of a change that was done, or the refusal (stderr). */
const said = <T>(o: AdminOutcome<T>, line: (value: T, current: string) => string): HostResult =>
  o.ok ? out(line(o.value, o.cluster)) : fail(adminRefusalText(o.refusal));

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const { hsm } = ctx;
  const [sub, name, ...rest] = args;
  switch (sub) {
    case 'list': {
      if (name !== undefined) return fail(USAGE);
      const { current, clusters } = await clusterList(hsm);
      const rows = [`  ${'CLUSTER'.padEnd(32)} ${'HSMS'.padStart(4)} ${'UP'.padStart(3)} ${'KEYS'.padStart(5)}`];
      for (const c of clusters) {
        rows.push(`${c.name === current ? '*' : ' '} ${c.name.padEnd(32)} ${String(c.hsms).padStart(4)} ${String(c.up).padStart(3)} ${String(c.keys).padStart(5)}`);
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
      return said(await clusterCreate(hsm, name, hsms), (c) =>
        `Cluster ${c.name} created: ${c.hsms} HSM${c.hsms === 1 ? '' : 's'}, users admin, app_user and example_user. Switch to it with: cluster use ${c.name}`);
    }
    case 'clone': {
      if (name === undefined || rest.length > 0) return fail(USAGE);
      return said(await clusterClone(hsm, name), (c, current) =>
        `Cluster ${c.name} restored from a backup of ${current}: same keys, users and masking key. Switch to it with: cluster use ${c.name}`);
    }
    case 'use': {
      if (name === undefined || rest.length > 0) return fail(USAGE);
      return said(await clusterUse(hsm, name), () => `Current cluster: ${name}`);
    }
    default:
      return fail(USAGE);
  }
}
