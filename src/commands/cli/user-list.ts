/** `user list` (cloudhsm-cli.md §3). Contract stub: the users branch fills in its table and run. */
import { stubCommand } from './command';

export const userList = stubCommand(['user', 'list'], 'List the users in your cluster', 'user list [OPTIONS]');
