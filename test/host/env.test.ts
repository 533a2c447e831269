/**
 * The host shell's environment (cloudhsm-cli.md §1.2, G-CLI-26): export / unset / env per
 * terminal, never stored, `$NAME`, bash's refusal of `export NAME = value`, and the one redaction
 * rule for CLOUDHSM_PIN and --password (history, events; a recalled line asks for the password).
 */
import { describe, expect, it } from 'vitest';
import { openTerminal } from '../support/transcript';
import { REDACTED, type CommandEvent } from '../../src/shell/events';
import { cliSecretTokens, secretTokensAnywhere } from '../../src/commands/programs';
import { tokenize } from '../../src/commands/tokenize';

const FIXED = 'HOME=/home/user\nLOGNAME=user\nPATH=/usr/local/bin:/usr/bin:/bin:/opt/cloudhsm/bin\nSHELL=/bin/bash\nUSER=user\n';

describe('export, unset, env', () => {
  it('env prints the fixed environment, then exported variables in the order they entered it', async () => {
    const t = await openTerminal();
    expect(await t.type('env')).toBe(FIXED);
    expect(await t.type('export CLOUDHSM_ROLE=crypto-user')).toBe('');
    expect(await t.type('export GREETING="a b"  Z=1')).toBe('');
    expect(await t.type('env')).toBe(`${FIXED}CLOUDHSM_ROLE=crypto-user\nGREETING=a b\nZ=1\n`);
    // exported again: same place, new value; unset then exported: last
    expect(await t.type('export CLOUDHSM_ROLE=admin')).toBe('');
    expect(await t.type('unset GREETING HOME')).toBe('');
    expect(await t.type('export GREETING=x')).toBe('');
    expect(await t.type('env')).toBe(FIXED.replace('HOME=/home/user\n', '') + 'CLOUDHSM_ROLE=admin\nZ=1\nGREETING=x\n');
    expect(await t.type('echo "$CLOUDHSM_ROLE $GREETING [$HOME]"')).toBe('admin x []\n');
  });

  it('export NAME = value is refused as bash refuses it; the names around the = are fine', async () => {
    const t = await openTerminal();
    expect(await t.type('export CLOUDHSM_ROLE = admin')).toBe("export: `=': not a valid identifier\n");
    expect(await t.type('echo $?')).toBe('1\n');
    expect(await t.type('env')).toBe(FIXED); // `export NAME` sets nothing
    expect(await t.type('export 1x=2 -=3')).toBe("export: `1x=2': not a valid identifier\nexport: `-=3': not a valid identifier\n");
    expect(await t.type('unset 1x')).toBe("unset: `1x': not a valid identifier\n");
    expect(await t.type('export -x A=1')).toBe('export: -x: invalid option\nexport: usage: export [-fn] [name[=value] ...] or export -p\n');
    expect(await t.type('echo $?')).toBe('2\n');
    expect(await t.type('env -i')).toMatch(/^env: .*not available in this playground yet/);
  });

  it('export alone lists the variables as bash does, by name, quoted', async () => {
    const t = await openTerminal();
    await t.type(`export B='say "hi" $x'`);
    expect(await t.type('export -p')).toBe(
      'declare -x B="say \\"hi\\" \\$x"\ndeclare -x HOME="/home/user"\ndeclare -x LOGNAME="user"\n' +
      'declare -x PATH="/usr/local/bin:/usr/bin:/bin:/opt/cloudhsm/bin"\ndeclare -x SHELL="/bin/bash"\ndeclare -x USER="user"\n');
  });

  it('variables belong to one terminal and are never stored', async () => {
    const t = await openTerminal();
    await t.type('export CLOUDHSM_PIN=example_user:example_pwd');
    for (const store of ['meta', 'clusters', 'users', 'keys', 'files'] as const) {
      expect(JSON.stringify(await t.backend.list(store))).not.toContain('example_pwd');
    }
    const other = await openTerminal({ backend: t.backend });
    expect(await other.type('env')).toBe(FIXED);
  });

  it('export and unset are shell builtins: sudo does not run them', async () => {
    const t = await openTerminal();
    expect(await t.type('sudo export A=1')).toMatch(/export/);
    expect(await t.type('env')).toBe(FIXED);
  });
});

describe('the redaction rule: CLOUDHSM_PIN and --password', () => {
  it('marks the PIN value and the --password value in any line, a single-quoted value up to its quote', () => {
    expect(cliSecretTokens(tokenize('export CLOUDHSM_PIN=alice:pw1234567'))).toEqual([1]);
    expect(cliSecretTokens(tokenize('login --username a --role admin --password pw1234567'))).toEqual([6]);
    expect(cliSecretTokens(tokenize('login --password=pw1234567 --username a'))).toEqual([1]);
    expect(cliSecretTokens(tokenize("export CLOUDHSM_PIN='alice:two words' X=1"))).toEqual([1, 2]);
    expect(cliSecretTokens(tokenize('cloudhsm-cli user change-password --username a --role admin --password'))).toEqual([]);
    expect(secretTokensAnywhere(tokenize('user create --username bob --role crypto-user --password pw1234567'))).toEqual([7]);
  });

  it('history and events keep CLOUDHSM_PIN=user: and --password= but never the password; a recalled line asks for it', async () => {
    const t = await openTerminal();
    const c = t.session;
    const events: CommandEvent[] = [];
    c.onEvent((e) => events.push(e));
    const line = 'export CLOUDHSM_PIN=example_user:example_pwd';
    const masked = `export CLOUDHSM_PIN=example_user:${REDACTED}`;
    await c.remember(line);
    await t.type(line);
    expect(c.redact(line)).toBe(masked);
    expect(await c.history()).toEqual([masked]);
    expect(events.at(-1)!.line).toBe(masked);
    expect(events.at(-1)!.args).toEqual([`CLOUDHSM_PIN=example_user:${REDACTED}`]);
    expect(c.redact('export CLOUDHSM_PIN=nocolon')).toBe(`export CLOUDHSM_PIN=${REDACTED}`);
    expect(c.redact('cloudhsm-cli login --username u --role admin --password=abc1234567')).toBe(`cloudhsm-cli login --username u --role admin --password=${REDACTED}`);
    expect(c.redact('cloudhsm-cli user list --password "a b c"')).toBe(`cloudhsm-cli user list --password ${REDACTED}`);
    expect(c.redact('echo x; export CLOUDHSM_PIN=u:p1234567')).toBe(`echo x; export CLOUDHSM_PIN=u:${REDACTED}`);
    // recalled: the password is asked for and goes where the mask was
    expect(await t.type('unset CLOUDHSM_PIN')).toBe('');
    expect(await t.type(masked)).toBe('Enter password: ');
    expect(c.inputMode).toBe('hidden');
    expect(await t.type('other_pwd')).toBe('');
    expect(await t.type('env')).toContain('CLOUDHSM_PIN=example_user:other_pwd\n');
    expect(JSON.stringify(events.filter((e) => e.command === 'export'))).not.toMatch(/example_pwd|other_pwd/);
  });
});
