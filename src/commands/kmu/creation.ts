/** Output of key-creating commands (kmu-commands.md §1.7, §3.1, §3.2). */
import { RC } from '../../hsm/codes';
import type { KeyCreation } from '../../hsm/ops/outcome';
import { clusterBlock, INDENT } from '../format';
import { stepLines, type StepNames } from './steps';

/**
 * The steps' return lines in order (all but the last succeeded). On success: the handle line, the
 * optional attestation line, the cluster block. On failure of the last step: the cluster block, no
 * handle line.
 */
export function creationLines(outcome: KeyCreation, created: string, attest: boolean, names: Partial<StepNames> = {}): string[] {
  const lines = stepLines(outcome.steps, { names });
  if (outcome.code === RC.SUCCESS) {
    lines.push('', `${INDENT}${created}  Key Handle: ${outcome.handle}`);
    if (attest) lines.push('', `${INDENT}Attestation Check : [${outcome.attestPass ? 'PASS' : 'FAIL'}]`);
  }
  lines.push('', ...clusterBlock(outcome.nodes));
  return lines;
}
