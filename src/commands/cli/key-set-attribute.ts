/** `key set-attribute` (cloudhsm-cli.md §3.13, §4.4): change one attribute of one key. */
import { cliGate } from '../../hsm/ops/cli-session';
import { setKeyAttribute } from '../../hsm/ops/cli-keys';
import { runOp } from '../../hsm/ops/runner';
import type { CliCommand } from './command';

export const keySetAttribute: CliCommand = {
  path: ['key', 'set-attribute'],
  about: 'Set an attribute for a key in the HSM cluster',
  usage: 'key set-attribute [OPTIONS] --filter [<FILTER>...] --name <KEY_ATTRIBUTE> --value <KEY_ATTRIBUTE_VALUE>',
  options: [
    {
      long: 'filter', value: 'FILTER', multi: true, required: true,
      description: 'Key reference (e.g. key-reference=0xabc) or space separated list of key attributes in the form of attr.KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE to select a matching key to modify',
    },
    { long: 'name', value: 'KEY_ATTRIBUTE', required: true, description: 'Name of attribute to be set' },
    { long: 'value', value: 'KEY_ATTRIBUTE_VALUE', required: true, description: 'Attribute value to be set' },
    { long: 'approval', value: 'APPROVAL', complete: 'file', description: 'Filepath of signed quorum token file to approve operation' },
  ],
  async run(ctx, args) {
    return runOp(ctx.hsm, async (scope) => {
      const gate = await cliGate(scope, ctx.session, { roles: ['admin', 'crypto-user'], clusterId: args.value('cluster-id') });
      if (gate) return { ok: false, refusal: gate };
      const refusal = await setKeyAttribute(scope, ctx.session, {
        filter: args.values('filter'), name: args.value('name') ?? '', value: args.value('value') ?? '',
      });
      if (refusal) return { ok: false, refusal };
      return { ok: true, data: { message: 'Attribute set successfully' } };
    });
  },
};
