/** The host shell (spec README decision 2): openssl rand, ls, cat, xxd, rm, help, unknown commands. */
import { describe, expect, it } from 'vitest';
import { openTerminal } from '../support/transcript';
import { safeText, xxd } from '../../src/commands/host/display';

const SAMPLE = '00014142434445464748494a4b4c4d4e4f505152535455565758595a7f80feff2068656c6c6f';

describe('display helpers', () => {
  it('xxd matches the real xxd byte for byte (output of xxd 2022-01-14 on the same bytes)', () => {
    expect(xxd(Buffer.from(SAMPLE, 'hex'))).toBe(
      '00000000: 0001 4142 4344 4546 4748 494a 4b4c 4d4e  ..ABCDEFGHIJKLMN\n' +
        '00000010: 4f50 5152 5354 5556 5758 595a 7f80 feff  OPQRSTUVWXYZ....\n' +
        '00000020: 2068 656c 6c6f                            hello\n',
    );
    expect(xxd(Buffer.from('hi\n'))).toBe('00000000: 6869 0a                                  hi.\n');
    expect(xxd(new Uint8Array(0))).toBe('');
  });

  it('cat shows binary bytes in cat -v notation, never as raw control characters', () => {
    expect(safeText(Buffer.from('0001414243417f80ff1b5b324a', 'hex'))).toBe('^@^AABCA^?M-^@M-^?^[[2J');
    expect(safeText(Buffer.from('OBJ_ATTR_LABEL\nkey é\n'))).toBe('OBJ_ATTR_LABEL\nkey é\n');
    // eslint-disable-next-line no-control-regex
    expect(safeText(Buffer.from(SAMPLE, 'hex'))).not.toMatch(/[\u0000-\u0008\u001b\u007f-\u009f]/);
  });
});

describe('host shell', () => {
  it('openssl rand -out writes N random bytes; -hex prints 2N hex digits', async () => {
    const t = await openTerminal();
    expect(await t.type('openssl rand -out aes256.key 32')).toBe('');
    expect(await t.type('ls -l')).toMatch(/^total 1\n-rw-r--r-- 1 user user +32 Nov 29 17:00 aes256\.key\n$/);
    expect(await t.type('xxd aes256.key')).toMatch(/^00000000: ([0-9a-f]{4} ){8} .{16}\n00000010: ([0-9a-f]{4} ){8} .{16}\n$/);
    expect(await t.type('openssl rand -hex 16')).toMatch(/^[0-9a-f]{32}\n$/);
    expect(await t.type('openssl rand -out x.key 0')).toContain('rand: Non-positive number "0"');
    expect(await t.type('openssl rand -out nodir/x.key 16')).toBe(`Can't open "nodir/x.key" for writing, No such file or directory\n`);
    expect(await t.type('openssl genrsb')).toBe(`Invalid command 'genrsb'; type "help" for a list.\n`);
  });

  it('ls, cat, rm and their errors', async () => {
    const t = await openTerminal();
    expect(await t.type('ls')).toBe('');
    await t.type('openssl rand -out b.key 16');
    await t.type('openssl rand -out a.key 24');
    expect(await t.type('ls')).toBe('a.key  b.key\n');
    expect(await t.type('ls /home')).toBe('user\n');
    expect(await t.type('cat missing')).toBe('cat: missing: No such file or directory\n');
    expect(await t.type('rm a.key missing')).toBe("rm: cannot remove 'missing': No such file or directory\n");
    expect(await t.type('ls')).toBe('b.key\n');
    expect(await t.type('xxd missing')).toBe('xxd: missing: No such file or directory\n');
    expect(await t.type('rm /home/user')).toBe("rm: cannot remove '/home/user': Is a directory\n");
  });

  it('unknown commands, unbuilt programs and help', async () => {
    const t = await openTerminal();
    expect(await t.type('foo -x')).toBe('foo: command not found\n');
    expect(await t.type('cloudhsm_mgmt_util')).toContain("Connected to server '10.0.2.9': hostname '10.0.2.9', port 2225.\n");
    expect(t.session.prompt).toBe('aws-cloudhsm>');
    expect(await t.type('quit')).toBe('\ndisconnecting from servers, please wait...\n');
    const help = await t.type('help');
    for (const c of ['key_mgmt_util', 'openssl rand', 'ls', 'cat', 'xxd', 'rm', 'clear']) expect(help).toContain(c);
    expect(await t.type('')).toBe('');
  });

  it('clear erases the screen', async () => {
    const t = await openTerminal();
    await t.type('clear');
    expect(t.screen()).toBe('$ ');
  });

  it('files persist with the store: a second console on the same backend sees them', async () => {
    const t = await openTerminal();
    await t.type('openssl rand -out keep.key 32');
    const before = await t.type('xxd -p keep.key');
    const t2 = await openTerminal({ backend: t.backend });
    expect(await t2.type('xxd -p keep.key')).toBe(before);
  });
});

