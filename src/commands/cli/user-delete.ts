/** `user delete` (cloudhsm-cli.md §3). Contract stub: the users branch fills in its table and run. */
import { stubCommand } from './command';

export const userDelete = stubCommand(['user', 'delete'], 'Delete a user', 'user delete [OPTIONS]');
