/** The client daemon's unit (an upstart job too) and the actions its service managers offer here (their tables; ./client-service.ts prints). */
export const CLIENT_UNIT = 'cloudhsm-client';
export const ACTIONS: readonly string[] = ['start', 'stop', 'restart', 'status'];
