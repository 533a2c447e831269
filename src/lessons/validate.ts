/**
 * Is a lesson file well formed (issue 13)? Plain data only (no functions, getters, class
 * instances or cycles anywhere in it), ids and names as the format says, every step with goals,
 * hints and a solution, every step that does not teach a refusal with at least one goal on the
 * model's state, every key a goal, text or solution line refers to bound before it is used, no
 * unknown fields (a typo is a problem, not a silently free goal), and no HTML-looking text or
 * links the panel would not open. Returns the problems, one sentence each; [] when it is valid.
 */
import { ANSWER_PREFIX, STATE_GOALS, type Goal } from './format';
import { BIND_NAME, placeholderNames } from './goals';
import { parseLessonText, safeHref } from './text';

const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const KIND_FIELDS: Readonly<Record<Goal['kind'], readonly string[]>> = {
  key: ['kind', 'text', 'match', 'bind', 'absent'],
  file: ['kind', 'text', 'path', 'exists', 'size', 'sameAs'],
  'kcv-equal': ['kind', 'text', 'a', 'b'],
  user: ['kind', 'text', 'name', 'cluster', 'exists', 'locked', 'type'],
  code: ['kind', 'text', 'code', 'program', 'command'],
  program: ['kind', 'text', 'program', 'user'],
  hsm: ['kind', 'text', 'cluster', 'node', 'state'],
};
const MATCH_FIELDS = new Set(['cluster', 'label', 'id', 'keyClass', 'keyType', 'size', 'token', 'local', 'extractable', 'trusted',
  'wrapWithTrusted', 'owner', 'sharedWith', 'unshared', 'materialOf', 'kcvOf', 'is', 'notAny']);
const MATCH_BOOLS = ['token', 'local', 'extractable', 'trusted', 'wrapWithTrusted', 'unshared'];
const MATCH_STRINGS = ['cluster', 'label', 'id', 'owner', 'sharedWith'];
const KEY_CLASSES = new Set(['secret', 'public', 'private']);
const KEY_TYPES = new Set(['AES', '3DES', 'GENERIC_SECRET', 'RSA', 'EC', 'DSA']);
const PROGRAMS = new Set(['host', 'kmu', 'cmu', 'cli']);
const USER_TYPES = new Set(['CO', 'CU', 'AU', 'PCO', 'PRECO']);
const LESSON_FIELDS = new Set(['id', 'title', 'summary', 'start', 'steps', 'source']);
const STEP_FIELDS = new Set(['title', 'text', 'goals', 'hints', 'solution', 'refusal']);
const SCENARIO_FIELDS = new Set(['hsms', 'nextIndex', 'servingNode', 'handles', 'keys', 'files', 'users', 'clusters', 'down', 'seed']);
const SCENARIO_KEY_FIELDS = new Set(['handle', 'keyType', 'value', 'label', 'id', 'owner', 'shared', 'extractable', 'local', 'mValue', 'trusted', 'wrapWithTrusted']);
const SCENARIO_USER_FIELDS = new Set(['userId', 'name', 'type', 'password']);
const SCENARIO_CLUSTER_FIELDS = new Set(['id', 'hsms', 'nextIndex', 'keys', 'users']);
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Problems with `value` as plain data: objects, arrays, strings, finite numbers, booleans, null. */
export function plainDataProblems(value: unknown, path = 'lesson'): string[] {
  const out: string[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown, at: string): void => {
    if (v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) out.push(`${at} is not a finite number`);
      return;
    }
    if (typeof v !== 'object') {
      out.push(`${at} is a ${typeof v}: a lesson is plain data`);
      return;
    }
    if (seen.has(v)) {
      out.push(`${at} refers back to an object already in the lesson`);
      return;
    }
    seen.add(v);
    const proto = Object.getPrototypeOf(v) as unknown;
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) {
      out.push(`${at} is an instance of a class: a lesson is plain data`);
      return;
    }
    if (Object.getOwnPropertySymbols(v).length > 0) out.push(`${at} has symbol keys`);
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(v))) {
      if (Array.isArray(v) && k === 'length') continue;
      if (!('value' in d)) {
        out.push(`${at}.${k} is a getter or setter: a lesson is plain data`);
        continue;
      }
      walk(d.value, Array.isArray(v) ? `${at}[${k}]` : `${at}.${k}`);
    }
  };
  walk(value, path);
  return out;
}

