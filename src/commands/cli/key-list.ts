/** `key list` (cloudhsm-cli.md §3.12): the keys in scope matching a filter, a page at a time, short or verbose. */
import { cliGate } from '../../hsm/ops/cli-session';
import { keyReference, keyView, listKeys } from '../../hsm/ops/cli-keys';
import { runOp } from '../../hsm/ops/runner';
import { A } from '../../hsm/attributes';
import type { CliCommand, JsonObject } from './command';
import { keyObject } from './key-object';

export const keyList: CliCommand = {
  path: ['key', 'list'],
  about: 'List the keys the current user owns, shares, and all public keys in the HSM cluster',
  usage: 'key list [OPTIONS]',
  options: [
    {
      long: 'filter', value: 'FILTER', multi: true,
      description: 'Key reference (e.g. key-reference=0xabc) or space separated list of key attributes in the form of attr.KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE to select matching key(s) to list',
    },
    {
      long: 'max-items', value: 'MAX_ITEMS', numeric: true, default: '10',
      description: "The total number of items to return in the command's output. If the total number of items available is more than the value specified, a next-token is provided in the command's output. To resume pagination, provide the next-token value in the starting-token argument of a subsequent command",
    },
    {
      long: 'starting-token', value: 'STARTING_TOKEN',
      description: 'A token to specify where to start paginating. This is the next-token from a previously truncated response',
    },
    {
      long: 'verbose', short: 'v',
      description: 'If included, prints all attributes and key information for each matched key. By default each matched key only displays its key-reference and label attribute. This flag when used by Admins has no effect',
    },
  ],
  async run(ctx, args) {
    return runOp(ctx.hsm, async (scope) => {
      const gate = await cliGate(scope, ctx.session, { roles: ['admin', 'crypto-user'], clusterId: args.value('cluster-id') });
      if (gate) return { ok: false, refusal: gate };
      const maxItems = args.value('max-items');
      const startingToken = args.value('starting-token');
      const listed = await listKeys(scope, ctx.session, {
        filter: args.values('filter'), ...(maxItems !== undefined ? { maxItems } : {}), ...(startingToken !== undefined ? { startingToken } : {}),
      });
      if ('refusal' in listed) return { ok: false, refusal: listed.refusal };
      const { page } = listed;
      // Admins always get the short form (§3.12, G-CLI-18).
      const verbose = args.has('verbose') && ctx.session.role !== 'admin';
      const matched: JsonObject[] = [];
      for (const key of page.keys) {
        const label = key.attrs[A.LABEL];
        matched.push(verbose ? keyObject(await keyView(scope, ctx.session, key)) : {
          'key-reference': keyReference(key.handle),
          'attributes': { 'label': typeof label === 'string' ? label : '' },
        });
      }
      const data: JsonObject = {
        'matched_keys': matched,
        'total_key_count': page.total,
        'returned_key_count': page.keys.length,
        ...(page.next !== undefined ? { 'next_token': String(page.next) } : {}),
      };
      return { ok: true, data };
    });
  },
};
