/** getHSMInfo (users-and-keys.md §9.11): the hardware of every server, no login needed. */
import { cmuHsmInfo } from '../../hsm/ops/cmu-hsms';
import type { CmuCommand } from './command';
import { arityFits, codesOf, failedOn, targets, usage } from './servers';

const SYNTAX = ['getHSMInfo'];
const I = '        ';
const field = (name: string, value: string | number) => `${I}${name.padEnd(21)}:${value}`;

export const getHSMInfo: CmuCommand = {
  name: 'getHSMInfo',
  syntax: SYNTAX,
  args: [],
  description: 'Gets the hardware information of the HSMs',
  async run(ctx, args) {
    const { hsm, session } = ctx;
    if (!arityFits([], args)) return { output: usage(SYNTAX, 'Invalid number of arguments.') };
    const lines = [`Getting HSM Info on ${targets(session).length} nodes`];
    const servers = await cmuHsmInfo(hsm, session);
    for (const r of servers) {
      if (!r.ok) {
        lines.push(...failedOn('getHSMInfo', session, r));
        continue;
      }
      const hw = r.value;
      lines.push(
        `${' '.repeat(16)}*** Server ${r.server} HSM Info ***`, '',
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
    return { output: lines.map((l) => l + '\n').join(''), codes: codesOf(servers) };
  },
};
