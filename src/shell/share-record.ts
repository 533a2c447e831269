/**
 * What a share link carries (issue 15, item 1), recorded as the learner types: every line a
 * terminal's console receives, in order, after the one redaction rule (src/shell/events.ts) — a
 * command line with its secrets masked, the answer to a question (y/n), a hidden line (a password
 * read) as a placeholder. The published passwords of the default users (co12345, example_pwd:
 * spec README decision 1, shown by the welcome) are kept as typed, so a replay asks only for the
 * others. Nothing else is kept: no raw password stays here.
 *
 * Loaded after the page's first prompt (src/main.ts holds a terminal's first line until it is
 * here); encoding, decoding and replay are in src/shell/share.ts, loaded when a share dialog opens.
 */
import type { ConsoleSession } from './session';

/**
 * The mask of the redaction rule (src/shell/events.ts REDACTED; test/shell/share.test.ts checks they
 * are equal). Not imported: this module loads apart from the first script, and an import of
 * events.ts would split it out of that script into a chunk of its own.
 */
const MASK = '********';

/** c: a command line; a: an answer to a question; p: a hidden line (its value only when published); x: the question was cancelled (Ctrl-C). */
export type Step = ['c' | 'a', string] | ['p'] | ['p', string] | ['x'];

/** The passwords anyone may know: the default users' (admin: co12345, example_user: example_pwd). */
export const PUBLISHED = ['co12345', 'example_pwd'];

const published = (token: string) => PUBLISHED.includes(token.replace(/^"(.*)"$/, '$1'));

/**
 * The redacted line with every mask whose typed word was a published password given back as typed.
 * Lines are compared word by word (blanks separate); where they do not line up word for word (a
 * quoted password with a blank in it) the redacted line stays as it is. Only a published password is
 * ever given back.
 */
export function keepPublished(raw: string, redacted: string): string {
  if (raw === redacted) return raw;
  const a = raw.split(/([ \t]+)/);
  const b = redacted.split(/([ \t]+)/);
  if (a.length !== b.length) return redacted;
  return b.map((word, i) => {
    const typed = a[i]!;
    const kept = word.slice(0, -MASK.length); // (the mask's kept prefix: --password=, CLOUDHSM_PIN=user:)
    return word.endsWith(MASK) && typed !== word && typed.startsWith(kept) && published(typed.slice(kept.length)) ? typed : word;
  }).join('');
}

interface Log {
  steps: Step[];
  /** Submits finished (a replay waits for each of its lines). */
  done: number;
}

const logs = new WeakMap<object, Log>();

/**
 * Record what `session` receives from now on (src/main.ts does for every terminal); returns it.
 * `submit` is the session's own (by default its current one).
 */
export function recordTyped<S extends ConsoleSession>(recorded: S, submit: ConsoleSession['submit'] = recorded.submit.bind(recorded)): S {
  const session: ConsoleSession = recorded;
  if (logs.has(session)) return recorded;
  const log: Log = { steps: [], done: 0 };
  logs.set(session, log);
  let answering = false;
  let ended = false;
  session.onEvent?.(() => (ended = true));
  session.submit = async (line: string) => {
    const hidden = session.inputMode === 'hidden';
    log.steps.push(hidden ? (published(line) ? ['p', line] : ['p']) : answering ? ['a', line] : ['c', keepPublished(line, session.redact?.(line) ?? line)]);
    ended = false;
    try {
      await submit(line);
    } finally {
      answering = !ended;
      log.done++;
    }
  };
  const interrupt = session.interrupt?.bind(session);
  if (interrupt) {
    session.interrupt = () => {
      const stopped = interrupt();
      if (stopped && answering) log.steps.push(['x']);
      answering = false;
      return stopped;
    };
  }
  const reset = session.reset?.bind(session);
  if (reset) {
    session.reset = async () => {
      await reset();
      log.steps = []; // a fresh playground: what came before is not part of its story
      answering = false;
    };
  }
  return recorded;
}

/** What `session` received since it was opened or last reset (undefined: not recorded). */
export function typedSteps(session: object | undefined): Step[] | undefined {
  const log = session ? logs.get(session) : undefined;
  return log ? [...log.steps] : undefined;
}

/** How many submits `session` has finished (a replay counts its lines with it). */
export function submitsDone(session: object): number {
  return logs.get(session)?.done ?? 0;
}
