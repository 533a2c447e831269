/**
 * The build's side of documentation embeds (issue 14):
 *
 * - the allow-list: `embed-origins.json` at the repository root (`{ "origins": ["https://docs.example.com"] }`),
 *   the deployer's list, read and checked at BUILD time and compiled into src/embed/allow-list.ts
 *   as `__KMU_EMBED_ORIGINS__`. The test build (`vite build --mode embed-test`, into
 *   dist-embed-test) reads `embed-origins.test.json` instead: test origins are never in a normal build.
 *   A malformed file fails the build (an embed that silently answers nobody, or everybody, is worse).
 * - `<kmu-console>`: src/embed/kmu-console.ts bundled on its own — nothing shared with the app's
 *   chunks, no hash in its name — into `/kmu-console.js`, a STABLE URL documentation pages can
 *   include (`<script type="module" src="https://…/kmu-console.js">`). Emitted in generateBundle
 *   before the service-worker list is made (scripts/pwa.ts), so the offline copy lists it; served by
 *   the dev server at the same path.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type Plugin, type Rollup } from 'vite';

export const KMU_CONSOLE_FILE = 'kmu-console.js';
export const EMBED_TEST_MODE = 'embed-test';
export const EMBED_TEST_OUT_DIR = 'dist-embed-test';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)$/;

/**
 * The origins of an allow-list file's text, checked: exactly `{ "origins": [...] }`, each entry a
 * serialized origin as browsers report `MessageEvent.origin` (scheme, host, port if not the
 * default; no path, no slash at the end, no wildcard), https — or http on a loopback host, for
 * tests. Throws a sentence naming the file and the entry otherwise.
 */
export function parseOriginList(text: string, file: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || Object.keys(data).join() !== 'origins') {
    throw new Error(`${file}: expected exactly { "origins": [ … ] }`);
  }
  const list: unknown = (data as { origins: unknown }).origins;
  if (!Array.isArray(list)) throw new Error(`${file}: "origins" must be an array of origins`);
  const out: string[] = [];
  for (const o of list) {
    if (typeof o !== 'string') throw new Error(`${file}: ${JSON.stringify(o)} is not a string`);
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      throw new Error(`${file}: ${JSON.stringify(o)} is not an origin (like "https://docs.example.com")`);
    }
    if (url.origin !== o) {
      throw new Error(`${file}: ${JSON.stringify(o)} is not an origin as a browser writes it (expected ${JSON.stringify(url.origin)}: scheme, host, port; no path)`);
    }
    // (a URL parser takes `*` and `_` in a host name; no browser has such an origin)
    if (!HOST.test(url.hostname)) throw new Error(`${file}: ${JSON.stringify(o)}: the host is not a host name or IP address (no wildcards)`);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
      throw new Error(`${file}: ${JSON.stringify(o)}: only https origins (http only on localhost / 127.0.0.1, for tests)`);
    }
    if (!out.includes(o)) out.push(o);
  }
  return out;
}

/** The allow-list a build of `mode` compiles in. */
export function embedOrigins(root: string, mode: string): string[] {
  const file = mode === EMBED_TEST_MODE ? 'embed-origins.test.json' : 'embed-origins.json';
  return parseOriginList(readFileSync(resolve(root, file), 'utf8'), file);
}

/** src/embed/kmu-console.ts as one minified ES module, nothing imported. */
export async function bundleKmuConsole(root: string): Promise<string> {
  const result = await build({
    configFile: false, root, logLevel: 'warn', publicDir: false, plugins: [],
    mode: 'production',
    build: {
      write: false, emptyOutDir: false, copyPublicDir: false, minify: true, sourcemap: false, reportCompressedSize: false,
      modulePreload: false,
      // an app build, not lib mode: Vite keeps the whitespace of an ES library; the entry's exports (connect…) kept
      rollupOptions: {
        input: resolve(root, 'src/embed/kmu-console.ts'),
        preserveEntrySignatures: 'exports-only',
        output: { format: 'es', entryFileNames: KMU_CONSOLE_FILE },
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((o): o is Rollup.OutputChunk => o.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`kmu-console: expected one chunk, got ${chunks.length}`);
  return chunks[0]!.code;
}

/** Emits /kmu-console.js in every network build and serves it from the dev server. */
export function kmuConsolePlugin(): Plugin {
  let root = process.cwd();
  return {
    name: 'kmu-console',
    configResolved(c) { root = c.root; },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split(/[?#]/)[0] !== `/${KMU_CONSOLE_FILE}`) return next();
        bundleKmuConsole(root).then((code) => {
          res.setHeader('Content-Type', 'text/javascript');
          res.end(code);
        }, next);
      });
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: KMU_CONSOLE_FILE, source: await bundleKmuConsole(root) });
    },
  };
}

/** The module the embed's entry (src/embed/main.ts) loads its view from (Svelte, src/ui/Embed.svelte). */
export const EMBED_VIEW_MODULE = 'src/embed/page.ts';

/**
 * The files the built embed.html should preload beside its entry: the view's chunk (EMBED_VIEW_MODULE,
 * which the entry imports dynamically at once) with the chunks it imports statically, and its CSS —
 * so the view arrives while the entry runs rather than after it (one round trip fewer). Not the live
 * console's chunks (xterm, the engine): a `click` embed never loads them unless asked, and a `load=now`
 * one asks for them from its entry, before its view. Paths from the bundle's root, without `alreadyThere`.
 */
export function embedPreloads(bundle: Rollup.OutputBundle, alreadyThere: (file: string) => boolean): { js: string[]; css: string[] } {
  const chunks = Object.values(bundle).filter((o): o is Rollup.OutputChunk => o.type === 'chunk');
  const view = chunks.find((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith(`/${EMBED_VIEW_MODULE}`));
  if (!view) return { js: [], css: [] };
  const js: string[] = [];
  const css = new Set<string>();
  const todo = [view.fileName];
  while (todo.length > 0) {
    const file = todo.shift()!;
    if (js.includes(file)) continue;
    const chunk = bundle[file];
    if (!chunk || chunk.type !== 'chunk') continue;
    js.push(file);
    for (const c of (chunk as Rollup.OutputChunk & { viteMetadata?: { importedCss: Set<string> } }).viteMetadata?.importedCss ?? []) css.add(c);
    todo.push(...chunk.imports);
  }
  return { js: js.filter((f) => !alreadyThere(f)), css: [...css].filter((f) => !alreadyThere(f)) };
}

/**
 * embed.html, built: `<link rel="modulepreload">` (and a style preload) for the embed's view, whose
 * hashed names only the bundle knows (see embedPreloads). Network builds; the dev server is untouched.
 */
export function embedPreloadPlugin(): Plugin {
  let base = '/';
  return {
    name: 'kmu-embed-preload',
    apply: 'build',
    configResolved(c) { base = c.base; },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle || !/(^|\/)embed\.html$/.test(ctx.filename.replace(/\\/g, '/'))) return html;
        const there = (file: string) => html.includes(`"${base}${file}"`);
        const { js, css } = embedPreloads(ctx.bundle, there);
        const tags = [
          ...js.map((f) => `<link rel="modulepreload" crossorigin href="${base}${f}">`),
          ...css.map((f) => `<link rel="stylesheet" crossorigin href="${base}${f}">`),
        ];
        return tags.length === 0 ? html : html.replace(/<\/head>/i, `  ${tags.join('\n    ')}\n  </head>`);
      },
    },
  };
}
