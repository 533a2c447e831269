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

/**
 * Why a playground is kept in memory only; null: it is saved in this browser. One answer, given by
 * whoever picked the storage (src/main.ts: a share link, an embed, or the browser's storage failing)
 * and read by the welcome each time it is shown (a reset shows it again, and the storage may fail
 * in between).
 */
export type InMemory = 'storage' | 'share' | 'embed';

/** What replaces the welcome's storage line, for each reason. */
const MEMORY_LINES: Readonly<Record<InMemory, readonly string[]>> = {
  storage: [
    'Nothing you type leaves your browser. This browser cannot store the playground, so it is',
    'kept in memory only: it is lost when you reload or close the tab.',
  ],
  share: [
    'Nothing you type leaves your browser. This is a shared session in a fresh playground kept',
    'in memory only: your saved playground is not opened or changed, and this one is lost when',
    'you reload or close the tab.',
  ],
  embed: [
    'Nothing you type leaves your browser. This embedded playground is kept in memory only:',
    'your saved playground is not opened or changed, and this one is lost when you reload or',
    'close the tab.',
  ],
};

/** The welcome for a playground saved in this browser (null) or kept in memory for `inMemory`'s reason. */
export function welcomeLines(inMemory: InMemory | null): string[] {
  if (inMemory === null) return WELCOME;
  const lines = Object.hasOwn(MEMORY_LINES, inMemory) ? MEMORY_LINES[inMemory] : MEMORY_LINES.storage;
  return WELCOME.flatMap((l) => (l.startsWith('Nothing you type leaves your browser') ? [...lines] : [l]));
}
