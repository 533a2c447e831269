/**
 * The service worker (src/sw/sw.ts) in Node, against a fake of the few browser parts it uses: a
 * CacheStorage in memory (which, like a browser, refuses a stored response whose `Vary` header does
 * not match unless asked to ignore Vary), a server that can lose files or go away, and windows that
 * open and close. Every case of the issue: install, offline pages and lazy files, a new version
 * while a tab of the old one is open (its files outlive the server's), old caches pruned once no
 * old window is left, no skipWaiting unless a page asks.
 */
import { describe, expect, it } from 'vitest';
import { SW_FAULTS, faultyServiceWorker, type SwFault } from '../../src/sw/faults';
import {
  STATE_CACHE, VERSION_PREFIX, cacheName, messageType, otherVersions, parseWaitingFor, serviceWorker,
  type SwEvent, type SwFetchEvent, type SwMessageEvent, type SwScope,
} from '../../src/sw/sw';

const SCOPE = 'https://play.example/';

class FakeCache {
  readonly entries = new Map<string, Response>();
  async match(request: Request | string, options?: CacheQueryOptions): Promise<Response | undefined> {
    const url = typeof request === 'string' ? new URL(request, SCOPE).href : request.url;
    const hit = this.entries.get(url);
    if (!hit) return undefined;
    // like a browser: `Vary: Origin` on the stored response and a CORS request with an Origin → no match
    if (!options?.ignoreVary && hit.headers.get('Vary') && typeof request !== 'string' && request.headers.get('Origin')) return undefined;
    return hit.clone();
  }
  async put(request: Request | string, response: Response): Promise<void> {
    const url = typeof request === 'string' ? new URL(request, SCOPE).href : request.url;
    this.entries.set(url, response.clone());
  }
  async delete(request: string): Promise<boolean> {
    return this.entries.delete(new URL(request, SCOPE).href);
  }
}

class FakeCaches {
  readonly map = new Map<string, FakeCache>();
  async open(name: string) {
    let c = this.map.get(name);
    if (!c) { c = new FakeCache(); this.map.set(name, c); }
    return c as unknown as Cache;
  }
  async keys() { return [...this.map.keys()]; }
  async delete(name: string) { return this.map.delete(name); }
  async has(name: string) { return this.map.has(name); }
  async match() { throw new Error('the worker looks in its own caches by name'); }
}

/** The site's server: path → body; it can go down (fetch rejects, as offline). */
class FakeServer {
  files = new Map<string, string>();
  up = true;
  readonly log: Request[] = [];
  deploy(files: Record<string, string>) { this.files = new Map(Object.entries(files)); }
  async fetch(request: Request): Promise<Response> {
    this.log.push(request);
    if (!this.up) throw new TypeError('Failed to fetch');
    const path = new URL(request.url).pathname;
    const body = this.files.get(path === '/' ? '/index.html' : path);
    return body === undefined ? new Response('not found', { status: 404 }) : new Response(body, { headers: { Vary: 'Origin' } });
  }
}

type Listener = (e: never) => void;

/** One worker version, as the browser would run it. */
class Worker {
  readonly listeners = new Map<string, Listener[]>();
  skipWaitingCalls = 0;
  claimed = 0;
  readonly scope: SwScope;
  /** `faults`: the deliberately wrong worker of src/sw/faults.ts instead of the real one. */
  constructor(readonly env: Env, version: string, files: string[], faults?: readonly SwFault[]) {
    const self = this;
    this.scope = {
      caches: env.caches as unknown as CacheStorage,
      registration: env.registration,
      clients: {
        matchAll: async () => env.windows.map((id) => ({ id })),
        claim: async () => { self.claimed++; },
      },
      fetch: (r: Request) => env.server.fetch(r),
      skipWaiting: async () => { self.skipWaitingCalls++; },
      addEventListener: (type: string, l: Listener) => { self.listeners.set(type, [...(self.listeners.get(type) ?? []), l]); },
    } as unknown as SwScope;
    if (faults) faultyServiceWorker(this.scope, { version, files }, faults);
    else serviceWorker(this.scope, { version, files });
  }
  private async fire(type: string, extra: object): Promise<{ responded?: Promise<Response> }> {
    const work: Promise<unknown>[] = [];
    const out: { responded?: Promise<Response> } = {};
    const event = { ...extra, waitUntil: (p: Promise<unknown>) => work.push(p), respondWith: (p: Promise<Response>) => { out.responded = p; } };
    for (const l of this.listeners.get(type) ?? []) l(event as never);
    await Promise.all(work);
    return out;
  }
  install() { return this.fire('install', {}); }
  activate() { return this.fire('activate', {}); }
  message(data: unknown) { return this.fire('message', { data }); }
  /** A fetch through the worker: its response, or null when it lets the request go by. */
  async fetch(path: string, init: RequestInit & { navigate?: boolean } = {}): Promise<Response | null> {
    const request = new Request(new URL(path, SCOPE), init);
    if (init.navigate) Object.defineProperty(request, 'mode', { value: 'navigate' });
    const { responded } = await this.fire('fetch', { request });
    return responded ? await responded : null;
  }
}

