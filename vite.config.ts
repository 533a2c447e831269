/// <reference types="vitest/config" />
import { defineConfig, type PluginOption } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { singleFilePlugin } from './scripts/single-file.ts';
import { cspPlugin } from './scripts/csp.ts';
import { pwaPlugin } from './scripts/pwa.ts';
import { EMBED_TEST_MODE, EMBED_TEST_OUT_DIR, embedOrigins, embedPreloadPlugin, kmuConsolePlugin } from './scripts/embed-build.ts';
import { frameHeadersPlugin } from './scripts/frame-headers.ts';
import { docsSitePlugin } from './scripts/docs-site.ts';
import { firstPromptGroups } from './scripts/chunk-groups.ts';

export default defineConfig(({ mode }) => {
  const plugins: PluginOption[] = [svelte()];
  // documentation embeds: /kmu-console.js at a stable URL (network builds; before the service worker lists the files)
  if (mode !== 'single') plugins.push(kmuConsolePlugin());
  // the embed page's view (Svelte, Embed.svelte) preloaded beside its small entry (scripts/embed-build.ts)
  if (mode !== 'single') plugins.push(embedPreloadPlugin());
  // the documentation pages (docs-site/ → /docs/: the embed examples), network builds only
  if (mode !== 'single') plugins.push(docsSitePlugin());
  if (mode === 'single') plugins.push(viteSingleFile());
  // and its check: one script holding every lazily loaded part, nothing fetched; its size report (scripts/single-file.ts)
  if (mode === 'single') plugins.push(singleFilePlugin({ reportFile: 'test-results/single-file-size.json' }));
  // the page's Content-Security-Policy (builds only; listed last: it hashes what singlefile inlined)
  plugins.push(cspPlugin(mode === 'single' ? 'single' : 'normal'));
  // the network build installs and works offline: manifest, icons, our service worker (after the CSP: it hashes the final files)
  if (mode !== 'single') plugins.push(pwaPlugin());
  // who may frame which page, for hosts that send headers (_headers; after the PWA plugin: the service worker does not keep it);
  // the same checked list the embed's API compiles in (the embed-test build: the test origins)
  if (mode !== 'single') plugins.push(frameHeadersPlugin(() => embedOrigins(import.meta.dirname, mode)));
  return {
    base: mode === 'single' ? './' : '/',
    plugins,
    // the embed API's allow-list, read and checked at build time (embed-origins.json; the test build: embed-origins.test.json)
    define: { __KMU_EMBED_ORIGINS__: JSON.stringify(embedOrigins(import.meta.dirname, mode)) },
    build: {
      outDir: mode === 'single' ? 'dist-single' : mode === EMBED_TEST_MODE ? EMBED_TEST_OUT_DIR : 'dist',
      emptyOutDir: true,
      // the documentation embed's page (issue 14) is a second page of the network build; the single file is the full page only
      ...(mode === 'single' ? {} : {
        rollupOptions: {
          input: { main: 'index.html', embed: 'embed.html' },
          // the modules the page needs before its first prompt, in four chunks instead of thirty (scripts/chunk-groups.ts)
          output: { codeSplitting: { groups: firstPromptGroups(import.meta.dirname) } },
        },
      }),
      // keep the .wasm a cacheable file in the normal build; inline it only in the single-file build
      assetsInlineLimit: (file: string) => (file.endsWith('.wasm') ? mode === 'single' : undefined),
    },
    // the keygen worker is inlined as a blob: a classic (iife) worker also runs from file://, an ES one does not
    worker: { format: 'iife' as const },
    preview: { host: '127.0.0.1', port: 4173, strictPort: true },
    test: {
      projects: [
        { extends: true, test: { name: 'unit', environment: 'node', include: ['test/**/*.test.ts'] } },
        {
          extends: true,
          test: {
            name: 'e2e', environment: 'node', include: ['e2e/**/*.e2e.ts'], globalSetup: ['e2e/global-setup.ts'],
            testTimeout: 90_000, hookTimeout: 120_000, fileParallelism: false,
          },
        },
        {
          extends: true,
          // benchmarks one file at a time: two benches running side by side on 2 cores would time each other
          test: { name: 'bench', environment: 'node', include: ['bench/**/*.bench.ts'], testTimeout: 600_000, fileParallelism: false },
        },
      ],
    },
  };
});
