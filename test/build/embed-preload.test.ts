/**
 * The built embed.html's preloads (scripts/embed-build.ts embedPreloads): the embed's view chunk
 * (src/embed/page.ts, imported dynamically by the small entry) and the chunks it imports
 * statically, with their CSS — never the live console's chunks (a dynamic import of the view), and
 * nothing the page already names.
 */
import { describe, expect, it } from 'vitest';
import type { Rollup } from 'vite';
import { embedPreloads } from '../../scripts/embed-build';

const chunk = (fileName: string, o: { facade?: string; imports?: string[]; dynamicImports?: string[]; css?: string[] } = {}) => ({
  type: 'chunk', fileName, facadeModuleId: o.facade ?? null, imports: o.imports ?? [], dynamicImports: o.dynamicImports ?? [],
  viteMetadata: { importedCss: new Set(o.css ?? []), importedAssets: new Set() },
});

const bundle = Object.fromEntries([
  chunk('assets/embed-A.js', { facade: '/repo/embed.html', imports: ['assets/runtime-B.js'], dynamicImports: ['assets/page-C.js', 'assets/EmbedTerminal-D.js'] }),
  chunk('assets/runtime-B.js'),
  chunk('assets/page-C.js', { facade: '/repo/src/embed/page.ts', imports: ['assets/svelte-E.js', 'assets/runtime-B.js'], dynamicImports: ['assets/Inventory-F.js'], css: ['assets/page-C.css'] }),
  chunk('assets/svelte-E.js', { imports: [] }),
  chunk('assets/EmbedTerminal-D.js', { facade: '/repo/src/ui/EmbedTerminal.svelte', imports: ['assets/svelte-E.js'], css: ['assets/xterm.css'] }),
  chunk('assets/Inventory-F.js'),
].map((c) => [c.fileName, c])) as unknown as Rollup.OutputBundle;

describe('embedPreloads', () => {
  it('the view chunk and its static imports with their CSS, not what the page names already, not the live console', () => {
    const there = (f: string) => f === 'assets/embed-A.js' || f === 'assets/runtime-B.js';
    expect(embedPreloads(bundle, there)).toEqual({ js: ['assets/page-C.js', 'assets/svelte-E.js'], css: ['assets/page-C.css'] });
  });

  it('nothing when the bundle has no view chunk (another build)', () => {
    const { ['assets/page-C.js']: _view, ...rest } = bundle;
    expect(embedPreloads(rest, () => false)).toEqual({ js: [], css: [] });
  });
});
