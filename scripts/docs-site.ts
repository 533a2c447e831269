/**
 * The site's documentation pages (issue 14, item 5): docs-site/ holds them as a documentation
 * author would write them — plain HTML and a plain JavaScript module, no build step, the playground
 * reached only through `/kmu-console.js` — and the network build copies them to
 * `/docs/` (docs-site/embeds.html → /docs/embeds.html). The dev server serves them at the same
 * paths. Emitted at the start of the build, so the service worker's file list (scripts/pwa.ts)
 * includes them like every other file of the site. The single-file build has no documentation pages.
 *
 * Each built page gets a Content-Security-Policy `<meta>` of its own (docsCsp; not in the dev
 * server): scripts from the site and the page's inline scripts by their sha256 (the import map
 * and the one-line module that loads `kmu-console`), frames from the site only (the embeds), no
 * plugins, forms or `<base>`. A copy of the page served by another site carries that site's policy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { cspHash, cspMeta } from './csp.ts';

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

/** The inline scripts a browser runs (no type, a JavaScript type, module, importmap), not data blocks such as `text/kmu`. */
export function runnableInlineScripts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]!)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(m[1]!)?.[1]?.toLowerCase() ?? '';
    if (type === '' || type === 'module' || type === 'importmap' || type === 'text/javascript') out.push(m[2]!);
  }
  return out;
}

/** The policy of a documentation page: its inline scripts by hash, everything else from the site. */
export function docsPolicy(html: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${runnableInlineScripts(html).map(cspHash).join(' ')}`.trimEnd(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self'",
    "frame-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The page with its policy's meta element right after `<meta charset>` (so it governs everything after). */
export function docsCsp(html: string): string {
  if (/http-equiv\s*=\s*["']?Content-Security-Policy/i.test(html)) throw new Error('a docs-site page already has a CSP meta element');
  const charset = /<meta\s+charset\s*=\s*["']?[\w-]+["']?\s*\/?>/i;
  if (!charset.test(html)) throw new Error('a docs-site page has no <meta charset>');
  return html.replace(charset, (m) => `${m}\n    ${cspMeta(docsPolicy(html))}`);
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
        const file = join(root, DOCS_SOURCE, name);
        const source = name.endsWith('.html') ? docsCsp(readFileSync(file, 'utf8')) : readFileSync(file);
        this.emitFile({ type: 'asset', fileName: `${DOCS_PATH}/${name}`, source });
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
