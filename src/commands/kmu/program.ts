/**
 * key_mgmt_util as a program of the console (prompt `Command: `, kmu-commands.md §1): a line is
 * echoed, then an empty line, the command's lines and another empty line (§1.7). Flags are parsed
 * by each command's table (§1.5); `explain` is the playground's addition with positional topics.
 */
import { RC } from '../../hsm/codes';
import { runOp } from '../../hsm/ops/runner';
import { ClusterMissingError, PlaygroundError } from '../../hsm/world';
import { commandSlot, explainSlot, flagSlot, isExplain, NOTHING } from '../completion';
import { helpText, parseFlags, secretFlagValues, tokenize } from '../flags';
import { INDENT, returnLine } from '../format';
import type { Program, ProgramContext, ProgramRun } from '../program';
import type { KmuContext } from './command';
import { kmuExplainLines } from './explain';
import { findKmuCommand, KMU_COMMANDS, unbuiltRealCommand } from './index';
import { ValueError } from './values';

const framed = (lines: readonly string[]) => '\n' + lines.map((l) => l + '\n').join('') + '\n';

export const kmuProgram: Program = {
  id: 'kmu',
  name: 'key_mgmt_util',
  prompt: () => 'Command: ',
  commands: () => KMU_COMMANDS.map((c) => ({ name: c.name, summary: c.description, flags: c.flags })),
  secretTokens(tokens) {
    const cmd = tokens[0] === undefined ? undefined : findKmuCommand(tokens[0]);
    return cmd ? secretFlagValues(cmd.flags, tokens) : [];
  },
  complete(before) {
    if (before.length === 0) return commandSlot(KMU_COMMANDS.map((c) => c.name), true);
    if (isExplain(before)) return explainSlot(before);
    const cmd = findKmuCommand(before[0]!);
    return cmd ? flagSlot(cmd.flags, before) : NOTHING;
  },
  failureText: (message) => `\n${INDENT}Error: ${message}\n\n`,
  interruptedText: '\n\n',

  async run(ctx: ProgramContext, line: string): Promise<ProgramRun> {
    const [name, ...args] = tokenize(line);
    if (name === undefined) return { text: '', command: null, codes: [] };
    if (name.toLowerCase() === 'explain') {
      return { text: framed(await kmuExplainLines(args)), command: 'explain', codes: [] };
    }
    const cmd = findKmuCommand(name);
    if (!cmd) {
      const real = unbuiltRealCommand(name);
      return {
        text: framed([real ? `${INDENT}Error: ${real} is not available in this playground yet.`
          : `${INDENT}Error: Invalid command "${name}". Type "help" to see the list of commands.`]),
        command: null, codes: [],
      };
    }
    const parsed = parseFlags(cmd, args);
    if (parsed.kind === 'help') return { text: framed(helpText(cmd)), command: cmd.name, codes: [] };
    if (parsed.kind === 'error') return { text: framed(parsed.lines), command: cmd.name, codes: [] };
    const session = ctx.terminal.kmu;
    if (cmd.login && !session.user) {
      return {
        text: framed([returnLine(cmd.firstFunction!, RC.NOT_LOGGED_IN, cmd.returnIndent ?? INDENT)]),
        command: cmd.name, codes: [RC.NOT_LOGGED_IN],
      };
    }
    const kctx: KmuContext = {
      hsm: ctx.hsm, session, cwd: ctx.terminal.cwd,
      readLine: (prompt, hidden) => ctx.io.readLine(prompt, hidden),
      transact: (work, opts) => runOp(ctx.hsm, (scope) => work(scope.tx, scope), opts?.serving === false ? {} : { serving: session }),
    };
    // Keys named by handle (-o, -k, -w) are used by the command, whatever it then does with them.
    for (const f of cmd.flags) {
      const v = f.handle ? parsed.values.get(f.flag) : undefined;
      if (v !== undefined && /^\d{1,10}$/.test(v)) ctx.hsm.journal?.use(Number(v));
    }
    // Session keys never reach the store: the operations report them through the runner.
    try {
      const result = await cmd.run(kctx, parsed);
      if (result.exit) return { text: '', command: cmd.name, codes: [], next: 'host' };
      return { text: framed(result.lines), command: cmd.name, codes: result.codes ?? [] };
    } catch (e) {
      // a client-side refusal: nothing reached the HSM
      if (e instanceof ValueError) return { text: framed([e.line]), command: cmd.name, codes: [] };
      if (e instanceof ClusterMissingError) {
        // `reset` is no KMU command: the login on a vanished cluster ends, and the line says the way out
        const ended = session.user !== null;
        for (const h of session.sessionKeys.keys()) ctx.hsm.journal?.sessionKey('deleted', h);
        session.end();
        throw new PlaygroundError(`cluster ${e.cluster} is missing or damaged in the store; ${ended ? 'the login has ended. ' : ''}` +
          '`exit` returns to the shell, where `reset` or `cluster use NAME` recovers');
      }
      throw e;
    }
  },
};
