/**
 * `key generate-file` (cloudhsm-cli.md §3.18): a key file from a key in the cluster — `pem` the
 * public key as KMU exportPubKey writes it, `reference-pem` the reference PEM of an RSA or EC
 * private key as KMU getCaviumPrivKey writes it (no private key data leaves the HSM).
 */
import { cliGate } from '../../hsm/ops/cli-session';
import { parseFilter } from '../../hsm/ops/cli-keys';
import { runOp } from '../../hsm/ops/runner';
import type { CliCommand, CliResult } from './command';

export const keyGenerateFile: CliCommand = {
  path: ['key', 'generate-file'],
  about: 'Generate a key file from a key in the HSM cluster. This command does not export any private key data from the HSM',
  usage: 'key generate-file --encoding <ENCODING> --path <PATH> --filter [<FILTER>...]',
  options: [
    {
      long: 'encoding', value: 'ENCODING', required: true, description: 'Encoding format for the key file',
      described: [
        { value: 'reference-pem', help: 'PEM formatted key reference (supports private keys)' },
        { value: 'pem', help: 'PEM format (supports public keys)' },
      ],
    },
    { long: 'path', value: 'PATH', required: true, complete: 'file', description: 'Filepath where the key file will be written' },
    {
      long: 'filter', value: 'FILTER', multi: true, required: true,
      description: 'Key reference (e.g. key-reference=0xabc) or space separated list of key attributes in the form of attr.KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE to select a matching key for file generation',
    },
  ],
  async run(ctx, args) {
    const files = await import('../../hsm/ops/cli-files');
    return runOp(ctx.hsm, async (scope): Promise<CliResult> => {
      const gate = await cliGate(scope, ctx.session, { roles: ['crypto-user'], clusterId: args.value('cluster-id') });
      if (gate) return { ok: false, refusal: gate };
      const parsed = parseFilter(args.values('filter'));
      if ('refusal' in parsed) return { ok: false, refusal: parsed.refusal };
      const out = await files.cliGenerateFile(scope, ctx.session, {
        cwd: ctx.cwd, path: args.value('path') ?? '', encoding: args.value('encoding') ?? '', filter: parsed.filter,
      });
      if (!out.ok) return out;
      return { ok: true, data: { message: 'Successfully generated key file' } };
    });
  },
};
