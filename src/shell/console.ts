// TEMPORARY stand-in so the page can be built while the engine lands; replaced by the real console.
import type { Backend } from '../hsm/store';
import type { Rng } from '../crypto/rng';
import type { Clock } from '../hsm/clock';
import type { ConsoleSession, InputMode, Output } from './session';

export interface ConsoleDeps {
  backend: Backend;
  rng: Rng;
  clock: Clock;
  output: Output;
}

export async function createConsole(deps: ConsoleDeps): Promise<ConsoleSession> {
  const session = {
    prompt: '$ ',
    inputMode: 'normal' as InputMode,
    async start() { deps.output.write('kmu-playground (engine not wired yet)\n\n$ '); },
    async submit(line: string) {
      if (line.trim() === 'clear') deps.output.clear();
      else if (line.trim()) deps.output.write(`echo: ${line}\n`);
      deps.output.write('$ ');
    },
  };
  return session;
}
