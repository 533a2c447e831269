/**
 * configure-cli: Client SDK 5's configure tool, as far as the playground's client has settings
 * (cloudhsm-cli.md §5.8, G-CLI-21, walkthrough 6): `--disable-key-availability-check` and
 * `--enable-key-availability-check` turn the CLI's key availability check off and on for the
 * whole playground (stored; on by default) and print nothing. The guide runs it as
 * `sudo /opt/cloudhsm/bin/configure-cli …` (the path is resolved by ./index.ts; sudo runs it as it is).
 */
import type { OptionSpec } from '../flags';
import type { HostCommand } from './command';

export const DISABLE = '--disable-key-availability-check';
export const ENABLE = '--enable-key-availability-check';

const OPTIONS: readonly OptionSpec[] = [{ flag: DISABLE }, { flag: ENABLE }, { flag: '-h' }, { flag: '--help' }];

export const configureCli: HostCommand = {
  name: 'configure-cli',
  summary: 'Client SDK 5 settings: --disable-key-availability-check / --enable-key-availability-check',
  usage: `configure-cli ${DISABLE} | ${ENABLE}`,
  args: [],
  options: OPTIONS,
  // the work itself loads on first use (the page's first script stays small)
  run: async (ctx, args) => (await import('./configure-cli-run')).run(ctx, args),
};
