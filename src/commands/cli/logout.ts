/** `logout` (cloudhsm-cli.md §3). Contract stub: the users branch fills in its table and run. */
import { stubCommand } from './command';

export const logout = stubCommand(['logout'], 'Logout of your cluster', 'logout [OPTIONS]');
