/**
 * key_mgmt_util's words for the operations' HSM steps: the function whose return line reports
 * each step (kmu-commands.md §1.7). A command whose steps the real tool names differently passes
 * its own names (wrapKey prints Cfm2WrapKey, unWrapKey -noheader Cfm2UnWrapWithTemplate3, …).
 */
import type { Step, StepId } from '../../hsm/ops/outcome';
import { INDENT, returnLine } from '../format';

export type StepNames = Readonly<Record<StepId, string>>;

export const CFM: StepNames = {
  login: 'Cfm3LoginHSM',
  logout: 'Cfm3LogoutHSM',
  listUsers: 'Cfm3ListUsers',
  generateKey: 'Cfm3GenerateSymmetricKey',
  generateKeyPair: 'Cfm3GenerateKeyPair',
  generatePbeKey: 'Cfm3GeneratePBEKey', // invented: the real tool refuses before naming one (G-28)
  wrapHostData: 'Cfm3WrapHostKey',
  unwrapHostData: 'Cfm3UnWrapHostKey',
  createUnwrapTemplate: 'Cfm3CreateUnwrapTemplate',
  unwrapKey: 'Cfm3UnWrapKey',
  wrapKey: 'Cfm3WrapKey',
  findKey: 'Cfm3FindKey',
  getAttribute: 'Cfm3GetAttribute',
  setAttribute: 'Cfm3SetAttribute',
  deleteKey: 'Cfm3DeleteKey',
  getKeyInfo: 'Cfm3GetKey',
  createPublicKey: 'Cfm3CreatePublicKey',
  exportPublicKey: 'Cfm3ExportPubKey',
  fakeKeyFile: 'getCaviumPrivKey',
  sign: 'Cfm3Sign',
  verify: 'Cfm3Verify',
};

/** The function name of `step`, with a command's own names first. */
const cfm = (step: StepId, names: Partial<StepNames> = {}): string => names[step] ?? CFM[step];

/** One return line per step, in order, separated by an empty line unless `tight`. */
export function stepLines(steps: readonly Step[], opts: { names?: Partial<StepNames>; indent?: string; tight?: boolean } = {}): string[] {
  const lines: string[] = [];
  steps.forEach((s, i) => {
    if (i > 0 && !opts.tight) lines.push('');
    lines.push(returnLine(cfm(s.step, opts.names), s.code, opts.indent ?? INDENT));
  });
  return lines;
}

/** The return line of the last step only (commands that print one line for a ladder). */
export function lastStepLine(steps: readonly Step[], opts: { names?: Partial<StepNames>; indent?: string } = {}): string {
  return stepLines(steps.slice(-1), opts)[0]!;
}

/** The codes of the steps, for the command's event. */
export const stepCodes = (steps: readonly Step[]): number[] => steps.map((s) => s.code);