/** Text the panel shows: tags outside `code` look like HTML, and links must be http(s). */
function textProblems(text: unknown, at: string): string[] {
  if (typeof text !== 'string') return [`${at} is not text`];
  const out: string[] = [];
  for (const p of parseLessonText(text)) {
    for (const s of p) {
      if (s.kind !== 'code' && /<\/?[A-Za-z!?]/.test(s.text)) out.push(`${at} looks like HTML ("${s.text.slice(0, 40)}"); lesson text is never HTML: write it in \`code\``);
    }
  }
  for (const m of text.matchAll(/\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g)) {
    if (safeHref(m[2]!) === null) out.push(`${at} links to "${m[2]}": only http: and https: links are shown`);
  }
  return out;
}

function unknownFields(o: Obj, known: ReadonlySet<string> | readonly string[], at: string): string[] {
  const set = known instanceof Set ? known : new Set(known as readonly string[]);
  return Object.keys(o).filter((k) => !set.has(k)).map((k) => `${at} has an unknown field "${k}"`);
}

function scenarioProblems(s: unknown): string[] {
  if (!isObj(s)) return ['start is not a scenario object'];
  const out = unknownFields(s, SCENARIO_FIELDS, 'start');
  const keys = (list: unknown, at: string) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) return void out.push(`${at} is not a list`);
    const handles = new Set<number>();
    list.forEach((k: unknown, i) => {
      const where = `${at}[${i}]`;
      if (!isObj(k)) return void out.push(`${where} is not a key`);
      out.push(...unknownFields(k, SCENARIO_KEY_FIELDS, where));
      if (!isInt(k['handle']) || (k['handle'] as number) <= 5) out.push(`${where}.handle must be an integer above 5`);
      else if (handles.has(k['handle'] as number)) out.push(`${where}.handle ${String(k['handle'])} is used twice`);
      else handles.add(k['handle'] as number);
      if (!['AES', '3DES', 'GENERIC_SECRET'].includes(k['keyType'] as string)) out.push(`${where}.keyType must be AES, 3DES or GENERIC_SECRET`);
      if (typeof k['value'] !== 'string' || !HEX.test(k['value']) || k['value'] === '') out.push(`${where}.value must be hex`);
      if (typeof k['label'] !== 'string') out.push(`${where}.label must be text`);
      if (!isInt(k['owner'])) out.push(`${where}.owner must be a user id`);
    });
  };
  const users = (list: unknown, at: string) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) return void out.push(`${at} is not a list`);
    list.forEach((u: unknown, i) => {
      const where = `${at}[${i}]`;
      if (!isObj(u)) return void out.push(`${where} is not a user`);
      out.push(...unknownFields(u, SCENARIO_USER_FIELDS, where));
      if (!isInt(u['userId']) || (u['userId'] as number) < 4) out.push(`${where}.userId must be an integer from 4 up`);
      if (!nonEmpty(u['name'])) out.push(`${where}.name must be a name`);
      if (!USER_TYPES.has(u['type'] as string)) out.push(`${where}.type must be CO, CU, AU, PCO or PRECO`);
      if (!nonEmpty(u['password'])) out.push(`${where}.password must be given`);
    });
  };
  keys(s['keys'], 'start.keys');
  users(s['users'], 'start.users');
  if (s['files'] !== undefined) {
    if (!isObj(s['files'])) out.push('start.files is not an object of path → hex');
    else for (const [p, hex] of Object.entries(s['files'])) if (typeof hex !== 'string' || !HEX.test(hex)) out.push(`start.files["${p}"] must be hex`);
  }
  if (s['down'] !== undefined && (!Array.isArray(s['down']) || !s['down'].every(isInt))) out.push('start.down must be a list of node ids');
  if (s['seed'] !== undefined && !isInt(s['seed'])) out.push('start.seed must be an integer');
  if (s['handles'] !== undefined && s['handles'] !== 'realistic' && s['handles'] !== 'simple') out.push('start.handles must be realistic or simple');
  for (const f of ['hsms', 'nextIndex', 'servingNode']) if (s[f] !== undefined && !isInt(s[f])) out.push(`start.${f} must be an integer`);
  if (s['clusters'] !== undefined) {
    if (!Array.isArray(s['clusters'])) out.push('start.clusters is not a list');
    else {
      const ids = new Set<string>(['cluster-1']);
      s['clusters'].forEach((c: unknown, i) => {
        const where = `start.clusters[${i}]`;
        if (!isObj(c)) return void out.push(`${where} is not a cluster`);
        out.push(...unknownFields(c, SCENARIO_CLUSTER_FIELDS, where));
        if (!nonEmpty(c['id']) || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(c['id'])) out.push(`${where}.id must be a cluster name`);
        else if (ids.has(c['id'])) out.push(`${where}.id ${c['id']} is used twice`);
        else ids.add(c['id']);
        keys(c['keys'], `${where}.keys`);
        users(c['users'], `${where}.users`);
      });
    }
  }
  return out;
}

