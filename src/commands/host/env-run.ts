/** What export, unset and env do (their tables are in export.ts, unset.ts, env.ts; this loads on first use). */
import type { HostContext, HostResult } from './command';
import { environment, setVariable, unsetVariable, VARIABLE_NAME } from './env-variables';

/** bash's `declare -x` form of a value: in double quotes, `"`, `\`, `$` and `` ` `` escaped. */
const declared = (name: string, value: string) => `declare -x ${name}="${value.replace(/["\\$`]/g, '\\$&')}"`;

export async function exportRun(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  const env = environment(ctx.terminal);
  if (args.length === 0 || (args.length === 1 && args[0] === '-p')) {
    const names = [...env.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // bash lists by name (C locale)
    return { output: names.map((n) => declared(n, env.get(n)!) + '\n').join('') };
  }
  let words = args;
  if (words[0] === '--') words = words.slice(1);
  else if (words[0]!.startsWith('-') && words[0] !== '-') {
    return { output: '', stderr: `export: ${words[0]!.slice(0, 2)}: invalid option\nexport: usage: export [-fn] [name[=value] ...] or export -p\n`, status: 2 };
  }
  let stderr = '';
  for (const w of words) {
    const eq = w.indexOf('=');
    const name = eq < 0 ? w : w.slice(0, eq);
    if (!VARIABLE_NAME.test(name)) {
      stderr += `export: \`${w}': not a valid identifier\n`;
      continue;
    }
    // `export NAME` alone marks a variable for export: every variable here is in the environment
    if (eq >= 0 && !setVariable(ctx.terminal, name, w.slice(eq + 1))) stderr += `export: ${name}: the environment is full\n`;
  }
  return { output: '', ...(stderr ? { stderr, status: 1 } : {}) };
}

export async function unsetRun(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  let words = args;
  if (words[0] === '-v' || words[0] === '--') words = words.slice(1);
  else if (words[0]?.startsWith('-') && words[0] !== '-') {
    return { output: '', stderr: `unset: ${words[0].slice(0, 2)}: invalid option\nunset: usage: unset [-f] [-v] [-n] [name ...]\n`, status: 2 };
  }
  let stderr = '';
  for (const w of words) {
    if (VARIABLE_NAME.test(w)) unsetVariable(ctx.terminal, w);
    else stderr += `unset: \`${w}': not a valid identifier\n`;
  }
  return { output: '', ...(stderr ? { stderr, status: 1 } : {}) };
}

export async function envRun(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  if (args.length > 0) {
    return { output: '', stderr: 'env: running a command or changing its environment is not available in this playground yet (export NAME=value sets a variable)\n', status: 1 };
  }
  return { output: [...environment(ctx.terminal)].map(([n, v]) => `${n}=${v}\n`).join('') };
}
