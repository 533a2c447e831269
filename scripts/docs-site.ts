/**
 * The site's documentation pages (issue 14, item 5): docs-site/ holds them as a documentation
 * author would write them — plain HTML and a plain JavaScript module, no build step, the playground
 * reached only through `/kmu-console.js` — and the network build copies them, byte for byte, to
 * `/docs/` (docs-site/embeds.html → /docs/embeds.html). The dev server serves them at the same
 * paths. Emitted at the start of the build, so the service worker's file list (scripts/pwa.ts)
 * includes them like every other file of the site. The single-file build has no documentation pages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

export const DOCS_SOURCE = 'docs-site';
export const DOCS_PATH = 'docs';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
const typeOf = (name: string) => {
  const ext = name.slice(name.lastIndexOf('.'));
  return Object.hasOwn(TYPES, ext) ? TYPES[ext]! : null;
};

/** The files of docs-site/ the site serves (HTML and JavaScript; nothing in subfolders). */
export function docsFiles(root: string): string[] {
  return readdirSync(resolve(root, DOCS_SOURCE)).filter((n) => typeOf(n) !== null).sort();
}

export function docsSitePlugin(): Plugin {
  let root = process.cwd();
  let building = false;
  return {
    name: 'kmu-docs-site',
    configResolved(c) {
      root = c.root;
      building = c.command === 'build';
    },
    buildStart() {
      if (!building) return;
      for (const name of docsFiles(root)) {
        this.emitFile({ type: 'asset', fileName: `${DOCS_PATH}/${name}`, source: readFileSync(join(root, DOCS_SOURCE, name)) });
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const m = /^\/docs\/([A-Za-z0-9-]+\.(?:html|js))$/.exec(path);
        if (!m || !docsFiles(root).includes(m[1]!)) return next();
        res.setHeader('Content-Type', typeOf(m[1]!)!);
        res.end(readFileSync(join(root, DOCS_SOURCE, m[1]!)));
      });
    },
  };
}