/** The names a goal refers to (bound keys it reads). */
function goalRefs(g: Goal): string[] {
  switch (g.kind) {
    case 'key': {
      const m = g.match;
      const refs: string[] = [];
      if (m.materialOf && 'key' in m.materialOf) refs.push(m.materialOf.key);
      if (m.kcvOf !== undefined) refs.push(m.kcvOf);
      if (m.is !== undefined) refs.push(m.is);
      if (Array.isArray(m.notAny)) refs.push(...m.notAny);
      return refs;
    }
    case 'file':
      return g.sameAs && 'key' in g.sameAs ? [g.sameAs.key] : [];
    case 'kcv-equal':
      return [g.a, g.b];
    default:
      return [];
  }
}

function goalProblems(g: unknown, at: string): string[] {
  if (!isObj(g)) return [`${at} is not a goal`];
  const kind = g['kind'];
  if (typeof kind !== 'string' || !Object.hasOwn(KIND_FIELDS, kind)) return [`${at} has an unknown kind "${String(kind)}"`];
  const out = unknownFields(g, KIND_FIELDS[kind as Goal['kind']], at);
  if (!nonEmpty(g['text'])) out.push(`${at}.text must say the goal in words`);
  else out.push(...textProblems(g['text'], `${at}.text`));
  const optBool = (f: string) => g[f] !== undefined && typeof g[f] !== 'boolean' && out.push(`${at}.${f} must be true or false`);
  const optStr = (f: string) => g[f] !== undefined && !nonEmpty(g[f]) && out.push(`${at}.${f} must be text`);
  const ref = (v: unknown, f: string) => (typeof v !== 'string' || !BIND_NAME.test(v)) && out.push(`${at}.${f} must be a bound key's name`);
  switch (kind) {
    case 'key': {
      const m = g['match'];
      if (!isObj(m)) {
        out.push(`${at}.match must be an object`);
        break;
      }
      out.push(...unknownFields(m, MATCH_FIELDS, `${at}.match`));
      for (const f of MATCH_BOOLS) if (m[f] !== undefined && typeof m[f] !== 'boolean') out.push(`${at}.match.${f} must be true or false`);
      for (const f of MATCH_STRINGS) if (m[f] !== undefined && typeof m[f] !== 'string') out.push(`${at}.match.${f} must be text`);
      if (m['keyClass'] !== undefined && !KEY_CLASSES.has(m['keyClass'] as string)) out.push(`${at}.match.keyClass must be secret, public or private`);
      if (m['keyType'] !== undefined && !KEY_TYPES.has(m['keyType'] as string)) out.push(`${at}.match.keyType is not a key type`);
      if (m['size'] !== undefined && !isInt(m['size'])) out.push(`${at}.match.size must be an integer`);
      const mo = m['materialOf'];
      if (mo !== undefined) {
        if (!isObj(mo) || Object.keys(mo).length !== 1 || !(nonEmpty(mo['file']) || typeof mo['key'] === 'string')) out.push(`${at}.match.materialOf must be { file } or { key }`);
        else if (mo['key'] !== undefined) ref(mo['key'], 'match.materialOf.key');
      }
      if (m['kcvOf'] !== undefined) ref(m['kcvOf'], 'match.kcvOf');
      if (m['is'] !== undefined) ref(m['is'], 'match.is');
      if (m['notAny'] !== undefined) {
        if (!Array.isArray(m['notAny'])) out.push(`${at}.match.notAny must be a list of names`);
        else m['notAny'].forEach((n: unknown, i) => ref(n, `match.notAny[${i}]`));
      }
      if (g['bind'] !== undefined) ref(g['bind'], 'bind');
      optBool('absent');
      if (g['absent'] === true && g['bind'] !== undefined) out.push(`${at} binds a key it requires to be absent`);
      break;
    }
    case 'file': {
      if (!nonEmpty(g['path'])) out.push(`${at}.path must be a path`);
      optBool('exists');
      if (g['size'] !== undefined && !isInt(g['size'])) out.push(`${at}.size must be an integer`);
      const sa = g['sameAs'];
      if (sa !== undefined) {
        if (!isObj(sa) || Object.keys(sa).length !== 1 || !(nonEmpty(sa['file']) || typeof sa['key'] === 'string')) out.push(`${at}.sameAs must be { file } or { key }`);
        else if (sa['key'] !== undefined) ref(sa['key'], 'sameAs.key');
      }
      break;
    }
    case 'kcv-equal':
      ref(g['a'], 'a');
      ref(g['b'], 'b');
      break;
    case 'user':
      if (!nonEmpty(g['name'])) out.push(`${at}.name must be a user name`);
      optStr('cluster');
      optBool('exists');
      optBool('locked');
      if (g['type'] !== undefined && !USER_TYPES.has(g['type'] as string)) out.push(`${at}.type must be CO, CU, AU, PCO or PRECO`);
      break;
    case 'code':
      if (!isInt(g['code']) || (g['code'] as number) < 0) out.push(`${at}.code must be a return code`);
      if (g['program'] !== undefined && !PROGRAMS.has(g['program'] as string)) out.push(`${at}.program must be host, kmu, cmu or cli`);
      optStr('command');
      break;
    case 'program':
      if (!PROGRAMS.has(g['program'] as string)) out.push(`${at}.program must be host, kmu, cmu or cli`);
      optStr('user');
      break;
    case 'hsm':
      optStr('cluster');
      if (!isInt(g['node']) || (g['node'] as number) < 0) out.push(`${at}.node must be a node id`);
      if (g['state'] !== 'up' && g['state'] !== 'down') out.push(`${at}.state must be up or down`);
      break;
  }
  return out;
}

