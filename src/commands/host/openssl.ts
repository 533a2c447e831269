/**
 * openssl rand, as the guide's examples use it on the client host:
 *   openssl rand -out FILE N   (N random bytes into FILE)
 *   openssl rand -hex N | -base64 N | N
 */
import type { HostCommand } from './command';

export const openssl: HostCommand = {
  name: 'openssl',
  summary: 'openssl rand -out FILE N: make a file of N random bytes (e.g. a key file)',
  usage: 'openssl rand [-out FILE] [-hex|-base64] N',
  args: [{ name: 'command', kind: 'none', words: ['rand'] }, { name: 'N', kind: 'none' }],
  options: [{ flag: '-out', value: 'file' }, { flag: '-hex' }, { flag: '-base64' }],
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./openssl-run')).run(ctx, args),
};
