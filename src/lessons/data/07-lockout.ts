/**
 * Lesson 7: Lock out a user, and reset them (users-and-keys.md §3, errors.md §4.3: a wrong
 * password is `0xa3`, a locked account `0xe4` even with the right password; only a CO's CMU
 * `changePswd` unlocks). A one-HSM cluster, as the guide advises for trying lockout: KMU checks a
 * failed login on one HSM, so with one HSM the count is the whole story.
 */
import type { Lesson } from '../format';

const lesson: Lesson = {
  id: 'lockout',
  title: 'Lock out a user, and reset them',
  summary: 'Type wrong passwords until a crypto user is locked out, then have the crypto officer reset the password.',
  start: {
    // One HSM: every failed KMU login is counted by the same HSM (users-and-keys.md §3).
    hsms: 1,
  },
  steps: [
    {
      title: 'Five wrong passwords',
      text:
        'An HSM protects its users against password guessing: every failed login adds one to the user\'s **LoginFailureCnt**, ' +
        'and when the count reaches five the account is locked.\n\n' +
        'This playground has a cluster of one HSM, as the guide advises for trying this: with several HSMs the client spreads ' +
        'login attempts over them and each HSM counts on its own.\n\n' +
        'Start `key_mgmt_util` and try to log in as the crypto user `example_user` with a wrong password, five times. ' +
        'Each attempt answers `0xa3` (RET_USER_LOGIN_FAILURE).',
      goals: [
        { kind: 'user', text: 'example_user is locked out', name: 'example_user', locked: true },
      ],
      hints: [
        'From the `$ ` prompt, `key_mgmt_util` starts the tool; its log-in command is `loginHSM -u CU -s <name> -p <password>`.',
        'Type `loginHSM -u CU -s example_user -p wrong_pwd` five times (press the up arrow to repeat it).',
        'Logged in by mistake with the right password? A successful login sets the count back to 0: `logoutHSM`, then start again.',
      ],
      solution: [
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p wrong_pwd',
        'loginHSM -u CU -s example_user -p wrong_pwd',
        'loginHSM -u CU -s example_user -p wrong_pwd',
        'loginHSM -u CU -s example_user -p wrong_pwd',
        'loginHSM -u CU -s example_user -p wrong_pwd',
      ],
    },
    {
      title: 'Even the right password fails',
      text:
        'A locked account stays locked: the HSM no longer checks the password at all. Log in with the right password, ' +
        '`example_pwd`, and read the code: `0xe4`, the account is locked. A crypto user cannot unlock itself, and nobody ' +
        'can unlock it by waiting.',
      refusal: true,
      goals: [
        { kind: 'code', text: 'loginHSM answered 0xe4 (account locked)', code: 0xe4, program: 'kmu', command: 'loginHSM' },
      ],
      hints: [
        'The same command as before, with the password `example_pwd`.',
      ],
      solution: [
        'loginHSM -u CU -s example_user -p example_pwd',
      ],
    },
    {
      title: 'The crypto officer resets the password',
      text:
        'Only a crypto officer (CO) can unlock a user, and the only way is to give the user a new password with ' +
        '`changePswd` in `cloudhsm_mgmt_util`. Changing a password never needs the old one, and it sets the failure count ' +
        'back to 0.\n\n' +
        'Leave `key_mgmt_util`, start `cloudhsm_mgmt_util`, log in as the CO `admin` (password `co12345`), and set ' +
        'example_user\'s password to `new_password1`. The command asks you to confirm with `y`, because it changes every HSM.',
      goals: [
        { kind: 'program', text: 'You are in cloudhsm_mgmt_util as the CO admin', program: 'cmu', user: 'admin' },
        { kind: 'user', text: 'example_user is no longer locked', name: 'example_user', locked: false },
      ],
      hints: [
        '`exit` leaves key_mgmt_util; `cloudhsm_mgmt_util` starts the other tool. There, log in with `loginHSM CO admin co12345`.',
        'The command is `changePswd CU example_user new_password1`; answer `y` to the question.',
      ],
      solution: [
        'exit',
        'cloudhsm_mgmt_util',
        'loginHSM CO admin co12345',
        'changePswd CU example_user new_password1',
        '> y',
      ],
    },
    {
      title: 'Log in with the new password',
      text:
        'The account is unlocked, and its password is now `new_password1`: the old one is gone. `listUsers` in ' +
        'cloudhsm_mgmt_util shows the LoginFailureCnt back at 0.\n\n' +
        'Go back to `key_mgmt_util` and log in as example_user with the new password. To prove you are in, make a key: ' +
        'only a logged-in crypto user can.',
      goals: [
        { kind: 'program', text: 'You are logged in to key_mgmt_util as example_user', program: 'kmu', user: 'example_user' },
        { kind: 'key', text: 'example_user made an AES key labelled unlocked', match: { keyType: 'AES', label: 'unlocked', owner: 'example_user' }, bind: 'proof' },
      ],
      hints: [
        '`quit` leaves cloudhsm_mgmt_util; then start `key_mgmt_util` again.',
        'Log in with `loginHSM -u CU -s example_user -p new_password1`, then `genSymKey -t 31 -s 16 -l unlocked` makes a 128-bit AES key.',
      ],
      solution: [
        'quit',
        'key_mgmt_util',
        'loginHSM -u CU -s example_user -p new_password1',
        'genSymKey -t 31 -s 16 -l unlocked',
      ],
    },
  ],
  source: {
    title: 'AWS CloudHSM User Guide: loginHSM and logoutHSM (key_mgmt_util)',
    url: 'https://docs.aws.amazon.com/cloudhsm/latest/userguide/key_mgmt_util-loginHSM.html',
  },
};

export default lesson;
