/**
 * genPBEKey (kmu-commands.md §3.7, G-28): not supported on FIPS-validated HSMs. Any invocation after
 * login — whatever its flags — is refused by the HSM with 0xb3 (the function name is invented).
 */
import { generatePbeKey } from '../../hsm/ops/keys';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';

export const genPBEKey: KmuCommand = {
  name: 'genPBEKey',
  description: 'Generates a PBE DES3 key',
  note: 'Not supported on FIPS-validated HSMs',
  syntax: ['genPBEKey -h'],
  flags: [],
  anyFlags: true,
  login: true,
  firstFunction: 'Cfm3GeneratePBEKey',
  async run(ctx) {
    const out = await ctx.transact(() => generatePbeKey());
    return { lines: stepLines(out.steps), codes: stepCodes(out.steps) };
  },
};
