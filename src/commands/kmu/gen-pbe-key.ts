/**
 * genPBEKey (kmu-commands.md §3.7, G-28): not supported on FIPS-validated HSMs. Any invocation after
 * login — whatever its flags — is refused by the HSM with 0xb3 (the function name is invented).
 * Its flag table holds only the password flags, for the one redaction rule (issue 11, finding 10).
 */
import { generatePbeKey } from '../../hsm/ops/keys';
import type { KmuCommand } from './command';
import { stepCodes, stepLines } from './steps';

export const genPBEKey: KmuCommand = {
  name: 'genPBEKey',
  description: 'Generates a PBE DES3 key',
  note: 'Not supported on FIPS-validated HSMs',
  syntax: ['genPBEKey -h'],
  // The spec gives no syntax, so `-h` lists none and any flags are accepted; the table only tells
  // the redaction rule which values are passwords (a learner who tries the real tool's `-p`, or a
  // guessed `-pwd`/`-password`, has typed a password all the same: history masks it).
  flags: [
    { flag: '-p', arg: '<password>', required: false, meaning: 'password', secret: true, unlisted: true },
    { flag: '-pwd', arg: '<password>', required: false, meaning: 'password', secret: true, unlisted: true },
    { flag: '-password', arg: '<password>', required: false, meaning: 'password', secret: true, unlisted: true },
  ],
  anyFlags: true,
  login: true,
  firstFunction: 'Cfm3GeneratePBEKey',
  async run(ctx) {
    const out = await ctx.transact(() => generatePbeKey());
    return { lines: stepLines(out.steps), codes: stepCodes(out.steps) };
  },
};
