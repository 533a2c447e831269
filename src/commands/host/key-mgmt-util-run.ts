/** What `key_mgmt_util` does: start the tool, or its singlecmd mode (the table and command are in key-mgmt-util.ts; this loads on first use). */
import type { ProgramRun } from '../program';
import { out, type HostContext, type HostResult } from './command';
import { EARLY, singleStart, splitSingleCmd } from './key-mgmt-util';

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
