/**
 * The host shell's grammar: pipes between the tools, `< FILE`, lists, quoting, `$NAME`/`$?`, brace
 * ranges and `for` loops, compared with bash on the same files; the guide's three-line loop with
 * its `> ` continuation prompt; Ctrl-C abandoning it; exit statuses in the command event; a
 * password inside a loop masked in the history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, gnuToolsPresent, sandbox, type Sandbox } from './gnu';
import { openTerminal } from '../support/transcript';
import type { CommandEvent } from '../../src/shell/events';
import { parse } from '../../src/commands/host/syntax';

describe.runIf(gnuToolsPresent())('pipes and loops, differentially against bash', { timeout: 120_000 }, () => {
  let s: Sandbox;
  beforeAll(async () => { s = await sandbox(CORPUS); });
  afterAll(() => s?.dispose());

  it('pipelines between the tools, standard input from a file, the bytes kept exactly', async () => {
    expect(await s.mismatches([
      'cat text | grep -i alpha | wc -l', 'cat binary | wc -c', 'cat binary | head -c 17 | sha256sum', 'cat nul | grep -c abc',
      'grep -v x < text | tail -n 2 | head -n 1', 'cat numbers | tail -n +30 | grep 3 | wc', 'cat attr_8 | grep -A 1 OBJ_ATTR_CLASS',
      'cat invalid | cat | cat', 'head -c 100 binary | cmp - binary', 'cat crlf | diff - crlf', 'cat text | diff text -',
      'wc -l < numbers', 'cat f01 f02 f03 | wc', 'grep -h file f01 f02 | nosuchtool', 'cat text |\ngrep beta',
    ], { stderr: false })).toEqual([]);
  });

  it('loops, quoting, parameters and brace ranges', async () => {
    expect(await s.screenMismatches([
      'for i in {1..5}; do echo $i; done', 'for i in {01..12..3}; do echo "n=$i"; done', 'for f in f01 f02 f03; do wc -c $f; done',
      'for x in {c..a} z; do echo ${x}-; done', 'for w in a b; do echo $w; echo "$w$w"; done', "echo 'single  $x quotes' \"dq $HOME\" back\\ slash",
      'for i in 1 2 3\ndo\n  grep -c $i numbers\ndone', 'for i in {1..3}; do grep -c "line $i" numbers; done | wc -l', 'grep -q beta text && echo yes || echo no',
      'grep -q zzz text && echo yes || echo no', 'grep -c zzz text; echo "status $?"', 'wc -l missing; echo $?', 'echo a{b,c}d', 'echo {1..3}{x,y}',
      'for i in; do echo never; done; echo after', 'echo "" x', "echo ''", 'echo # a comment', 'for i in a b; do cat f0$i; done; echo $?',
    ])).toEqual([]);
  });

  it('redirections of standard error and standard output, /dev/null, 2>&1, >&2', async () => {
    expect(await s.screenMismatches([
      'grep alpha missing text 2>/dev/null', 'grep alpha missing text 2>/dev/null; echo $?', 'wc -l missing text 2>&1 | tail -n 1',
      'grep x missing 2> err.txt; cat err.txt', 'echo to-stderr >&2', 'cmp f01 f02 > /dev/null; echo $?', 'echo a > r1 > r2; cat r1 r2; wc -c r1',
      'cat < /dev/null | wc -c', 'grep -c alpha text >> counts; grep -c beta text >> counts; cat counts', 'nosuchcmd 2>/dev/null; echo $?',
      'head -n 2 missing 2>&1 > out2; cat out2', 'head -n 1 text missing > both 2>&1; cat both', 'sha256sum missing one 2>/dev/null | wc -l',
      'for i in 1 2; do echo $i; done > loop.txt; cat loop.txt', 'echo x 2>>errs >> outs; cat outs errs',
      'cat text missing one > mixed 2>&1; cat mixed', 'tail -n 1 missing text one 2>&1 | cat', 'grep -c a missing text 2>&1 | cat',
      'cat f01 missing f02 2>&1 | wc -l', 'sha256sum one missing 2>&1 | cut_is_missing 2>/dev/null; echo $?',
    ])).toEqual([]);
  });
});

describe('the host shell\'s grammar', () => {
  it('the guide\'s three-line loop asks for its continuation with `> ` and runs each iteration', async () => {
    const t = await openTerminal();
    expect(await t.type('for i in {1..30};')).toBe('');
    expect(t.session.prompt).toBe('> ');
    expect(await t.type('     do echo key $i;')).toBe('');
    expect(t.session.prompt).toBe('> ');
    const out = await t.type(' done;');
    expect(out).toBe(Array.from({ length: 30 }, (_, i) => `key ${i + 1}\n`).join(''));
    expect(t.session.prompt).toBe('$ ');
    expect(t.screen()).toContain('$ for i in {1..30};\n>      do echo key $i;\n>  done;\n');
  });

  it('Ctrl-C at the `> ` prompt abandons the loop; the next line is a new command', async () => {
    const t = await openTerminal();
    await t.type('for i in 1 2; do');
    expect(t.session.prompt).toBe('> ');
    const events: CommandEvent[] = [];
    t.session.onEvent((e) => events.push(e));
    expect(t.session.interrupt()).toBe(false); // nothing ran: the view writes ^C and the prompt
    expect(t.session.prompt).toBe('$ ');
    await t.session.submit('echo fresh');
    expect(events.map((e) => [e.command, e.lines])).toEqual([['echo', ['fresh']]]);
  });

  it('an open quote or a trailing pipe continues too; syntax errors answer as bash does', async () => {
    const t = await openTerminal();
    await t.type('echo "two');
    expect(t.session.prompt).toBe('> ');
    expect(await t.type('lines"')).toBe('two\nlines\n');
    await t.type('echo abc |');
    expect(await t.type('wc -c')).toBe('4\n');
    expect(await t.type('echo x | | wc')).toBe("syntax error near unexpected token `|'\n");
    expect(await t.type('done')).toBe("syntax error near unexpected token `done'\n");
    expect(await t.type('for i in 1; do done')).toBe("syntax error near unexpected token `done'\n");
    expect(await t.type('echo x >')).toBe("syntax error near unexpected token `newline'\n");
    expect(await t.type('for 1x in a; do echo; done')).toBe("`1x': not a valid identifier\n");
    expect(parse('for i in a b; do echo $i').kind).toBe('incomplete');
    expect(parse("echo 'x").kind).toBe('incomplete');
    expect(parse('echo x \\').kind).toBe('incomplete');
  });

  it('each line\'s exit status is in its command event, and in $?', async () => {
    const t = await openTerminal();
    const events: CommandEvent[] = [];
    t.session.onEvent((e) => events.push(e));
    await t.type('echo hi > f');
    await t.type('grep hi f');
    await t.type('grep zz f');
    await t.type('grep zz nofile');
    await t.type('nosuchcommand');
    await t.type('echo x | |');
    await t.type('cat f | grep -c hi');
    await t.type('for i in 1 2; do grep $i f; done');
    expect(events.map((e) => [e.command, e.exit])).toEqual([
      ['echo', 0], ['grep', 0], ['grep', 1], ['grep', 2], [null, 127], [null, 2], ['cat', 0], ['for', 1],
    ]);
    expect(await t.type('echo $?')).toBe('1\n');
  });

  it('an interactive tool cannot start inside a loop or a pipeline; alone it starts as before', async () => {
    const t = await openTerminal();
    expect(await t.type('for i in 1; do key_mgmt_util; done')).toContain('the interactive tool starts only as a command of its own');
    expect(t.session.prompt).toBe('$ ');
    await t.type('key_mgmt_util');
    expect(t.session.prompt).toBe('Command: ');
  });

  it('a password inside a loop or after singlecmd is masked in the history', async () => {
    const t = await openTerminal();
    const line = 'for i in {1..2}; do key_mgmt_util singlecmd loginHSM -u CU -s example_user -p example_pwd genSymKey -l aes -t 31 -s 32; done';
    expect(t.session.redact(line)).not.toContain('example_pwd');
    expect(t.session.redact('     do /opt/cloudhsm/bin/key_mgmt_util singlecmd loginHSM -u CU -s example_user -p example_pwd genSymKey -l aes -t 31 -s 32 -min_srv 1 -timeout 1;'))
      .not.toContain('example_pwd');
    expect(t.session.redact('echo x | grep y')).toBe('echo x | grep y');
  });

  it('Ctrl-C stops a long loop; the next line runs', async () => {
    const t = await openTerminal();
    const events: CommandEvent[] = [];
    t.session.onEvent((e) => events.push(e));
    const running = t.session.submit('for i in {1..100000}; do echo $i; done');
    await new Promise((r) => setTimeout(r, 5));
    expect(t.session.interrupt()).toBe(true);
    await running;
    expect(events.at(-1)!.status).toBe('interrupted');
    await t.session.submit('echo next');
    expect(events.at(-1)!.lines).toEqual(['next']);
  });

  it('bad input never exhausts memory: brace ranges and output are bounded', { timeout: 60_000 }, async () => {
    const t = await openTerminal();
    expect(await t.type('echo {1..999999999}')).toBe('brace expansion: more than 100000 words\n');
    expect(await t.type('for i in {1..50}; do cat big; done')).toBe('cat: big: No such file or directory\n'.repeat(50));
    await t.type('openssl rand -out big 1000000');
    expect(await t.type('for i in {1..17}; do cat big; done | wc -c')).toBe('Error: more than 16777216 bytes went into a pipe or a redirection; the command line was stopped\n');
    expect(await t.type('for i in {1..5}; do cat big; done | wc -c')).toBe('5000000\n');
    expect(await t.type('echo still here')).toBe('still here\n');
  });
});

describe('the dump tools read a pipe too', () => {
  it('cat FILE | xxd, xxd -p, hexdump -C print what they print for the file', async () => {
    const t = await openTerminal();
    await t.type('openssl rand -out k.bin 40');
    for (const cmd of ['xxd', 'xxd -p', 'hexdump -C']) {
      const direct = await t.type(`${cmd} k.bin`);
      expect(await t.type(`cat k.bin | ${cmd}`)).toBe(direct);
      expect(await t.type(`${cmd} < k.bin`)).toBe(direct);
    }
    expect(await t.type('xxd')).toBe('Usage: xxd [-p] FILE\n');
  });
});

describe('typed words that name Object.prototype members are plain words', () => {
  it('in parameters, loop names, character classes, size suffixes and options', async () => {
    const t = await openTerminal();
    await t.type('echo hello > f');
    expect(await t.type('echo [$constructor] [${__proto__}] [$toString]')).toBe('[] [] []\n');
    expect(await t.type('for constructor in a b; do echo $constructor; done')).toBe('a\nb\n');
    expect(await t.type('grep "[[:constructor:]]" f')).toBe('grep: Invalid character class name\n');
    expect(await t.type('grep "[[:__proto__:]]" f')).toBe('grep: Invalid character class name\n');
    expect(await t.type('head -n 1constructor f')).toBe('head: invalid number of lines: ‘1constructor’\n');
    expect(await t.type('tail -c 2__proto__ f')).toBe('tail: invalid number of bytes: ‘2__proto__’\n');
    expect(await t.type('wc --constructor f')).toBe("wc: unrecognized option '--constructor'\nTry 'wc --help' for more information.\n");
    expect(await t.type('grep -c hello f')).toBe('1\n');
  });
});
