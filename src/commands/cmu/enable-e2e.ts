/**
 * enable_e2e (users-and-keys.md §9.18): historic; clients since 1.1.1 encrypt end-to-end by
 * default. Accepted, printing the old per-server line.
 */
import type { CmuCommand } from './command';
import { label, reach, targets } from './servers';

export const enableE2e: CmuCommand = {
  name: 'enable_e2e',
  syntax: ['enable_e2e'],
  description: 'Enables end-to-end encryption (historic: always on since client 1.1.1)',
  async run(ctx) {
    const { hsm, session } = ctx;
    const lines = await hsm.transact(async (tx) => {
      const lines: string[] = [];
      for (const server of targets(session)) {
        const at = await reach(ctx, tx, server, false);
        lines.push(...('failure' in at ? [`enable_e2e failed: ${at.failure}`, `enable_e2e failed on ${label(session, server)}`]
          : [`E2E enabled on ${label(session, server)}`]));
      }
      return lines;
    });
    return { output: lines.map((l) => l + '\n').join('') };
  },
};
