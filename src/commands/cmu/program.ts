/**
 * cloudhsm_mgmt_util as a program of the console (prompt `aws-cloudhsm>`, `server<N>>` in server
 * mode; users-and-keys.md §7). Commands take positional arguments and may be abbreviated to a
 * unique prefix; the output follows the echoed line directly.
 */
import { argSlot, commandSlot, explainSlot, isExplain, NOTHING } from '../completion';
import { secretArgTokens, tokenize } from '../flags';
import type { Program, ProgramContext, ProgramRun } from '../program';
import { CMU_COMMANDS, findCmuCommand } from './index';
import { cmuQuit } from '../../hsm/ops/cmu-hsms';
import { ClusterMissingError, PlaygroundError } from '../../hsm/world';

export const cmuProgram: Program = {
  id: 'cmu',
  name: 'cloudhsm_mgmt_util',
  prompt: (terminal) => terminal.cmu.prompt,
  commands: () => CMU_COMMANDS.map((c) => ({ name: c.name, summary: c.description, args: c.args })),
  secretTokens(tokens) {
    const cmd = tokens[0] === undefined ? undefined : findCmuCommand(tokens[0]);
    if (cmd === undefined || cmd === 'ambiguous') return [];
    return secretArgTokens(cmd.args, tokens);
  },
  complete(before) {
    if (before.length === 0) return commandSlot(CMU_COMMANDS.map((c) => c.name));
    if (isExplain(before)) return explainSlot(before);
    const cmd = findCmuCommand(before[0]!);
    return cmd === undefined || cmd === 'ambiguous' ? NOTHING : argSlot(cmd.args, before);
  },
  failureText: (message) => `Error: ${message}\n`,
  interruptedText: '\n',

  async run(ctx: ProgramContext, line: string): Promise<ProgramRun> {
    const [name, ...args] = tokenize(line);
    if (name === undefined) return { text: '', command: null, codes: [] };
    if (name.toLowerCase() === 'explain') {
      const [{ explainLines }, { findKmuCommand }] = await Promise.all([import('../explain/index'), import('../kmu/index')]);
      const lines = explainLines(args, (n) => findKmuCommand(n) !== undefined);
      return { text: lines.map((l) => l + '\n').join(''), command: 'explain', codes: [] };
    }
    const cmd = findCmuCommand(name);
    if (cmd === undefined || cmd === 'ambiguous') {
      return { text: `${cmd === 'ambiguous' ? 'Ambiguous' : 'Invalid'} command: ${name}\n`, command: null, codes: [] };
    }
    const { terminal } = ctx;
    let result;
    try {
      result = await cmd.run({
        hsm: ctx.hsm, session: terminal.cmu, cwd: terminal.cwd, readLine: (p, h) => ctx.io.readLine(p, h),
      }, args);
    } catch (e) {
      if (!(e instanceof ClusterMissingError)) throw e;
      // `reset` is no CMU command: the login on a vanished cluster ends, and the line says the way out
      const ended = terminal.cmu.user !== null;
      cmuQuit(terminal.cmu);
      throw new PlaygroundError(`cluster ${e.cluster} is missing or damaged in the store; ${ended ? 'the login has ended. ' : ''}` +
        '`quit` returns to the shell, where `reset` or `cluster use NAME` recovers');
    }
    return { text: result.output, command: cmd.name, codes: result.codes ?? [], ...(result.exit ? { next: 'host' as const } : {}) };
  },
};
