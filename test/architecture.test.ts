/**
 * DEVELOPERS.md architecture rules, checked on the source text: the engine never touches browser
 * globals, dependencies point one way (static imports and dynamic `import()` alike), the storage
 * adapters in src/platform are wired only by src/main.ts, key_mgmt_util and cloudhsm_mgmt_util
 * commands reach the HSM only through its operations (never src/crypto or the storage), the console
 * (src/shell) knows no program — it reaches programs only through their contract — and only one
 * file imports xterm. Each rule is a function over a set of files, so a test can show it
 * fails on an offending file.
 */
import { join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TREE, type Sources } from './support/source-tree';


const stripComments = (s: string) => s.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

/** Relative module paths a file imports: `from '…'`, `import '…'` and `import('…')`. */
function importsOf(file: string, source: string): string[] {
  const code = stripComments(source);
  const found = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)'(\.[^']+)'/g)].map((m) => m[1]!);
  return found.map((m) => normalize(join(file, '..', m)));
}

/** Layers, lowest first; a file may import its own layer and those below it. */
const LAYERS = ['crypto', 'hsm', 'scenarios', 'commands', 'shell', 'lessons', 'ui'];
const topDir = (p: string) => (p.startsWith('src/') ? p.split('/')[1] ?? '' : '');
/** src/embed (issue 14: the embed page, its API and runtime) sits at the ui level. */
const layerOf = (p: string) => LAYERS.indexOf(topDir(p) === 'embed' ? 'ui' : topDir(p));

export function layerViolations(src: Sources): string[] {
  const bad: string[] = [];
  for (const [f, text] of src) {
    const from = layerOf(f);
    for (const target of importsOf(f, text)) {
      const to = layerOf(target);
      if (from >= 0 && to > from) bad.push(`${f} → ${target}`);
      // the storage adapters: they implement the hsm's ports, and only the entries (main.ts, the embed's main.ts) pick them
      if (topDir(target) === 'platform' && f !== 'src/main.ts' && f !== 'src/embed/main.ts' && topDir(f) !== 'platform') bad.push(`${f} → ${target} (platform)`);
      if (topDir(f) === 'platform' && !['crypto', 'hsm', 'platform'].includes(topDir(target))) bad.push(`${f} → ${target} (platform)`);
    }
  }
  return bad;
}

