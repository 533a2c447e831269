/**
 * The CloudHSM CLI's command paths as a tree (cloudhsm-cli.md §2.2), built from the registry
 * (./index.ts): each word a node, a command at the end of its path. Words match exactly, never
 * by prefix (§2.1). Children are Maps, so a typed word never reads a property of Object.prototype.
 * The groups' about lines are this spec's choice (§1.3, G-CLI-38).
 */
import type { CliCommand, CliOption } from './command';
import { CLI_COMMANDS } from './index';

export interface CliNode {
  /** The words from the root to this node (`[]` for the root). */
  readonly path: readonly string[];
  /** The group's about line (for a node that is no command); a command's is its own. */
  readonly about?: string;
  /** The command at this path, if one ends here (`login` is a command with a subcommand too). */
  command?: CliCommand;
  readonly children: Map<string, CliNode>;
}

/** The about lines of the groups (§1.3). */
const GROUP_ABOUT: ReadonlyMap<string, string> = new Map([
  ['cluster', 'Commands that show or change the state of the cluster'],
  ['crypto', 'Cryptographic operations with keys in the cluster'],
  ['key', 'Commands that create, find, change, share and delete keys'],
  ['quorum', 'Quorum token-sign commands'],
  ['user', 'Commands that create, list, change and delete users'],
  ['key generate-symmetric', 'Generate a symmetric key'],
  ['key generate-asymmetric-pair', 'Generate an asymmetric key pair'],
  ['key import', 'Import a key'],
  ['key wrap', 'Wrap a key with a key in the HSM cluster'],
  ['key unwrap', 'Unwrap a key into the HSM cluster'],
  ['crypto sign', 'Generate a signature'],
  ['crypto verify', 'Verify a signature'],
  ['quorum token-sign', 'Token-sign quorum commands'],
  ['user change-mfa', "Change a user's Mfa Strategy"],
  ['user change-quorum', "Change a user's quorum strategy"],
  ['user change-quorum token-sign', 'Token-sign quorum commands'],
]);

/** The program's own top-level words (§1.3): listed after the commands. */
export const HELP_ABOUT = 'Print this message or the help of the given subcommand(s)';
export const QUIT_ABOUT = 'Quit the CloudHSM CLI';

/** `--cluster-id`, first in every command's options (§2.3). */
export const CLUSTER_ID_OPTION: CliOption = {
  long: 'cluster-id', value: 'CLUSTER_ID',
  description: 'Unique Id to choose which of the clusters in the config file to run the operation against. ' +
    'If not provided, will fall back to the value provided when interactive mode was started, or error',
};

export function buildTree(commands: readonly CliCommand[]): CliNode {
  const root: CliNode = { path: [], children: new Map() };
  for (const cmd of commands) {
    let node = root;
    for (let i = 0; i < cmd.path.length; i++) {
      const word = cmd.path[i]!;
      let child = node.children.get(word);
      if (!child) {
        const path = cmd.path.slice(0, i + 1);
        const about = GROUP_ABOUT.get(path.join(' '));
        child = { path, ...(about === undefined ? {} : { about }), children: new Map() };
        node.children.set(word, child);
      }
      node = child;
    }
    node.command = cmd;
  }
  return root;
}

let tree: CliNode | undefined;

/** The tree of the registry (built once). */
export function cliTree(): CliNode {
  tree ??= buildTree(CLI_COMMANDS);
  return tree;
}

/** The about line a listing shows for a node: its command's, else its group's. */
export const nodeAbout = (node: CliNode): string | undefined => node.command?.about ?? node.about;

/** A node's children in listing order (alphabetical, as the top-level listing of §1.3). */
export const sortedChildren = (node: CliNode): CliNode[] =>
  [...node.children.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, n]) => n);

/** Every command of the tree, depth first in listing order. */
export function allCommands(node: CliNode = cliTree()): CliCommand[] {
  const out: CliCommand[] = node.command ? [node.command] : [];
  for (const child of sortedChildren(node)) out.push(...allCommands(child));
  return out;
}
