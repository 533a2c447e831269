/**
 * What loads on first use stays out of the page's first script (DEVELOPERS.md: the first prompt's
 * JavaScript keeps its size): no chain of static imports from src/main.ts reaches the host shell's
 * grammar and runner, the run parts of the host's commands (`*-run.ts`), cloudhsm_mgmt_util, the
 * explain data, or the HSM operations only those use; a dynamic import() is where they load.
 * Checked on the source text, as the architecture test is, so a static import that pulls one of
 * them back in fails here (the last test shows it would).
 */
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TREE, type Sources } from '../support/source-tree';

const stripComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

/** The relative modules a file imports statically (`import … from`, `import '…'`, `export … from`); `import type` is erased. */
function staticImports(file: string, source: string): string[] {
  const code = stripComments(source);
  const specs = [
    ...code.matchAll(/(?:^|[;\n])\s*import\s+(?!type\b)(?!\()(?:[^'";]*?\bfrom\s*)?'(\.[^']+)'/g),
    ...code.matchAll(/(?:^|[;\n])\s*export\s+(?!type\b)[^'";]*?\bfrom\s*'(\.[^']+)'/g),
  ].map((m) => m[1]!);
  return specs.map((s) => normalize(join(dirname(file), s)));
}

/** The repository file a module path names (`./x` → x.ts, x.svelte, x/index.ts). */
function resolve(src: Sources, path: string): string | undefined {
  return [path, `${path}.ts`, `${path}.svelte`, `${path}/index.ts`].find((p) => src.has(p));
}

/** Every source file the entry reaches through static imports. */
export function firstScript(src: Sources, entry = 'src/main.ts'): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const target of staticImports(f, src.get(f) ?? '')) {
      const file = resolve(src, target);
      if (file && !seen.has(file)) todo.push(file);
    }
  }
  return seen;
}

/** What loads on first use (cloudhsm_mgmt_util's password table answers the redaction rule at every prompt). */
const LATER = [
  /^src\/commands\/host\/[a-z0-9-]+-run\.ts$/, /^src\/commands\/host\/syntax\.ts$/, /^src\/commands\/host\/(client-service|admin-text)\.ts$/,
  /^src\/commands\/cmu\/(?!arg-tables\.ts$)/, /^src\/commands\/explain\//, /^src\/hsm\/ops\/(cluster|cmu-[a-z]+)\.ts$/, /^src\/hsm\/cluster-admin\.ts$/,
  /^src\/shell\/(complete|view)\.ts$/,
  /^src\/hsm\/ops\/(masked|certs)\.ts$/, /^src\/hsm\/(masking|certs)\.ts$/,
  /^src\/shell\/key-size\.ts$/,
  /^src\/crypto\/asym\//, /^src\/hsm\/pairs\.ts$/, /^src\/hsm\/ops\/pairs\.ts$/, /^src\/platform\/keygen-worker-entry\.ts$/,
  /^src\/hsm\/ops\/(pair-files|signatures)\.ts$/,
  /^src\/crypto\/asym\/(index|keys|bigint|drbg|hash|rsa|ec|dsa|webcrypto)\.ts$/,
  /^src\/commands\/host\/openssl-[a-z-]+\.ts$/, /^src\/commands\/host\/tools\.ts$/,
  // the CloudHSM CLI (issue 16): its program, commands and operations, its host commands' run parts
  /^src\/commands\/cli\//, /^src\/hsm\/ops\/cli-[a-z-]+\.ts$/, /^src\/hsm\/cli-attributes\.ts$/,
  // key_mgmt_util's commands (fetched right after the first prompt; its secret flags answer the redaction rule before)
  /^src\/commands\/kmu\/(?!secret-flags\.ts$)/, /^src\/hsm\/ops\/(keys|wrap|plaintext-keys|key-files|find)\.ts$/, /^src\/hsm\/(wrap|private-key-file)\.ts$/, /^src\/crypto\/gcm\.ts$/,
  // lessons and the key-wrap view (issue 13): load when opened
  /^src\/lessons\//, /^src\/hsm\/ops\/(lesson-facts|wrap-trace)\.ts$/, /^src\/hsm\/checkpoint\.ts$/, /^src\/hsm\/(memory-)?lesson-progress\.ts$/, /^src\/platform\/lesson-(storage|progress)\.ts$/,
  /^src\/crypto\/aeskw-trace\.ts$/, /^src\/ui\/(Lesson|Wrap)[A-Za-z]*\.svelte$/, /^src\/ui\/(wrap-view|lessons\.svelte)\.ts$/,
  // the host's `inspect FILE` (issue 13, item 5): its analysis loads with its run part
  /^src\/hsm\/ops\/file-inspect\.ts$/,
  // the playground's export and import (issue 15, item 3): load with the side panels' Settings, the format on first use
  /^src\/hsm\/playground-file\.ts$/, /^src\/ui\/PlaygroundTransfer\.svelte$/,
  // the network build's service worker and its "new version" notice (issue 15): after the first prompt
  /^src\/platform\/service-worker\.ts$/, /^src\/ui\/(update-notice\.ts|UpdateNotice\.svelte)$/, /^src\/sw\//,
  // transcripts (issue 15): the recorder is in the first script, the formats and the dialog load when opened
  /^src\/shell\/transcript-formats\.ts$/, /^src\/ui\/(TranscriptExport\.svelte|transcript-export\.ts)$/,
  // share links (issue 15, item 1): the recorder after the first prompt, the format and the dialogs when used
  /^src\/shell\/share(-record)?\.ts$/, /^src\/ui\/Share[A-Za-z]*\.svelte$/, /^src\/ui\/share-(target|ui)\.ts$/,
];
const later = (files: Iterable<string>) => [...files].filter((f) => LATER.some((r) => r.test(f))).sort();

describe('the page\'s first script', () => {
  it('reaches the host shell\'s prompt, completion and command tables', () => {
    const first = firstScript(TREE);
    for (const f of ['src/shell/console.ts', 'src/commands/host/program.ts', 'src/commands/host/index.ts', 'src/commands/host/key-mgmt-util.ts',
      'src/commands/host/command-starts.ts', 'src/commands/host/sudo.ts', 'src/commands/host/client-unit.ts']) {
      expect(first, f).toContain(f);
    }
  });

  it('holds none of what loads on first use: the grammar and runner, the commands\' run parts, CMU, explain data, their HSM operations', () => {
    expect(later(firstScript(TREE))).toEqual([]);
    // (and each of them exists: a renamed file would make this test pass for nothing)
    for (const f of ['src/commands/host/program-run.ts', 'src/commands/host/syntax.ts', 'src/commands/host/sudo-run.ts',
      'src/commands/host/key-mgmt-util-run.ts', 'src/commands/host/grep-run.ts', 'src/hsm/ops/cluster.ts', 'src/hsm/ops/cmu-hsms.ts']) {
      expect(TREE.has(f), f).toBe(true);
    }
  });

  it('a static import of a run part would pull it in (the check can fail)', () => {
    const p = 'src/commands/host/program.ts';
    const bad = new Map([...TREE, [p, `${TREE.get(p)}\nimport { runLine } from './program-run';\nvoid runLine;\n`]]);
    expect(later(firstScript(bad))).toEqual(expect.arrayContaining(['src/commands/host/program-run.ts', 'src/commands/host/syntax.ts']));
    const c = 'src/commands/host/cluster.ts';
    const bad2 = new Map([...TREE, [c, `import { run } from './cluster-run';\n${TREE.get(c)}`]]);
    expect(later(firstScript(bad2))).toEqual(['src/commands/host/admin-text.ts', 'src/commands/host/cluster-run.ts', 'src/hsm/cluster-admin.ts', 'src/hsm/ops/cluster.ts']);
  });
});

describe('the embed\'s first script', () => {
  /** A lesson in an embed (issue 14, `lesson=<id>`): the engine, its controller and panel, the progress port. */
  const LESSON_PARTS = /^src\/lessons\/|^src\/embed\/lesson[^/]*\.ts$|^src\/ui\/(EmbedLesson|Lesson)[A-Za-z]*\.svelte$|^src\/hsm\/(memory-)?lesson-progress\.ts$|^src\/hsm\/ops\/lesson-facts\.ts$/;
  const lessonParts = (files: Iterable<string>) => [...files].filter((f) => LESSON_PARTS.test(f)).sort();

  it('holds nothing of the lessons: they load only when the address names one', () => {
    const first = firstScript(TREE, 'src/embed/main.ts');
    expect(first).toContain('src/embed/config.ts');
    expect(lessonParts(first)).toEqual([]);
    for (const f of ['src/embed/lesson.ts', 'src/ui/EmbedLesson.svelte']) expect(TREE.has(f), f).toBe(true);
  });

  it('a static import of the embed\'s lesson would pull it in (the check can fail)', () => {
    const p = 'src/embed/config.ts';
    const bad = new Map([...TREE, [p, `import { openEmbedLesson } from './lesson';\nvoid openEmbedLesson;\n${TREE.get(p)}`]]);
    expect(lessonParts(firstScript(bad, 'src/embed/main.ts'))).toEqual(expect.arrayContaining(['src/embed/lesson.ts', 'src/lessons/runner.ts']));
  });
});
