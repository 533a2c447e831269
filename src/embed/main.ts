/**
 * The embed page's entry (embed.html; issue 14): wiring only. An embed runs on a playground of
 * its own in memory (a fresh memory backend, like a share link's replay): no IndexedDB is opened
 * at all — not the saved playground, not the history, not the lessons' progress — and no service
 * worker is registered. Its settings (seed, handle numbering) come from its address
 * (src/embed/config.ts); who may talk to it through the API is fixed at build time
 * (src/embed/allow-list.ts, checked by src/embed/api.ts), never by the address.
 *
 * Until the live console is asked for (a click, `load=now`, or the API's first request), the page
 * is its poster only: the engine, the terminal and the wasm core load then, side by side.
 */
import { mount } from 'svelte';
import Embed from '../ui/Embed.svelte';
import { parseEmbedConfig } from './config';
import { EmbedRuntime, type RuntimeDeps } from './runtime';
import { encodeShare } from '../shell/share';
import type { Hsm, HsmDeps } from '../hsm/world';
import { version } from '../../package.json';

type KeygenPort = NonNullable<HsmDeps['keygen']>;
let keygenPort: Promise<KeygenPort> | undefined;
/** Key pairs are made in the page's worker, whose module (with the inlined worker) loads only when a key pair is first asked for. */
const keygen: KeygenPort = async (spec, seed, opts) =>
  (await (keygenPort ??= import('../platform/keygen-worker').then((m) => m.keygenWorker())))(spec, seed, opts);

const initCrypto = () => import('../crypto/index').then((m) => m.initCrypto());

/** The engine's parts for the runtime (a fresh memory backend per playground), loaded when first needed. */
async function engine(prepare: RuntimeDeps['prepare']): Promise<RuntimeDeps> {
  const [{ cachedBackend }, { createMemoryBackend }, { systemClock }, { systemRng }, { pbkdf2Sha256 }, { PROGRAMS }] = await Promise.all([
    import('../hsm/cached-backend'), import('../hsm/memory-backend'), import('../hsm/clock'), import('../crypto/rng'),
    import('../crypto/kdf'), import('../commands/programs'),
  ]);
  return {
    backend: () => cachedBackend(createMemoryBackend()),
    rng: systemRng(), clock: systemClock, programs: PROGRAMS, kdf: pbkdf2Sha256, keygen,
    ...(prepare ? { prepare } : {}),
  };
}

function main(): void {
  const target = document.getElementById('embed');
  if (!target) throw new Error('embed.html has no #embed element');
  const parsed = parseEmbedConfig(location.search, location.hash);
  // the full playground sits beside this page (`/` for `/embed.html`)
  const homeHref = new URL('./', location.href).href;
  if (!parsed.ok) {
    mount(Embed, { target, props: { config: null, problem: parsed.why, runtime: null, version, fullHref: null, homeHref } });
    return;
  }
  const config = parsed.config;
  // `lesson`: the embed starts from that lesson's start state (its scenario), in memory; the lesson itself opens in the full playground
  const lesson = config.lesson;
  const prepare = lesson === null ? undefined : async (hsm: Hsm) => {
    const { LESSONS } = await import('../lessons/catalog');
    const entry = LESSONS.find((l) => l.id === lesson);
    if (!entry) throw new Error(`There is no lesson named ${JSON.stringify(lesson)}; this embed shows nothing.`);
    const [data, { loadScenario }] = await Promise.all([entry.load(), import('../hsm/scenario'), initCrypto()]);
    await loadScenario(hsm, data.start);
  };
  const runtime = new EmbedRuntime(config, () => engine(prepare));
  // "open in the full playground" is a share link: the full page shows its lines (preamble
  // included, escaped) and replays them only when the reader agrees, in a fresh playground in memory
  const fragment = encodeShare({ handles: config.handles, seed: config.seed }, [...config.preamble, ...config.script].map((l) => ['c', l] as ['c', string]));
  const fullHref = fragment ? homeHref + fragment : null;
  // the live console's parts load side by side as soon as it is asked for (at once for load=now):
  // the engine, the terminal, the AES core's wasm, the shell's command runner — not one after another
  let warming = false;
  const warm = () => {
    if (warming) return;
    warming = true;
    const parts = [runtime.engine(), import('../ui/EmbedTerminal.svelte'), initCrypto(), import('../commands/host/program-run')];
    for (const part of parts) part.catch(() => {}); // (their own users report failures)
  };
  if (config.loadNow) warm();
  runtime.onLoad(warm);
  mount(Embed, { target, props: { config, runtime, version, fullHref, homeHref } });
  // the API (src/embed/api.ts): answers only its parent, only from an origin on the build-time allow-list
  void Promise.all([import('./api'), import('./allow-list')])
    .then(([api, list]) => api.startEmbedApi({ window, host: runtime, allowed: (origin) => list.originAllowed(origin, location.origin), version }))
    .catch((e: unknown) => console.error('the embed API could not start:', e));
  // a changed address is another embed: start again
  addEventListener('hashchange', () => location.reload());
}

main();
