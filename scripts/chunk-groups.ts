/**
 * How the network build groups the modules the full page needs before its first prompt (DEVELOPERS.md:
 * the first prompt's JavaScript stays small). Left to itself, the bundler cuts those modules into one
 * chunk per set of entries using them; with the embed's page as a second entry (issue 14) and every
 * lazily loaded part importing some of them, the page's first script became 30 files, each compressed
 * alone: 6 kB more gzip than the same code in a few files. Here they go into four chunks:
 *
 * - `terminal`: the terminal view and xterm;
 * - `svelte`: Svelte's runtime;
 * - `engine`: the rest that the embed also loads (the programs, the shell, the store, the crypto glue);
 * - `app`: what only the full page needs before its prompt.
 *
 * What the embed's page imports statically and the view it preloads (its poster, before the reader
 * asks for the console) are never grouped, so the poster loads none of these chunks. Each group is closed under static imports
 * apart from those ungrouped modules (the groups do not pull dependencies in: that would pull the
 * poster's modules in, and the poster with them), so no two chunks import each other.
 */
import { resolve } from 'node:path';
import type { ChunkingContext, CodeSplittingGroup } from 'rolldown';
import { EMBED_VIEW_MODULE } from './embed-build.ts';

type Info = NonNullable<ReturnType<ChunkingContext['getModuleInfo']>>;

/** Module ids reachable from `from` (static imports; dynamic ones too if `dynamic`). */
function closure(ctx: ChunkingContext, from: readonly string[], dynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const todo = [...from];
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    const info: Info | null = ctx.getModuleInfo(id);
    if (!info) continue;
    seen.add(id);
    todo.push(...info.importedIds, ...(dynamic ? info.dynamicallyImportedIds : []));
  }
  return seen;
}

interface Plan { group: Map<string, string> }

/** The groups for a build whose entries are `src/main.ts` (the page) and `src/embed/main.ts` (the embed). */
export function firstPromptGroups(root: string): CodeSplittingGroup[] {
  const page = resolve(root, 'src/main.ts');
  const embed = resolve(root, 'src/embed/main.ts');
  // the embed's view, which its page preloads beside the poster (scripts/embed-build.ts)
  const embedView = resolve(root, EMBED_VIEW_MODULE);
  const terminalView = resolve(root, 'src/ui/xterm-view.ts');
  const plans = new WeakMap<ChunkingContext, Plan>();
  const plan = (ctx: ChunkingContext): Plan => {
    let p = plans.get(ctx);
    if (p) return p;
    const pageFirst = closure(ctx, [page], false);
    const poster = closure(ctx, [embed, embedView], false);
    const embedAll = closure(ctx, [embed], true);
    const group = new Map<string, string>();
    const take = (ids: Iterable<string>, name: string) => {
      for (const id of ids) if (pageFirst.has(id) && !poster.has(id) && !group.has(id)) group.set(id, name);
    };
    take(closure(ctx, [terminalView], false), 'terminal');
    take([...pageFirst].filter((id) => /[\\/]node_modules[\\/]svelte[\\/]/.test(id)), 'svelte');
    take([...pageFirst].filter((id) => embedAll.has(id)), 'engine');
    take(pageFirst, 'app');
    p = { group };
    plans.set(ctx, p);
    return p;
  };
  // The programs (loaded when first started): each program's own modules in one chunk, and the
  // modules two or more of them share in another — instead of one chunk per set of importers (a
  // key_mgmt_util start was fifteen files, and an embed asks for them all at once: behind the
  // browser's six connections per host, the last arrived 200 ms after it was asked for).
  const programs: Record<string, string[]> = {
    kmu: ['src/commands/host/key-mgmt-util-run.ts', 'src/commands/kmu/program.ts'],
    cmu: ['src/commands/host/cloudhsm-mgmt-util-run.ts', 'src/commands/cmu/program.ts'],
    cli: ['src/commands/host/cloudhsm-cli-run.ts', 'src/commands/cli/program.ts'],
  };
  const runner = resolve(root, 'src/commands/host/program-run.ts');
  const programPlans = new WeakMap<ChunkingContext, Map<string, string>>();
  const programPlan = (ctx: ChunkingContext): Map<string, string> => {
    let g = programPlans.get(ctx);
    if (g) return g;
    const { group: first } = plan(ctx);
    const pageFirst = closure(ctx, [page], false);
    const poster = closure(ctx, [embed, embedView], false);
    const free = (id: string) => !pageFirst.has(id) && !poster.has(id) && !first.has(id);
    const own = Object.entries(programs).map(([name, files]) => [name, closure(ctx, [runner, ...files.map((f) => resolve(root, f))], false)] as const);
    g = new Map<string, string>();
    for (const [name, ids] of own) {
      for (const id of ids) {
        if (!free(id)) continue;
        const users = own.filter(([, other]) => other.has(id)).length;
        g.set(id, users > 1 ? 'programs' : name);
      }
    }
    programPlans.set(ctx, g);
    return g;
  };
  return [{
    name: (id, ctx) => plan(ctx).group.get(id) ?? null,
    tags: ['$initial'],
    includeDependenciesRecursively: false,
  }, {
    name: (id, ctx) => programPlan(ctx).get(id) ?? null,
    includeDependenciesRecursively: false,
  }];
}
