/** getHSMInfo (users-and-keys.md §9.11): the hardware of every server, no login needed. */
import { hardwareInfo } from '../../hsm/network';
import { keysOn } from '../../hsm/sharing';
import type { CmuCommand } from './command';
import { label, reach, targets, usage } from './servers';

const SYNTAX = ['getHSMInfo'];
const I = '        ';
const field = (name: string, value: string | number) => `${I}${name.padEnd(21)}:${value}`;

export const getHSMInfo: CmuCommand = {
  name: 'getHSMInfo',
  syntax: SYNTAX,
  description: 'Gets the hardware information of the HSMs',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (args.length !== 0) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const servers = targets(session);
    const lines = await hsm.transact(async (tx) => {
      const lines = [`Getting HSM Info on ${servers.length} nodes`];
      for (const server of servers) {
        const at = await reach(ctx, tx, server, false);
        if ('failure' in at) {
          lines.push(`getHSMInfo failed: ${at.failure}`, `getHSMInfo failed on ${label(session, server)}`);
          continue;
        }
        const hw = hardwareInfo(session.cluster, at.node, (await keysOn(tx, session.cluster, at.node)).length);
        lines.push(
          `${' '.repeat(16)}*** Server ${server} HSM Info ***`, '',
          field('Label', 'cavium'), field('Model', 'NITROX-III CNN35XX-NFBE'), '',
          field('Serial Number', hw.serial), field('HSM Flags', 0),
          field('FIPS state', '2 [FIPS mode with single factor authentication]'), '',
          field('Manufacturer ID', ''), field('Device ID', 10), field('Class Code', 100000),
          field('System vendor ID', '177D'), field('SubSystem ID', 10), '', '',
          field('TotalPublicMemory', hw.totalPublicMemory), field('FreePublicMemory', hw.freePublicMemory),
          field('TotalPrivateMemory', 0), field('FreePrivateMemory', 0), '',
          field('Hardware Major', 3), field('Hardware Minor', 0), '',
          field('Firmware Major', 2), field('Firmware Minor', '03'), '',
          field('Temperature', `${hw.temperature} C`), '',
          field('Build Number', 13), '',
          field('Firmware ID', hw.firmwareId), '',
        );
      }
      return lines;
    });
    return { output: lines.map((l) => l + '\n').join('') };
  },
};
