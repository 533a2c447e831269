/**
 * The embed page's entry (embed.html; issue 14): wiring only. An embed runs on a playground of
 * its own in memory (a fresh memory backend, like a share link's replay): no IndexedDB is opened
 * at all — not the saved playground, not the history, not the lessons' progress — and no service
 * worker is registered. Its settings (seed, handle numbering) come from its address
 * (src/embed/config.ts); who may talk to it through the API is fixed at build time
 * (src/embed/allow-list.ts, checked by src/embed/api.ts), never by the address.
 *
 * Until the live console is asked for (a click, `load=now`, or the API's first request), the page
 * is its poster only: the engine, the terminal and the wasm core load then, side by side. This entry
 * is small on purpose (the address, the runtime, no Svelte): the page's view (./page.ts, Svelte and
 * Embed.svelte) loads beside the live console's parts, and a `load=now` embed starts its console
 * off-screen (the hidden preamble included) before the view is even there.
 */
import { parseEmbedConfig } from './config';
import { EmbedRuntime, type RuntimeDeps } from './runtime';
import { encodeShare } from '../shell/share';
import type { Hsm, HsmDeps } from '../hsm/world';
import type { PasswordKdf } from '../crypto/kdf';
import { deriveAhead, rememberingKdf } from './kdf';
import { version } from '../../package.json';
import { relaxedSimdSupported } from '../crypto/wasm';
import { startEmbedApi } from './api';
import { originAllowed } from './allow-list';
import simdWasmUrl from '../../wasm/build/release.wasm?url';
import relaxedWasmUrl from '../../wasm/build/release-relaxed.wasm?url';

type KeygenPort = NonNullable<HsmDeps['keygen']>;
let keygenPort: Promise<KeygenPort> | undefined;
/** Key pairs are made in the page's worker, whose module (with the inlined worker) loads only when a key pair is first asked for. */
const keygen: KeygenPort = async (spec, seed, opts) =>
  (await (keygenPort ??= import('../platform/keygen-worker').then((m) => m.keygenWorker())))(spec, seed, opts);

/**
 * The AES core's wasm, asked for before anything else of the live console (a preload, which the
 * core's own fetch in src/crypto/wasm.ts then takes): the console starts when it is compiled, and
 * asked for only once its module had arrived, it waited behind the engine's and the terminal's
 * chunks for a connection (bench/embed.bench.ts). The build the core will pick, nothing more.
 */
function preloadWasm(): void {
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'fetch';
  link.crossOrigin = 'anonymous'; // (as the core's fetch(url) asks: same-origin credentials, cors mode)
  link.href = relaxedSimdSupported() ? relaxedWasmUrl : simdWasmUrl;
  document.head.append(link);
}

const initCrypto = () => import('../crypto/index').then((m) => m.initCrypto());

/** The page's one password KDF (src/embed/kdf.ts: remembered, and started early for the lines' logins). */
let kdfLoad: Promise<PasswordKdf> | undefined;
const pageKdf = () => (kdfLoad ??= import('../crypto/kdf').then((m) => rememberingKdf(m.pbkdf2Sha256)));

/** The engine's parts for the runtime (a fresh memory backend per playground), loaded when first needed. */
async function engine(prepare: RuntimeDeps['prepare']): Promise<RuntimeDeps> {
  const [{ cachedBackend }, { createMemoryBackend }, { systemClock }, { systemRng }, kdf, { PROGRAMS }] = await Promise.all([
    import('../hsm/cached-backend'), import('../hsm/memory-backend'), import('../hsm/clock'), import('../crypto/rng'),
    pageKdf(), import('../commands/programs'),
  ]);
  return {
    backend: () => cachedBackend(createMemoryBackend()),
    rng: systemRng(), clock: systemClock, programs: PROGRAMS, kdf, keygen,
    ...(prepare ? { prepare } : {}),
  };
}

type ProgramPart = 'kmu' | 'cmu' | 'cli';
/** The host commands that start a program, and the parts that program needs: its host command's run part and the program itself. */
const PROGRAM_STARTS = new Map<string, ProgramPart>([['key_mgmt_util', 'kmu'], ['cloudhsm_mgmt_util', 'cmu'], ['cloudhsm-cli', 'cli']]);
// (each program's module itself, the one PROGRAMS.load imports: asked for at once, not once the
// engine's chunk, which holds PROGRAMS, has arrived)
const PROGRAM_PARTS: Record<ProgramPart, () => Promise<unknown>[]> = {
  kmu: () => [import('../commands/host/key-mgmt-util-run'), import('../commands/kmu/program')],
  cmu: () => [import('../commands/host/cloudhsm-mgmt-util-run'), import('../commands/cmu/program')],
  cli: () => [import('../commands/host/cloudhsm-cli-run'), import('../commands/cli/program')],
};

