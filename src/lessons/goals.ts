/**
 * Checking a lesson step's goals (issue 13): pure functions over the facts of the playground
 * (src/hsm/ops/lesson-facts.ts), the command event just observed (null: none, e.g. when a step
 * begins) and the keys bound so far. Nothing here reads printed text or touches the store.
 *
 * Bindings: a `key` goal with `bind` names the key it matched — the newest match: the highest
 * handle among the matches created since the step began, else the highest handle — so later goals,
 * texts, hints and solution lines can refer to it (`{name}`, `{name.ref}`) without knowing its
 * handle. A binding is a handle; it is looked up in the cluster its goal names (`match.cluster`),
 * else in the cluster the learner's terminal is on, else in any cluster that has that handle.
 */
import type { CommandEvent } from '../shell/events';
import type { FactCluster, FactKey, LessonFacts } from '../hsm/ops/lesson-facts';
import { keyReference } from '../hsm/key-reference';
import { HOME, resolvePath } from '../hsm/vfs';
import type { Goal, KeyMatch, KeyRef, Lesson } from './format';

/** Name → handle of every key bound so far. */
export type Bindings = Record<string, number>;

export interface GoalInput {
  facts: LessonFacts;
  /** The command just run (null: no command, e.g. looking when a step begins). */
  event: CommandEvent | null;
  bindings: Bindings;
  /** `cluster/handle` of every key that existed when the step began (absent: treat every key as old). */
  before?: ReadonlySet<string>;
  /** Which cluster each bound name lives in, when its goal says (see bindingClusters). */
  clusters?: ReadonlyMap<string, string>;
}

export interface GoalResult {
  met: boolean;
  /** The key a met `key` goal with `bind` binds. */
  bind?: { name: KeyRef; handle: number; cluster: string };
}

/** `cluster/handle`: a key's identity across clusters. */
export const keyId = (k: Pick<FactKey, 'cluster' | 'handle'>): string => `${k.cluster}/${k.handle}`;

/** Every key of the facts' clusters as a set of keyId (the runner keeps it when a step begins). */
export function keyIds(facts: LessonFacts): Set<string> {
  const out = new Set<string>();
  for (const c of facts.clusters) for (const k of c.keys) out.add(keyId(k));
  return out;
}

/** The cluster each bound name's goal names (`match.cluster`), over the whole lesson. */
export function bindingClusters(lesson: Pick<Lesson, 'steps'>): Map<string, string> {
  const out = new Map<string, string>();
  for (const step of lesson.steps) {
    for (const g of step.goals) if (g.kind === 'key' && g.bind !== undefined && g.match.cluster !== undefined) out.set(g.bind, g.match.cluster);
  }
  return out;
}

/** What a bound name looks like (format.ts KeyRef). */
export const BIND_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

const own = (r: object, name: string): boolean => Object.hasOwn(r, name);

/**
 * Fill `{name}` (the bound key's handle) and `{name.ref}` (its CloudHSM CLI key-reference) in a
 * text, hint, goal text or solution line; `{{` and `}}` are literal braces. A name not bound
 * (yet) stays as written, braces included.
 */
export function fillPlaceholders(text: string, bindings: Bindings): string {
  return text.replace(/\{\{|\}\}|\{([A-Za-z][A-Za-z0-9_-]*)(\.ref)?\}/g, (all, name: string | undefined, ref: string | undefined) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    if (name === undefined || !own(bindings, name)) return all;
    const handle = bindings[name]!;
    return ref ? keyReference(handle) : String(handle);
  });
}

/** The names a text refers to with `{name}` / `{name.ref}` (for validation). */
export function placeholderNames(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\{\{|\}\}|\{([A-Za-z][A-Za-z0-9_-]*)(\.ref)?\}/g)) if (m[1] !== undefined) out.push(m[1]);
  return out;
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function clusterOf(facts: LessonFacts, id: string | undefined): FactCluster | undefined {
  const name = id ?? facts.cluster;
  return facts.clusters.find((c) => c.id === name);
}

/** The key bound as `name`, or undefined (not bound, or gone). */
export function boundKey(input: GoalInput, name: KeyRef): FactKey | undefined {
  if (!own(input.bindings, name)) return undefined;
  const handle = input.bindings[name]!;
  const declared = input.clusters?.get(name);
  const { facts } = input;
  if (declared !== undefined) return clusterOf(facts, declared)?.keys.find((k) => k.handle === handle);
  const here = clusterOf(facts, undefined)?.keys.find((k) => k.handle === handle);
  if (here) return here;
  for (const c of facts.clusters) {
    const k = c.keys.find((x) => x.handle === handle);
    if (k) return k;
  }
  return undefined;
}

function fileData(facts: LessonFacts, path: string): Uint8Array | undefined {
  const abs = resolvePath(HOME, path);
  return facts.files.find((f) => f.path === abs)?.data;
}

