/**
 * The small table of key_mgmt_util's secret flags (src/commands/kmu/secret-flags.ts), which the
 * redaction rule reads at every prompt without loading the tool's command tables, agrees with those
 * tables.
 */
import { describe, expect, it } from 'vitest';
import { KMU_COMMANDS } from '../../src/commands/kmu/index';
import { KMU_SECRET_FLAG_NAMES, KMU_SECRET_FLAGS } from '../../src/commands/kmu/secret-flags';
import { PROGRAMS } from '../../src/commands/programs';
import { tokenize } from '../../src/commands/tokenize';
import { keyMgmtUtil } from '../../src/commands/host/key-mgmt-util';

describe("key_mgmt_util's secret flags without its tables", () => {
  it('names the same commands and flags as the command tables mark secret', () => {
    const fromTables = new Map<string, string[]>();
    for (const c of KMU_COMMANDS) {
      const secret = c.flags.filter((f) => f.secret).map((f) => f.flag);
      if (secret.length > 0) fromTables.set(c.name.toLowerCase(), secret);
    }
    const small = new Map([...KMU_SECRET_FLAGS].map(([name, flags]) => [name, flags.map((f) => f.flag)]));
    expect(small).toEqual(fromTables);
    expect(fromTables.size).toBeGreaterThan(0);
  });

  it('no flag of any command that is not secret is spelled like a secret one', () => {
    const clash = KMU_COMMANDS.flatMap((c) => c.flags.filter((f) => !f.secret && KMU_SECRET_FLAG_NAMES.has(f.flag)).map((f) => `${c.name} ${f.flag}`));
    expect(clash).toEqual([]);
  });

  it('masks a password typed at any prompt, and in singlecmd lines, as the full tables would', () => {
    const line = (s: string) => tokenize(s);
    expect(PROGRAMS.secretTokens!(line('loginHSM -u CU -s alice -p secret1'))).toEqual([6]);
    expect(PROGRAMS.secretTokens!(line('LOGINHSM -p secret1 -u CU -s alice'))).toEqual([2]);
    expect(PROGRAMS.secretTokens!(line('genPBEKey -pwd x -password y -p z'))).toEqual([2, 4, 6]);
    expect(PROGRAMS.secretTokens!(line('genSymKey -t 31 -s 16 -l p'))).toEqual([]);
    const single = line('key_mgmt_util singlecmd loginHSM -u CU -s genSymKey -p pw genSymKey -t 31 -s 16 -l k');
    expect(keyMgmtUtil.secretTokens!(single)).toEqual([8]);
    expect(keyMgmtUtil.secretTokens!(line('key_mgmt_util Cfm3Util singlecmd loginHSM -u CU -s a -p pw'))).toEqual([9]);
    expect(keyMgmtUtil.secretTokens!(line('key_mgmt_util -p x'))).toEqual([]);
  });
});
