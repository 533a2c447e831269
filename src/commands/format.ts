/** Output line formats of key_mgmt_util (kmu-commands.md §1.7, errors.md §1). */
import { codeText } from '../hsm/codes';
import type { NodeStatus } from '../hsm/session';

export const INDENT = '        '; // canonical blocks indent exactly 8 spaces

export const hexCode = (code: number) => '0x' + code.toString(16).padStart(2, '0');

/** `<Function> returned: 0x<code> : <status>` */
export function returnLine(fn: string, code: number, indent = INDENT): string {
  return `${indent}${fn} returned: ${hexCode(code)} : ${codeText(code)}`;
}

/** The "Cluster Error Status" block, nodes in ascending id (G-9, G-10). */
export function clusterBlock(nodes: readonly NodeStatus[]): string[] {
  return [
    `${INDENT}Cluster Error Status`,
    ...[...nodes]
      .sort((a, b) => a.node - b.node)
      .map((n) => `${INDENT}Node id ${n.node} and err state 0x${n.code.toString(16).padStart(8, '0')} : ${codeText(n.code)}`),
  ];
}
