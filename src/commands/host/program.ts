/**
 * The client host's shell as a program of the console (prompt `$ `, spec README decisions 2 and
 * 7): its own small commands, `>`/`>>` redirection of their standard output into a virtual file,
 * and the commands that start key_mgmt_util and cloudhsm_mgmt_util.
 */
import { argSlot, commandSlot, explainSlot, isExplain, NOTHING } from '../completion';
import { tokenize } from '../flags';
import { readFile, resolvePath, writeFile } from '../../hsm/vfs';
import type { Program, ProgramContext, ProgramRun } from '../program';
import { findHostCommand, HOST_COMMANDS, hostCommandNames, hostSecretTokens, missingCommandText } from './index';

export const hostProgram: Program = {
  id: 'host',
  name: 'sh',
  prompt: () => '$ ',
  commands: () => HOST_COMMANDS.map((c) => ({ name: c.name, summary: c.summary, args: c.args, ...(c.options ? { options: c.options } : {}) })),
  secretTokens: (tokens) => hostSecretTokens(tokens),
  complete(before, word) {
    if (before.length === 0) return commandSlot(hostCommandNames());
    // `> FILE` / `>> FILE`: a redirection's target, whatever the command
    if (/^>>?$/.test(before[before.length - 1]!)) return { words: [], kind: 'file' };
    if (isExplain(before)) return explainSlot(before);
    const cmd = findHostCommand(before[0]!);
    if (cmd?.complete) return cmd.complete(splitRedirect(before).args, word);
    return cmd ? argSlot(cmd.args, splitRedirect(before).args, cmd.options, word) : NOTHING;
  },
  failureText: (message) => `Error: ${message}\n`,
  interruptedText: '\n',

  async run(ctx: ProgramContext, line: string): Promise<ProgramRun> {
    const { hsm, terminal } = ctx;
    const { args: tokens, redirect } = splitRedirect(tokenize(line));
    const [name, ...args] = tokens;
    if (name === undefined) {
      return { text: redirect ? 'syntax error near unexpected token `newline\'\n' : '', command: null, codes: [] };
    }
    const cmd = findHostCommand(name);
    if (!cmd) {
      return { text: `${missingCommandText(name)}\n`, command: null, codes: [] };
    }
    const result = await cmd.run({
      hsm, terminal, cwd: terminal.cwd, clear: () => ctx.io.clear(), readLine: (p, h) => ctx.io.readLine(p, h),
      spawn: (id, setup) => ctx.io.spawn(id, setup), ...(ctx.io.files ? { files: ctx.io.files } : {}),
    }, args);
    if (result.cwd !== undefined) terminal.cwd = result.cwd;
    let stdout = result.output;
    if (redirect) {
      stdout = '';
      const path = resolvePath(terminal.cwd, redirect.file);
      const written = await hsm.transact(async (tx) => {
        const old = redirect.append ? (await readFile(tx, path)) ?? new Uint8Array(0) : new Uint8Array(0);
        const data = new TextEncoder().encode(result.output);
        const both = new Uint8Array(old.length + data.length);
        both.set(old);
        both.set(data, old.length);
        return writeFile(tx, path, both, hsm.deps.clock.now());
      });
      if (written !== 'ok') stdout = `${redirect.file}: ${written === 'is-dir' ? 'Is a directory' : 'No such file or directory'}\n`;
    }
    const text = stdout + (result.stderr ?? '');
    const codes = [...(result.codes ?? [])];
    return result.enter ? { text, command: cmd.name, codes, next: result.enter } : { text, command: cmd.name, codes };
  },
};

/** `cmd args > file`, `>> file`, `>file`: the last redirection wins (a shell convenience). */
function splitRedirect(tokens: readonly string[]): { args: string[]; redirect?: { file: string; append: boolean } } {
  const args: string[] = [];
  let redirect: { file: string; append: boolean } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const m = /^(>>?)(.*)$/.exec(t);
    if (!m) {
      args.push(t);
      continue;
    }
    const file = m[2] !== '' ? m[2]! : tokens[++i];
    if (file === undefined) return { args: [], redirect: { file: '', append: false } };
    redirect = { file, append: m[1] === '>>' };
  }
  return redirect ? { args, redirect } : { args };
}
