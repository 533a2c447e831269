/**
 * hsm list | stop N | start N | add | remove N | tamper N | repair N (spec README decision 9):
 * take HSMs of the current cluster offline and back, to see -min_srv, synchronisation and
 * attestation at work.
 */
import type { HostCommand } from './command';

const SUBCOMMANDS = ['list', 'stop', 'start', 'add', 'remove', 'tamper', 'repair'];

export const hsmCommand: HostCommand = {
  name: 'hsm',
  summary: "list the current cluster's HSMs; stop, start, add, remove, tamper, repair one",
  usage: 'hsm list|stop|start|add|remove|tamper|repair',
  args: [{ name: 'subcommand', kind: 'none', words: SUBCOMMANDS }, { name: 'N', kind: 'none', optional: true }],
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./hsm-run')).run(ctx, args),
};