/** The problems of a lesson file ([] when it is valid). */
export function validateLesson(lesson: unknown): string[] {
  const plain = plainDataProblems(lesson);
  if (plain.length > 0) return plain;
  if (!isObj(lesson)) return ['a lesson is an object'];
  const out = unknownFields(lesson, LESSON_FIELDS, 'lesson');
  if (typeof lesson['id'] !== 'string' || !LESSON_ID.test(lesson['id'])) out.push('lesson.id must be lower-case letters, digits and -');
  if (!nonEmpty(lesson['title'])) out.push('lesson.title must be given');
  else out.push(...textProblems(lesson['title'], 'lesson.title'));
  if (!nonEmpty(lesson['summary'])) out.push('lesson.summary must be given');
  else out.push(...textProblems(lesson['summary'], 'lesson.summary'));
  out.push(...scenarioProblems(lesson['start']));
  const source = lesson['source'];
  if (source !== undefined && (!isObj(source) || !nonEmpty(source['title']) || typeof source['url'] !== 'string' || safeHref(source['url']) === null)) {
    out.push('lesson.source must be { title, url } with an http(s) url');
  }
  const steps = lesson['steps'];
  if (!Array.isArray(steps) || steps.length === 0) return [...out, 'lesson.steps must list at least one step'];

  const bound = new Set<string>(); // names bound by earlier steps
  steps.forEach((st: unknown, si) => {
    const at = `step ${si + 1}`;
    if (!isObj(st)) return void out.push(`${at} is not a step`);
    out.push(...unknownFields(st, STEP_FIELDS, at));
    const unbound = (names: string[], where: string, known: ReadonlySet<string>) => {
      for (const n of names) if (!known.has(n)) out.push(`${where} refers to {${n}}, which no earlier goal binds`);
    };
    for (const f of ['title', 'text'] as const) {
      if (!nonEmpty(st[f])) out.push(`${at}.${f} must be given`);
      else {
        out.push(...textProblems(st[f], `${at}.${f}`));
        unbound(placeholderNames(st[f]), `${at}.${f}`, bound);
      }
    }
    if (st['refusal'] !== undefined && typeof st['refusal'] !== 'boolean') out.push(`${at}.refusal must be true or false`);
    const hints = st['hints'];
    if (!Array.isArray(hints)) out.push(`${at}.hints must be a list (it may be empty)`);
    else hints.forEach((h: unknown, i) => {
      if (!nonEmpty(h)) return void out.push(`${at}.hints[${i}] must be text`);
      out.push(...textProblems(h, `${at}.hints[${i}]`));
      unbound(placeholderNames(h), `${at}.hints[${i}]`, bound);
    });

    const goals = st['goals'];
    const stepBound = new Set(bound); // grows goal by goal
    if (!Array.isArray(goals) || goals.length === 0) out.push(`${at}.goals must list at least one goal`);
    else {
      goals.forEach((g: unknown, gi) => {
        const gat = `${at} goal ${gi + 1}`;
        const problems = goalProblems(g, gat);
        out.push(...problems);
        if (problems.length > 0) return;
        const goal = g as Goal;
        unbound(goalRefs(goal), gat, stepBound);
        unbound(placeholderNames(goal.text), `${gat}.text`, stepBound);
        if (goal.kind === 'key' && goal.bind !== undefined) {
          if (stepBound.has(goal.bind)) out.push(`${gat} binds {${goal.bind}} again; every name is bound once`);
          stepBound.add(goal.bind);
        }
      });
      const state = goals.some((g: unknown) => isObj(g) && STATE_GOALS.has(g['kind'] as Goal['kind']));
      if (!state && st['refusal'] !== true) out.push(`${at} has no goal on the model's state (a key, file, user or KCV); only a step that teaches a refusal (refusal: true) may do without`);
    }

    const solution = st['solution'];
    if (!Array.isArray(solution) || solution.length === 0) out.push(`${at}.solution must list at least one line`);
    else solution.forEach((line: unknown, i) => {
      const lat = `${at}.solution[${i}]`;
      if (!nonEmpty(line)) return void out.push(`${lat} must be a command line`);
      if (/[\n\r\u0000-\u001f\u007f]/.test(line)) out.push(`${lat} must be one line without control characters`);
      if (line.startsWith(ANSWER_PREFIX) && i === 0) out.push(`${lat} answers a question, but no command comes before it`);
      unbound(placeholderNames(line), lat, stepBound);
    });
    for (const n of stepBound) bound.add(n);
  });
  return out;
}
