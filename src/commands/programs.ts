/**
 * The programs a terminal can run, for whoever builds a console (the page, tests): the host
 * shell and key_mgmt_util at once, cloudhsm_mgmt_util on first use (the page's first script stays
 * small).
 */
import { hostProgram } from './host/program';
import { kmuProgram } from './kmu/program';
import type { Program, ProgramId } from './program';

export interface ProgramRegistry {
  /** The program a new terminal starts in. */
  readonly first: ProgramId;
  load(id: ProgramId): Program | Promise<Program>;
}

export const PROGRAMS: ProgramRegistry = {
  first: 'host',
  load(id) {
    if (id === 'host') return hostProgram;
    if (id === 'kmu') return kmuProgram;
    return import('./cmu/program').then((m) => m.cmuProgram);
  },
};