class Env {
  readonly caches = new FakeCaches();
  readonly server = new FakeServer();
  readonly registration: { scope: string; installing: unknown; waiting: unknown } = { scope: SCOPE, installing: null, waiting: null };
  windows: string[] = [];
}

const V1 = {
  '/index.html': '<!doctype html><script type="module" src="/assets/index-aaaa.js"></script> v1',
  '/assets/index-aaaa.js': 'main v1',
  '/assets/cmu-aaaa.js': 'cmu v1',
  '/favicon.svg': '<svg/>',
};
const V2 = {
  '/index.html': '<!doctype html><script type="module" src="/assets/index-bbbb.js"></script> v2',
  '/assets/index-bbbb.js': 'main v2',
  '/assets/cmu-bbbb.js': 'cmu v2',
  '/favicon.svg': '<svg/>',
};
const filesOf = (site: Record<string, string>) => Object.keys(site).map((p) => (p === '/index.html' ? '' : p.slice(1)));

/** A first visit: v1 deployed, its worker installed and active. */
async function firstVisit(env = new Env()) {
  env.server.deploy(V1);
  env.windows = ['tab-1'];
  const v1 = new Worker(env, '1111', filesOf(V1));
  await v1.install();
  await v1.activate();
  return { env, v1 };
}

const text = async (r: Response | null) => (r ? `${r.status} ${await r.text()}` : 'not answered');
/** A module script request, as the page makes it: CORS, with an Origin header. */
const moduleScript = { mode: 'cors' as const, headers: { Origin: 'https://play.example' } };

