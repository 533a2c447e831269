/**
 * The CLI's grammar (cloudhsm-cli.md §2.1–§2.3, §2.7, §1.3): tokens and quoting, command paths,
 * long options read from the tables (tables from the spec, ./commands.ts), clap's argument errors
 * exactly as §2.7 writes them (plain text, each ending with an empty line), and help.
 */
import { describe, expect, it } from 'vitest';
import { findCliCommand, isCliCommandPath, parseCliLine, type CliParse } from '../../src/commands/cli/grammar';
import { buildTree } from '../../src/commands/cli/tree';
import { cliWords, continues } from '../../src/commands/cli/tokens';
import { TEST_COMMANDS } from './commands';

const root = buildTree(TEST_COMMANDS);
const parse = (line: string, single = false): CliParse => parseCliLine(cliWords(line), single, root);
const errorText = (line: string, single = false): string => {
  const p = parse(line, single);
  if (p.kind !== 'error') throw new Error(`${line}: ${p.kind}`);
  return p.text;
};
const helpText = (line: string, single = false): string => {
  const p = parse(line, single);
  if (p.kind !== 'help') throw new Error(`${line}: ${p.kind}${p.kind === 'error' ? '\n' + p.text : ''}`);
  return p.text;
};
const args = (line: string) => {
  const p = parse(line);
  if (p.kind !== 'run') throw new Error(`${line}: ${p.kind}${p.kind === 'error' ? '\n' + p.text : ''}`);
  return p;
};

const CLUSTER_ID = '      --cluster-id <CLUSTER_ID>\n' +
  '          Unique Id to choose which of the clusters in the config file to run the operation against. If not provided, ' +
  'will fall back to the value provided when interactive mode was started, or error\n';
const FILTER = 'Key reference (e.g. key-reference=0xabc) or space separated list of key attributes in the form of ' +
  'attr.KEY_ATTRIBUTE_NAME=KEY_ATTRIBUTE_VALUE to select ';

describe('tokens and quoting (§2.1)', () => {
  it('splits at blanks; quotes group blanks, are removed, also inside a word', () => {
    expect(cliWords('key list  --filter attr.label="my label"\tattr.class=secret-key')).toEqual(
      ['key', 'list', '--filter', 'attr.label=my label', 'attr.class=secret-key']);
    expect(cliWords(`a 'b c'd "e 'f' g" ''`)).toEqual(['a', 'b cd', "e 'f' g", '']);
    expect(cliWords('"a\\"b\\\\c\\d"')).toEqual(['a"b\\c\\d']); // \" and \\ escape in double quotes, other \ stays
    expect(cliWords("'a\\\"b'")).toEqual(['a\\"b']); // none in single quotes
    expect(cliWords('x"unterminated rest')).toEqual(['xunterminated rest']);
    expect(cliWords('   ')).toEqual([]);
  });

  it('a line ending in an odd run of \\ continues (G-CLI-34)', () => {
    expect(continues('key list \\')).toBe(true);
    expect(continues('key list \\\\')).toBe(false);
    expect(continues('key list')).toBe(false);
  });
});

describe('command paths (§2.2): exact words, no abbreviations', () => {
  it('finds the command and its options', () => {
    const p = args('key list --filter attr.label=a --verbose');
    expect(p.cmd.path).toEqual(['key', 'list']);
    expect(p.args.values('filter')).toEqual(['attr.label=a']);
    expect(p.args.has('verbose')).toBe(true);
  });

  it('an unknown word is clap\'s unrecognized subcommand, with the path so far', () => {
    expect(errorText('hsm-info')).toBe("error: unrecognized subcommand 'hsm-info'\n\nUsage: <COMMAND>\n\nFor more information, try 'help'.\n\n");
    expect(errorText('key lis')).toBe("error: unrecognized subcommand 'lis'\n\nUsage: key <COMMAND>\n\nFor more information, try 'help'.\n\n");
    expect(errorText('Key list')).toContain("unrecognized subcommand 'Key'");
    expect(errorText('crypto sign foo')).toBe("error: unrecognized subcommand 'foo'\n\nUsage: crypto sign <COMMAND>\n\nFor more information, try 'help'.\n\n");
    expect(errorText('__proto__')).toContain("unrecognized subcommand '__proto__'");
    expect(errorText('key constructor')).toContain("unrecognized subcommand 'constructor'");
  });

  it('an empty line is nothing; quit and exit end the console', () => {
    expect(parse('   ').kind).toBe('empty');
    expect(parse('quit').kind).toBe('quit');
    expect(parse('exit').kind).toBe('quit');
  });
});

