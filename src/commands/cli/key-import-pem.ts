/**
 * `key import pem` (cloudhsm-cli.md §3.17, §4.3, G-CLI-43): a PEM public key (SubjectPublicKeyInfo)
 * into the cluster with the CLI's import defaults — every usage flag false, `local` false, `id`
 * "0x" — owned by the caller. KMU importPubKey.
 */
import { readCreationAttributes } from '../../hsm/ops/cli-generate';
import { cliGate } from '../../hsm/ops/cli-session';
import { runOp } from '../../hsm/ops/runner';
import type { CliCommand, CliResult } from './command';
import { keyObject } from './key-object';

export const keyImportPem: CliCommand = {
  path: ['key', 'import', 'pem'],
  about: 'Import key from a PEM file',
  usage: 'key import pem [OPTIONS] --path <PATH> --label <LABEL> --key-type-class <KEY_TYPE_CLASS>',
  options: [
    { long: 'path', value: 'PATH', required: true, complete: 'file', description: 'Path where the key is located in PEM format' },
    { long: 'label', value: 'LABEL', required: true, description: 'Label for the imported key' },
    { long: 'key-type-class', value: 'KEY_TYPE_CLASS', required: true, possible: ['ec-public', 'rsa-public'], description: 'Key type and class of the imported key' },
    {
      long: 'attributes', value: 'IMPORT_KEY_ATTRIBUTES', multi: true,
      description: 'Space separated list of key attributes in the form of KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE for the imported key',
    },
  ],
  async run(ctx, args) {
    const files = await import('../../hsm/ops/cli-files');
    return runOp(ctx.hsm, async (scope): Promise<CliResult> => {
      const gate = await cliGate(scope, ctx.session, { roles: ['crypto-user'], clusterId: args.value('cluster-id') });
      if (gate) return { ok: false, refusal: gate };
      const attributes = readCreationAttributes(args.values('attributes'));
      if (!attributes.ok) return attributes;
      const out = await files.cliImportPem(scope, ctx.session, {
        cwd: ctx.cwd, path: args.value('path') ?? '', label: args.value('label') ?? '',
        keyTypeClass: args.value('key-type-class') ?? '', attributes: attributes.value,
      });
      if (!out.ok) return out;
      return { ok: true, data: { key: keyObject(out.value.view), message: 'Successfully imported key' } };
    });
  },
};
