/** Output of key-creating commands (kmu-commands.md §1.7, §3.1, §3.2). */
import { RC } from '../../hsm/codes';
import type { CreateOutcome } from '../../hsm/keys';
import { clusterBlock, INDENT, returnLine } from '../format';

/**
 * `steps` are the HSM functions in order; all but the last succeeded. On success: the return
 * lines, the handle line, the optional attestation line, the cluster block. On failure of the last
 * step: its return line and the cluster block, no handle line.
 */
export function creationLines(steps: readonly string[], outcome: CreateOutcome, created: string, attest: boolean): string[] {
  const lines: string[] = [];
  steps.forEach((fn, i) => {
    if (i > 0) lines.push('');
    lines.push(returnLine(fn, i === steps.length - 1 ? outcome.code : RC.SUCCESS));
  });
  if (outcome.code === RC.SUCCESS) {
    lines.push('', `${INDENT}${created}  Key Handle: ${outcome.handle}`);
    if (attest) lines.push('', `${INDENT}Attestation Check : [${outcome.attestPass ? 'PASS' : 'FAIL'}]`);
  }
  lines.push('', ...clusterBlock(outcome.nodes));
  return lines;
}
