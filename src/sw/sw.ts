/**
 * The network build's service worker (issue 15, item 4): our own, not a library's (see
 * docs/notes/offline.md for why). Built by scripts/pwa.ts into /sw.js with the build's version and
 * the list of every file the build wrote; src/sw/entry.ts calls `serviceWorker(self, …)`.
 *
 * - install: every file of this version goes into the cache `kmu-playground-v-<version>` (bypassing
 *   the HTTP cache). No skipWaiting: a new version waits while a tab of the old one is open, unless
 *   a page asks for it (the "new version is ready — Reload" notice posts `skip-waiting`, then reloads).
 * - fetch (same-origin GET only): a page (navigation) comes from the network first, so an online
 *   visitor always gets what the server has now, and from the cache when the network fails; every
 *   other file from this version's cache, then from an older version's cache (an open tab of the
 *   old version keeps loading its lazy parts after the server dropped them), then the network.
 * - activate: takes control of the open pages; older versions' caches are deleted once no window
 *   that was open at the activation is left (the windows' ids are kept in a small cache of their
 *   own, since the browser stops an idle worker and its memory goes); pages post `tidy` when they
 *   load, which prunes then.
 *
 * Matching ignores Vary: `vite preview` (and other servers) answer `Vary: Origin`, and module scripts
 * are CORS requests, whose Origin header the stored request did not have.
 */

/** What the worker needs of its global scope (ServiceWorkerGlobalScope's part we use). */
export interface SwScope {
  readonly caches: CacheStorage;
  readonly registration: { readonly scope: string; readonly installing: unknown; readonly waiting: unknown };
  readonly clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<ReadonlyArray<{ readonly id: string }>>;
    claim(): Promise<void>;
  };
  fetch(request: Request): Promise<Response>;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: SwEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: SwFetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: SwMessageEvent) => void): void;
}
export interface SwEvent { waitUntil(work: Promise<unknown>): void }
export interface SwFetchEvent extends SwEvent { readonly request: Request; respondWith(response: Promise<Response>): void }
export interface SwMessageEvent extends SwEvent { readonly data: unknown }

export interface SwBuild {
  /** Changes whenever any file of the build changes. */
  readonly version: string;
  /** Every file to keep, relative to the worker's scope ('' is the page itself). */
  readonly files: readonly string[];
}

/** Every version's cache name starts with this; nothing else of ours does. */
export const VERSION_PREFIX = 'kmu-playground-v-';
/** Where the ids of the windows an activation found are kept. */
export const STATE_CACHE = 'kmu-playground-sw-state';
const STATE_KEY = 'waiting-for-windows';
const MATCH: CacheQueryOptions = { ignoreVary: true };

export const cacheName = (version: string) => `${VERSION_PREFIX}${version}`;

/** The caches of other versions (never the current one, never a cache that is not a version of ours). */
export function otherVersions(names: readonly string[], current: string): string[] {
  return names.filter((n) => n.startsWith(VERSION_PREFIX) && n !== current);
}

/** A message a page may send: `{ type: 'skip-waiting' }` or `{ type: 'tidy' }`; anything else is ignored. */
export function messageType(data: unknown): 'skip-waiting' | 'tidy' | null {
  if (typeof data !== 'object' || data === null || !Object.hasOwn(data, 'type')) return null;
  const t = (data as { type: unknown }).type;
  return t === 'skip-waiting' || t === 'tidy' ? t : null;
}

/** The ids kept in the state cache's record, or null without a (valid) record. */
export function parseWaitingFor(text: string): string[] | null {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
  } catch {
    return null;
  }
}

/** A stored response a navigation may be answered with (a redirected one would be refused). */
async function plain(res: Response): Promise<Response> {
  if (!res.redirected) return res;
  return new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** Install the worker's handlers on `self`. */
export function serviceWorker(self: SwScope, build: SwBuild): void {
  const current = cacheName(build.version);
  const scope = self.registration.scope;
  const urls = build.files.map((f) => new URL(f, scope).href);
  const page = new URL('./', scope).href;
  const origin = new URL(scope).origin;

  async function precache(): Promise<void> {
    const cache = await self.caches.open(current);
    await Promise.all(urls.map(async (url) => {
      if (await cache.match(url, MATCH)) return; // (an install that failed half-way and is tried again)
      const res = await self.fetch(new Request(url, { cache: 'no-cache' }));
      if (!res.ok) throw new Error(`service worker install: ${url} answered HTTP ${res.status}`);
      await cache.put(url, await plain(res));
    }));
  }

  const windows = async () => (await self.clients.matchAll({ type: 'window', includeUncontrolled: true })).map((c) => c.id);

  /**
   * Delete older versions' caches once none of the windows recorded at the activation is open.
   * Not while a newer version installs or waits: its cache is one of the "others", and its own
   * activation tidies.
   */
  async function tidy(): Promise<void> {
    if (self.registration.installing || self.registration.waiting) return;
    const state = await self.caches.open(STATE_CACHE);
    const record = await state.match(STATE_KEY);
    const waitingFor = record ? parseWaitingFor(await record.text()) : null;
    if (record && waitingFor) {
      const open = new Set(await windows());
      if (waitingFor.some((id) => open.has(id))) return;
    }
    for (const name of otherVersions(await self.caches.keys(), current)) await self.caches.delete(name);
    await state.delete(STATE_KEY);
  }

  async function activate(): Promise<void> {
    const open = await windows();
    const state = await self.caches.open(STATE_CACHE);
    await state.put(STATE_KEY, new Response(JSON.stringify(open), { headers: { 'Content-Type': 'application/json' } }));
    await tidy();
    await self.clients.claim();
  }

  async function fromCache(request: Request | string): Promise<Response | undefined> {
    const own = await (await self.caches.open(current)).match(request, MATCH);
    if (own) return own;
    // an older version's file (an open tab of that version), if its cache is still kept
    for (const name of otherVersions(await self.caches.keys(), current)) {
      const hit = await (await self.caches.open(name)).match(request, MATCH);
      if (hit) return hit;
    }
    return undefined;
  }

  async function navigate(request: Request): Promise<Response> {
    try {
      return await self.fetch(request);
    } catch (err) {
      const cached = await fromCache(page);
      if (cached) return cached;
      throw err;
    }
  }

  async function file(request: Request): Promise<Response> {
    return (await fromCache(request)) ?? self.fetch(request);
  }

  self.addEventListener('install', (e) => e.waitUntil(precache()));
  self.addEventListener('activate', (e) => e.waitUntil(activate()));
  self.addEventListener('message', (e) => {
    const type = messageType(e.data);
    if (type === 'skip-waiting') e.waitUntil(self.skipWaiting());
    else if (type === 'tidy') e.waitUntil(tidy());
  });
  self.addEventListener('fetch', (e) => {
    const request = e.request;
    if (request.method !== 'GET' || new URL(request.url).origin !== origin) return;
    e.respondWith(request.mode === 'navigate' ? navigate(request) : file(request));
  });
}