/** key_mgmt_util / cloudhsm_mgmt_util commands call HSM operations; they never reach past them. */
export function commandReachViolations(src: Sources): string[] {
  const bad: string[] = [];
  const PAST = [/^src\/crypto\//, /^src\/platform\//, /^src\/hsm\/(store|memory-backend|cached-backend)(\.ts)?$/];
  for (const [f, text] of src) {
    if (!/^src\/commands\/(kmu|cmu)\//.test(f)) continue;
    for (const target of importsOf(f, text)) if (PAST.some((r) => r.test(target))) bad.push(`${f} → ${target}`);
  }
  return bad;
}

/**
 * The console knows no program (issue 9): src/shell imports from src/commands only the program
 * contract (program.ts, the registry type in programs.ts, the tables' types in flags.ts) and the
 * tokenizer — never a program's commands (host, kmu, cmu) nor explain's data; programs answer
 * completion and redaction through Program.complete and Program.secretTokens.
 */
export function shellProgramViolations(src: Sources): string[] {
  const CONTRACT = new Set(['src/commands/program', 'src/commands/programs', 'src/commands/flags', 'src/commands/tokenize']);
  const bad: string[] = [];
  for (const [f, text] of src) {
    if (topDir(f) !== 'shell') continue;
    for (const target of importsOf(f, text)) {
      if (topDir(target) === 'commands' && !CONTRACT.has(target.replace(/\.ts$/, ''))) bad.push(`${f} → ${target}`);
    }
  }
  return bad;
}

/**
 * cloudhsm_mgmt_util and host commands never change a CMU session themselves: who is logged in,
 * where, and server mode are session effects of the HSM operations (src/hsm/ops), applied after
 * their commit.
 */
export function cmuSessionWriteViolations(src: Sources): string[] {
  const WRITE = /\b(?:session|cmu)\s*\.\s*(?:(?:user|loggedOn|serverMode|servers|cluster)\s*=(?!=)|loggedOn\s*\.\s*(?:set|delete|clear)\s*\(|end\s*\()/;
  return [...src].filter(([f, text]) => /^src\/commands\/(cmu|host)\//.test(f) && WRITE.test(stripComments(text))).map(([f]) => f);
}

/**
 * The HSM layer speaks no console's words (issue 9): its operations return codes and named
 * refusals, and each program words them — cloudhsm_mgmt_util's `<cmd> failed: …`, `… success on
 * server N`, its RET_ names and the §4.4 texts live in src/commands/cmu.
 */
export function consoleWordViolations(src: Sources): string[] {
  const WORDS = [/ failed: /, / failed on /, / success on /, /'RET_[A-Z_]+'/, /User already exists/, /owns keys and cannot be deleted/,
    /currently logged in/, /Maximum number of users/];
  return [...src].filter(([f, text]) => topDir(f) === 'hsm' && WORDS.some((w) => w.test(stripComments(text)))).map(([f]) => f);
}

export function browserGlobalViolations(src: Sources): string[] {
  return [...src].filter(([f, text]) =>
    ['crypto', 'hsm', 'scenarios', 'commands', 'shell', 'lessons'].includes(topDir(f)) &&
    /\b(window|document|indexedDB|localStorage|navigator)\s*[.[]/.test(stripComments(text))).map(([f]) => f);
}

describe('architecture', () => {
  it('the engine never touches window, document, indexedDB, localStorage or navigator', () => {
    expect(browserGlobalViolations(TREE)).toEqual([]);
  });

  it('dependencies point one way: crypto ← hsm ← scenarios ← commands ← shell ← ui; platform only from main.ts', () => {
    expect(layerViolations(TREE)).toEqual([]);
  });

  it('no key_mgmt_util or cloudhsm_mgmt_util command imports src/crypto, the storage or src/platform', () => {
    expect(commandReachViolations(TREE)).toEqual([]);
  });

  it('the console (src/shell) knows no program: from src/commands only the program contract and the tokenizer', () => {
    expect(shellProgramViolations(TREE)).toEqual([]);
  });

  it('no cloudhsm_mgmt_util or host command changes a CMU session: the operations do, after their commit', () => {
    expect(cmuSessionWriteViolations(TREE)).toEqual([]);
  });

  it('the HSM layer speaks no console\'s words: CMU\'s failure and success lines, RET_ names and §4.4 texts live in src/commands/cmu', () => {
    expect(consoleWordViolations(TREE)).toEqual([]);
  });

  it('exactly one file imports @xterm', () => {
    const importers = [...TREE].filter(([, text]) => /from '@xterm\//.test(text)).map(([f]) => f);
    expect(importers).toHaveLength(1);
  });

  it('each rule fails on an offending file (static and dynamic imports)', () => {
    // only what the scratch file adds counts (a rule's findings on the tree itself are the other tests')
    const added = (rule: (s: Sources) => string[]) => {
      const base = new Set(rule(TREE));
      return (f: string, text: string) => rule(new Map([...TREE, [f, text]])).filter((v) => !base.has(v));
    };
    const reach = added(commandReachViolations);
    const layers = added(layerViolations);
    const globals = added(browserGlobalViolations);
    const shell = added(shellProgramViolations);
    const sessionWrites = added(cmuSessionWriteViolations);
    const words = added(consoleWordViolations);
    expect(words('src/hsm/ops/scratch.ts', "return `loginHSM failed: ${text}`;")).toEqual(['src/hsm/ops/scratch.ts']);
    expect(words('src/hsm/scratch.ts', "const t = 'HSM Error: User already exists';")).toEqual(['src/hsm/scratch.ts']);
    expect(words('src/commands/cmu/scratch.ts', "return `loginHSM failed: ${text}`;")).toEqual([]);
    expect(sessionWrites('src/commands/cmu/scratch.ts', 'ctx.session.serverMode = 2;')).toEqual(['src/commands/cmu/scratch.ts']);
    expect(sessionWrites('src/commands/cmu/scratch.ts', 'session.loggedOn.set(0, 3);')).toEqual(['src/commands/cmu/scratch.ts']);
    expect(sessionWrites('src/commands/host/scratch.ts', 'ctx.terminal.cmu.end();')).toEqual(['src/commands/host/scratch.ts']);
    expect(sessionWrites('src/commands/cmu/scratch.ts', 'if (session.serverMode === null) x();')).toEqual([]);
    expect(shell('src/shell/scratch.ts', "import { CMU_COMMANDS } from '../commands/cmu/index';"))
      .toEqual(['src/shell/scratch.ts → src/commands/cmu/index']);
    expect(shell('src/shell/scratch.ts', "const { EXPLAIN_WORDS } = await import('../commands/explain/index');"))
      .toEqual(['src/shell/scratch.ts → src/commands/explain/index']);
    expect(shell('src/shell/line-editor/scratch.ts', "import { findKmuCommand } from '../../commands/kmu/index';"))
      .toEqual(['src/shell/line-editor/scratch.ts → src/commands/kmu/index']);
    expect(shell('src/shell/scratch.ts', "import type { Program } from '../commands/program';")).toEqual([]);
    expect(shell('src/ui/scratch.ts', "import { findKmuCommand } from '../commands/kmu/index';")).toEqual([]);
    expect(reach('src/commands/kmu/scratch.ts', "import { aesKwWrap } from '../../crypto/index';"))
      .toEqual(['src/commands/kmu/scratch.ts → src/crypto/index']);
    expect(reach('src/commands/cmu/scratch.ts', "const m = await import('../../crypto/gcm');"))
      .toEqual(['src/commands/cmu/scratch.ts → src/crypto/gcm']);
    expect(reach('src/commands/host/scratch.ts', "import { randomBytes } from '../../crypto/rng';")).toEqual([]);
    expect(layers('src/hsm/scratch.ts', "const v = import('../shell/view');")).toEqual(['src/hsm/scratch.ts → src/shell/view']);
    expect(layers('src/scenarios/scratch.ts', "import { x } from '../commands/flags';")).toEqual(['src/scenarios/scratch.ts → src/commands/flags']);
    expect(layers('src/shell/scratch.ts', "import { openIdbBackend } from '../platform/idb-backend';"))
      .toEqual(['src/shell/scratch.ts → src/platform/idb-backend (platform)']);
    expect(layers('src/platform/scratch.ts', "import { Console } from '../shell/console';"))
      .toEqual(['src/platform/scratch.ts → src/shell/console (platform)']);
    expect(globals('src/scenarios/scratch.ts', 'const x = window.location;')).toEqual(['src/scenarios/scratch.ts']);
  });
});