/**
 * The programs the lines start at the shell's prompt (`key_mgmt_util`, `/opt/cloudhsm/bin/key_mgmt_util`,
 * `cloudhsm-cli interactive` …): fetched with the engine, not when their line runs.
 */
function programsStarted(lines: readonly string[]): Set<ProgramPart> {
  const out = new Set<ProgramPart>();
  for (const line of lines) {
    const first = line.trim().split(/\s+/, 1)[0] ?? '';
    const id = PROGRAM_STARTS.get(first.slice(first.lastIndexOf('/') + 1));
    if (id) out.add(id);
  }
  return out;
}

/** The page's view (Svelte, Embed.svelte): asked for at once, beside the live console's parts. */
function show(target: HTMLElement, props: import('./page').EmbedProps): void {
  import('./page').then((m) => m.showEmbed(target, props), (e: unknown) => console.error('the embed page could not load:', e));
}

function main(): void {
  performance.mark('kmu:embed-main');
  const target = document.getElementById('embed');
  if (!target) throw new Error('embed.html has no #embed element');
  const parsed = parseEmbedConfig(location.search, location.hash);
  // the full playground sits beside this page (`/` for `/embed.html`)
  const homeHref = new URL('./', location.href).href;
  if (!parsed.ok) {
    show(target, { config: null, problem: parsed.why, runtime: null, version, fullHref: null, homeHref });
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
  // the engine — which then starts the console off-screen, the settings and the hidden preamble
  // applied, while the terminal still loads (runtime.prestart) —, the terminal, the AES core's wasm,
  // the shell's command runner and the programs the lines start: not one after another
  let warming = false;
  const warm = () => {
    if (warming) return;
    warming = true;
    performance.mark('kmu:embed-warm');
    // (asked for in the order they are needed: the wasm and the terminal — the largest chunk — first,
    // then the engine, then the programs the preamble and the script start: the page's first
    // script comes in a few chunks (scripts/chunk-groups.ts), so a program fetched beside them
    // arrives before the prompt instead of a round trip after the engine)
    // (the terminal's chunk, the largest, is asked for first: its own dynamic import lists it before the chunks it imports)
    const parts: Promise<unknown>[] = [import('../ui/xterm-view')];
    preloadWasm();
    parts.push(import('../ui/EmbedTerminal.svelte'), initCrypto(), runtime.prestart(), import('../commands/host/program-run'));
    const programs = new Set([...programsStarted(config.preamble), ...programsStarted(config.script)]);
    if (config.lesson !== null) programs.add('kmu'); // (the lessons teach key_mgmt_util)
    for (const id of programs) parts.push(...PROGRAM_PARTS[id]());
    // the lines' logins by the fresh playground's users: derived while the parts load (not in a lesson, whose start state has its own users)
    if (config.lesson === null) {
      parts.push(Promise.all([pageKdf(), import('../hsm/default-users')]).then(([kdf, { DEFAULT_USERS }]) => deriveAhead(kdf, DEFAULT_USERS, [...config.preamble, ...config.script])));
    }
    for (const part of parts) part.catch(() => {}); // (their own users report failures)
  };
  // the API (src/embed/api.ts): answers only its parent, only from an origin on the build-time allow-list;
  // a page that is not framed has no parent to answer (the API would ignore every message), so it is not started there.
  // (Part of this entry, started before anything is fetched: the host page's first offer, made when
  // the iframe loads, is answered at once, and the page sizes its iframe from the height that comes
  // with the answer before the console prints anything. Loaded beside the live console's parts, it
  // waited for a connection behind them, and the iframe changed height ~0.5 s after the click, while
  // the reader — or a test — was already clicking the next example: the click missed.)
  if (window.parent !== window) {
    try {
      startEmbedApi({ window, host: runtime, allowed: (origin) => originAllowed(origin, location.origin), version });
    } catch (e: unknown) {
      console.error('the embed API could not start:', e);
    }
  }
  // (the view is asked for first: it is small, and the terminal shows in it)
  show(target, { config, runtime, version, fullHref, homeHref });
  if (config.loadNow) warm();
  runtime.onLoad(warm);
  // a changed address is another embed: start again
  addEventListener('hashchange', () => location.reload());
}

main();
