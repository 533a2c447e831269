/** settings; settings handles simple|realistic; settings seed N|random (spec README decisions 3, 9). */
import type { SettingsRecord } from '../../hsm/model';
import { fail, out, type HostCommand } from './command';

const USAGE = 'usage: settings | settings handles simple|realistic | settings seed N|random';

export const settings: HostCommand = {
  name: 'settings',
  summary: 'show or change settings (handles simple|realistic, seed N|random)',
  usage: 'settings [handles simple|realistic] [seed N|random]',
  args: [{ name: 'setting', kind: 'none', optional: true, words: ['handles', 'seed'] }, { name: 'value', kind: 'none', optional: true }],
  async run(ctx, args) {
    const { hsm } = ctx;
    const [what, value, ...rest] = args;
    if (rest.length > 0 || (what !== undefined && value === undefined)) return fail(USAGE);
    if (what === 'handles' && value !== 'simple' && value !== 'realistic') return fail(USAGE);
    if (what === 'seed' && value !== 'random' && !/^\d{1,9}$/.test(value!)) return fail(USAGE);
    if (what !== undefined && what !== 'handles' && what !== 'seed') return fail(USAGE);
    const s = what === undefined ? await hsm.transact((tx) => hsm.settings(tx))
      : await hsm.updateSettings(what === 'handles' ? { handles: value as SettingsRecord['handles'] }
        : { seed: value === 'random' ? null : Number(value) });
    return out(
      `handles  ${s.handles.padEnd(10)}  simple: handle = object index; realistic: index + 262144 × serving HSM`,
      `seed     ${String(s.seed ?? 'random').padEnd(10)}  a number makes random bytes, serving HSMs and handles reproducible`,
    );
  },
};
