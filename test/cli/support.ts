/**
 * Running CloudHSM CLI lines in tests: a terminal of the transcript harness and the 'cli' program
 * called directly on its terminal session (the host shell's `cloudhsm-cli` is the host branch's),
 * echo and prompt printed as the console prints them, so blocks compare with the spec's.
 */
import { cliProgram, CLI_PROMPT } from '../../src/commands/cli/program';
import type { ProgramContext, ProgramRun } from '../../src/commands/program';
import { openTerminal, type Terminal } from '../support/transcript';

export interface CliRig {
  t: Terminal;
  /** Run one line at the CLI prompt: its outcome. */
  run(line: string): Promise<ProgramRun>;
  /** `aws-cloudhsm > <line>\n<output>` as the spec's blocks show it (the trailing empty line of an error kept). */
  block(line: string): Promise<string>;
  /** Answers for the questions the next command asks (Enter password: …). */
  answers: string[];
  asked: string[];
}

export async function cliRig(opts: { seed?: number; single?: boolean } = {}): Promise<CliRig> {
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
  const run = (line: string) => cliProgram.run(ctx, line);
  return {
    t, run, answers, asked,
    async block(line) {
      const prompt = cliProgram.prompt(terminal);
      const r = await run(line);
      return `${prompt}${line}\n${r.text}`;
    },
  };
}

export { CLI_PROMPT };