describe('options (§2.3)', () => {
  it('--flag value, --flag=value, options in any order', () => {
    expect(args('user create --role admin --username bob').args.value('username')).toBe('bob');
    expect(args('user create --username=bob --role=crypto-user').args.value('role')).toBe('crypto-user');
    expect(args('user create --username=--odd --role admin').args.value('username')).toBe('--odd');
  });

  it('multi-value flags take tokens up to the next -letter/--… token; repeats add to the list', () => {
    const p = args('key list --filter attr.a=1 attr.b=-2 - -5 --filter key-reference=0x6 -v');
    expect(p.args.values('filter')).toEqual(['attr.a=1', 'attr.b=-2', '-', '-5', 'key-reference=0x6']);
    expect(p.args.has('verbose')).toBe(true);
    expect(args('key list --filter').args.values('filter')).toEqual([]);
    expect(args('key list --filter=-x -v').args.values('filter')).toEqual(['-x']); // a value starting with - needs the = form
    expect(errorText('key list --filter=a b')).toContain("unexpected argument 'b' found"); // = takes exactly that value
  });

  it('defaults and absent options', () => {
    const p = args('key list');
    expect(p.args.value('max-items')).toBe('10');
    expect(p.args.has('max-items')).toBe(false);
    expect(p.args.values('filter')).toEqual([]);
    expect(p.args.value('starting-token')).toBeUndefined();
    expect(args('key list --max-items 3').args.value('max-items')).toBe('3');
  });

  it('--cluster-id exists on every command and reaches the command', () => {
    expect(args('key list --cluster-id cluster-1').args.value('cluster-id')).toBe('cluster-1');
    expect(args('user create --username a --role admin --cluster-id=x').args.value('cluster-id')).toBe('x');
  });

  it('one of the alternatives', () => {
    expect(args('crypto sign ecdsa --key-filter a --hash-function sha256 --data YQ==').args.value('data')).toBe('YQ==');
  });
});

