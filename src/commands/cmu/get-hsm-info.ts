/** getHSMInfo (users-and-keys.md §9.11): the hardware of every server, no login needed. */
import { HSM_HARDWARE as HW } from '../../hsm/network';
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
        field('Label', 'cavium'), field('Model', HW.model), '',
        field('Serial Number', hw.serial), field('HSM Flags', 0),
        field('FIPS state', HW.fipsState), '',
        field('Manufacturer ID', ''), field('Device ID', 10), field('Class Code', 100000),
        field('System vendor ID', '177D'), field('SubSystem ID', 10), '', '',
        field('TotalPublicMemory', hw.totalPublicMemory), field('FreePublicMemory', hw.freePublicMemory),
        field('TotalPrivateMemory', 0), field('FreePrivateMemory', 0), '',
        field('Hardware Major', HW.hardwareMajor), field('Hardware Minor', HW.hardwareMinor), '',
        field('Firmware Major', HW.firmwareMajor), field('Firmware Minor', String(HW.firmwareMinor).padStart(2, '0')), '',
        field('Temperature', `${hw.temperature} C`), '',
        field('Build Number', HW.buildNumber), '',
        field('Firmware ID', hw.firmwareId), '',
      );
    }
    return { output: lines.map((l) => l + '\n').join(''), codes: codesOf(servers) };
  },
};