describe('the service worker', () => {
  it('install keeps every file of its version, the page at the scope URL, bypassing the HTTP cache; no skipWaiting', async () => {
    const { env, v1 } = await firstVisit();
    const cache = env.caches.map.get(cacheName('1111'))!;
    expect([...cache.entries.keys()].sort()).toEqual([
      'https://play.example/', 'https://play.example/assets/cmu-aaaa.js', 'https://play.example/assets/index-aaaa.js', 'https://play.example/favicon.svg',
    ]);
    expect(env.server.log.every((r) => r.cache === 'no-cache')).toBe(true);
    expect(v1.skipWaitingCalls).toBe(0);
    expect(v1.claimed).toBe(1);
  });

  it('an install with a file the server lacks fails (the browser keeps the old version and tries again later)', async () => {
    const env = new Env();
    env.server.deploy(V1);
    env.server.files.delete('/assets/cmu-aaaa.js');
    const v1 = new Worker(env, '1111', filesOf(V1));
    await expect(v1.install()).rejects.toThrow(/cmu-aaaa\.js answered HTTP 404/);
  });

  it('offline: the page, its module scripts (despite Vary: Origin) and its lazy parts come from the cache', async () => {
    const { env, v1 } = await firstVisit();
    env.server.up = false;
    expect(await text(await v1.fetch('/?e2e=3', { navigate: true }))).toContain('v1');
    expect(await text(await v1.fetch('/assets/index-aaaa.js', moduleScript))).toBe('200 main v1');
    expect(await text(await v1.fetch('/assets/cmu-aaaa.js', moduleScript))).toBe('200 cmu v1');
    // what was never kept really goes to the (absent) network
    await expect(v1.fetch('/__e2e/init.js')).rejects.toThrow(/Failed to fetch/);
  });

  it('online: a page comes from the network first (what the server has now), the files from the cache', async () => {
    const { env, v1 } = await firstVisit();
    env.server.deploy(V2);
    env.server.log.length = 0;
    expect(await text(await v1.fetch('/', { navigate: true }))).toContain('v2');
    expect(await text(await v1.fetch('/assets/index-aaaa.js', moduleScript))).toBe('200 main v1');
    expect(env.server.log.map((r) => new URL(r.url).pathname)).toEqual(['/']);
    // a file of the new page, not yet kept, is fetched
    expect(await text(await v1.fetch('/assets/index-bbbb.js', moduleScript))).toBe('200 main v2');
  });

  it('leaves other origins and other methods alone', async () => {
    const { v1 } = await firstVisit();
    expect(await v1.fetch('https://elsewhere.example/x.js')).toBeNull();
    expect(await v1.fetch('/assets/index-aaaa.js', { method: 'POST', body: 'x' })).toBeNull();
  });

  it('a new version while a tab of the old one is open: the tab keeps its lazy parts after the server dropped them; old caches go once it closes', async () => {
    const { env, v1 } = await firstVisit();
    // v2 is deployed: the old files are gone from the server; the browser installs v2, which waits
    env.server.deploy(V2);
    const v2 = new Worker(env, '2222', filesOf(V2));
    env.registration.installing = {};
    await v2.install();
    env.registration.installing = null;
    env.registration.waiting = {};
    expect(v2.skipWaitingCalls).toBe(0);
    // the old tab, still under v1, loads a lazy part: from v1's cache, the server has no such file
    expect(await text(await v1.fetch('/assets/cmu-aaaa.js', moduleScript))).toBe('200 cmu v1');
    // a tidy from a v1 page while v2 waits deletes nothing (v2's cache is one of the "others")
    await v1.message({ type: 'tidy' });
    expect(await env.caches.keys()).toEqual(expect.arrayContaining([cacheName('1111'), cacheName('2222')]));
    // the learner presses "Reload": the page asks v2 to take over
    await v2.message({ type: 'skip-waiting' });
    expect(v2.skipWaitingCalls).toBe(1);
    env.registration.waiting = null;
    await v2.activate();
    // tab-1 (a v1 page) is still open while v2 activates: v1's files are kept, and served by v2
    expect(await env.caches.has(cacheName('1111'))).toBe(true);
    expect(await text(await v2.fetch('/assets/cmu-aaaa.js', moduleScript))).toBe('200 cmu v1');
    await v2.message({ type: 'tidy' });
    expect(await env.caches.has(cacheName('1111'))).toBe(true);
    // the tab reloads: a new window, the old one gone; the new page says tidy
    env.windows = ['tab-1-reloaded'];
    await v2.message({ type: 'tidy' });
    expect((await env.caches.keys()).sort()).toEqual([cacheName('2222'), STATE_CACHE].sort());
    expect(await (await env.caches.open(STATE_CACHE)).match('waiting-for-windows')).toBeUndefined();
    // and the reloaded tab runs v2, offline too
    env.server.up = false;
    expect(await text(await v2.fetch('/', { navigate: true }))).toContain('v2');
    expect(await text(await v2.fetch('/assets/cmu-bbbb.js', moduleScript))).toBe('200 cmu v2');
  });

  it('an activation with no window open prunes at once, and never a cache that is not one of our versions', async () => {
    const { env } = await firstVisit();
    await env.caches.open('someone-else');
    env.windows = [];
    env.server.deploy(V2);
    const v2 = new Worker(env, '2222', filesOf(V2));
    await v2.install();
    await v2.activate();
    expect((await env.caches.keys()).sort()).toEqual([cacheName('2222'), 'someone-else', STATE_CACHE].sort());
  });

  it('a damaged record of windows does not keep old caches forever', async () => {
    const { env, v1 } = await firstVisit();
    await (await env.caches.open(cacheName('0000'))).put(`${SCOPE}x`, new Response('old'));
    await (await env.caches.open(STATE_CACHE)).put('waiting-for-windows', new Response('{"__proto__":1}'));
    await v1.message({ type: 'tidy' });
    expect(await env.caches.has(cacheName('0000'))).toBe(false);
  });

  it('answers only the two messages it knows', async () => {
    const { env, v1 } = await firstVisit();
    for (const junk of [null, 'skip-waiting', 42, { type: 'SKIP-WAITING' }, JSON.parse('{"__proto__":{"type":"skip-waiting"}}'), []]) {
      await v1.message(junk);
    }
    expect(v1.skipWaitingCalls).toBe(0);
    expect(await env.caches.has(cacheName('1111'))).toBe(true);
  });
});

/**
 * A new version deployed while a tab of the old one is open, step by step as a browser runs it,
 * with the new version's worker real or faulty; what went wrong, in words (nothing: []).
 * - skipWaiting is never called under an open tab: only when a page asks (the notice's Reload);
 * - the old version's cache is pruned only after: never while a window open at the new version's
 *   activation is left, and once none is;
 * - and so the open tab's next lazy part (never loaded before, gone from the server) still loads.
 */
