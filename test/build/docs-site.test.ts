/**
 * The documentation pages' build (scripts/docs-site.ts): each page gets a CSP meta right after
 * `<meta charset>` that allows exactly its runnable inline scripts (the import map and the module
 * that loads kmu-console) by sha256 — not the `text/kmu` data blocks — and frames from the site only.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cspHash } from '../../scripts/csp';
import { docsCsp, docsFiles, docsPolicy, runnableInlineScripts } from '../../scripts/docs-site';

const ROOT = resolve(import.meta.dirname, '../..');
const page = readFileSync(join(ROOT, 'docs-site/embeds.html'), 'utf8');

describe('the docs pages\' CSP', () => {
  it('hashes exactly the page\'s runnable inline scripts: the import map and the loader, not the examples\' text/kmu blocks', () => {
    const scripts = runnableInlineScripts(page);
    expect(scripts.map((s) => s.trim())).toEqual(['{ "imports": { "kmu-console": "/kmu-console.js" } }', "import 'kmu-console';"]);
    const policy = docsPolicy(page);
    expect(policy).toContain(`script-src 'self' ${scripts.map(cspHash).join(' ')};`);
    for (const d of ["default-src 'self'", "frame-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"]) expect(policy).toContain(d);
    expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
  });

  it('puts the policy first in <head>, after <meta charset>, once', () => {
    const out = docsCsp(page);
    expect(out).toMatch(/<meta charset="UTF-8" \/>\n\s*<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'sha256-/);
    expect(out.indexOf('Content-Security-Policy')).toBeLessThan(out.indexOf('<script'));
    expect(() => docsCsp(out)).toThrow(/already has a CSP/);
    expect(() => docsCsp('<html><head></head></html>')).toThrow(/no <meta charset>/);
  });

  it('the site serves docs-site\'s HTML and JavaScript', () => {
    expect(docsFiles(ROOT)).toEqual(['embeds.html', 'embeds.js']);
  });
});