describe("argument errors (§2.7): clap 4's messages, plain text, each ending with an empty line", () => {
  it('unknown flag', () => {
    expect(errorText('key list --bogus')).toBe(
      "error: unexpected argument '--bogus' found\n\nUsage: key list [OPTIONS]\n\nFor more information, try '--help'.\n\n");
    expect(errorText('key list --bogus=3')).toContain("unexpected argument '--bogus' found");
    expect(errorText('key list -x')).toContain("unexpected argument '-x' found");
    expect(errorText('key list stray')).toContain("unexpected argument 'stray' found");
    expect(errorText('key list --__proto__ x')).toContain("unexpected argument '--__proto__' found");
    expect(errorText('key list --constructor')).toContain("unexpected argument '--constructor' found");
  });

  it('a stray word after a command that also has subcommands is an unknown subcommand (the real `login`)', () => {
    const real = parseCliLine(cliWords('login foo --username a --role admin'), false);
    expect(real.kind === 'error' && real.text).toBe(
      "error: unrecognized subcommand 'foo'\n\nUsage: login <COMMAND>\n\nFor more information, try 'help'.\n\n");
    const stub = parseCliLine(cliWords('login mfa-token-sign'), false);
    expect(stub.kind).toBe('run');
  });

  it('required flags missing, one line each, in the table\'s order', () => {
    expect(errorText('user create')).toBe('error: the following required arguments were not provided:\n' +
      '  --username <USERNAME>\n  --role <ROLE>\n\n' +
      'Usage: user create [OPTIONS] --username <USERNAME> --role <ROLE> [--password <PASSWORD>]\n\n' +
      "For more information, try '--help'.\n\n");
    expect(errorText('key generate-file --path f')).toBe('error: the following required arguments were not provided:\n' +
      '  --encoding <ENCODING>\n  --filter [<FILTER>...]\n\n' +
      'Usage: key generate-file --encoding <ENCODING> --path <PATH> --filter [<FILTER>...]\n\n' +
      "For more information, try '--help'.\n\n");
    expect(errorText('crypto sign ecdsa --key-filter a --hash-function sha1')).toBe(
      'error: the following required arguments were not provided:\n  <--data-path <DATA_PATH>|--data <DATA>>\n\n' +
      'Usage: crypto sign ecdsa --key-filter [<KEY_FILTER>...] --hash-function <HASH_FUNCTION> <--data-path <DATA_PATH>|--data <DATA>>\n\n' +
      "For more information, try '--help'.\n\n");
  });

  it('a flag without its value', () => {
    const want = "error: a value is required for '--username <USERNAME>' but none was supplied\n\nFor more information, try '--help'.\n\n";
    expect(errorText('user create --username')).toBe(want);
    expect(errorText('user create --username --role admin')).toBe(want);
    expect(errorText('user create --role admin --username -x')).toBe(want);
  });

  it('a value outside a fixed list', () => {
    expect(errorText('user create --username a --role CU')).toBe(
      "error: invalid value 'CU' for '--role <ROLE>'\n  [possible values: crypto-user, admin]\n\nFor more information, try '--help'.\n\n");
    expect(errorText('crypto sign ecdsa --hash-function md5')).toBe(
      "error: invalid value 'md5' for '--hash-function <HASH_FUNCTION>'\n  [possible values: sha1, sha224, sha256, sha384, sha512]\n\n" +
      "For more information, try '--help'.\n\n");
    expect(errorText('user create --role __proto__')).toContain("invalid value '__proto__' for '--role <ROLE>'");
  });

  it('not a number', () => {
    expect(errorText('key list --max-items ten')).toBe(
      "error: invalid value 'ten' for '--max-items <MAX_ITEMS>': invalid digit found in string\n\nFor more information, try '--help'.\n\n");
    expect(errorText('key list --max-items=-1')).toContain('invalid digit found in string');
    expect(errorText('key list --max-items 99999999999999999999')).toContain('number too large to fit in target type');
    expect(errorText('key list --max-items=')).toContain('cannot parse integer from empty string');
  });

  it('a single-value flag twice (a boolean too)', () => {
    expect(errorText('key list --max-items 1 --max-items 2')).toBe(
      "error: the argument '--max-items <MAX_ITEMS>' cannot be used multiple times\n\nUsage: key list [OPTIONS]\n\nFor more information, try '--help'.\n\n");
    expect(errorText('key list -v --verbose')).toContain("the argument '--verbose' cannot be used multiple times");
  });

  it('both alternatives, a value given to a boolean', () => {
    expect(errorText('crypto sign ecdsa --key-filter a --hash-function sha1 --data a --data-path b')).toContain(
      "error: the argument '--data-path <DATA_PATH>' cannot be used with '--data <DATA>'");
    expect(errorText('key list --verbose=yes')).toContain("error: unexpected value 'yes' for '--verbose' found; no more were expected");
  });

  it('errors are found in the order typed, before the required check', () => {
    expect(errorText('user create --bogus')).toContain("unexpected argument '--bogus'");
    expect(errorText('user create --role x')).toContain("invalid value 'x'");
  });

  it('single-command mode: usage lines start with cloudhsm-cli (G-CLI-37)', () => {
    expect(errorText('key list --bogus', true)).toContain('\nUsage: cloudhsm-cli key list [OPTIONS]\n');
    expect(errorText('hsm-info', true)).toContain('\nUsage: cloudhsm-cli <COMMAND>\n');
  });
});

