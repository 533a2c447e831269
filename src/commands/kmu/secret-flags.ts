/**
 * The flags of key_mgmt_util whose value is a secret, by command (lower case, as findKmuCommand
 * matches names): the one redaction rule's KMU part for lines typed at any prompt (src/commands/
 * programs.ts) and in `key_mgmt_util singlecmd …` (src/commands/host/key-mgmt-util.ts), without
 * loading key_mgmt_util's command tables, which load with the tool on first use. A test checks it
 * against those tables: the same commands and flags, and no flag of any command that is not
 * secret spelled like one that is (so masking a secret flag's value wherever it appears masks
 * exactly what the full tables would).
 */
import type { FlagSpec } from '../flags';

const secret = (flag: string): FlagSpec => ({ flag, arg: '<password>', required: false, meaning: 'password', secret: true });

export const KMU_SECRET_FLAGS: ReadonlyMap<string, readonly FlagSpec[]> = new Map([
  ['loginhsm', [secret('-p')]],
  ['genpbekey', [secret('-p'), secret('-pwd'), secret('-password')]],
]);

/** Every secret flag's spelling, whichever command it belongs to. */
export const KMU_SECRET_FLAG_NAMES: ReadonlySet<string> = new Set([...KMU_SECRET_FLAGS.values()].flat().map((f) => f.flag));
