/**
 * The redaction rule for CloudHSM CLI lines (cloudhsm-cli.md §1.4): the value of every option its
 * table marks secret (`--password`), typed as `--password VALUE` or `--password=VALUE`, wherever
 * on the line. `--password` is always one of them, whatever the tables say yet.
 */
import { allCommands, cliTree, type CliNode } from './tree';

const secretLongs = new WeakMap<CliNode, ReadonlySet<string>>();

function secrets(root: CliNode): ReadonlySet<string> {
  let set = secretLongs.get(root);
  if (!set) {
    set = new Set(['password', ...allCommands(root).flatMap((c) => c.options.filter((o) => o.secret).map((o) => o.long))]);
    secretLongs.set(root, set);
  }
  return set;
}

/** Indexes of the secret tokens of a tokenized line (the command path first). */
export function cliSecretTokens(tokens: readonly string[], root: CliNode = cliTree()): number[] {
  const longs = secrets(root);
  const out: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.startsWith('--')) continue;
    const eq = t.indexOf('=');
    if (!longs.has(eq < 0 ? t.slice(2) : t.slice(2, eq))) continue;
    if (eq >= 0) out.push(i);
    else if (i + 1 < tokens.length) out.push(++i);
  }
  return out;
}