describe('host shell: directories, echo, redirection, hexdump', () => {
  it('mkdir, cd, pwd, relative paths, and getAttribute into a subdirectory', async () => {
    const t = await openTerminal();
    expect(await t.type('pwd')).toBe('/home/user\n');
    expect(await t.type('mkdir attributes')).toBe('');
    expect(await t.type('mkdir attributes')).toBe("mkdir: cannot create directory 'attributes': File exists\n");
    expect(await t.type('mkdir a/b')).toBe("mkdir: cannot create directory 'a/b': No such file or directory\n");
    expect(await t.type('mkdir -p a/b/c')).toBe('');
    expect(await t.type('cd a/b')).toBe('');
    expect(await t.type('pwd')).toBe('/home/user/a/b\n');
    expect(await t.type('ls')).toBe('c\n');
    expect(await t.type('cd ../../nothing')).toBe('cd: ../../nothing: No such file or directory\n');
    expect(await t.type('cd')).toBe('');
    expect(await t.type('ls')).toBe('a  attributes\n');
    await t.type('key_mgmt_util');
    await t.type('loginHSM -u CU -s example_user -p example_pwd');
    const h = /Key Handle: (\d+)/.exec(await t.type('genSymKey -t 31 -s 16 -l k'))![1];
    expect(await t.type(`getAttribute -o ${h} -a 355 -out attributes/attr_local`)).toContain('Attributes dumped into attributes/attr_local file');
    await t.type('exit');
    expect(await t.type('cat attributes/attr_local')).toBe('OBJ_ATTR_LOCAL\n0x00000001\n');
  });

  it('echo with > and >>, redirecting any command; errors stay on the terminal', async () => {
    const t = await openTerminal();
    expect(await t.type('echo hello   world')).toBe('hello world\n');
    expect(await t.type('echo "two  spaces" > note.txt')).toBe('');
    expect(await t.type('echo more >> note.txt')).toBe('');
    expect(await t.type('cat note.txt')).toBe('two  spaces\nmore\n');
    expect(await t.type('openssl rand -hex 4 >hex.txt')).toBe('');
    expect(await t.type('cat hex.txt')).toMatch(/^[0-9a-f]{8}\n$/);
    expect(await t.type('cat nothing > out.txt')).toBe('cat: nothing: No such file or directory\n');
    expect(await t.type('cat out.txt')).toBe('');
    expect(await t.type('echo x > nodir/f')).toBe('nodir/f: No such file or directory\n');
    expect(await t.type('echo x >')).toBe("syntax error near unexpected token `newline'\n");
  });

  it('hexdump -C matches the real hexdump, squeezing repeated lines', async () => {
    const t = await openTerminal();
    await t.type('echo -n hello world > h.txt');
    expect(await t.type('hexdump -C h.txt')).toBe('00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64                 |hello world|\n0000000b\n');
    const { hexdumpC } = await import('../../src/commands/host/display');
    expect(hexdumpC(new Uint8Array(40))).toBe(
      '00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n' +
        '00000020  00 00 00 00 00 00 00 00                           |........|\n00000028\n');
    expect(hexdumpC(Buffer.from('68656c6c6f20776f726c640001ff', 'hex'))).toBe(
      '00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 00 01 ff        |hello world...|\n0000000e\n');
  });
});
