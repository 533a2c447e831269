/**
 * The redaction rule for CloudHSM CLI lines (cloudhsm-cli.md §1.4): the value of every option its
 * table marks secret (`--password`), typed as `--password VALUE` or `--password=VALUE`, wherever
 * on the line. `--password` is always one of them, whatever the tables say yet.
 */
import { allCommands } from './tree';

let secretLongs: ReadonlySet<string> | undefined;

function secrets(): ReadonlySet<string> {
  secretLongs ??= new Set(['password', ...allCommands().flatMap((c) => c.options.filter((o) => o.secret).map((o) => o.long))]);
  return secretLongs;
}

/** Indexes of the secret tokens of a tokenized line (the command path first). */
export function cliSecretTokens(tokens: readonly string[]): number[] {
  const longs = secrets();
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
