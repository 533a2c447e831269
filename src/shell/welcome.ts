/** The welcome text (spec README decisions 1 and 7): who exists, and what to type first. */
export const WELCOME = [
  'kmu-playground: a simulated AWS CloudHSM cluster that runs entirely in this tab.',
  'Nothing you type leaves your browser; keys and files are kept in this browser.',
  '',
  'Cluster cluster-1 is active with 3 HSMs (node ids 0, 1, 2). Users on every HSM:',
  '  1  admin         PCO  password co12345',
  '  2  app_user      AU',
  '  3  example_user  CU   password example_pwd',
  '',
  'key_mgmt_util belongs to the legacy CloudHSM Client SDK 3; its successor is the CloudHSM CLI',
  '(type explain key_mgmt_util; explain <command> shows each command\'s CLI equivalent).',
  '',
  'Start key_mgmt_util and log in as the crypto user:',
  '  $ key_mgmt_util',
  '  Command: loginHSM -u CU -s example_user -p example_pwd',
  '',
  'Type help for the commands of this shell; explain 0xc6, explain -t 31 or a click on a code',
  'tells what it means.',
  '',
];

/** The welcome for a playground that cannot be saved (storage unavailable: kept in memory only). */
export function welcomeLines(persistent: boolean): string[] {
  if (persistent) return WELCOME;
  return WELCOME.flatMap((l) => (l.startsWith('Nothing you type leaves your browser')
    ? ['Nothing you type leaves your browser. This browser cannot store the playground, so it is', 'kept in memory only: it is lost when you reload or close the tab.']
    : [l]));
}
