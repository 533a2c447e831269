/**
 * The page's Content-Security-Policy, one per build, as a `<meta http-equiv>` in index.html (the
 * site is static files: no server of ours sends headers). What each build ships decides its policy:
 *
 * - scripts: the normal build loads only module files of its own origin ('self'); the single-file
 *   build (vite-plugin-singlefile) has every script inline, so it allows exactly those, by their
 *   sha256, computed from the HTML as finally written. Both compile the AES core from wasm, hence
 *   'wasm-unsafe-eval' (which allows WebAssembly compilation and nothing else: no eval, no Function).
 * - styles: 'unsafe-inline', measured, not assumed: xterm's DOM renderer writes its theme and cell
 *   sizes into `<style>` elements it creates at run time (content no hash can foresee), and a hash
 *   in style-src would switch 'unsafe-inline' off. Styles set through element.style (xterm, Svelte's
 *   style: directive) are not governed by CSP at all.
 * - workers: blob: — the key-pair generation worker is inlined as a blob (src/platform/keygen-worker.ts) — and,
 *   in the normal build, 'self' for the service worker (/sw.js, scripts/pwa.ts);
 *   no plugins, no forms, no <base>: object-src, form-action, base-uri 'none'.
 * - connect-src 'self': the wasm is fetched from the page's origin; nothing else is fetched.
 *
 * Not expressible in a meta element (browsers ignore them there): frame-ancestors, report-uri /
 * report-to and sandbox. Framing protection needs a response header from whatever serves the site.
 *
 * The dev server (`npm start`) gets no policy: Vite's dev client injects inline scripts and styles.
 */
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

export type CspBuild = 'normal' | 'single';

/** sha256 source expression of an inline block's text, as CSP compares it (the exact characters, UTF-8). */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The text of every inline `<script>` (one without src) in an HTML document, in order. */
export function inlineScripts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (!/\bsrc\s*=/i.test(m[1]!)) out.push(m[2]!);
  }
  return out;
}

/** The policy for one build; `scriptHashes` only for the single-file build. */
export function cspPolicy(build: CspBuild, scriptHashes: readonly string[] = []): string {
  const script = build === 'single' ? [...scriptHashes] : ["'self'"];
  return [
    "default-src 'self'",
    `script-src ${[...script, "'wasm-unsafe-eval'"].join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self'",
    // (the single-file build's wasm is a data: URL its script decodes with atob: no fetch)
    "connect-src 'self'",
    // blob: the key-pair worker; 'self' (network build): the service worker, /sw.js
    `worker-src ${build === 'single' ? 'blob:' : "'self' blob:"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The `<meta http-equiv="Content-Security-Policy">` element for a policy. */
export function cspMeta(policy: string): string {
  return `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}" />`;
}

/** Put the policy's meta element first in <head>, after <meta charset> (so it governs everything after). */
export function withCsp(html: string, build: CspBuild): string {
  if (/http-equiv\s*=\s*["']?Content-Security-Policy/i.test(html)) throw new Error('index.html already has a CSP meta element');
  const policy = cspPolicy(build, build === 'single' ? inlineScripts(html).map(cspHash) : []);
  const meta = cspMeta(policy);
  const charset = /<meta\s+charset\s*=\s*["']?[\w-]+["']?\s*\/?>/i;
  if (charset.test(html)) return html.replace(charset, (m) => `${m}\n    ${meta}`);
  if (!/<head[^>]*>/i.test(html)) throw new Error('index.html has no <head>');
  return html.replace(/<head[^>]*>/i, (m) => `${m}\n    ${meta}`);
}

/**
 * Builds only. Runs in generateBundle at order 'post', after vite-plugin-singlefile's own post
 * generateBundle (plugins of one order run in the order listed, and this one is listed last), so
 * the single-file build's hashes are those of the scripts as inlined.
 */
export function cspPlugin(build: CspBuild): Plugin {
  return {
    name: 'kmu-csp',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const html = bundle['index.html'];
        if (!html || html.type !== 'asset') throw new Error('kmu-csp: no index.html in the bundle');
        const text = typeof html.source === 'string' ? html.source : new TextDecoder().decode(html.source);
        html.source = withCsp(text, build);
        // the documentation embed's page (issue 14; network builds) gets the same policy
        const embed = bundle['embed.html'];
        if (embed && embed.type === 'asset') embed.source = withCsp(typeof embed.source === 'string' ? embed.source : new TextDecoder().decode(embed.source), build);
      },
    },
  };
}
