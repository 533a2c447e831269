/**
 * Browser entry: wires the concrete adapters (IndexedDB storage, the platform RNG, real time)
 * into the console engine and mounts the terminal page. The only place that picks adapters.
 *
 * Storage (src/platform/open-storage.ts): IndexedDB when it opens within a few seconds; otherwise
 * (unavailable, held up by another tab, newer data) memory, with a banner. If IndexedDB fails
 * later (quota exhausted, evicted, closed by the browser or another tab), the failover backend
 * moves to memory and the banner says so. The page also asks the
 * browser to keep its storage (navigator.storage.persist()), and shows the answer in Settings.
 */
import { mount } from 'svelte';
import App from './ui/App.svelte';
import { PageState } from './ui/page-state.svelte';
import { openStorage } from './platform/open-storage';
import { cachedBackend } from './hsm/cached-backend';
import { createMemoryBackend } from './hsm/memory-backend';
import { systemRng } from './crypto/rng';
import { pbkdf2Sha256 } from './crypto/kdf';
import { systemClock } from './hsm/clock';
import { createTerminals } from './shell/terminals';
import { openLoginPresence } from './platform/login-presence';
import { PROGRAMS } from './commands/programs';
import { keygenWorker } from './platform/keygen-worker';
import type { Output } from './shell/session';
import type { InMemory } from './shell/welcome';

/** "the storage failed." → "The storage failed. This session is kept in memory only: …" */
const banner = (reason: string) => `${reason.charAt(0).toUpperCase()}${reason.slice(1).replace(/\.$/, '')}. ${LOST}`;

const LOST = 'This session is kept in memory only: keys, files and command history are lost when you reload or close the tab.';

async function askPersistence(page: PageState): Promise<void> {
  try {
    const storage = navigator.storage;
    if (!storage?.persist) return;
    page.setPersisted((await storage.persisted()) || (await storage.persist()));
  } catch {
    page.setPersisted(null);
  }
}

/**
 * Whether this page is inside a frame (issue 14, item 2): the full playground refuses to run there —
 * a page that frames it could dress it up or click for the reader, and it would open the reader's
 * saved playground. (Hosts that can send headers also send `frame-ancestors 'none'`, which stops
 * the frame before this runs: scripts/frame-headers.ts. Only /embed.html may be framed.) A top
 * window of another origin cannot even be compared in some engines: that counts as framed.
 */
function framed(): boolean {
  try {
    return window.top !== window.self;
  } catch {
    return true;
  }
}

/** In a frame: a short message and a link that opens the playground in a tab of its own; nothing else runs. */
function refuseFramed(target: HTMLElement): void {
  const box = document.createElement('main');
  box.className = 'framed';
  box.style.cssText = 'padding: 1rem; font: 15px/1.5 system-ui, sans-serif;';
  const p = document.createElement('p');
  p.textContent = 'The key_mgmt_util playground does not run inside another page. ';
  const a = document.createElement('a');
  a.href = location.href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.textContent = 'Open the playground in its own tab';
  a.style.color = 'inherit';
  p.append(a, '.');
  box.append(p);
  target.replaceChildren(box);
}

async function main(): Promise<void> {
  const target = document.getElementById('app');
  if (!target) throw new Error('index.html has no #app element');
  // before anything opens storage: a framed full page shows a link to itself and stops
  if (framed()) {
    refuseFramed(target);
    return;
  }
  const page = new PageState();
  // a share link (issue 15) replays into a fresh playground in memory: the saved one is never opened
  const share = location.hash.startsWith('#share=') ? location.hash : null;
  addEventListener('hashchange', () => location.hash.startsWith('#share=') && location.reload());
  // every read after a store's first is answered from memory; commits still go to the storage.
  // An open another tab holds up gives up after a few seconds: the page then starts in memory.
  const backend = share ? cachedBackend(createMemoryBackend())
    : await openStorage({ onFallback: (reason) => page.setBanner(banner(reason)) });
  if (share) page.setBanner('A shared session, in memory only: your saved playground is not opened or changed.');
  if (backend.kind !== 'memory') void askPersistence(page);
  backend.subscribe?.(() => page.noteExternalChange());
  const rng = systemRng();
  // every terminal tab is a console of its own on this one playground (src/shell/terminals.ts)
  // and a login in another browser tab of this playground counts too (not for a page in memory,
  // which shares nothing with the other tabs)
  const presence = backend.kind === 'memory' ? null : openLoginPresence();
  const deps = { backend, rng, clock: systemClock, programs: PROGRAMS, keygen: keygenWorker(), kdf: pbkdf2Sha256 };
  // why this page is in memory, if it is (a share link, or the storage failed — now or later): the
  // one answer the welcome gives (src/shell/welcome.ts); the lessons' playgrounds answer for their own
  const inMemory = (): InMemory | null => (share ? 'share' : backend.kind === 'memory' ? 'storage' : null);
  const terminals = createTerminals({ ...deps, inMemory }, presence);
  // what a share link carries is recorded as it is typed (src/shell/share-record.ts in src/ui/share-ui.ts, loaded after the
  // first prompt; a line typed before it is here waits for it, and if it cannot load, lines go on unrecorded)
  const connect = (output: Output) => terminals.open(output).then((s) => {
    const submit = s.submit.bind(s);
    s.submit = async (line) => {
      const m = await recorder().catch(() => null);
      return m ? m.recordTyped(s, submit).submit(line) : submit(line);
    };
    return s;
  });
  // lessons (issue 13): each in a playground of its own beside this one; loaded when first opened
  const lessons = () => import('./platform/lesson-ports').then((m) => m.lessonPorts(deps));
  // Settings' export and import (issue 15) read and replace this playground's records (PlaygroundTransfer.svelte)
  mount(App, { target, props: { connect, page, lessons, share, shareUi: recorder }, context: new Map([['kmu-playground:backend', backend]]) });
  // key_mgmt_util loads on first use; fetch it as soon as the first prompt is up, so starting it
  // waits for nothing
  afterFirstPrompt(() => {
    void PROGRAMS.load('kmu');
    void recorder();
  });
  // the network build installs and works offline (issue 15): its service worker, once the prompt is up
  // (not in the single file, nor in the dev server)
  if (import.meta.env.MODE === 'production') {
    afterFirstPrompt(() => void import('./platform/service-worker').then((m) => m.startServiceWorker(() => import('./ui/update-notice'))));
  }
}

let recording: Promise<typeof import('./ui/share-ui')> | undefined;
const recorder = () => (recording ??= import('./ui/share-ui'));

/** Run `work` once the terminal has marked its first prompt ready (Terminal.svelte), in a task of its own. */
function afterFirstPrompt(work: () => void): void {
  if (typeof PerformanceObserver !== 'function') {
    setTimeout(work, 2000);
    return;
  }
  const observer = new PerformanceObserver((list) => {
    if (list.getEntriesByName('kmu:prompt-ready').length === 0) return;
    observer.disconnect();
    setTimeout(work, 0);
  });
  observer.observe({ type: 'mark', buffered: true });
}

void main();
