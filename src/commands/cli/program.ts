/**
 * The CloudHSM CLI as a program of the console (cloudhsm-cli.md §1–§2): prompt `aws-cloudhsm > `,
 * command paths and long options parsed from the tables of ./index.ts, clap's help and argument
 * errors as plain text, every other outcome as the JSON envelope of §2.6. Loads on first use.
 * Contract stub: the core branch builds it.
 */
import type { Program } from '../program';

export const CLI_PROMPT = 'aws-cloudhsm > ';

export const cliProgram: Program = {
  id: 'cli',
  name: 'cloudhsm-cli',
  prompt: () => CLI_PROMPT,
  commands: () => [],
  secretTokens: () => [],
  failureText: (message) => `Error: ${message}\n`,
  interruptedText: '\n',
  run: async () => ({ text: '', command: null, codes: [] }),
};
