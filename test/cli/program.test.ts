/**
 * The CloudHSM CLI program (cloudhsm-cli.md §1, §2): prompt, the canonical top-level help and
 * argument-error blocks (test/fixtures/cli, copied from the spec), the envelope of a success and
 * of a refusal, the §3.24 stubs, quit/exit, line continuation, redaction, completion, listings.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_STUBS } from '../../src/commands/cli/stubs';
import { CLI_COMMANDS } from '../../src/commands/cli/index';
import type { CliCommand } from '../../src/commands/cli/command';
import { ClusterMissingError, PlaygroundError } from '../../src/hsm/world';
import { PROGRAMS } from '../../src/commands/programs';
import { cliRig, CLI_PROMPT } from './support';
import { TEST_COMMANDS } from './commands';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cli/${name}.txt`, import.meta.url), 'utf8');

const refusing: CliCommand = {
  path: ['user', 'delete'], about: 'Delete a user', usage: 'user delete [OPTIONS]', options: [],
  run: async () => ({ ok: false, refusal: { error: 'no-such-user' } }),
};
const vanished: CliCommand = {
  path: ['cluster', 'hsm-info'], about: 'x', usage: 'cluster hsm-info [OPTIONS]', options: [],
  run: async () => { throw new ClusterMissingError('cluster-1'); },
};
const withCodes: CliCommand = {
  path: ['logout'], about: 'Logout of your cluster', usage: 'logout [OPTIONS]', options: [],
  run: async () => ({ ok: true, data: 'Logout successful', codes: [0] }),
};

describe('the CLI program', () => {
  it('is loaded as program cli, with the prompt aws-cloudhsm > ', async () => {
    const p = await PROGRAMS.load('cli');
    expect(p.id).toBe('cli');
    expect(CLI_PROMPT).toBe('aws-cloudhsm > ');
    const r = await cliRig();
    expect(r.program.prompt(r.ctx.terminal)).toBe('aws-cloudhsm > ');
  });

  it('prints the top-level help of §1.3 exactly', async () => {
    const r = await cliRig();
    expect(await r.block('help')).toBe(fixture('help-top'));
    for (const line of ['--help', '-h']) expect((await r.run(line)).text).toBe((await r.run('help')).text);
    expect((await r.run('help')).command).toBe('help');
  });

  it('prints the hsm-info argument error of §2.7 exactly, plain text, and changes nothing', async () => {
    const r = await cliRig();
    const run = await r.run('hsm-info');
    expect(await r.block('hsm-info')).toBe(fixture('error-hsm-info'));
    expect(run.codes).toEqual([]);
    expect(run.command).toBeNull();
  });

  it('prints the envelope of a success (codes from the result) and of a refusal (its errors.md code)', async () => {
    const r = await cliRig({ commands: [...TEST_COMMANDS, refusing, withCodes] });
    const ok = await r.run('key list --filter attr.label="my label" -v --cluster-id c1');
    expect(ok.text).toBe('{\n  "error_code": 0,\n  "data": {\n    "filter": [\n      "attr.label=my label"\n    ],\n' +
      '    "max-items": "10",\n    "verbose": true,\n    "cluster-id": "c1"\n  }\n}\n');
    expect(ok.command).toBe('key list');
    expect(ok.codes).toEqual([]);
    expect(await r.block('logout')).toBe('aws-cloudhsm > logout\n{\n  "error_code": 0,\n  "data": "Logout successful"\n}\n');
    expect((await r.run('logout')).codes).toEqual([0]);
    const no = await r.run('user delete');
    expect(no.text).toBe('{\n  "error_code": 1,\n  "data": "Specified user does not exist"\n}\n');
    expect(no.command).toBe('user delete');
    expect(no.codes).toEqual([0x9d]);
  });

  it('argument errors name the command and run nothing', async () => {
    let ran = 0;
    const counted: CliCommand = { ...TEST_COMMANDS[1]!, run: async () => { ran++; return { ok: true, data: {} }; } };
    const r = await cliRig({ commands: [counted] });
    const out = await r.run('user create --username a');
    expect(out.text).toMatch(/^error: the following required arguments were not provided:\n {2}--role <ROLE>\n/);
    expect(out.command).toBe('user create');
    expect(ran).toBe(0);
  });

  it('a vanished cluster ends the session and says the way out', async () => {
    const r = await cliRig({ commands: [vanished] });
    const run = r.run('cluster hsm-info');
    await expect(run).rejects.toBeInstanceOf(PlaygroundError);
    await expect(r.run('cluster hsm-info')).rejects.toThrow(/`quit` returns to the shell/);
  });
});

describe('the stubs of §3.24', () => {
  it('every path of §2.2 outside the playground is registered, listed and answers unavailable', async () => {
    const paths = CLI_STUBS.map((c) => c.path.join(' '));
    expect(paths).toEqual(expect.arrayContaining([
      'login mfa-token-sign', 'user change-mfa token-sign', 'user change-quorum token-sign register',
      'key generate-asymmetric-pair ml-dsa', 'key replicate',
      'crypto sign ed25519', 'crypto sign ed25519ph', 'crypto sign ml-dsa',
      'crypto verify ed25519', 'crypto verify ed25519ph', 'crypto verify ml-dsa',
      'quorum token-sign delete', 'quorum token-sign generate', 'quorum token-sign list', 'quorum token-sign list-quorum-values',
      'quorum token-sign list-timeouts', 'quorum token-sign set-quorum-value', 'quorum token-sign set-timeout',
    ]));
    for (const c of CLI_STUBS) expect(CLI_COMMANDS).toContain(c);
    const r = await cliRig();
    for (const path of paths) {
      const run = await r.run(`${path} --anything at all`);
      expect(run.text, path).toBe(`{\n  "error_code": 1,\n  "data": "${path} is not available in this playground yet"\n}\n`);
      expect(run.command).toBe(path);
      expect(run.codes).toEqual([]);
      const help = (await r.run(`help ${path}`)).text;
      expect(help, path).toContain(`Usage: ${path}`);
      expect((await r.run(`${path} -h`)).text).toBe(help);
    }
    const names = r.program.commands().map((c) => c.name);
    for (const path of paths) expect(names).toContain(path);
    expect((await r.run('help quorum')).text).toBe('Usage: quorum <COMMAND>\n\nCommands:\n' +
      '  token-sign  Token-sign quorum commands\n' +
      '  help        Print this message or the help of the given subcommand(s)\n\nOptions:\n  -h, --help  Print help\n');
  });
});

describe('quit, exit, continuation', () => {
  for (const word of ['quit', 'exit']) {
    it(`${word} ends the console silently, dropping the session's keys and login`, async () => {
      const r = await cliRig();
      const s = r.ctx.terminal.cli;
      s.sessionKeys.set(99, {} as never);
      s.role = 'crypto-user';
      const run = await r.run(word);
      expect(run).toEqual({ text: '', command: 'quit', codes: [], next: 'host' });
      expect(s.sessionKeys.size).toBe(0);
      expect(s.user).toBeNull();
      expect(s.role).toBeNull();
    });
  }

  it('a line ending in \\ continues on the next, which gets no prompt (G-CLI-34); Ctrl-C abandons it', async () => {
    const r = await cliRig({ commands: TEST_COMMANDS });
    const terminal = r.ctx.terminal;
    expect(await r.run('key list \\')).toEqual({ text: '', command: null, codes: [] });
    expect(r.program.prompt(terminal)).toBe('');
    expect(await r.run('  --filter attr.label=a \\')).toEqual({ text: '', command: null, codes: [] });
    const done = await r.run('  --verbose');
    expect(done.command).toBe('key list');
    expect(done.text).toContain('"attr.label=a"');
    expect(done.text).toContain('"verbose": true');
    expect(r.program.prompt(terminal)).toBe(CLI_PROMPT);
    await r.run('key list \\');
    r.program.abandonInput!(terminal);
    expect(r.program.prompt(terminal)).toBe(CLI_PROMPT);
    expect((await r.run('help')).command).toBe('help');
  });
});

describe('redaction, completion, listings', () => {
  it('secretTokens: the --password value, also as --password=…', async () => {
    const r = await cliRig({ commands: TEST_COMMANDS });
    const p = r.program;
    expect(p.secretTokens(['user', 'create', '--username', 'a', '--role', 'admin', '--password', 'pw1234567'])).toEqual([7]);
    expect(p.secretTokens(['user', 'create', '--password=pw1234567', '--username', 'a'])).toEqual([2]);
    expect(p.secretTokens(['login', '--password', 'x', '--role', 'admin'])).toEqual([2]);
    expect(p.secretTokens(['key', 'list', '--filter', 'attr.label=password'])).toEqual([]);
    expect(p.secretTokens(['user', 'create', '--password'])).toEqual([]);
    // the registry's program too (the stub of user change-mfa token-sign marks --change-password)
    const real = (await cliRig()).program;
    expect(real.secretTokens(['login', '--username', 'a', '--password', 'x'])).toEqual([4]);
    expect(real.secretTokens(['user', 'change-mfa', 'token-sign', '--change-password', 'x'])).toEqual([4]);
  });

  it('completes command words by path, then options not yet given, then values', async () => {
    const r = await cliRig({ commands: TEST_COMMANDS });
    const c = (before: string[], word = '') => r.program.complete!(before, word);
    expect((await c([])).words).toEqual(['crypto', 'key', 'user', 'help', 'quit', 'explain']);
    expect((await c(['key'])).words).toEqual(['generate-file', 'list', 'wrap', 'help']);
    expect((await c(['help', 'key'])).words).toEqual(['generate-file', 'list', 'wrap']);
    expect((await c(['key', 'help'])).words).toEqual(['generate-file', 'list', 'wrap']);
    expect((await c(['key', 'help', 'wrap'])).words).toEqual(['aes-gcm']);
    expect((await c(['key', 'list'])).words).toEqual(['--cluster-id', '--filter', '--max-items', '--starting-token', '--verbose', '--help']);
    expect((await c(['key', 'list', '--max-items', '3'])).words).toEqual(['--cluster-id', '--filter', '--starting-token', '--verbose', '--help']);
    expect(await c(['user', 'create', '--role'])).toEqual({ words: ['crypto-user', 'admin'], kind: 'none' });
    expect(await c(['user', 'create', '--username'])).toEqual({ words: [], kind: 'username' });
    expect(await c(['crypto', 'sign', 'ecdsa', '--hash-function'])).toEqual({ words: ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'], kind: 'none' });
    expect(await c(['key', 'generate-file', '--path'])).toEqual({ words: [], kind: 'file' });
    const multi = await c(['key', 'list', '--filter', 'attr.label=a']);
    expect(multi.words).toContain('--verbose');
    expect(multi.words).toContain('--filter');
    expect((await c(['__proto__'])).words).toEqual([]);
    expect((await c(['key', 'list', '--__proto__'])).words).toContain('--filter');
  });

  it('commands(): every path with its about line and its option table as flags', async () => {
    const r = await cliRig({ commands: TEST_COMMANDS });
    const list = r.program.commands();
    expect(list.map((c) => c.name)).toEqual(['crypto sign ecdsa', 'key generate-file', 'key list', 'key wrap aes-gcm', 'user create']);
    const create = list.find((c) => c.name === 'user create')!;
    expect(create.summary).toBe('Create a new user');
    expect(create.flags!.map((f) => [f.flag, f.arg, f.required, f.secret === true])).toEqual([
      ['--cluster-id', '<CLUSTER_ID>', false, false], ['--username', '<USERNAME>', true, false], ['--role', '<ROLE>', true, false],
      ['--password', '<PASSWORD>', false, true], ['--approval', '<APPROVAL>', false, false],
    ]);
  });

  it('explain reaches the explain module at the CLI prompt', async () => {
    const r = await cliRig();
    const out = await r.run('explain imSymKey');
    expect(out.command).toBe('explain');
    expect(out.text).toMatch(/imSymKey/);
  });

  it('single-command mode (G-CLI-37): usage lines start with cloudhsm-cli', async () => {
    const r = await cliRig({ single: true });
    expect((await r.run('help')).text).toMatch(/^Usage: cloudhsm-cli <COMMAND>\n/);
    expect((await r.run('hsm-info')).text).toContain('\nUsage: cloudhsm-cli <COMMAND>\n');
    expect((await r.run('help key replicate')).text).toContain('\nUsage: cloudhsm-cli key replicate --filter');
  });
});

describe('through the console, from the host shell (cloudhsm-cli interactive)', () => {
  it('prints nothing on start, then the §1.3 and §2.7 blocks exactly, and quit returns to $ silently', async () => {
    const { openTerminal } = await import('../support/transcript');
    const t = await openTerminal();
    expect(await t.type('cloudhsm-cli interactive')).toBe('');
    expect(t.session.programId).toBe('cli');
    expect(t.session.prompt).toBe('aws-cloudhsm > ');
    expect(`aws-cloudhsm > help\n${await t.type('help')}`).toBe(fixture('help-top'));
    expect(`aws-cloudhsm > hsm-info\n${await t.type('hsm-info')}`).toBe(fixture('error-hsm-info'));
    // a continued line: no prompt for its second line, echoed as typed
    expect(await t.type('key replicate \\')).toBe('');
    expect(t.session.prompt).toBe('');
    expect(await t.type('  --filter x')).toBe('{\n  "error_code": 1,\n  "data": "key replicate is not available in this playground yet"\n}\n');
    expect(t.screen()).toContain('aws-cloudhsm > key replicate \\\n  --filter x\n{');
    expect(await t.type('quit')).toBe('');
    expect(t.session.programId).toBe('host');
    expect(t.screen().endsWith('aws-cloudhsm > quit\n$ ')).toBe(true);
  });
});