/** Does `k` satisfy every field of `m` that is given? */
export function keyMatches(k: FactKey, m: KeyMatch, input: GoalInput): boolean {
  if (m.label !== undefined && k.label !== m.label) return false;
  if (m.id !== undefined && k.id !== m.id) return false;
  if (m.keyClass !== undefined && k.keyClass !== m.keyClass) return false;
  if (m.keyType !== undefined && k.keyType !== m.keyType) return false;
  if (m.size !== undefined && k.size !== m.size) return false;
  if (m.token !== undefined && k.token !== m.token) return false;
  if (m.local !== undefined && k.local !== m.local) return false;
  if (m.extractable !== undefined && k.extractable !== m.extractable) return false;
  if (m.trusted !== undefined && k.trusted !== m.trusted) return false;
  if (m.wrapWithTrusted !== undefined && k.wrapWithTrusted !== m.wrapWithTrusted) return false;
  if (m.owner !== undefined && k.owner !== m.owner) return false;
  if (m.sharedWith !== undefined && !k.sharedWith.includes(m.sharedWith)) return false;
  if (m.unshared !== undefined && (k.sharedWith.length === 0) !== m.unshared) return false;
  if (m.materialOf !== undefined) {
    const other = 'file' in m.materialOf ? fileData(input.facts, m.materialOf.file) : boundKey(input, m.materialOf.key)?.material;
    if (other === undefined || !equalBytes(k.material, other)) return false;
  }
  if (m.kcvOf !== undefined) {
    const other = boundKey(input, m.kcvOf);
    if (other === undefined || other.kcv === '' || other.kcv !== k.kcv) return false;
  }
  if (m.is !== undefined) {
    const other = boundKey(input, m.is);
    if (other === undefined || keyId(other) !== keyId(k)) return false;
  }
  if (m.notAny !== undefined) {
    for (const name of m.notAny) {
      const other = boundKey(input, name);
      if (other !== undefined && keyId(other) === keyId(k)) return false;
    }
  }
  return true;
}

/** The newest of `keys`: the highest handle created since the step began, else the highest handle. */
function newest(keys: FactKey[], before: ReadonlySet<string> | undefined): FactKey {
  const fresh = before === undefined ? [] : keys.filter((k) => !before.has(keyId(k)));
  const pool = fresh.length > 0 ? fresh : keys;
  return pool.reduce((a, b) => (b.handle > a.handle ? b : a));
}

/** Check one goal. */
export function evaluateGoal(goal: Goal, input: GoalInput): GoalResult {
  const { facts, event } = input;
  switch (goal.kind) {
    case 'key': {
      const keys = (clusterOf(facts, goal.match.cluster)?.keys ?? []).filter((k) => keyMatches(k, goal.match, input));
      if (goal.absent) return { met: keys.length === 0 };
      if (keys.length === 0) return { met: false };
      if (goal.bind === undefined) return { met: true };
      const k = newest(keys, input.before);
      return { met: true, bind: { name: goal.bind, handle: k.handle, cluster: k.cluster } };
    }
    case 'file': {
      const data = fileData(facts, goal.path);
      if (goal.exists === false) return { met: data === undefined };
      if (data === undefined) return { met: false };
      if (goal.size !== undefined && data.length !== goal.size) return { met: false };
      if (goal.sameAs !== undefined) {
        const other = 'file' in goal.sameAs ? fileData(facts, goal.sameAs.file) : boundKey(input, goal.sameAs.key)?.material;
        if (other === undefined || !equalBytes(data, other)) return { met: false };
      }
      return { met: true };
    }
    case 'kcv-equal': {
      const a = boundKey(input, goal.a);
      const b = boundKey(input, goal.b);
      return { met: a !== undefined && b !== undefined && a.kcv !== '' && a.kcv === b.kcv };
    }
    case 'user': {
      const u = clusterOf(facts, goal.cluster)?.users.find((x) => x.name === goal.name);
      if (goal.exists === false) return { met: u === undefined };
      if (u === undefined) return { met: false };
      if (goal.locked !== undefined && u.locked !== goal.locked) return { met: false };
      if (goal.type !== undefined && u.type !== goal.type) return { met: false };
      return { met: true };
    }
    case 'code': {
      if (event === null || !event.codes.includes(goal.code)) return { met: false };
      if (goal.program !== undefined && event.program !== goal.program) return { met: false };
      if (goal.command !== undefined && (event.command ?? '').toLowerCase() !== goal.command.toLowerCase()) return { met: false };
      return { met: true };
    }
    case 'program':
      return { met: facts.program === goal.program && (goal.user === undefined || facts.user?.name === goal.user) };
    case 'hsm': {
      const h = clusterOf(facts, goal.cluster)?.hsms.find((x) => x.node === goal.node);
      return { met: h !== undefined && h.state === goal.state };
    }
    default:
      return { met: false }; // a goal kind this engine does not know is never met
  }
}

export interface StepCheck {
  results: GoalResult[];
  /** The bindings with those of this step's met goals added (later goals of the step see earlier ones). */
  bindings: Bindings;
  /** Every goal met at once. */
  done: boolean;
}

/** Check a step's goals in order; a goal sees the keys bound by the goals before it. */
export function evaluateGoals(goals: readonly Goal[], input: GoalInput): StepCheck {
  const bindings: Bindings = { ...input.bindings };
  const results: GoalResult[] = [];
  for (const g of goals) {
    const r = evaluateGoal(g, { ...input, bindings });
    if (r.met && r.bind && BIND_NAME.test(r.bind.name)) bindings[r.bind.name] = r.bind.handle;
    results.push(r);
  }
  return { results, bindings, done: results.length > 0 && results.every((r) => r.met) };
}
