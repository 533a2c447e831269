/**
 * Browser entry: wires the concrete adapters (IndexedDB storage, the platform RNG, real time)
 * into the console engine and mounts the terminal page. The only place that picks adapters.
 */
import { mount } from 'svelte';
import App from './ui/App.svelte';
import { openIdbBackend } from './platform/idb-backend';
import { createMemoryBackend } from './hsm/memory-backend';
import type { Backend } from './hsm/store';
import { systemRng } from './crypto/rng';
import { systemClock } from './hsm/clock';
import { createConsole } from './shell/console';
import type { Output } from './shell/session';

async function openBackend(): Promise<{ backend: Backend; notice?: string }> {
  try {
    return { backend: await openIdbBackend() };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    console.warn('IndexedDB unavailable, using in-memory storage:', err);
    return {
      backend: createMemoryBackend(),
      notice: `${reason.replace(/\.$/, '')}. This session is kept in memory only: keys and files are lost when you reload or close the tab.`,
    };
  }
}

async function main(): Promise<void> {
  const target = document.getElementById('app');
  if (!target) throw new Error('index.html has no #app element');
  const { backend, notice } = await openBackend();
  const rng = systemRng();
  const connect = (output: Output) => createConsole({ backend, rng, clock: systemClock, output });
  mount(App, { target, props: notice === undefined ? { connect } : { connect, notice } });
}

void main();
