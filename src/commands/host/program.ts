/**
 * The client host's shell as a program of the console (prompt `$ `, spec README decisions 2 and
 * 7): its own small commands and the tools, with a small part of bash's grammar (syntax.ts):
 * pipes `a | b | c` (a command's standard output is the next one's standard input), lists with
 * `;`, `&&`, `||`, `for NAME in WORDS; do …; done`, quoting, `$NAME` / `$?`, brace ranges, and
 * redirections `> FILE`, `>> FILE`, `< FILE`, `2> FILE`, `2>&1`, `>&2`, `/dev/null`. A line that is not complete yet (inside a quote or a
 * `for` before its `done`, after `|`) asks for the rest with bash's `> ` prompt; Ctrl-C there
 * abandons it. Every command has an exit status (0/1/2 as GNU; 127 not found) that `$?` reads and
 * the command event carries.
 *
 * What the prompt needs loads with the page: the prompt itself (`$ `, or `> ` while a line is
 * continued), completion, the redaction rule and Ctrl-C at `> `. The grammar and its runner
 * (./program-run.ts, ./syntax.ts) load when the first line is entered: whether a line is complete
 * is decided there, after Enter, as it always was (run is asynchronous).
 */
import { argSlot, commandSlot, explainSlot, isExplain, NOTHING } from '../completion';
import type { Program, ProgramContext, ProgramRun } from '../program';
import { secretTokensAnywhere } from '../programs';
import { findHostCommand, HOST_COMMANDS, hostCommandNames, hostSecretTokens } from './index';
import { commandStarts } from './command-starts';
import { pending } from './shell-state';

export const hostProgram: Program = {
  id: 'host',
  name: 'sh',
  prompt: (terminal) => (pending.has(terminal) ? '> ' : '$ '),
  commands: () => HOST_COMMANDS.map((c) => ({ name: c.name, summary: c.summary, args: c.args, ...(c.options ? { options: c.options } : {}) })),
  /**
   * The secrets of every command of the line (its command's table: singlecmd's -p), in a pipeline
   * or a loop as at the line's start; after the first command, every program's rule as well (the
   * console applies that one to the line's start itself).
   */
  secretTokens(tokens) {
    const out = new Set<number>();
    for (const s of commandStarts(tokens)) {
      // the command ends at a separator (the double-quote tokenizer keeps `x;` as one token)
      let e = s;
      while (e < tokens.length && !['|', ';', '&&', '||', 'done'].includes(tokens[e]!)) {
        if (/[;|&]$/.test(tokens[e]!)) {
          e++;
          break;
        }
        e++;
      }
      const seg = tokens.slice(s, e).map((t) => t.replace(/[;|&]+$/, ''));
      for (const i of hostSecretTokens(seg)) out.add(s + i);
      if (s > 0) for (const i of secretTokensAnywhere(seg)) out.add(s + i);
    }
    return [...out].sort((a, b) => a - b);
  },
  complete(beforeAll, word) {
    // the command being typed starts after the last separator (a pipe, a list, a loop's `do`)
    let cut = 0;
    beforeAll.forEach((t, i) => {
      if (['|', ';', '&&', '||', 'do', 'then'].includes(t) || /[;|]$/.test(t)) cut = i + 1;
    });
    const before = beforeAll.slice(cut);
    if (before.length === 0) return commandSlot(hostCommandNames());
    // `> FILE` / `>> FILE` / `< FILE`: a redirection's target, whatever the command
    if (/^(>>?|<)$/.test(before[before.length - 1]!)) return { words: [], kind: 'file' };
    if (isExplain(before)) return explainSlot(before);
    const cmd = findHostCommand(before[0]!);
    if (cmd?.complete) return cmd.complete(withoutRedirections(before), word);
    return cmd ? argSlot(cmd.args, withoutRedirections(before), cmd.options, word) : NOTHING;
  },
  failureText: (message) => `Error: ${message}\n`,
  interruptedText: '\n',

  // the grammar and its runner load on first use (the page's first script stays small)
  async run(ctx: ProgramContext, line: string): Promise<ProgramRun> {
    const signal = ctx.hsm.signal;
    const stoppedBefore = signal?.aborted === true;
    const { runLine } = await import('./program-run');
    // Ctrl-C while the runner loads (the first line typed) stops the line before any of it runs,
    // a line being continued included: the next prompt is `$ `
    if (!stoppedBefore) signal?.throwIfAborted();
    return runLine(ctx, line);
  },

  abandonInput(terminal) {
    pending.delete(terminal);
  },
};

/** The words of a command line without its redirections (for completion). */
function withoutRedirections(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (/^(>>?|<)$/.test(t)) i++;
    else if (!/^(>>?|<)./.test(t)) out.push(t);
  }
  return out;
}
