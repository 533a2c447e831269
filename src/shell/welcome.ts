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
  'key_mgmt_util belongs to the legacy CloudHSM Client SDK 3; its successor is the CloudHSM CLI.',
  '',
  'Start key_mgmt_util and log in as the crypto user:',
  '  $ key_mgmt_util',
  '  Command: loginHSM -u CU -s example_user -p example_pwd',
  '',
  'Type help for the commands of this shell.',
  '',
];
