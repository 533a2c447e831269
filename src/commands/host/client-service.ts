/**
 * The AWS CloudHSM client daemon as the client host's service managers show it (the set-up steps
 * of the guide's getting-started and configure pages: `sudo service cloudhsm-client start`,
 * `sudo systemctl start cloudhsm-client`, `sudo start cloudhsm-client` on upstart). The guide
 * shows the commands and none of their output; the playground's host is an Amazon Linux 2 client
 * (the guide's first Linux tab with `service`): `service` hands over to systemd with its
 * `Redirecting to /bin/systemctl …` line, `systemctl` start/stop/restart print nothing and status
 * a short unit block; upstart's `start`/`stop` print `<job> start/running, process <pid>` and
 * `<job> stop/waiting`. After each, ONE line says what the playground's client does instead: it
 * is simulated and always running, connected to the current cluster. (The commands' run parts
 * use this; their tables need only ./client-unit.ts.)
 */
import type { Hsm } from '../../hsm/world';
import { ACTIONS, CLIENT_UNIT } from './client-unit';

export { ACTIONS, CLIENT_UNIT };

/** The process id the simulated daemon reports (fixed: transcripts stay exact). */
export const CLIENT_PID = 3047;
/** systemctl's other verbs: known to systemd, not offered here (an unknown one is `Unknown operation`). */
export const OTHER_SYSTEMD_VERBS: readonly string[] = [
  'list-units', 'list-unit-files', 'is-active', 'is-enabled', 'is-failed', 'show', 'cat', 'reload', 'try-restart',
  'reload-or-restart', 'condrestart', 'force-reload', 'kill', 'reset-failed', 'enable', 'disable', 'mask', 'unmask',
  'daemon-reload', 'isolate', 'help',
];
/** What the playground says of a real action it does not offer. */
export const ONLY_ACTIONS = `This playground's systemctl knows ${ACTIONS.join(', ')} of ${CLIENT_UNIT}.`;

/** `cloudhsm-client` or `cloudhsm-client.service`: the unit's name without its suffix, if it is the client. */
export const isClientUnit = (word: string) => word === CLIENT_UNIT || word === `${CLIENT_UNIT}.service`;

/** The one line after a service action: what the playground's client does instead. */
export async function clientNote(hsm: Hsm, action: string): Promise<string> {
  const cluster = await hsm.transact((tx) => hsm.currentClusterName(tx));
  return action === 'stop'
    ? `Note: the playground's CloudHSM client cannot be stopped; it stays connected to ${cluster} (to take an HSM offline, type hsm stop N).`
    : `Note: the playground's CloudHSM client is simulated and always running; key_mgmt_util and cloudhsm_mgmt_util reach ${cluster} through it.`;
}

/** What systemd prints for an action on a unit (systemd 219, Amazon Linux 2), before the note. */
export function systemdLines(action: string, unit: string): { lines: string[]; known: boolean } {
  const name = unit.endsWith('.service') ? unit : `${unit}.service`;
  if (!isClientUnit(unit)) {
    return { lines: [action === 'status' ? `Unit ${name} could not be found.` : `Failed to ${action} ${name}: Unit not found.`], known: false };
  }
  if (action !== 'status') return { lines: [], known: true };
  return {
    lines: [
      `● ${name} - AWS CloudHSM client daemon`,
      `   Loaded: loaded (/etc/systemd/system/${name}; enabled; vendor preset: disabled)`,
      '   Active: active (running)',
      ` Main PID: ${CLIENT_PID} (cloudhsm_client)`,
    ],
    known: true,
  };
}
