/**
 * The Content-Security-Policy of each build (scripts/csp.ts): both builds are made here, into
 * temporary directories, and their index.html read back. The single-file build's script hashes
 * must be those of the scripts it inlined, or the page would refuse its own code.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { cspHash, cspPolicy, inlineScripts, withCsp } from '../../scripts/csp';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function built(mode: 'production' | 'single'): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), `kmu-csp-${mode}-`));
  dirs.push(outDir);
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  return readFileSync(join(outDir, 'index.html'), 'utf8');
}

function policyOf(html: string): string {
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)];
  expect(metas).toHaveLength(1);
  return metas[0]![1]!.replace(/&quot;/g, '"');
}

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...v]) => [name!, v]));
}

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(Buffer.from(s, 'utf8')).digest('base64')}'`;

describe('Content-Security-Policy', () => {
  it('the normal build: one policy before any script or style, scripts only from the origin, wasm allowed', async () => {
    const html = await built('production');
    const p = directives(policyOf(html));
    expect(p.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(p.get('default-src')).toEqual(["'self'"]);
    expect(p.get('connect-src')).toEqual(["'self'"]);
    for (const d of ['object-src', 'base-uri', 'form-action']) expect(p.get(d)).toEqual(["'none'"]);
    expect(p.get('worker-src')).toEqual(["'self'", 'blob:']); // the service worker /sw.js; the keygen worker, inlined as a blob
    expect(p.has('frame-ancestors')).toBe(false); // ignored in a meta element
    expect(inlineScripts(html)).toEqual([]);
    const meta = html.indexOf('http-equiv="Content-Security-Policy"');
    expect(meta).toBeLessThan(html.search(/<script|<style|<link rel="stylesheet"/));
  }, 120_000);

  it('the single-file build: exactly the sha256 of each inlined script, and wasm allowed', async () => {
    const html = await built('single');
    const p = directives(policyOf(html));
    const scripts = inlineScripts(html);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.join('').length).toBeGreaterThan(100_000); // the whole app, inlined
    expect(p.get('script-src')).toEqual([...scripts.map(sha256), "'wasm-unsafe-eval'"]);
    expect(p.get('script-src')).not.toContain("'unsafe-inline'");
    expect(p.get('worker-src')).toEqual(['blob:']); // no service worker in the single file
    expect(html).not.toMatch(/<script[^>]*\bsrc=/);
  }, 120_000);

  it('hashes the exact characters, and refuses a page that already has a policy', () => {
    expect(cspHash('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    expect(cspHash('é')).toBe(sha256('é'));
    const html = '<html><head><meta charset="UTF-8"><script>a()</script><script src="x.js"></script></head></html>';
    const out = withCsp(html, 'single');
    expect(out).toContain(`script-src ${sha256('a()')} 'wasm-unsafe-eval'`);
    expect(() => withCsp(out, 'single')).toThrow(/already/);
    expect(cspPolicy('normal')).not.toContain('sha256');
  });
});
