/** What `key_mgmt_util` does: start the tool, or its singlecmd mode (the table and command are in key-mgmt-util.ts; this loads on first use). */
import { argSlot, flagSlot, NOTHING } from '../completion';
import { findKmuCommand, KMU_COMMANDS } from '../kmu/index';
import type { CompletionSlot, ProgramRun } from '../program';
import { out, type HostContext, type HostResult } from './command';
import { ARGS, EARLY, SINGLE, singleStart } from './key-mgmt-util';

/**
 * Tab after `singlecmd`: key_mgmt_util's own tables — its command names, then the flags of the
 * command being typed (and the value a flag takes); after the first line's flags, the second
 * command's name too.
 */
export function singleCmdSlot(before: readonly string[], word: string): CompletionSlot {
  const rest = before.slice(1);
  const at = singleStart(rest);
  if (at < 0) return rest.length === 1 && rest[0] === EARLY ? { words: [SINGLE], kind: 'none' } : argSlot(ARGS, before, [], word);
  const lines = splitSingleCmd(rest.slice(at));
  const names = KMU_COMMANDS.map((c) => c.name);
  const last = lines[lines.length - 1];
  if (!last) return { words: names, kind: 'none', caseless: true };
  const cmd = findKmuCommand(last[0]!);
  if (!cmd) return NOTHING;
  const prev = last[last.length - 1]!;
  if (last.length >= 2 && cmd.flags.some((f) => f.flag === prev && f.arg !== undefined)) return flagSlot(cmd.flags, last);
  const flags = flagSlot(cmd.flags, last).words;
  return lines.length === 1 ? { words: [...flags, ...names], kind: 'none', caseless: true } : { words: flags, kind: 'none' };
}

/** The words after `singlecmd`, split into the one or two command lines they hold (G-58). */
export function splitSingleCmd(words: readonly string[]): string[][] {
  if (words.length === 0) return [];
  const first = findKmuCommand(words[0]!);
  const takesValue = new Set(first ? first.flags.filter((f) => f.arg !== undefined).map((f) => f.flag) : []);
  for (let i = 1; i < words.length; i++) {
    if (takesValue.has(words[i]!)) {
      i++; // the flag's value, whatever it spells
      continue;
    }
    if (findKmuCommand(words[i]!)) return [words.slice(0, i), words.slice(i)];
  }
  return [[...words]];
}

const USAGE = 'usage: key_mgmt_util [[Cfm3Util] singlecmd loginHSM -u CU -s <username> -p <password> <command> [<flags>...]]';

/** A word as the tool's command line reads it back (quoted when it holds a blank or is empty). */
const word = (w: string) => (/[\s"]/.test(w) || w === '' ? `"${w.replace(/"/g, '')}"` : w);

async function singleCmd(ctx: HostContext, lines: readonly string[][]): Promise<HostResult> {
  const cluster = await ctx.hsm.transact((tx) => ctx.hsm.currentClusterName(tx));
  const tool = await ctx.spawn('kmu', (t) => { t.kmu.cluster = cluster; });
  let text = '';
  const codes: number[] = [];
  let exited = false;
  try {
    for (const [n, tokens] of lines.entries()) {
      const run: ProgramRun = await tool.run(tokens.map(word).join(' '));
      text += run.text;
      codes.push(...run.codes);
      if (run.next === 'host') {
        exited = true;
        break;
      }
      const failed = run.codes.some((c) => c !== 0) || (run.command === 'loginHSM' && run.codes.length === 0);
      if (n === 0 && failed) break;
    }
  } finally {
    // the tool exits as `exit` does: the login ends and its session keys are gone, nothing printed
    if (!exited) await tool.run('exit');
  }
  return { output: text, codes };
}

export async function run(ctx: HostContext, args: readonly string[]): Promise<HostResult> {
  if (args.length === 0 || (args.length === 1 && args[0] === EARLY)) {
    ctx.terminal.kmu.cluster = await ctx.hsm.transact((tx) => ctx.hsm.currentClusterName(tx));
    return { output: '', enter: 'kmu' };
  }
  const at = singleStart(args);
  const lines = at < 0 ? [] : splitSingleCmd(args.slice(at));
  if (lines.length === 0) return out(USAGE);
  return singleCmd(ctx, lines);
}
