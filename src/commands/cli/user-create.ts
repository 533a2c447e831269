/** `user create` (cloudhsm-cli.md §3). Contract stub: the users branch fills in its table and run. */
import { stubCommand } from './command';

export const userCreate = stubCommand(['user', 'create'], 'Create a new user', 'user create [OPTIONS]');
