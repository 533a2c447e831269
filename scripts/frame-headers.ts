/**
 * Who may frame the site (issue 14, item 2), as response headers for hosts that can send them.
 *
 * `frame-ancestors` works only as an HTTP header: browsers ignore it in a `<meta http-equiv>` CSP
 * (scripts/csp.ts), and the site is static files. So the network build writes `_headers` — the
 * format Netlify and Cloudflare Pages read (a path line, then indented `Name: value` lines) — and
 * docs/embed.md gives the same lines for other servers:
 *
 * - the full playground (`/`, `/index.html`) and the documentation pages may not be framed at all:
 *   `frame-ancestors 'none'` (and `X-Frame-Options: DENY` for browsers without CSP level 2). The
 *   page refuses a frame by itself too (src/main.ts), for hosts that send no headers.
 * - the embed (`/embed.html`) may be framed by the site itself and by the deployer's allow-list
 *   (embed-origins.json, the list the embed's API answers; read and checked at build time by
 *   scripts/embed-build.ts): `frame-ancestors
 *   'self' <origins>`.
 * - `/kmu-console.js` is loaded as a module script by other sites' pages, which needs CORS:
 *   `Access-Control-Allow-Origin: *` (a public file; no credentials).
 *
 * Paths are listed one by one: both hosts combine the headers of every rule that matches, so a
 * catch-all `/*` with `'none'` would also forbid framing the embed.
 *
 * The file is emitted last (after scripts/pwa.ts), so the service worker does not keep it.
 */
import type { Plugin } from 'vite';

export const HEADERS_FILE = '_headers';

/** An origin as CSP and the allow-list write it: scheme, host, optional port; nothing else. */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$/i;

/** The `_headers` text for the embed's allow-list (each an origin such as `https://docs.example.com`). */
export function frameHeaders(origins: readonly string[]): string {
  for (const o of origins) {
    if (!ORIGIN.test(o) || new URL(o).origin !== o.toLowerCase()) throw new Error(`frame headers: not an origin: ${JSON.stringify(o)}`);
  }
  const none = ["  Content-Security-Policy: frame-ancestors 'none'", '  X-Frame-Options: DENY'];
  const rule = (path: string, lines: string[]) => [path, ...lines].join('\n');
  return [
    '# Who may frame the site (scripts/frame-headers.ts; docs/embed.md). Generated at build time from embed-origins.json.',
    rule('/', none),
    rule('/index.html', none),
    rule('/docs/*', none),
    rule('/embed.html', [`  Content-Security-Policy: frame-ancestors ${["'self'", ...origins].join(' ')}`]),
    rule('/kmu-console.js', ['  Access-Control-Allow-Origin: *']),
    '',
  ].join('\n');
}

/** Builds only: emits `_headers` for the given allow-list (list it after the PWA plugin). */
export function frameHeadersPlugin(origins: () => readonly string[]): Plugin {
  return {
    name: 'kmu-frame-headers',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler() {
        this.emitFile({ type: 'asset', fileName: HEADERS_FILE, source: frameHeaders(origins()) });
      },
    },
  };
}
