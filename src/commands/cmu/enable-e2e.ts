/**
 * enable_e2e (users-and-keys.md §9.18): historic; clients since 1.1.1 encrypt end-to-end by
 * default. Accepted, printing the old per-server line.
 */
import { cmuEnableE2e } from '../../hsm/ops/cmu-hsms';
import type { CmuCommand } from './command';
import { codesOf, failedOn, label } from './servers';

export const enableE2e: CmuCommand = {
  name: 'enable_e2e',
  syntax: ['enable_e2e'],
  args: [],
  description: 'Enables end-to-end encryption (historic: always on since client 1.1.1)',
  async run(ctx) {
    const { hsm, session } = ctx;
    const servers = await cmuEnableE2e(hsm, session);
    const lines = servers.flatMap((r) => (r.ok ? [`E2E enabled on ${label(session, r.server)}`] : failedOn('enable_e2e', session, r)));
    return { output: lines.map((l) => l + '\n').join(''), codes: codesOf(servers) };
  },
};
