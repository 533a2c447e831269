/** `user change-password` (cloudhsm-cli.md §3). Contract stub: the users branch fills in its table and run. */
import { stubCommand } from './command';

export const userChangePassword = stubCommand(['user', 'change-password'], "Change a user's password", 'user change-password [OPTIONS]');