async function deploymentUnderOpenTab(faults?: readonly SwFault[]): Promise<string[]> {
  const problems: string[] = [];
  const { env, v1 } = await firstVisit();
  let controller = v1; // (of tab-1)
  const oldKept = async (when: string) => {
    if (!(await env.caches.has(cacheName('1111')))) problems.push(`the old version's cache was pruned ${when}, tab-1 still open`);
  };
  const lazyPart = async (when: string) => {
    const got = await text(await controller.fetch('/assets/cmu-aaaa.js', moduleScript));
    if (got !== '200 cmu v1') problems.push(`tab-1's lazy part ${when}: ${got}`);
  };
  // v2 is deployed (v1's files are gone from the server); a page of the site is opened, the browser installs v2
  env.server.deploy(V2);
  env.windows = ['tab-1', 'tab-2'];
  const v2 = new Worker(env, '2222', filesOf(V2), faults);
  env.registration.installing = {};
  await v2.install();
  env.registration.installing = null;
  if (v2.skipWaitingCalls > 0) {
    problems.push('skipWaiting under an open tab (at install)');
    // the browser activates it at once (part of "the install" below), and its claim takes tab-1 over
    await v2.activate();
    controller = v2;
  } else {
    env.registration.waiting = {};
  }
  await oldKept('at the install');
  // pages of either version say tidy when they load; the second tab closes
  await v1.message({ type: 'tidy' });
  await v2.message({ type: 'tidy' });
  env.windows = ['tab-1'];
  await oldKept('after a tidy');
  await lazyPart('after the deployment');
  // the learner presses Reload: the page asks the waiting worker to take over, then reloads
  if (env.registration.waiting) {
    await v2.message({ type: 'skip-waiting' });
    env.registration.waiting = null;
    await v2.activate();
    controller = v2;
  }
  await oldKept('at the activation');
  await v2.message({ type: 'tidy' });
  await oldKept('after a tidy of the new version');
  await lazyPart('after the activation');
  env.windows = ['tab-1-reloaded'];
  await v2.message({ type: 'tidy' });
  if (await env.caches.has(cacheName('1111'))) problems.push('the old version\'s cache was not pruned once no old window was left');
  return problems;
}

describe('skipWaiting never under an open tab, prune only after (and faulty workers fail the same checks)', () => {
  it('the real worker: nothing goes wrong', async () => {
    expect(await deploymentUnderOpenTab()).toEqual([]);
  });

  it('a worker that calls skipWaiting at install fails the check', async () => {
    expect(await deploymentUnderOpenTab(['skip-waiting'])).toEqual(['skipWaiting under an open tab (at install)']);
  });

  it('a worker that prunes the other versions at install fails the check: the open tab\'s lazy part is gone', async () => {
    const problems = await deploymentUnderOpenTab(['prune-at-install']);
    expect(problems).toContain('the old version\'s cache was pruned at the install, tab-1 still open');
    expect(problems).toContain('tab-1\'s lazy part after the deployment: 404 not found');
  });

  it('a worker that prunes at its activation fails the check', async () => {
    const problems = await deploymentUnderOpenTab(['prune-at-activate']);
    expect(problems).toContain('the old version\'s cache was pruned at the activation, tab-1 still open');
    expect(problems).toContain('tab-1\'s lazy part after the activation: 404 not found');
  });

  it('the classic broken worker (skipWaiting, prune at activation) breaks the open tab at once', async () => {
    const problems = await deploymentUnderOpenTab(['skip-waiting', 'prune-at-activate']);
    expect(problems.slice(0, 3)).toEqual([
      'skipWaiting under an open tab (at install)',
      'the old version\'s cache was pruned at the install, tab-1 still open',
      'the old version\'s cache was pruned after a tidy, tab-1 still open',
    ]);
    expect(problems).toContain('tab-1\'s lazy part after the deployment: 404 not found');
  });

  it('every fault is covered', () => {
    expect([...SW_FAULTS].sort()).toEqual(['prune-at-activate', 'prune-at-install', 'skip-waiting']);
  });
});

describe('the service worker\'s pure parts', () => {
  it('other versions: ours only, never the current one', () => {
    expect(otherVersions([cacheName('a'), cacheName('b'), STATE_CACHE, 'workbox-precache', `${VERSION_PREFIX}`], cacheName('a')))
      .toEqual([cacheName('b'), VERSION_PREFIX]);
  });

  it('message types', () => {
    expect(messageType({ type: 'tidy' })).toBe('tidy');
    expect(messageType({ type: 'skip-waiting' })).toBe('skip-waiting');
    expect(messageType(Object.create({ type: 'tidy' }))).toBeNull();
    expect(messageType(undefined)).toBeNull();
  });

  it('the windows record', () => {
    expect(parseWaitingFor('["a","b"]')).toEqual(['a', 'b']);
    expect(parseWaitingFor('[1]')).toBeNull();
    expect(parseWaitingFor('{')).toBeNull();
    expect(parseWaitingFor('{"length":0}')).toBeNull();
  });
});

// (the listener types are what the worker registers: keep the fake honest)
export type { SwEvent, SwFetchEvent, SwMessageEvent };
