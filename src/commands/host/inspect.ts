/**
 * inspect FILE...: what a file on the client host holds (issue 13, item 5) — a key (its length, the
 * key types it fits, their KCVs), a wrapped key with the playground's header (its fields with
 * offsets and lengths) or without (the mechanisms that write that length), getAttribute's output
 * (the attributes, named), a PEM or DER file (its ASN.1 structure like `openssl asn1parse`, and
 * what it is), a masked object; anything else as text or data. The analysis is the operations
 * layer's (src/hsm/ops/file-inspect.ts); the wording and the work load on first use (inspect-run.ts).
 */
import type { HostCommand } from './command';

export const inspect: HostCommand = {
  name: 'inspect',
  summary: 'explain a file: key, wrapped key (header or not), getAttribute output, PEM/DER',
  usage: 'inspect FILE...',
  args: [{ name: 'FILE', kind: 'file', repeat: true }],
  options: [{ flag: '-h' }, { flag: '--help' }],
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./inspect-run')).run(ctx, args),
};
