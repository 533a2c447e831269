/**
 * The network build's service worker, from the page's side (issue 15, item 4): registered once the
 * first prompt is up (src/main.ts, which loads this module only in the network build), never in a
 * frame (an embed is its host page's business) nor from file:// (no service worker there).
 *
 * A new version is "ready" when a newer worker has installed while this page has a controller (the
 * very first install is not an update). The page is told once; `showUpdateNotice` gets a `reload`
 * that asks the waiting worker to take over (`skip-waiting`) and reloads when it has — never
 * without the learner's say, so an open tab is never switched under its feet. The page looks for a
 * new version when the network comes back, when it becomes visible again, and every 30 minutes;
 * at every load it asks the worker to tidy the older versions' caches (src/sw/sw.ts).
 */
export interface UpdateNotice { showUpdateNotice(reload: () => void): void }

const CHECK_EVERY_MS = 30 * 60_000;

export function canUseServiceWorker(): boolean {
  try {
    return 'serviceWorker' in navigator && window.isSecureContext && location.protocol !== 'file:' && window.top === window.self;
  } catch {
    return false; // (a cross-origin parent: reading window.top's identity is fine, but be safe)
  }
}

export async function startServiceWorker(notice: () => Promise<UpdateNotice>): Promise<void> {
  if (!canUseServiceWorker()) return;
  const container = navigator.serviceWorker;
  const base = import.meta.env.BASE_URL;
  let registration: ServiceWorkerRegistration;
  try {
    registration = await container.register(`${base}sw.js`, { scope: base, updateViaCache: 'none' });
  } catch {
    return; // (private mode, storage blocked, a proxy that drops sw.js: the page works online as before)
  }
  container.controller?.postMessage({ type: 'tidy' });

  let reloading = false;
  container.addEventListener('controllerchange', () => {
    if (reloading) location.reload();
  });
  let told = false;
  const tell = () => {
    if (told || !container.controller) return;
    told = true;
    void notice().then((n) => n.showUpdateNotice(() => {
      const waiting = registration.waiting;
      if (!waiting) { location.reload(); return; }
      reloading = true;
      waiting.postMessage({ type: 'skip-waiting' });
    }));
  };
  if (registration.waiting) tell();
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed') tell();
    });
  });
  const check = () => { registration.update().catch(() => { /* offline, or the server is down: later */ }); };
  addEventListener('online', check);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  setInterval(check, CHECK_EVERY_MS);
}
