/** `login` (cloudhsm-cli.md §3). Contract stub: the users branch fills in its table and run. */
import { stubCommand } from './command';

export const login = stubCommand(['login'], 'Login to your cluster', 'login [OPTIONS]');
