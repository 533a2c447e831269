/**
 * The commands outside the playground (cloudhsm-cli.md §3.24, G-CLI-30): listed in help, their help
 * printable, running one answers `<command path> is not available in this playground yet`.
 * Contract stub: the core branch fills in every path of §2.2 with its page's usage line and options.
 */
import { stubCommand, type CliCommand } from './command';

export const CLI_STUBS: readonly CliCommand[] = [
  stubCommand(['key', 'replicate'], 'Replicate a key from a source to a destination cluster', 'key replicate [OPTIONS]'),
];