describe('help (§1.3)', () => {
  const KEY_LIST = 'List the keys the current user owns, shares, and all public keys in the HSM cluster\n\n' +
    'Usage: key list [OPTIONS]\n\nOptions:\n' + CLUSTER_ID +
    '      --filter [<FILTER>...]\n          ' + FILTER + 'matching key(s) to list\n' +
    '      --max-items <MAX_ITEMS>\n          The total number of items to return in the command\'s output. If the total number of items ' +
    'available is more than the value specified, a next-token is provided in the command\'s output. To resume pagination, provide ' +
    'the next-token value in the starting-token argument of a subsequent command [default: 10]\n' +
    '      --starting-token <STARTING_TOKEN>\n          A token to specify where to start paginating. This is the next-token from a ' +
    'previously truncated response\n' +
    '  -v, --verbose\n          If included, prints all attributes and key information for each matched key. By default each ' +
    'matched key only displays its key-reference and label attribute. This flag when used by Admins has no effect\n' +
    '  -h, --help\n          Print help\n';

  it('prints a command\'s long help from its table, by every way of asking', () => {
    for (const line of ['help key list', 'key list --help', 'key list -h', 'key help list', 'key list --filter a -h']) {
      expect(helpText(line), line).toBe(KEY_LIST);
    }
  });

  it('described values: Possible values blocks, options separated by an empty line, the long-help last line', () => {
    expect(helpText('help key generate-file')).toBe(
      'Generate a key file from a key in the HSM cluster. This command does not export any private key data from the HSM\n\n' +
      'Usage: key generate-file --encoding <ENCODING> --path <PATH> --filter [<FILTER>...]\n\nOptions:\n' + CLUSTER_ID + '\n' +
      '      --encoding <ENCODING>\n          Encoding format for the key file\n\n          Possible values:\n' +
      '          - reference-pem: PEM formatted key reference (supports private keys)\n' +
      '          - pem:           PEM format (supports public keys)\n\n' +
      '      --path <PATH>\n          Filepath where the key file will be written\n\n' +
      '      --filter [<FILTER>...]\n          ' + FILTER + 'a matching key for file generation\n\n' +
      "  -h, --help\n          Print help (see a summary with '-h')\n");
    expect(helpText('user create -h')).toBe('Create a new user\n\n' +
      'Usage: user create [OPTIONS] --username <USERNAME> --role <ROLE> [--password <PASSWORD>]\n\nOptions:\n' + CLUSTER_ID + '\n' +
      '      --username <USERNAME>\n          Username to access the HSM cluster\n\n' +
      '      --role <ROLE>\n          Role the user has in the cluster\n\n          Possible values:\n' +
      '          - crypto-user: A CryptoUser has the ability to manage and use keys\n' +
      '          - admin:       An Admin has the ability to manage user accounts\n\n' +
      "      --password <PASSWORD>\n          Optional: Plaintext user's password. If you do not include this argument you will be prompted for it\n\n" +
      '      --approval <APPROVAL>\n          Filepath of signed quorum token file to approve operation\n\n' +
      "  -h, --help\n          Print help (see a summary with '-h')\n");
  });

  it('[possible values: …] inline; no about line for key wrap', () => {
    expect(helpText('help crypto sign ecdsa')).toContain(
      '      --hash-function <HASH_FUNCTION>\n          [possible values: sha1, sha224, sha256, sha384, sha512]\n');
    const wrap = helpText('key wrap aes-gcm --help');
    expect(wrap.startsWith('Usage: key wrap aes-gcm [OPTIONS] --payload-filter')).toBe(true);
  });

  it('group help: Usage: <group> <COMMAND>, subcommands with about lines, help, Options', () => {
    const want = 'Usage: key <COMMAND>\n\nCommands:\n' +
      '  generate-file  Generate a key file from a key in the HSM cluster. This command does not export any private key data from the HSM\n' +
      '  list           List the keys the current user owns, shares, and all public keys in the HSM cluster\n' +
      '  wrap           Wrap a key with a key in the HSM cluster\n' +
      '  help           Print this message or the help of the given subcommand(s)\n\n' +
      'Options:\n  -h, --help  Print help\n';
    for (const line of ['help key', 'key --help', 'key -h', 'key help', 'key']) expect(helpText(line), line).toBe(want);
    expect(helpText('help key wrap')).toBe('Usage: key wrap <COMMAND>\n\nCommands:\n  aes-gcm\n' +
      '  help     Print this message or the help of the given subcommand(s)\n\nOptions:\n  -h, --help  Print help\n');
  });

  it('help of an unknown path is the unrecognized-subcommand error', () => {
    expect(errorText('help key nothing')).toBe("error: unrecognized subcommand 'nothing'\n\nUsage: key <COMMAND>\n\nFor more information, try 'help'.\n\n");
    expect(errorText('help __proto__')).toContain("'__proto__'");
  });

  it('single-command mode: help usage lines start with cloudhsm-cli', () => {
    expect(helpText('help key list', true)).toContain('\nUsage: cloudhsm-cli key list [OPTIONS]\n');
    expect(helpText('help', true)).toMatch(/^Usage: cloudhsm-cli <COMMAND>\n/);
    expect(helpText('help key', true)).toMatch(/^Usage: cloudhsm-cli key <COMMAND>\n/);
  });
});

describe('paths for explain and the tables (isCliCommandPath, findCliCommand)', () => {
  it('says whether words name a path or a group, exactly', () => {
    expect(isCliCommandPath(['key', 'list'], root)).toBe(true);
    expect(isCliCommandPath(['key'], root)).toBe(true);
    expect(isCliCommandPath(['key', 'lis'], root)).toBe(false);
    expect(isCliCommandPath(['KEY', 'list'], root)).toBe(false);
    expect(isCliCommandPath([], root)).toBe(false);
    expect(isCliCommandPath(['__proto__'], root)).toBe(false);
    expect(isCliCommandPath(['key', 'constructor'], root)).toBe(false);
  });

  it('finds the command a line starts with', () => {
    expect(findCliCommand(['key', 'list', '--verbose'], root)?.length).toBe(2);
    expect(findCliCommand(['key', 'wrap', 'aes-gcm', 'x'], root)?.cmd.path).toEqual(['key', 'wrap', 'aes-gcm']);
    expect(findCliCommand(['key'], root)).toBeUndefined();
    expect(findCliCommand(['toString'], root)).toBeUndefined();
  });
});
