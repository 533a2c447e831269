/**
 * cluster list | create NAME [-hsms N] | clone NAME | use NAME (spec README decision 9): more
 * clusters, so the guide's "move a key between clusters" walkthrough can be replayed.
 */
import type { HostCommand } from './command';

export const cluster: HostCommand = {
  name: 'cluster',
  summary: 'list, create, clone (from a backup) or switch clusters',
  usage: 'cluster list|create|clone|use',
  args: [{ name: 'subcommand', kind: 'none', words: ['list', 'create', 'clone', 'use'] }, { name: 'NAME', kind: 'none', optional: true }],
  options: [{ flag: '-hsms', value: 'none' }],
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./cluster-run')).run(ctx, args),
};
