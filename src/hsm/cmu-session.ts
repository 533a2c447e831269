/**
 * One cloudhsm_mgmt_util session (users-and-keys.md §7): the servers it connected to at start
 * (config order = server numbers), who is logged in, and server mode (`server <n>`).
 */
import type { UserType } from './model';

export interface CmuUser {
  userId: number;
  name: string;
  type: UserType;
}

export class CmuSession {
  cluster = '';
  /** Node ids of the configured servers, in config order: server N is servers[N]. */
  servers: number[] = [];
  user: CmuUser | null = null;
  /** The HSMs the user is logged in to: node id → the user's id on that HSM (ids are per HSM). */
  readonly loggedOn = new Map<number, number>();
  /** Server number while in server mode, else null (global mode). */
  serverMode: number | null = null;

  get prompt(): string {
    return this.serverMode === null ? 'aws-cloudhsm>' : `server${this.serverMode}>`;
  }

  end(): void {
    this.user = null;
    this.loggedOn.clear();
    this.serverMode = null;
  }
}
