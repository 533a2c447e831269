/**
 * Running CloudHSM CLI lines in tests: a terminal of the transcript harness and the 'cli' program
 * called directly on its terminal session (the host shell's `cloudhsm-cli` is the host branch's),
 * so blocks compare with the spec's: `aws-cloudhsm > <line>\n<output>`. A rig may run the program
 * over test tables (./commands.ts) instead of the registry.
 */
import { cliProgram, makeCliProgram, CLI_PROMPT } from '../../src/commands/cli/program';
import type { CliCommand } from '../../src/commands/cli/command';
import { buildTree } from '../../src/commands/cli/tree';
import type { Program, ProgramContext, ProgramRun } from '../../src/commands/program';
import { openTerminal, type Terminal } from '../support/transcript';

export interface CliRig {
  t: Terminal;
  program: Program;
  ctx: ProgramContext;
  /** Run one line at the CLI prompt: its outcome. */
  run(line: string): Promise<ProgramRun>;
  /** `<prompt><line>\n<output>` as the spec's blocks show it (the trailing empty line of an error kept). */
  block(line: string): Promise<string>;
  /** Answers for the questions the next command asks (Enter password: …), and the prompts asked. */
  answers: string[];
  asked: string[];
}

export async function cliRig(opts: { seed?: number; single?: boolean; commands?: readonly CliCommand[] } = {}): Promise<CliRig> {
  const t = await openTerminal({ seed: opts.seed ?? 1 });
  await t.type('pwd'); // the fresh playground is set up by the first command
  const terminal = t.session.terminal;
  terminal.cli.cluster = terminal.kmu.cluster;
  terminal.cli.single = opts.single === true;
  const answers: string[] = [];
  const asked: string[] = [];
  const ctx: ProgramContext = {
    hsm: t.session.hsm, terminal,
    io: {
      readLine: async (prompt) => { asked.push(prompt); return answers.shift() ?? ''; },
      clear: () => {},
      spawn: () => Promise.reject(new Error('no spawn in the CLI rig')),
    },
  };
  const commands = opts.commands;
  const program = commands ? makeCliProgram(() => buildTree(commands)) : cliProgram;
  const run = (line: string) => program.run(ctx, line);
  return {
    t, program, ctx, run, answers, asked,
    async block(line) {
      const prompt = program.prompt(terminal);
      const r = await run(line);
      return `${prompt}${line}\n${r.text}`;
    },
  };
}

export { CLI_PROMPT };
