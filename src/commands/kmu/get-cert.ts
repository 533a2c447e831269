/**
 * getCert (kmu-commands.md §6.3, G-43): save one of the partition certificates (PEM) to a file.
 * `-t` is a synonym of `-s`. The return line is irregular: `Cfm3GetCert() returned 0 :HSM Return:
 * SUCCESS` — `()`, no colon after "returned", the code in decimal, no blank before "HSM"; failures
 * (not logged in included) use the same shape.
 */
import { codeText, RC } from '../../hsm/codes';
import { writeFile } from '../../hsm/vfs';
import type { KmuCommand } from './command';
import { checkOutputFile, requiredInt } from './values';

const CERT_TYPES = [1, 2, 4, 8, 16];
const line = (code: number) => `Cfm3GetCert() returned ${code} :${codeText(code)}`;

export const getCert: KmuCommand = {
  name: 'getCert',
  description: 'Gets Partition Certificates stored on HSM',
  syntax: ['getCert -f <file-name>', '        -t <certificate-type>'],
  flags: [
    { flag: '-f', arg: '<file-name>', required: true, meaning: 'file that receives the certificate (PEM)' },
    {
      flag: '-s', arg: '<certificate-type>', required: true,
      meaning: 'which certificate (-t is the same): 1 manufacturer root, 2 manufacturer hardware, 4 customer root, 8 cluster (customer root), 16 cluster (manufacturer root)',
    },
    { flag: '-t', arg: '<certificate-type>', required: false, meaning: 'same as -s', synonymOf: '-s', unlisted: true },
  ],
  // The login check is made here: its return line has this command's irregular shape.
  login: false,
  async run(ctx, args) {
    if (!ctx.session.user) return { lines: [line(RC.NOT_LOGGED_IN)], codes: [RC.NOT_LOGGED_IN] };
    const type = requiredInt(args, '-s', (n) => CERT_TYPES.includes(n)) as 1 | 2 | 4 | 8 | 16;
    const name = args.values.get('-f')!;
    return await ctx.transact(async (tx, scope) => {
      const path = await checkOutputFile(tx, ctx.cwd, name);
      const ops = await import('../../hsm/ops/certs');
      const res = await ops.getCert(scope, ctx.session, type);
      if (res.code === RC.SUCCESS) await writeFile(tx, path, new TextEncoder().encode(res.pem!), ctx.hsm.deps.clock.now());
      return { lines: [line(res.code)], codes: [res.code] };
    });
  },
};
