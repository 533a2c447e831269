/**
 * What a share link carries (issue 15, item 1), recorded as the learner types: every line a
 * terminal's console receives, in order, after the one redaction rule (src/shell/events.ts) — a
 * command line with its secrets masked, the answer to a question (y/n), a hidden line (a password
 * read) as a placeholder. The published passwords of the default users (co12345, example_pwd:
 * spec README decision 1, shown by the welcome) are kept as typed, so a replay asks only for the
 * others. Nothing else is kept: no raw password stays here.
 *
 * Small on purpose (it is in the page's first script); encoding, decoding and replay are in
 * src/shell/share.ts, loaded when a share dialog opens.
 */
import type { ConsoleSession } from './session';
import { isRedacted, REDACTED, tokenSpans } from './events';

/** c: a command line; a: an answer to a question; p: a hidden line (its value only when published); x: the question was cancelled (Ctrl-C). */
export type Step = ['c' | 'a', string] | ['p'] | ['p', string] | ['x'];

/** The passwords anyone may know: the default users' (admin: co12345, example_user: example_pwd). */
export const PUBLISHED = ['co12345', 'example_pwd'];

const published = (token: string) => PUBLISHED.includes(token.replace(/^"(.*)"$/, '$1'));

/** The redacted line with every mask whose typed token was a published password given back as typed. */
export function keepPublished(raw: string, redacted: string): string {
  if (raw === redacted) return raw;
  const a = tokenSpans(raw);
  const b = tokenSpans(redacted);
  if (a.length !== b.length) return redacted;
  let out = '';
  let at = 0;
  b.forEach((s, i) => {
    const tok = redacted.slice(s.start, s.end);
    const typed = raw.slice(a[i]!.start, a[i]!.end);
    if (!isRedacted(tok) || typed === tok || !published(typed.slice(tok.length - REDACTED.length))) return;
    out += redacted.slice(at, s.start) + typed;
    at = s.end;
  });
  return out + redacted.slice(at);
}

interface Log {
  steps: Step[];
  /** Submits finished (a replay waits for each of its lines). */
  done: number;
}

const logs = new WeakMap<object, Log>();

/** Record what `session` receives from now on (src/main.ts does for every terminal); returns it. */
export function recordTyped<S extends ConsoleSession>(recorded: S): S {
  const session: ConsoleSession = recorded;
  const log: Log = { steps: [], done: 0 };
  logs.set(session, log);
  let answering = false;
  let ended = false;
  session.onEvent?.(() => (ended = true));
  const submit = session.submit.bind(session);
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
