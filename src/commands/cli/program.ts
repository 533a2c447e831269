/**
 * The CloudHSM CLI as a program of the console (cloudhsm-cli.md §1–§2): prompt `aws-cloudhsm > `,
 * command paths and long options parsed from the tables of ./index.ts (./grammar.ts), clap's help
 * and argument errors as plain text, every other outcome as the JSON envelope of §2.6. A line
 * ending in `\` continues on the next one, which gets no prompt (§2.1, G-CLI-34). `quit`, `exit`
 * end the console silently, logging out and destroying the session keys (§1.1, G-CLI-27); Ctrl-D
 * would be a third alias, but the console gives programs no end-of-input hook (src/shell/console.ts).
 * `explain …` reaches src/commands/explain as at the other prompts (grammar.ts's isCliCommandPath
 * tells whether words name a CLI path). Loads on first use.
 */
import type { Program, ProgramContext, ProgramRun, TerminalSession } from '../program';
import { cliEnd } from '../../hsm/ops/cli-session';
import { ClusterMissingError, PlaygroundError } from '../../hsm/world';
import { cliErrorCode, cliErrorText } from './errors';
import { envelope } from './json';
import { parseCliLine } from './grammar';
import { cliWords, continues } from './tokens';
import { allCommands, cliTree, CLUSTER_ID_OPTION, type CliNode } from './tree';
import { cliComplete } from './complete';
import { cliSecretTokens } from './secrets';
import type { CliResult } from './command';

export const CLI_PROMPT = 'aws-cloudhsm > ';

/** A line being continued (`\` at its end), per terminal: the next line is appended to it. */
const pending = new WeakMap<TerminalSession, string>();

/** The program over a command tree (the registry's; tests give their own tables). */
export function makeCliProgram(tree: () => CliNode): Program {
  return {
    id: 'cli',
    name: 'cloudhsm-cli',
    prompt: (terminal) => (pending.has(terminal) ? '' : CLI_PROMPT),
    commands: () => allCommands(tree()).map((c) => ({
      name: c.path.join(' '),
      summary: c.about ?? '',
      flags: [
        ...[CLUSTER_ID_OPTION, ...c.options].map((o) => ({
          flag: `--${o.long}`,
          ...(o.value === undefined ? {} : { arg: `<${o.value}>` }),
          required: o.required === true,
          meaning: o.description,
          ...(o.secret ? { secret: true as const } : {}),
        })),
      ],
    })),
    secretTokens: (tokens) => cliSecretTokens(tokens, tree()),
    complete: (before, word) => cliComplete(before, word, tree()),
    failureText: (message) => `Error: ${message}\n`,
    interruptedText: '\n',
    // Ctrl-D at an empty prompt is a silent `quit` (§1.1, G-CLI-27)
    eofLine: 'quit',

    abandonInput(terminal) {
      pending.delete(terminal);
    },

    async run(ctx: ProgramContext, line: string): Promise<ProgramRun> {
      const { terminal } = ctx;
      const held = pending.get(terminal);
      const full = held === undefined ? line : held + line;
      if (continues(full)) {
        pending.set(terminal, full.slice(0, -1));
        return { text: '', command: null, codes: [] };
      }
      pending.delete(terminal);
      const session = terminal.cli;
      const parsed = parseCliLine(cliWords(full), session.single, tree());
      switch (parsed.kind) {
        case 'empty':
          return { text: '', command: null, codes: [] };
        case 'help':
          return { text: parsed.text, command: 'help', codes: [] };
        case 'error':
          return { text: parsed.text, command: parsed.path, codes: [] };
        case 'quit':
          // silently (§1.1): the login ends and the session keys are destroyed, even with no HSM up (after cliEnd's commit)
        await cliEnd(ctx.hsm, session);
          return { text: '', command: 'quit', codes: [], next: 'host' };
        case 'explain': {
          const [{ explainLines }, { findKmuCommand }] = await Promise.all([import('../explain/index'), import('../kmu/index')]);
            const lines = explainLines(parsed.args, (n) => findKmuCommand(n) !== undefined);
          return { text: lines.map((l) => l + '\n').join(''), command: 'explain', codes: [] };
        }
        case 'run': {
          const { cmd, args } = parsed;
          const command = cmd.path.join(' ');
          let result: CliResult;
          if (cmd.stub) {
            result = { ok: false, refusal: { error: 'unavailable', path: command } };
          } else {
            try {
              result = await cmd.run({ hsm: ctx.hsm, session, cwd: terminal.cwd, readLine: (p, h) => ctx.io.readLine(p, h) }, args);
            } catch (e) {
              if (!(e instanceof ClusterMissingError)) throw e;
              // the login on a vanished cluster ends (no unit of work can run on it: as CMU's cmuQuit), and the line says the way out
              const ended = session.user !== null;
              session.end();
              throw new PlaygroundError(`cluster ${e.cluster} is missing or damaged in the store; ${ended ? 'the login has ended. ' : ''}` +
                '`quit` returns to the shell, where `reset` or `cluster use NAME` recovers');
            }
          }
          if (result.ok) return { text: envelope(0, result.data), command, codes: [...(result.codes ?? [])] };
          const code = cliErrorCode(result.refusal);
          return { text: envelope(1, cliErrorText(result.refusal)), command, codes: code === undefined ? [] : [code] };
        }
      }
    },
  };
}

export const cliProgram: Program = makeCliProgram(cliTree);
