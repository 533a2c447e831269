/**
 * The network build as an installable, offline PWA (issue 15, item 4), without a PWA library:
 * vite-plugin-pwa would bring about 320 packages (+78 MB) for what is here a few dozen lines
 * (docs/notes/offline.md says why in full).
 *
 * At the end of the build (generateBundle, order 'post', listed after the CSP plugin so index.html
 * is final) this plugin
 * - emits the web manifest and its PNG icons (drawn by scripts/pwa-icons.ts from the favicon's design),
 * - lists every file the build writes (the bundle and public/; no source maps) and derives the
 *   version from their names and bytes,
 * - bundles src/sw/entry.ts into a classic script, /sw.js, with that version and list built in,
 * and links the manifest from index.html. The single-file build does not use it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Plugin, type ResolvedConfig, type Rollup } from 'vite';
import type { SwFault } from '../src/sw/faults.ts';
import { iconPng } from './pwa-icons.ts';

export const SW_FILE = 'sw.js';
export const MANIFEST_FILE = 'manifest.webmanifest';
export const THEME = '#101418';

export const ICONS: ReadonlyArray<{ file: string; size: number; maskable: boolean }> = [
  { file: 'icons/icon-192.png', size: 192, maskable: false },
  { file: 'icons/icon-512.png', size: 512, maskable: false },
  { file: 'icons/icon-maskable-512.png', size: 512, maskable: true },
];

/** The web manifest (paths relative to the manifest, so the site works under any base). */
export function webManifest(): Record<string, unknown> {
  return {
    name: 'key_mgmt_util playground',
    short_name: 'KMU playground',
    description: 'Practise AWS CloudHSM key_mgmt_util against a simulated HSM that lives in your browser.',
    id: './',
    start_url: './',
    scope: './',
    display: 'standalone',
    background_color: THEME,
    theme_color: THEME,
    icons: [
      { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
      ...ICONS.map((i) => ({ src: i.file, sizes: `${i.size}x${i.size}`, type: 'image/png', ...(i.maskable ? { purpose: 'maskable' } : {}) })),
    ],
  };
}

/** Files below `dir`, relative, with forward slashes. */
function walk(dir: string): string[] {
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  return names.flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p).map((f) => `${n}/${f}`) : [n];
  });
}

/**
 * What the worker keeps: '' (the page, at the scope's URL) instead of index.html, every other file
 * as written, sorted; never the worker itself, source maps or the host's `_headers`.
 */
export function filesToKeep(names: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const n of names) {
    // (_headers is the host's configuration, never served: scripts/frame-headers.ts; fetching it would fail the install)
    if (n === SW_FILE || n.endsWith('.map') || n === '_headers') continue;
    out.add(n === 'index.html' ? '' : n);
  }
  return [...out].sort();
}

/** A version that changes whenever a kept file's name or bytes change. */
export function buildVersion(files: ReadonlyArray<readonly [string, Uint8Array | string]>): string {
  const h = createHash('sha256');
  for (const [name, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    h.update(name).update('\0').update(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * src/sw/entry.ts as one minified classic script with the build's version and files built in.
 * `faults` is for tests only (e2e/offline.e2e.ts's negative controls): the deliberately wrong
 * worker of src/sw/faults.ts instead (src/sw/faulty-entry.ts); the site's build never passes it.
 */
export async function bundleWorker(
  root: string, swBuild: { version: string; files: string[] }, opts: { faults?: readonly SwFault[] } = {},
): Promise<string> {
  const faulty = opts.faults !== undefined;
  const result = await build({
    configFile: false, root, logLevel: 'warn', publicDir: false, plugins: [],
    mode: 'production',
    define: { __KMU_SW_BUILD__: JSON.stringify(swBuild), ...(faulty ? { __KMU_SW_FAULTS__: JSON.stringify(opts.faults) } : {}) },
    build: {
      write: false, emptyOutDir: false, copyPublicDir: false, minify: true, sourcemap: false, reportCompressedSize: false,
      lib: {
        entry: resolve(root, faulty ? 'src/sw/faulty-entry.ts' : 'src/sw/entry.ts'),
        formats: ['iife'], name: 'kmuServiceWorker', fileName: () => SW_FILE,
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o): o is Rollup.OutputChunk => o.type === 'chunk');
  if (!chunk) throw new Error('kmu-pwa: the service worker bundle has no chunk');
  return chunk.code;
}

export function pwaPlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'kmu-pwa',
    apply: 'build',
    enforce: 'post',
    configResolved(c) { config = c; },
    transformIndexHtml() {
      const base = config.base;
      return [
        { tag: 'link', attrs: { rel: 'manifest', href: `${base}${MANIFEST_FILE}` }, injectTo: 'head' },
        { tag: 'meta', attrs: { name: 'theme-color', content: THEME }, injectTo: 'head' },
        { tag: 'link', attrs: { rel: 'apple-touch-icon', href: `${base}${ICONS[0]!.file}` }, injectTo: 'head' },
      ];
    },
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        const contents = new Map<string, Uint8Array | string>();
        for (const icon of ICONS) contents.set(icon.file, iconPng(icon.size, icon.maskable));
        contents.set(MANIFEST_FILE, `${JSON.stringify(webManifest(), null, 2)}\n`);
        for (const [fileName, source] of contents) this.emitFile({ type: 'asset', fileName, source });
        for (const [name, out] of Object.entries(bundle)) {
          if (contents.has(name)) continue;
          contents.set(name, out.type === 'chunk' ? out.code : out.source);
        }
        const publicDir = config.publicDir;
        if (publicDir && config.build.copyPublicDir) {
          for (const f of walk(publicDir)) if (!contents.has(f)) contents.set(f, readFileSync(join(publicDir, ...f.split('/'))));
        }
        if (!contents.has('index.html')) throw new Error('kmu-pwa: no index.html in the bundle');
        const kept = [...contents].filter(([name]) => name !== SW_FILE && !name.endsWith('.map'));
        const swBuild = { version: buildVersion(kept), files: filesToKeep(kept.map(([n]) => n)) };
        const code = await bundleWorker(config.root, swBuild);
        this.emitFile({ type: 'asset', fileName: SW_FILE, source: code });
      },
    },
  };
}
